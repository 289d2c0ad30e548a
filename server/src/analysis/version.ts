/** Kubernetes minor versions, as the target-version setting gives them ("1.33", "v1.29.4"). */
export interface KubeVersion {
  major: number;
  minor: number;
}

export const DEFAULT_KUBERNETES_VERSION = '1.35';

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
