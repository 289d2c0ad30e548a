import { isPodScopedVolume, normalizePath, volumeEffects, volumePathsOverlap } from '../fileEffects';
import { t } from '../i18n';
import { containerLabel, Mount } from '../model';
import { rangeOf, valueRange } from '../nodes';
import { Rule } from '../rule';
import { fixMountPathMismatch } from '../fixes/volumes';
import { laterContainers } from './init-volume-not-consumed';

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
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      for (const w of volumeEffects(c, text, 'writes')) {
        const vol = w.hit.volume;
        if (!isPodScopedVolume(pod, vol) || w.hit.mount.readOnly) continue;
        const consumers = laterContainers(pod.all, c).flatMap((x) => x.mounts.filter((m) => m.name === vol).map((m) => ({ x, m })));
        if (consumers.length === 0) continue;
        // an unknown sub-path (`subPathExpr: $(POD_NAME)`) may be anything
        if (consumers.some(({ m }) => (m.subPath ?? '').includes('$'))) continue;
        const p = w.hit.pathInVolume;
        if (consumers.some(({ m }) => volumePathsOverlap(p, subPathOf(m)))) continue;
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
