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
import { Analyzer, type AnalysisResult, type DocumentAnalysis, documentAt } from '../analyze';
import type { Finding } from '../rule';
import { allRules, findRule } from '../rules';
import { type ResolvedSettings, resolveSettings, type Settings } from '../settings';
import { containerAt, type Fix, type FixContext, podAt } from './context';
import { applyEdits, detectStyle, diffEdit, type EditStyle, type TextEdit } from './edits';
import { touchesShared } from '../shared';
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

/**
 * What the fixes of one request share: the editing style of each document, read once. Reading it is
 * a pass over the document's text, so doing it per finding made fix-all and a code action over a
 * whole file quadratic (seconds at 100 KB). Create one per request (per text); never keep it.
 */
export class FixStyles {
  private eol: string | undefined;
  private readonly byDocument = new Map<number, EditStyle>();

  constructor(private readonly text: string) {}

  of(doc: DocumentAnalysis): EditStyle {
    let style = this.byDocument.get(doc.index);
    if (!style) {
      this.eol ??= /\r\n/.test(this.text) ? '\r\n' : /\r/.test(this.text) ? '\r' : '\n';
      style = { ...detectStyle(doc.text), eol: this.eol };
      this.byDocument.set(doc.index, style);
    }
    return style;
  }
}

export function fixContext(text: string, analysis: AnalysisResult, finding: Finding, settings?: ResolvedSettings, styles?: FixStyles): FixContext | null {
  const doc = documentOf(analysis, finding);
  if (!doc) return null;
  const rel = (o: number): number => doc.toModel(o);
  const pod = podAt(doc, rel(finding.start));
  const ed = doc.editor((styles ?? new FixStyles(text)).of(doc));
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
export function fixesFor(text: string, analysis: AnalysisResult, finding: Finding, settings?: ResolvedSettings, styles?: FixStyles): Fix[] {
  const ctx = fixContext(text, analysis, finding, settings, styles);
  if (!ctx) return [];
  const out: Fix[] = [];
  const rule = findRule(finding.rule);
  if (rule?.fixes) {
    try {
      // text shared through an alias is never edited (it would change every use): the Editor
      // refuses such nodes, and this catches edits made without it
      out.push(...rule.fixes(ctx).filter((f) => f.edits.length > 0 && !f.edits.some((e) => touchesShared(ctx.doc.shared, ctx.rel(e.start), ctx.rel(e.end)))));
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

/**
 * The edits already chosen in a round, sorted and disjoint, so that a fix is checked against them in
 * O(log n) rather than against every chosen fix (which made fix-all quadratic in the findings).
 * Edits that touch count as overlapping, as before.
 */
class ChosenEdits {
  private readonly edits: TextEdit[] = [];

  /** The first chosen edit that ends at or after `start`. */
  private firstEndingFrom(start: number): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.edits[mid].end < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(e: TextEdit): boolean {
    const i = this.firstEndingFrom(e.start);
    return i < this.edits.length && this.edits[i].start <= e.end;
  }

  /** Takes a fix's edits (they may touch each other: they are applied together). */
  add(edits: readonly TextEdit[]): void {
    for (const e of edits) {
      const i = this.firstEndingFrom(e.start);
      // merge with whatever it touches so the list stays disjoint
      let start = e.start;
      let end = e.end;
      let j = i;
      while (j < this.edits.length && this.edits[j].start <= end) {
        start = Math.min(start, this.edits[j].start);
        end = Math.max(end, this.edits[j].end);
        j++;
      }
      this.edits.splice(i, j - i, { start, end, newText: '' });
    }
  }
}

/**
 * What an error is, to tell a new one from one that was there: the explanation names the API path
 * rather than the container, so renaming a container does not make its other errors look new.
 */
function errorKeys(r: AnalysisResult): Set<string> {
  return new Set(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}|${f.detail ?? f.message}`));
}

export interface FixAllOptions {
  /** The analysis of `text` with these settings, when the caller has it (the server does). */
  analysis?: AnalysisResult;
  /** An analyzer whose cache may already hold the documents of `text`. */
  analyzer?: Analyzer;
}

/**
 * Applies the safe fixes of every finding, in rounds, until none is left (at most 10 rounds). Linear
 * in the findings: the style is read once per document, overlaps are checked against a sorted list.
 */
export function fixAll(text: string, settings?: Settings | ResolvedSettings | null, options: FixAllOptions = {}): FixAllResult {
  const resolved = settings && 'key' in settings ? (settings as ResolvedSettings) : resolveSettings(settings as Settings | null);
  const analyzer = options.analyzer ?? new Analyzer(64);
  let current = text;
  let analysis = options.analysis ?? analyzer.analyze(current, resolved);
  const fixed: string[] = [];
  for (let round = 0; round < 10; round++) {
    const chosen: Fix[] = [];
    const taken = new ChosenEdits();
    const styles = new FixStyles(current);
    for (const f of analysis.findings) {
      if (!findRule(f.rule)?.fixes) continue;
      const fix = fixesFor(current, analysis, f, resolved, styles).find((x) => x.safe && !x.suppression);
      if (!fix) continue;
      if (fix.edits.some((e) => taken.overlaps(e))) continue;
      taken.add(fix.edits);
      chosen.push(fix);
    }
    if (chosen.length === 0) break;
    let next: string;
    try {
      next = applyEdits(
        current,
        chosen.flatMap((c) => c.edits),
      );
    } catch {
      break;
    }
    const after = analyzer.analyze(next, resolved);
    const before = errorKeys(analysis);
    const brokeSomething =
      after.documents.some((d) => d.hasErrors && !analysis.documents[d.index]?.hasErrors) || [...errorKeys(after)].some((k) => !before.has(k));
    if (brokeSomething || next === current) break;
    for (const c of chosen) fixed.push(c.rule);
    current = next;
    analysis = after;
  }
  return { text: current, edit: diffEdit(text, current), fixed: [...new Set(fixed)].sort() };
}
