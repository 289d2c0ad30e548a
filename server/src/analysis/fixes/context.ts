/** What a fix provider is given, and small helpers they share. */
import { containerLabel, DNS_LABEL } from '../facts/names';
import { isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DocumentAnalysis } from '../analyze';
import type { Container, Mount, PodSpec } from '../model';
import { get } from '../nodes';
import type { Finding } from '../rule';
import type { KubeVersion } from '../version';
import { trimChar, trimEndChar } from '../text';
import type { Editor, TextEdit } from './edits';

export interface Fix {
  /** Says exactly what the edit does. */
  title: string;
  rule: string;
  edits: TextEdit[];
  /** Applied by `source.fixAll.initlens`: changes nothing beyond what the finding is about. */
  safe: boolean;
  preferred?: boolean;
  /** A suppression comment rather than a change to the manifest. */
  suppression?: boolean;
  /**
   * Set on a safe fix whose edit is proven on its own: it leaves the YAML valid (a scalar written
   * as a string, a whole list item removed), it adds no error, and it uncovers no finding that has a
   * safe fix. Fix-all applies such fixes without analysing their document again (docs/quick-fixes.md).
   * The strings are what the fix takes for itself in its document (a container name it gives or
   * takes away, the mount path it removes a mount of): two fixes that claim the same string are
   * not applied in the same round, the second waits for the next.
   */
  selfContained?: readonly string[];
}

export interface FixContext<D extends object = object> {
  /** The whole file. */
  text: string;
  finding: Finding;
  /** The finding's data, as its rule typed it (`Rule<D>`). */
  data: Partial<D>;
  doc: DocumentAnalysis;
  ed: Editor;
  /** The Pod spec the finding is in. */
  pod: PodSpec | null;
  /** The container the finding is in. */
  container: Container | null;
  version: KubeVersion;
  /** An absolute offset made relative to the document. */
  rel(offset: number): number;
}

/** A rule's quick fixes (`Rule.fixes`); the functions stay in the fixes/ module of their family. */
export type FixProvider<D extends object = object> = (ctx: FixContext<D>) => Fix[];

function within(node: unknown, offset: number): boolean {
  const r = node && typeof node === 'object' ? (node as { range?: [number, number, number] }).range : undefined;
  return !!r && offset >= r[0] && offset < Math.max(r[1], r[0] + 1);
}

function size(node: unknown): number {
  const r = (node as { range?: [number, number, number] }).range!;
  return r[1] - r[0];
}

/** The Pod spec holding a (document-relative) offset: the innermost spec, else the object around it. */
export function podAt(doc: DocumentAnalysis, offset: number): PodSpec | null {
  let best: PodSpec | null = null;
  for (const p of doc.pods) {
    if (within(p.node, offset) && (!best || size(p.node) < size(best.node))) best = p;
  }
  if (best) return best;
  for (const p of doc.pods) if (within(p.objectNode, offset)) return p;
  return doc.pods.length === 1 ? doc.pods[0] : null;
}

export function containerAt(pod: PodSpec | null, offset: number): Container | null {
  if (!pod) return null;
  for (const c of [...pod.all, ...pod.ephemeralContainers]) if (within(c.node, offset)) return c;
  return null;
}

export function mountAt(c: Container | null, offset: number): Mount | null {
  if (!c) return null;
  return c.mounts.find((m) => within(m.node, offset)) ?? null;
}

export function containerByName(pod: PodSpec, name: unknown): Container | null {
  if (typeof name !== 'string') return null;
  return [...pod.all, ...pod.ephemeralContainers].find((c) => c.name === name) ?? null;
}

/** The YAML list a container sits in. */
export function listOf(c: Container): YAMLSeq | null {
  const s = get(c.pod.node, c.list);
  return s && isSeq(s) ? (s as YAMLSeq) : null;
}

export function mapOf(node: Node | null): YAMLMap | null {
  return node && isMap(node) ? (node as YAMLMap) : null;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function label(c: Container): string {
  return containerLabel(c);
}

export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}

/** `base`, or `base-2`, `base-3`… — the first not in `taken`, as a valid DNS-1123 label. */
export function uniqueName(base: string, taken: Set<string>): string {
  let b = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-');
  b = trimChar(b, '-');
  if (!b) b = 'x';
  b = trimEndChar(b.slice(0, 56), '-');
  if (!taken.has(b)) return b;
  for (let i = 2; ; i++) if (!taken.has(`${b}-${i}`)) return `${b}-${i}`;
}

export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** Every container name in the Pod. */
export function containerNames(pod: PodSpec): Set<string> {
  return new Set([...pod.all, ...pod.ephemeralContainers].map((c) => c.name).filter((n): n is string => !!n));
}

/** Every volume name in the Pod (declared, claim templates and mounted). */
export function volumeNames(pod: PodSpec): Set<string> {
  const out = new Set<string>([...(pod.volumes?.keys() ?? []), ...pod.volumeClaimTemplates.keys()]);
  for (const c of pod.all) for (const m of c.mounts) if (m.name) out.add(m.name);
  return out;
}
