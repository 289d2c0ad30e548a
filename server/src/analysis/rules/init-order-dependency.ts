import { factsOf, isPodScopedVolume, sameVolumeFile, type VolumeEffect } from '../facts';
import { t } from '../i18n';
import { type Container, containerLabel, type PodSpec } from '../model';
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
    // Init containers come first in `pod.all`, so what runs before list[i] is list[0..i).
    const writes = new WriteIndex(pod, list, text);
    list.forEach((reader, i) => {
      if (reader.role !== 'init') return;
      const ownWrites = factsOf(reader, text).volumeWrites;
      const reported = new Set<string>();
      for (const r of factsOf(reader, text).volumeReads) {
        const vol = r.hit.volume;
        if (!isPodScopedVolume(pod, vol)) continue;
        if (ownWrites.some((w) => sameVolumeFile(w, r))) continue;
        // anything before it (or a sidecar running beside it) that may have written the file
        if (writes.writtenBefore(r, i)) continue;
        const later = writes.firstAfter(r, i);
        if (later) {
          const { writer, w } = later;
          const key = `${r.effect.word.start}`;
          if (reported.has(key)) continue;
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
        }
      }
    });
  },
};

interface Entry {
  /** Index of the writer in `initContainers`. */
  index: number;
  /** It mounts the volume read-write. */
  rw: boolean;
}

/** Entries of one (volume, path) key, in list order. */
interface Bucket {
  all: Entry[];
  /** Writes that are not exactly one file: they also cover files under their path. */
  tree: Entry[];
}

/**
 * The init containers' writes to their volumes, indexed by (volume, path in the volume), so that
 * asking "did a container before the i-th write this file? which is the first after it?" for an
 * exactly known file costs a lookup per directory of its path instead of a pass over every other
 * container: the scan was quadratic (4,000 init containers reading each other's files: 4 s).
 * `sameVolumeFile` decides what matches; for a read that is not one exact file (a directory, a
 * prefix) the questions are answered by that same scan, as before.
 */
class WriteIndex {
  private buckets: Map<string, Bucket> | null = null;
  /** Volume → the first container whose program cannot be read and that mounts it read-write. */
  private readonly unknownWriter = new Map<string, number>();

  constructor(
    private readonly pod: PodSpec,
    private readonly list: Container[],
    private readonly text: string,
  ) {}

  /** Whether a container before `i` may have written what `r` reads (a read-write mount of its volume, and a write there, or a program that cannot be read). */
  writtenBefore(r: VolumeEffect, i: number): boolean {
    const vol = r.hit.volume;
    if (!isExactFile(r)) {
      for (let j = 0; j < i; j++) {
        const x = this.list[j];
        if (!mountsReadWrite(x, vol)) continue;
        const f = factsOf(x, this.text);
        if (f.programUnknown || f.volumeWrites.some((w) => sameVolumeFile(w, r))) return true;
      }
      return false;
    }
    const buckets = this.index();
    if ((this.unknownWriter.get(vol) ?? Number.POSITIVE_INFINITY) < i) return true;
    for (const [key, exact] of candidateKeys(r)) {
      const b = buckets.get(key);
      if (!b) continue;
      for (const e of exact ? b.all : b.tree) {
        if (e.index >= i) break;
        if (e.rw) return true;
      }
    }
    return false;
  }

  /** The first container after `i` that writes what `r` reads, with its (first) write of it. */
  firstAfter(r: VolumeEffect, i: number): { writer: Container; w: VolumeEffect } | null {
    let first = -1;
    if (!isExactFile(r)) {
      for (let j = i + 1; j < this.list.length; j++) {
        if (factsOf(this.list[j], this.text).volumeWrites.some((w) => sameVolumeFile(w, r))) {
          first = j;
          break;
        }
      }
    } else {
      const buckets = this.index();
      for (const [key, exact] of candidateKeys(r)) {
        const b = buckets.get(key);
        if (!b) continue;
        const entries = exact ? b.all : b.tree;
        const k = firstIndexAbove(entries, i);
        if (k < entries.length && (first === -1 || entries[k].index < first)) first = entries[k].index;
      }
    }
    if (first === -1) return null;
    const writer = this.list[first];
    const w = factsOf(writer, this.text).volumeWrites.find((x) => sameVolumeFile(x, r));
    return w ? { writer, w } : null;
  }

  private index(): Map<string, Bucket> {
    if (this.buckets) return this.buckets;
    const buckets = new Map<string, Bucket>();
    this.list.forEach((x, index) => {
      const f = factsOf(x, this.text);
      if (f.programUnknown) {
        for (const m of x.mounts) {
          if (m.name !== null && !m.readOnly && !this.unknownWriter.has(m.name)) this.unknownWriter.set(m.name, index);
        }
      }
      for (const w of f.volumeWrites) {
        if (!isPodScopedVolume(this.pod, w.hit.volume)) continue;
        const key = keyOf(w.hit.volume, w.hit.pathInVolume);
        let b = buckets.get(key);
        if (!b) buckets.set(key, (b = { all: [], tree: [] }));
        const last = b.all[b.all.length - 1];
        const rw = mountsReadWrite(x, w.hit.volume);
        // one entry per container and kind is enough: the questions are about containers
        if (!last || last.index !== index) b.all.push({ index, rw });
        if (!isExactFile(w)) {
          const lastTree = b.tree[b.tree.length - 1];
          if (!lastTree || lastTree.index !== index) b.tree.push({ index, rw });
        }
      }
    });
    this.buckets = buckets;
    return buckets;
  }
}

function isExactFile(e: VolumeEffect): boolean {
  return e.effect.exact && e.effect.target === 'file';
}

function mountsReadWrite(c: Container, volume: string): boolean {
  return c.mounts.some((m) => m.name === volume && !m.readOnly);
}

function keyOf(volume: string, path: string): string {
  return `${volume}\u0000${path}`;
}

/**
 * The keys whose writes can be about the exact file `r` reads (`sameVolumeFile`): its own path
 * (any write there: `true`), and every directory above it up to the volume root (writes that are
 * not exactly one file: `false`).
 */
function candidateKeys(r: VolumeEffect): Array<[string, boolean]> {
  const vol = r.hit.volume;
  const pb = r.hit.pathInVolume;
  const out: Array<[string, boolean]> = [[keyOf(vol, pb), true]];
  const seen = new Set<string>([pb]);
  const add = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    out.push([keyOf(vol, dir), false]);
  };
  add('');
  for (let k = pb.indexOf('/'); k !== -1; k = pb.indexOf('/', k + 1)) add(pb.slice(0, k));
  return out;
}

/** The position of the first entry whose index is above `i` (entries are in list order). */
function firstIndexAbove(entries: Entry[], i: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].index <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
