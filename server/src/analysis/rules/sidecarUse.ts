/** What a container uses of a sidecar: a localhost port the sidecar serves, or a file it writes into a shared volume. */
import { factsOf, isPodScopedVolume, sameVolumeFile } from '../facts';
import type { Container } from '../model';

export interface SidecarUse {
  /** The word of the dependent that uses it. */
  start: number;
  end: number;
  port: number | null;
  volume: string | null;
  /** `127.0.0.1:5432` or the path. */
  what: string;
}

/** Every use `dependent` makes of what `sidecar` provides (one per port / per read). */
export function sidecarUses(sidecar: Container, dependent: Container, text: string): SidecarUse[] {
  const out: SidecarUse[] = [];
  const served = new Set(factsOf(sidecar, text).serves.map((p) => p.port));
  const ports = new Set<number>();
  if (served.size > 0 && !dependent.pod.hostNetwork) {
    for (const u of factsOf(dependent, text).localPorts) {
      if (!served.has(u.port) || ports.has(u.port)) continue;
      ports.add(u.port);
      out.push({ start: u.start, end: u.end, port: u.port, volume: null, what: text.slice(u.start, u.end) });
    }
  }
  const writes = factsOf(sidecar, text).volumeWrites.filter((w) => isPodScopedVolume(sidecar.pod, w.hit.volume));
  if (writes.length > 0) {
    for (const r of factsOf(dependent, text).volumeReads) {
      if (writes.some((w) => sameVolumeFile(w, r))) {
        out.push({
          start: r.effect.word.start,
          end: r.effect.word.end,
          port: null,
          volume: r.hit.volume,
          what: r.effect.exact ? r.effect.path : r.effect.path + '…',
        });
      }
    }
  }
  return out;
}

/** The port is served by some container before `c` in start order that keeps running (a sidecar). */
export function servedBefore(all: Container[], c: Container, port: number, text: string): boolean {
  const at = all.indexOf(c);
  return all.slice(0, at).some((x) => x.role === 'sidecar' && factsOf(x, text).serves.some((p) => p.port === port));
}
