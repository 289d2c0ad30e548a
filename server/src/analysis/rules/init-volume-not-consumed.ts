import { factsOf, type VolumeEffect, isPodScopedVolume, isUnder, normalizePath, resolveMount, sameVolumeFile } from '../facts';
import { t } from '../i18n';
import { type Container, containerLabel } from '../model';
import { type Range, rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { fixShareWithApps } from '../fixes/volumes';
import { containerRange } from './util';

/** Containers that can see what `c` leaves in a volume: all but `c` and plain init containers before it. */
export function laterContainers(all: Container[], c: Container): Container[] {
  const at = all.indexOf(c);
  return all.filter((x, i) => x !== c && (i > at || x.role === 'sidecar'));
}

/**
 * Whether one of `laterContainers(all, c)` mounts `volume`, without building that list: it was built
 * for every volume each init container writes, which made a Pod of thousands of init containers
 * sharing one volume quadratic (4,000 containers: 104 ms against 8 ms for 1,000; seconds with the facts of richer containers). The containers right after `c` are looked at first.
 */
function mountedLater(all: Container[], c: Container, volume: string): boolean {
  const at = all.indexOf(c);
  const mounts = (x: Container): boolean => x.mounts.some((m) => m.name === volume);
  for (let i = at + 1; i < all.length; i++) if (all[i] !== c && mounts(all[i])) return true;
  for (let i = 0; i < all.length && (i < at || at === -1); i++) {
    const x = all[i];
    if (x !== c && (i > at || x.role === 'sidecar') && mounts(x)) return true;
  }
  return false;
}

interface Evidence {
  container: Container;
  range: Range | null;
  otherVolume: string | null;
  /** The container serves files from this folder (nginx: `/usr/share/nginx/html`) and names no path. */
  servesFrom?: string | null;
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

/** The write copies an executable out of a `bin` directory (`cp /usr/local/bin/tool /shared/`). */
function copiesProgram(c: Container, w: VolumeEffect, text: string): boolean {
  return factsOf(c, text).fileEffects.reads.some((r) => r.commandIndex === w.effect.commandIndex && /(?:^|\/)s?bin\//.test(r.path));
}

/**
 * The classic hand-off: the Pod's only file server, or else its one app container, gets no mount
 * at all — nginx serving its default folder names no path, yet it is plainly who the files are
 * for; a lone app is the only container that could use them. The fix mounts the volume where the
 * server serves from, else where the init container wrote.
 */
function classicConsumer(later: Container[], text: string): Evidence | null {
  const apps = later.filter((x) => x.list === 'containers');
  const servers = apps.filter((x) => factsOf(x, text).image.servesFrom !== null);
  const pick = servers.length === 1 ? servers[0] : servers.length === 0 && apps.length === 1 ? apps[0] : null;
  if (!pick) return null;
  const at = factsOf(pick, text).image.servesFrom;
  // it mounts something else where it serves from: a typo or another volume, not a forgotten mount
  if (pick.mounts.some((m) => m.mountPath && at && normalizePath(m.mountPath) === normalizePath(at))) return null;
  return { container: pick, range: containerRange(pick), otherVolume: null, servesFrom: at };
}

/** What a finding of `init-volume-not-consumed` tells its fixes. */
export interface InitVolumeNotConsumedData {
  volume: string;
  /** The container to mount it in and where (the classic hand-off: where its image serves from). */
  into?: string;
  at?: string;
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
      const writes = factsOf(c, text).volumeWrites.filter((w) => isPodScopedVolume(pod, w.hit.volume) && !w.hit.mount.readOnly);
      if (writes.length === 0) continue;
      const reads = factsOf(c, text).volumeReads;
      const done = new Set<string>();
      for (const w of writes) {
        const vol = w.hit.volume;
        if (done.has(vol)) continue;
        done.add(vol);
        if (mountedLater(pod.all, c, vol)) continue;
        // scratch space: the container reads back what it wrote
        if (reads.some((r) => r.effect.commandIndex > w.effect.commandIndex && sameVolumeFile(r, w))) continue;
        // evidence that a later container expects the files: it names a path under the mount, or
        // mounts another volume at the same place (without it, the volume may be an extension point,
        // like Argo CD's `var-files` for plugin sidecars added by a patch)
        const mountPath = w.hit.mount.mountPath ? normalizePath(w.hit.mount.mountPath) : null;
        if (!mountPath || mountPath === '/') continue;
        const later = laterContainers(pod.all, c);
        const evidence = findEvidence(later, mountPath);
        const range = rangeOf(w.hit.mount.nameNode);
        const written = w.effect.exact ? w.effect.path : w.effect.dir;
        if (!evidence) {
          // no later container names the place: the classic hand-off when the write is a real
          // file and the Pod has one obvious consumer that mounts nothing of it
          const fw = writes.find((x) => x.hit.volume === vol && x.effect.exact && x.effect.target === 'file');
          const consumer = fw ? classicConsumer(later, text) : null;
          if (!fw || !consumer) continue;
          // a program copied out of the image is a tool for a container a patch adds (Argo CD's
          // `copyutil` → `var-files`), unless the consumer plainly serves files
          if (!consumer.servesFrom && copiesProgram(c, fw, text)) continue;
          const app = containerLabel(consumer.container);
          report({
            range,
            container: c,
            message: t('Init container {0} writes into volume {1}, but {2} does not mount it', containerLabel(c), vol, app),
            detail: consumer.servesFrom
              ? t(
                  '`{0}` writes `{1}` into the `emptyDir` `{2}`, and no container after it mounts `{2}`. An `emptyDir` is visible only through mounts, so `{3}` never sees the file: it serves its own `{4}`. Mount `{2}` in `{3}` at `{4}`.',
                  containerLabel(c),
                  fw.effect.path,
                  vol,
                  app,
                  consumer.servesFrom,
                )
              : t(
                  '`{0}` writes `{1}` into the `emptyDir` `{2}`, and no container after it mounts `{2}`. An `emptyDir` is visible only through mounts, so what the init container prepares is lost. Mount `{2}` in `{3}` where it expects the files (the init container uses `{4}`).',
                  containerLabel(c),
                  fw.effect.path,
                  vol,
                  app,
                  w.hit.mount.mountPath ?? mountPath,
                ),
            related: [
              { range: [fw.effect.word.start, fw.effect.word.end], message: t('Written here.') },
              {
                range: consumer.range,
                message: consumer.servesFrom
                  ? t('"{0}" serves {1} and does not mount "{2}".', app, consumer.servesFrom, vol)
                  : t('"{0}" does not mount "{1}".', app, vol),
              },
            ],
            data: { volume: vol, into: consumer.container.name ?? undefined, at: consumer.servesFrom ?? undefined },
          });
          continue;
        }
        report({
          range,
          container: c,
          message: t('"{0}" fills volume "{1}", but no later container mounts it', containerLabel(c), vol),
          detail: t(
            '`{0}` writes into the volume `{1}` (at `{2}`), but no sidecar or app container mounts `{1}`: an `emptyDir` lives with the Pod and is visible only through mounts, so what the init container prepares is never used. Mount `{1}` in the container that needs the files, or drop the volume.',
            containerLabel(c),
            vol,
            written,
          ),
          related: [
            { range: [w.effect.word.start, w.effect.word.end], message: t('Written here.') },
            {
              range: evidence.range,
              message: evidence.otherVolume
                ? t('"{0}" mounts another volume, "{1}", at {2}.', containerLabel(evidence.container), evidence.otherVolume, mountPath)
                : t('"{0}" expects files under {1}, but does not mount "{2}".', containerLabel(evidence.container), mountPath, vol),
            },
          ],
          data: { volume: vol },
        });
      }
    }
  },
};
