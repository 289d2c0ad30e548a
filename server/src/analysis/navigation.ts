/**
 * Volume names as symbols of their Pod: the `volumes` entry (or StatefulSet `volumeClaimTemplates`
 * entry) is the definition, every `volumeMounts[*].name` (and `volumeDevices[*].name`) a reference.
 * Definition, references, highlights and rename stay inside the one Pod spec the cursor is in.
 * Pure: analysis + offset in, absolute ranges and edits out.
 */
import { DNS_LABEL } from './facts/names';
import type { Scalar } from 'yaml';
import { type AnalysisResult, type DocumentAnalysis, documentAt } from './analyze';
import type { TextEdit } from './fixes/edits';
import { t } from './i18n';
import type { PodSpec } from './model';
import { asMap, asScalar, get, rangeOf, scalarText, seqItems } from './nodes';

export interface SymbolRange {
  start: number;
  end: number;
  /** The definition (`volumes` / `volumeClaimTemplates` entry) rather than a use. */
  definition: boolean;
}

export interface VolumeSymbol {
  doc: DocumentAnalysis;
  pod: PodSpec;
  name: string;
  /** Every occurrence, document-relative, with its scalar. */
  occurrences: Array<{ node: Scalar; definition: boolean }>;
}

function within(node: unknown, at: number): boolean {
  const r = rangeOf(node);
  return !!r && at >= r[0] && at <= r[1];
}

/** Every scalar naming volume `name` in a Pod. */
function occurrences(pod: PodSpec, name: string): VolumeSymbol['occurrences'] {
  const out: VolumeSymbol['occurrences'] = [];
  const v = pod.volumes?.get(name);
  if (v?.nameNode) out.push({ node: v.nameNode, definition: true });
  const ct = pod.volumeClaimTemplates.get(name);
  if (ct?.nameNode) out.push({ node: ct.nameNode, definition: true });
  for (const c of [...pod.all, ...pod.ephemeralContainers]) {
    for (const m of c.mounts) if (m.name === name && m.nameNode) out.push({ node: m.nameNode, definition: false });
    for (const d of seqItems(get(c.node, 'volumeDevices'))) {
      const n = asScalar(get(asMap(d), 'name'));
      if (n && scalarText(n) === name) out.push({ node: n, definition: false });
    }
  }
  return out;
}

/** The volume name under the cursor (absolute offset), if any. */
export function volumeAt(analysis: AnalysisResult, offset: number): VolumeSymbol | null {
  const doc = documentAt(analysis, offset);
  if (!doc) return null;
  const at = doc.toModel(offset);
  // Without an alias (no `*` at all) every node of a Pod lies inside its object's map: read only the
  // Pod around the cursor (a hover in a 2 MB List read all 2,300 Pods' mounts, 30-130 ms a hover)
  const noAlias = !doc.text.includes('*');
  for (const pod of doc.pods) {
    const r = noAlias ? rangeOf(pod.objectNode) : null;
    if (r && (at < r[0] || at > r[1])) continue;
    const names = new Set<string>([...(pod.volumes?.keys() ?? []), ...pod.volumeClaimTemplates.keys()]);
    for (const c of [...pod.all, ...pod.ephemeralContainers]) for (const m of c.mounts) if (m.name) names.add(m.name);
    for (const name of names) {
      const occ = occurrences(pod, name);
      if (occ.some((o) => within(o.node, at))) return { doc, pod, name, occurrences: occ };
    }
  }
  return null;
}

function abs(sym: VolumeSymbol, node: Scalar, definition: boolean): SymbolRange {
  return { ...sym.doc.toFile(rangeOf(node)!), definition };
}

/** Go to definition: the `volumes` (or `volumeClaimTemplates`) entry's name. */
export function volumeDefinition(analysis: AnalysisResult, offset: number): SymbolRange[] {
  const sym = volumeAt(analysis, offset);
  if (!sym) return [];
  return sym.occurrences.filter((o) => o.definition).map((o) => abs(sym, o.node, true));
}

/** Find references: every mount of the volume in its Pod (and the declaration when asked). */
export function volumeReferences(analysis: AnalysisResult, offset: number, includeDeclaration = true): SymbolRange[] {
  const sym = volumeAt(analysis, offset);
  if (!sym) return [];
  return sym.occurrences.filter((o) => includeDeclaration || !o.definition).map((o) => abs(sym, o.node, o.definition));
}

/** Document highlights: the same as references, declaration included. */
export function volumeHighlights(analysis: AnalysisResult, offset: number): SymbolRange[] {
  return volumeReferences(analysis, offset, true);
}

/** The range and text a rename starts from, or null when the cursor is not on a volume name. */
export function prepareVolumeRename(analysis: AnalysisResult, offset: number): { start: number; end: number; placeholder: string } | null {
  const sym = volumeAt(analysis, offset);
  if (!sym) return null;
  const at = sym.doc.toModel(offset);
  const hit = sym.occurrences.find((o) => within(o.node, at));
  if (!hit) return null;
  return { ...sym.doc.toFile(rangeOf(hit.node)!), placeholder: sym.name };
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/** Renames a volume in its Pod: the declaration and every mount, each keeping its quoting. */
export function renameVolume(analysis: AnalysisResult, offset: number, newName: string): RenameResult {
  const sym = volumeAt(analysis, offset);
  if (!sym) return { error: t('Only volume names can be renamed here.') };
  if (!DNS_LABEL.test(newName) || newName.length > 63) {
    return { error: t('"{0}" is not a valid volume name: use lower-case letters, digits and "-", at most 63 characters.', newName) };
  }
  if (newName !== sym.name && occurrences(sym.pod, newName).length > 0) {
    return { error: t('This Pod already has a volume named "{0}".', newName) };
  }
  // A name written once in an anchored block and used through aliases (`volumeMounts: *mounts`,
  // `- *mount`) is one occurrence, edited once; only when every use of that block is in this Pod.
  const shared = sym.doc.shared;
  const podRange = rangeOf(sym.pod.node);
  const nodes = [...new Set(sym.occurrences.map((o) => o.node))];
  for (const node of nodes) {
    for (const root of shared?.rootsOf(node) ?? []) {
      if (!podRange || shared!.usesOf(root).some(([a, b]) => a < podRange[0] || b > podRange[1])) {
        return { error: t('"{0}" is also used outside this Pod through a YAML alias: rename it where the anchor is written.', sym.name) };
      }
    }
  }
  const ed = sym.doc.editor(undefined, true);
  return { edits: nodes.map((node) => ed.replaceScalar(node, newName)) };
}
