/**
 * Quick fixes: for a finding, the edits that put it right (one module per family of rules) and the
 * two suppression comments. Pure: text + analysis in, titles and offset edits out.
 *
 * `source.fixAll.initlens` applies only the fixes marked `safe`: those that change nothing beyond
 * what the finding is about. Today that is
 *   - a Pod the API server rejects, made valid in the one way there is: `template-restart-policy`
 *     (only `Always` is allowed), `job-restart-policy` when `podFailurePolicy` leaves only `Never`;
 *   - renames of containers the API server rejects (`invalid-container-name`,
 *     `duplicate-container-name`) — the Pod never ran, so nothing refers to the new name yet;
 *   - trimming the spaces around an image (`missing-image`), dropping an exact duplicate mount
 *     (`duplicate-mount-path`);
 *   - copying a variable's definition into the init container that reads it
 *     (`init-env-not-inherited`), unless the definition refers to other variables.
 * Everything else involves a choice (which volume, which value, sidecar or not) or changes when
 * containers start, and stays a quick fix the person picks. docs/quick-fixes.md lists them all.
 */
import { Analyzer, AnalysisResult, DocumentAnalysis, documentAt } from '../analyze';
import type { Finding } from '../rule';
import { allRules, findRule } from '../rules';
import { ResolvedSettings, resolveSettings, Settings } from '../settings';
import { containerAt, Fix, FixContext, podAt } from './context';
import { applyEdits, detectStyle, diffEdit, TextEdit } from './edits';
import { suppressionFixes } from './suppress';

export type { Fix } from './context';
export type { TextEdit } from './edits';
export { applyEdits } from './edits';

/** Rules that have a fix (besides the suppression comments every rule has): each carries its own (`Rule.fixes`). */
export const rulesWithFixes: readonly string[] = allRules
  .filter((r) => r.fixes)
  .map((r) => r.id)
  .sort();

function documentOf(analysis: AnalysisResult, f: Finding): DocumentAnalysis | undefined {
  return analysis.documents[f.document] ?? documentAt(analysis, f.start);
}

export function fixContext(text: string, analysis: AnalysisResult, finding: Finding, settings?: ResolvedSettings): FixContext | null {
  const doc = documentOf(analysis, finding);
  if (!doc) return null;
  const rel = (o: number): number => doc.toModel(o);
  const pod = podAt(doc, rel(finding.start));
  const ed = doc.editor({ ...detectStyle(doc.text), eol: detectStyle(text).eol });
  return {
    text,
    finding,
    data: finding.data ?? {},
    doc,
    ed,
    pod,
    container: containerAt(pod, rel(finding.start)),
    version: (settings ?? resolveSettings(null)).version,
    rel,
  };
}

/** The fixes for one finding: its rule's fixes first, then the suppression comments. */
export function fixesFor(text: string, analysis: AnalysisResult, finding: Finding, settings?: ResolvedSettings): Fix[] {
  const ctx = fixContext(text, analysis, finding, settings);
  if (!ctx) return [];
  const out: Fix[] = [];
  const rule = findRule(finding.rule);
  if (rule?.fixes) {
    try {
      out.push(...rule.fixes(ctx).filter((f) => f.edits.length > 0));
    } catch {
      // a fix that cannot be computed on odd input is simply not offered
    }
  }
  try {
    out.push(...suppressionFixes(ctx));
  } catch {
    // as above
  }
  return out;
}

export interface FixAllResult {
  /** The text with every safe fix applied. */
  text: string;
  /** One edit from the old text to the new, or null when nothing changed. */
  edit: TextEdit | null;
  /** The rules whose findings were fixed. */
  fixed: string[];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function errorKeys(r: AnalysisResult): Set<string> {
  return new Set(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}|${f.message}`));
}

/** Applies the safe fixes of every finding, in rounds, until none is left (at most 10 rounds). */
export function fixAll(text: string, settings?: Settings | ResolvedSettings | null): FixAllResult {
  const resolved = settings && 'key' in settings ? (settings as ResolvedSettings) : resolveSettings(settings as Settings | null);
  const analyzer = new Analyzer(64);
  let current = text;
  let analysis = analyzer.analyze(current, resolved);
  const fixed: string[] = [];
  for (let round = 0; round < 10; round++) {
    const chosen: Fix[] = [];
    for (const f of analysis.findings) {
      const fix = fixesFor(current, analysis, f, resolved).find((x) => x.safe && !x.suppression);
      if (!fix) continue;
      if (chosen.some((c) => c.edits.some((a) => fix.edits.some((b) => overlaps(a, b))))) continue;
      chosen.push(fix);
    }
    if (chosen.length === 0) break;
    let next: string;
    try {
      next = applyEdits(current, chosen.flatMap((c) => c.edits));
    } catch {
      break;
    }
    const after = analyzer.analyze(next, resolved);
    const before = errorKeys(analysis);
    const brokeSomething =
      after.documents.some((d) => d.hasErrors && !analysis.documents[d.index]?.hasErrors) ||
      [...errorKeys(after)].some((k) => !before.has(k));
    if (brokeSomething || next === current) break;
    for (const c of chosen) fixed.push(c.rule);
    current = next;
    analysis = after;
  }
  return { text: current, edit: diffEdit(text, current), fixed: [...new Set(fixed)].sort() };
}
