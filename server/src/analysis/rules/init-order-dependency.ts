import { factsOf, isPodScopedVolume, sameVolumeFile } from '../facts';
import { t } from '../i18n';
import { containerLabel } from '../model';
import type { Rule } from '../rule';
import { fixInitOrderDependency } from '../fixes/containers';

/** What a finding of `init-order-dependency` tells its fixes. */
export interface InitOrderDependencyData {
  /** Indexes in `initContainers` of the container that reads and the one that writes later. */
  readerIndex: number;
  writerIndex: number;
  volume: string;
}

export const initOrderDependency: Rule<InitOrderDependencyData> = {
  id: 'init-order-dependency',
  defaultSeverity: 'warning',
  summary: 'An init container reads a file that only a later init container writes: it runs before the file exists.',
  fixes: fixInitOrderDependency,
  check({ pod, text, report }) {
    if (pod.partial || !pod.volumes) return;
    const list = pod.initContainers;
    list.forEach((reader, i) => {
      if (reader.role !== 'init') return;
      const ownWrites = factsOf(reader, text).volumeWrites;
      const reported = new Set<string>();
      for (const r of factsOf(reader, text).volumeReads) {
        const vol = r.hit.volume;
        if (!isPodScopedVolume(pod, vol)) continue;
        if (ownWrites.some((w) => sameVolumeFile(w, r))) continue;
        // anything before it (or a sidecar running beside it) that may have written the file
        const before = pod.all.slice(0, pod.all.indexOf(reader)).filter((x) => x.mounts.some((m) => m.name === vol && !m.readOnly));
        if (before.some((x) => factsOf(x, text).programUnknown || factsOf(x, text).volumeWrites.some((w) => sameVolumeFile(w, r)))) continue;
        for (const writer of list.slice(i + 1)) {
          const w = factsOf(writer, text).volumeWrites.find((x) => sameVolumeFile(x, r));
          if (!w) continue;
          const key = `${r.effect.word.start}`;
          if (reported.has(key)) break;
          reported.add(key);
          report({
            range: [r.effect.word.start, r.effect.word.end],
            container: reader,
            message: t('"{0}" reads a file before "{1}" writes it: list the writer first', containerLabel(reader), containerLabel(writer)),
            detail: t(
              '`{0}` reads `{1}`, but only `{2}` writes it, and `{2}` is listed after `{0}`: init containers run one at a time in list order, so the file does not exist yet when `{0}` runs. Move `{2}` before `{0}`.',
              containerLabel(reader),
              r.effect.exact ? r.effect.path : r.effect.path + '…',
              containerLabel(writer),
            ),
            related: [
              {
                range: [w.effect.word.start, w.effect.word.end],
                message: t('"{0}" writes it here, after "{1}" has already run.', containerLabel(writer), containerLabel(reader)),
              },
            ],
            data: { readerIndex: reader.index, writerIndex: writer.index, volume: vol },
          });
          break;
        }
      }
    });
  },
};
