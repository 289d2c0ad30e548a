import { t } from '../i18n';
import { keyRange } from '../nodes';
import type { Rule } from '../rule';
import { fixHostnetworkDnsPolicy } from '../fixes/containers';
import { isClusterServiceName, lookupTargets, type LookupTarget } from './scriptFacts';

/** What a finding of `hostnetwork-dns-policy` tells its fixes. */
export interface HostnetworkDnsPolicyData {
  dnsPolicy: 'ClusterFirstWithHostNet';
  /** The Service names looked up. */
  names: string[];
}

export const hostnetworkDnsPolicy: Rule<HostnetworkDnsPolicyData> = {
  id: 'hostnetwork-dns-policy',
  defaultSeverity: 'warning',
  summary:
    '`hostNetwork: true` without `dnsPolicy: ClusterFirstWithHostNet` while an init container looks up a Service name: it resolves through the node, not cluster DNS.',
  catalogue: 'INIT110',
  fixes: fixHostnetworkDnsPolicy,
  check({ pod, report }) {
    if (!pod.hostNetwork) return;
    if (pod.dnsPolicy !== null && pod.dnsPolicy !== 'ClusterFirst') return;
    // in a fragment or template, a missing `dnsPolicy` may be set elsewhere
    if (pod.dnsPolicy === null && pod.partial) return;
    const range = keyRange(pod.node, 'hostNetwork');
    if (!range) return;
    const found: Array<{ target: LookupTarget; container: string }> = [];
    for (const c of pod.initContainers) {
      if (c.templated || !c.program || c.program.unreadable) continue;
      for (const cmd of c.program.commands) {
        for (const target of lookupTargets(cmd)) {
          if (isClusterServiceName(target.host)) found.push({ target, container: c.name ?? `initContainers[${c.index}]` });
        }
      }
    }
    if (found.length === 0) return;
    const first = found[0];
    report({
      range,
      message: t('"{0}" cannot resolve Service names with hostNetwork: set dnsPolicy ClusterFirstWithHostNet', first.container),
      detail: t(
        'With `hostNetwork: true` and `dnsPolicy: ClusterFirst` (the default), the Pod uses the node\u2019s DNS (`ClusterFirst` falls back to `Default` on the host network), so the init container `{0}` cannot resolve the Service name `{1}` and fails or waits forever. Add `dnsPolicy: ClusterFirstWithHostNet`.',
        first.container,
        first.target.host,
      ),
      related: found.slice(0, 5).map((f) => ({
        range: [f.target.word.start, f.target.word.end] as const,
        message: t('"{0}" resolves "{1}" through the node\u2019s DNS.', f.container, f.target.host),
      })),
      data: { dnsPolicy: 'ClusterFirstWithHostNet', names: found.map((f) => f.target.host) },
    });
  },
};
