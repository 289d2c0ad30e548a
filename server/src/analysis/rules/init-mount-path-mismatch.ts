import { factsOf, isPodScopedVolume, normalizePath, volumePathsOverlap } from '../facts';
import { t } from '../i18n';
import { type Container, containerLabel, type Mount } from '../model';
import { rangeOf, valueRange } from '../nodes';
import type { Rule } from '../rule';
import { fixMountPathMismatch } from '../fixes/volumes';

function subPathOf(m: Mount): string {
  return m.subPath ? normalizePath(m.subPath).replace(/^\//, '') : '';
}

/** What a finding of `init-mount-path-mismatch` tells its fixes. */
export interface InitMountPathMismatchData {
  volume: string;
  /** Where in the volume the init container writes. */
  pathInVolume: string;
}

export const initMountPathMismatch: Rule<InitMountPathMismatchData> = {
  id: 'init-mount-path-mismatch',
  defaultSeverity: 'warning',
  summary: 'An init container writes into a shared volume where the containers that mount it never look (another `subPath`).',
  fixes: fixMountPathMismatch,
  check({ pod, text, report }) {
    if (pod.partial || !pod.volumes) return;
    // The mounts of each volume in start order, once per Pod: looking them up per write (all later
    // containers, each time) was quadratic — 45 s for a 20,000-line Pod whose init containers all
    // write to one shared volume (issue 15).
    // Built at the first write into a Pod-scoped volume: most Pods have none.
    let order: Map<Container, number> | null = null;
    const mountsOf = new Map<string, Array<{ i: number; x: Container; m: Mount }>>();
    const sidecarMountsOf = new Map<string, Array<{ i: number; x: Container; m: Mount }>>();
    const index = (): Map<Container, number> => {
      const byContainer = new Map<Container, number>();
      for (let i = 0; i < pod.all.length; i++) {
        const x = pod.all[i];
        byContainer.set(x, i);
        for (const m of x.mounts) {
          if (!m.name) continue;
          let list = mountsOf.get(m.name);
          if (!list) mountsOf.set(m.name, (list = []));
          list.push({ i, x, m });
          if (x.role === 'sidecar') {
            let sidecars = sidecarMountsOf.get(m.name);
            if (!sidecars) sidecarMountsOf.set(m.name, (sidecars = []));
            sidecars.push({ i, x, m });
          }
        }
      }
      return byContainer;
    };
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const writes = factsOf(c, text).volumeWrites;
      for (const w of writes) {
        const vol = w.hit.volume;
        if (!isPodScopedVolume(pod, vol) || w.hit.mount.readOnly) continue;
        order ??= index();
        const at = order.get(c) ?? -1;
        const p = w.hit.pathInVolume;
        // the mounts of `vol` in laterContainers(pod.all, c): after c in order, or a sidecar
        const isConsumer = ({ i, x }: { i: number; x: Container }): boolean => x !== c && (i > at || x.role === 'sidecar');
        // No finding once one consumer has an unknown sub-path (`subPathExpr: $(POD_NAME)` may be
        // anything) or sees the path: stop at the first such one.
        const mounts = mountsOf.get(vol) ?? [];
        // the sidecars (wherever they are), then the mounts after c: found by bisection
        let lo = 0;
        let hi = mounts.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (mounts[mid].i <= at) lo = mid + 1;
          else hi = mid;
        }
        // read in place, not copied into one list: a copy of every later mount for every write was
        // quadratic in the containers, however early the first consumer answers
        const sidecars = sidecarMountsOf.get(vol) ?? [];
        let seen = false;
        let consumed = false;
        for (let k = 0, n = sidecars.length + mounts.length - lo; k < n && !consumed; k++) {
          const e = k < sidecars.length ? sidecars[k] : mounts[lo + k - sidecars.length];
          if (!isConsumer(e)) continue;
          seen = true;
          consumed = (e.m.subPath ?? '').includes('$') || volumePathsOverlap(p, subPathOf(e.m));
        }
        if (!seen || consumed) continue;
        const consumers = mounts.filter(isConsumer).map(({ x, m }) => ({ x, m }));
        const first = consumers[0];
        const sw = subPathOf(w.hit.mount);
        const sc = subPathOf(first.m);
        const where = sw === '' || sc === sw || sc.startsWith(sw + '/') ? normalizePath((w.hit.mount.mountPath ?? '') + '/' + sc.slice(sw.length)) : null;
        const detail = where
          ? t(
              '`{0}` writes `{1}`, which lands at `{2}` in the volume `{3}`, but `{4}` mounts only the sub-path `{5}` of `{3}`: the file is in the volume, yet no later container sees it. Write it under `{6}` instead, or mount the same sub-path in both containers.',
              containerLabel(c),
              w.effect.exact ? w.effect.path : w.effect.path + '…',
              p || '/',
              vol,
              containerLabel(first.x),
              sc,
              where,
            )
          : t(
              '`{0}` writes `{1}`, which lands at `{2}` in the volume `{3}`, but `{4}` mounts only the sub-path `{5}` of `{3}`: the file is in the volume, yet no later container sees it. Mount the same `subPath` in both containers.',
              containerLabel(c),
              w.effect.exact ? w.effect.path : w.effect.path + '…',
              p || '/',
              vol,
              containerLabel(first.x),
              sc,
            );
        report({
          range: [w.effect.word.start, w.effect.word.end],
          container: c,
          message: t('"{0}" writes a file "{1}" will not see: it mounts another subPath', containerLabel(c), containerLabel(first.x)),
          detail,
          related: consumers.map(({ x, m }) => ({
            range: valueRange(m.node, 'subPath') ?? valueRange(m.node, 'subPathExpr') ?? rangeOf(m.mountPathNode),
            message: t('"{0}" mounts "{1}" here with subPath "{2}".', containerLabel(x), vol, subPathOf(m)),
          })),
          data: { volume: vol, pathInVolume: p },
        });
      }
    }
  },
};
