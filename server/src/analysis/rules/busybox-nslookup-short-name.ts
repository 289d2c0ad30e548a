import { t } from '../i18n';
import { imageRepository } from '../facts';
import type { Container } from '../model';
import { containerRule, type Rule } from '../rule';
import { fixBusyboxNslookupShortName } from '../fixes/scripts';
import { imageTag } from './util';
import { isShortServiceName, lookupTargets, objectNamespace } from './scriptFacts';

const NAMESPACE_FILE = '$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)';

/** Repositories whose `latest` is an old busybox (1.24), from before the resolver change. */
const OLD_LATEST = /^(?:gcr\.io\/google[-_]containers|k8s\.gcr\.io)\/busybox$/;

/**
 * busybox newer than 1.28: its own `nslookup` no longer completes short names with the search
 * domains. Tag absent or `latest` counts as newer; a digest without a tag is unknown.
 */
export function busyboxAfter128(image: string | null): boolean {
  if (!image || image.includes('{{') || image.includes('$')) return false;
  const repo = imageRepository(image);
  if (repo?.slice(repo.lastIndexOf('/') + 1) !== 'busybox') return false;
  const tag = imageTag(image);
  if (tag === null) {
    if (image.includes('@')) return false;
    return !OLD_LATEST.test(repo);
  }
  if (tag === 'latest') return !OLD_LATEST.test(repo);
  if (/^(?:stable|musl|glibc|uclibc|unstable)$/.test(tag)) return true;
  const m = /^(\d+)\.(\d+)/.exec(tag);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 1 || (major === 1 && minor > 28);
}

function fqdnFor(c: Container, name: string): string | null {
  if (name.includes('.')) return `${name}.svc.cluster.local`;
  const ns = objectNamespace(c.pod);
  if (ns) return `${name}.${ns}.svc.cluster.local`;
  // `$(cat …)` only works inside a shell script
  return c.program?.kind === 'shell' ? `${name}.${NAMESPACE_FILE}.svc.cluster.local` : null;
}

/** What a finding of `busybox-nslookup-short-name` tells its fixes. */
export interface BusyboxNslookupData {
  /** The short name looked up. */
  name: string;
  /** Its fully qualified form, when the namespace is known. */
  fqdn: string | null;
}

export const busyboxNslookupShortName: Rule<BusyboxNslookupData> = containerRule({
  id: 'busybox-nslookup-short-name',
  lists: ['initContainers'],
  defaultSeverity: 'warning',
  summary: '`nslookup <short name>` in busybox newer than 1.28: it does not use the cluster search domains, so the lookup fails even when the Service exists.',
  catalogue: 'INIT109',
  fixes: fixBusyboxNslookupShortName,
  checkContainer({ report }, c) {
    if (c.templated || !busyboxAfter128(c.image)) return;
    const p = c.program;
    if (!p || p.unreadable) return;
    for (const cmd of p.commands) {
      // (most commands look nothing up: no iterator over their empty list)
      const targets = lookupTargets(cmd);
      for (let k = 0; k < targets.length; k++) {
        const target = targets[k];
        if (target.program !== 'nslookup' || !target.word.literal || !isShortServiceName(target.host)) continue;
        const fqdn = fqdnFor(c, target.host);
        report({
          range: [target.word.start, target.word.end],
          container: c,
          message: t('busybox nslookup cannot resolve the short name "{0}": use the full Service name', target.host),
          detail: fqdn
            ? t(
                '`nslookup {0}` fails in `{1}`: busybox newer than 1.28 does not complete short names with the search domains from resolv.conf, so it answers NXDOMAIN even when the Service exists and a wait on it never ends. Look up the full name `{2}`, check with `nc -z {0} <port>` (which resolves through the C library), or pin `busybox:1.28`.',
                target.host,
                c.image ?? 'busybox',
                fqdn,
              )
            : t(
                '`nslookup {0}` fails in `{1}`: busybox newer than 1.28 does not complete short names with the search domains from resolv.conf, so it answers NXDOMAIN even when the Service exists and a wait on it never ends. Look up the full name `{0}.<namespace>.svc.cluster.local`, check with `nc -z {0} <port>` (which resolves through the C library), or pin `busybox:1.28`.',
                target.host,
                c.image ?? 'busybox',
              ),
          data: { name: target.host, fqdn },
        });
      }
    }
  },
});
