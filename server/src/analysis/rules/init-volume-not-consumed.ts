import { isPodScopedVolume, isUnder, normalizePath, resolveMount, sameVolumeFile, volumeEffects } from '../fileEffects';
import { t } from '../i18n';
import { Container, containerLabel } from '../model';
import { Range, rangeOf } from '../nodes';
import { Rule } from '../rule';
import { fixShareWithApps } from '../fixes/volumes';

/** Containers that can see what `c` leaves in a volume: all but `c` and plain init containers before it. */
export function laterContainers(all: Container[], c: Container): Container[] {
  const at = all.indexOf(c);
  return all.filter((x, i) => x !== c && (i > at || x.role === 'sidecar'));
}

interface Evidence {
  container: Container;
  range: Range | null;
  otherVolume: string | null;
}

function findEvidence(later: Container[], mountPath: string): Evidence | null {
  for (const x of later) {
    for (const m of x.mounts) {
      if (m.mountPath && normalizePath(m.mountPath) === mountPath && m.name) {
        return { container: x, range: rangeOf(m.nameNode), otherVolume: m.name };
      }
    }
  }
  for (const x of later) {
    if (x.templated || !x.program || x.program.unreadable) continue;
    for (const cmd of x.program.commands) {
      for (const w of cmd.words) {
        const m = /(?:^|[=:,\s])(\/[^\s,:;'"]*)/.exec(w.text);
        if (m && isUnder(normalizePath(m[1]), mountPath) && !resolveMount(x, normalizePath(m[1]))) {
          return { container: x, range: [w.start, w.end], otherVolume: null };
        }
      }
    }
  }
  return null;
}

/** What a finding of `init-volume-not-consumed` tells its fixes. */
export interface InitVolumeNotConsumedData {
  volume: string;
}

export const initVolumeNotConsumed: Rule<InitVolumeNotConsumedData> = {
  id: 'init-volume-not-consumed',
  defaultSeverity: 'warning',
  summary: 'An init container fills a pod-scoped volume that no later container mounts: the work is lost.',
  catalogue: 'INIT107',
  fixes: fixShareWithApps,
  check({ pod, text, report }) {
    if (pod.partial || !pod.volumes) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const writes = volumeEffects(c, text, 'writes').filter((w) => isPodScopedVolume(pod, w.hit.volume) && !w.hit.mount.readOnly);
      const reads = volumeEffects(c, text, 'reads');
      const done = new Set<string>();
      for (const w of writes) {
        const vol = w.hit.volume;
        if (done.has(vol)) continue;
        done.add(vol);
        if (laterContainers(pod.all, c).some((x) => x.mounts.some((m) => m.name === vol))) continue;
        // scratch space: the container reads back what it wrote
        if (reads.some((r) => r.effect.commandIndex > w.effect.commandIndex && sameVolumeFile(r, w))) continue;
        // evidence that a later container expects the files: it names a path under the mount, or
        // mounts another volume at the same place (without it, the volume may be an extension point,
        // like Argo CD's `var-files` for plugin sidecars added by a patch)
        const mountPath = w.hit.mount.mountPath ? normalizePath(w.hit.mount.mountPath) : null;
        if (!mountPath || mountPath === '/') continue;
        const evidence = findEvidence(laterContainers(pod.all, c), mountPath);
        if (!evidence) continue;
        const range = rangeOf(w.hit.mount.nameNode);
        report({
          range,
          container: c,
          message: t(
            '`{0}` writes into the volume `{1}` (at `{2}`), but no sidecar or app container mounts `{1}`: an `emptyDir` lives with the Pod and is visible only through mounts, so what the init container prepares is never used. Mount `{1}` in the container that needs the files, or drop the volume.',
            containerLabel(c),
            vol,
            w.effect.exact ? w.effect.path : w.effect.dir,
          ),
          related: [
            { range: [w.effect.word.start, w.effect.word.end], message: t('Written here.') },
            {
              range: evidence.range,
              message: evidence.otherVolume
                ? t('`{0}` mounts another volume, `{1}`, at `{2}`.', containerLabel(evidence.container), evidence.otherVolume, mountPath)
                : t('`{0}` expects files under `{1}`, but does not mount `{2}`.', containerLabel(evidence.container), mountPath, vol),
            },
          ],
          data: { volume: vol },
        });
      }
    }
  },
};
