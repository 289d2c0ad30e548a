import { t } from '../i18n';
import type { Container } from '../model';
import { asMap, get, rangeOf, scalarText, seqItems } from '../nodes';
import { containerRule, type Rule } from '../rule';
import { fixDuplicateMountPath } from '../fixes/containers';
import { apiPath } from './util';

/** What a finding of `duplicate-mount-path` tells its fixes. */
export interface DuplicateMountPathData {
  mountPath: string;
  volume: string | null;
  firstVolume: string | null;
}

export const duplicateMountPath: Rule<DuplicateMountPathData> = containerRule({
  id: 'duplicate-mount-path',
  defaultSeverity: 'error',
  summary: 'The same `mountPath` twice in one container.',
  catalogue: 'INIT012',
  fixes: fixDuplicateMountPath,
  checkContainer({ pod, report }, c) {
    // the model read every mount's path already: a container with no path twice (most) is done
    if (!mountPathTwice(c)) return;
    const seen = new Map<string, { node: unknown; volume: string | null }>();
    seqItems(get(c.node, 'volumeMounts')).forEach((item, i) => {
      const m = asMap(item);
      if (!m) return;
      const node = get(m, 'mountPath');
      const path = scalarText(node);
      if (path === null || path === '' || path.includes('{{')) return;
      const volume = scalarText(get(m, 'name'));
      const first = seen.get(path);
      if (!first) {
        seen.set(path, { node, volume });
        return;
      }
      report({
        range: rangeOf(node),
        container: c,
        message: t('Mount path "{0}" appears twice in this container: the API server rejects the Pod', path),
        detail: t(
          'The API server rejects this Pod: {0}: Invalid value: "{1}": must be unique. This container already mounts {2} at `{1}`; two mounts cannot share a path. Mount one of them at another path, or remove the duplicate entry.',
          apiPath(pod, c, `volumeMounts[${i}]`, 'mountPath'),
          path,
          first.volume ? t('volume `{0}`', first.volume) : t('a volume'),
        ),
        related: [{ range: rangeOf(first.node), message: t('"{0}" is first mounted here.', path) }],
        data: { mountPath: path, volume, firstVolume: first.volume },
      });
    });
  },
});

/**
 * Whether two of the container's mounts (as the model read them) have the same `mountPath`: the
 * rule's cheap question, the same paths it reads (the last `mountPath` of each mount map).
 */
function mountPathTwice(c: Container): boolean {
  const mounts = c.mounts;
  if (mounts.length < 2) return false;
  if (mounts.length > 8) {
    const paths = new Set<string>();
    for (const m of mounts) {
      if (m.mountPath === null) continue;
      if (paths.has(m.mountPath)) return true;
      paths.add(m.mountPath);
    }
    return false;
  }
  for (let i = 1; i < mounts.length; i++) {
    const p = mounts[i].mountPath;
    if (p === null) continue;
    for (let j = 0; j < i; j++) if (mounts[j].mountPath === p) return true;
  }
  return false;
}
