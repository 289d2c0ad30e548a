/** Kubernetes minor versions, as the target-version setting gives them ("1.33", "v1.29.4"). */
export interface KubeVersion {
  major: number;
  minor: number;
}

export const DEFAULT_KUBERNETES_VERSION = '1.35';

/** The newest minor whose API-server behaviour InitLens knows (init-rules.md §7: 1.34–1.37). */
export const NEWEST_KNOWN_KUBERNETES_VERSION: KubeVersion = { major: 1, minor: 37 };

/** True when `v` is newer than the newest minor InitLens knows: its rules are checked as that one's. */
export function newerThanKnown(v: KubeVersion): boolean {
  const n = NEWEST_KNOWN_KUBERNETES_VERSION;
  return !atLeast(n, v.major, v.minor);
}

export function parseKubeVersion(text: string | undefined | null): KubeVersion | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*v?(\d+)\.(\d+)(?:\.\d+)?\s*$/.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** True when `v` is at least `major.minor`. */
export function atLeast(v: KubeVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function formatKubeVersion(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}
