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
  private readonly byDocument = new Map<number, EditStyle>();

  /** `eol`: the file's line break, when `text` is only one document of it. */
  constructor(
    private readonly text: string,
    private eol?: string,
  ) {}

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
  /**
   * The fixed texts of the documents no round analysed (their fixes were all self-contained): the
   * analyzer has not seen them yet. The server analyses them in the background (codeActions.ts).
   */
  unchecked: string[];
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
function errorKeys(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}|${f.detail ?? f.message}`));
}

export interface FixAllOptions {
  /** The analysis of `text` with these settings, when the caller has it (the server does). */
  analysis?: AnalysisResult;
  /** An analyzer whose cache may already hold the documents of `text`. */
  analyzer?: Analyzer;
  /**
   * Re-analyse every document a round changed, self-contained fixes or not (the tests compare the
   * two ways; fix-all is the same either way).
   */
  checkEverything?: boolean;
}

/** One document of the file as fix-all works on it. */
interface DocumentWork {
  /** Where the document starts in the original text, and its length there. */
  readonly start: number;
  readonly length: number;
  /** Its text now (the original text plus the rounds applied so far). */
  text: string;
  /**
   * The analysis the next round reads its findings from, `base` the offset of the document in the
   * text that analysis is of: the caller's analysis of the whole file (round 1), then the
   * document's own analysis. Null when no round is left to do.
   */
  analysis: { text: string; result: AnalysisResult; doc: DocumentAnalysis; findings: Finding[]; base: number } | null;
  rounds: number;
  /** Whether the analyzer has seen `text` (false after a round of self-contained fixes alone). */
  analysed: boolean;
}

/** The safe fix fix-all takes for a finding, if any (the suppression comments are never computed). */
function safeFix(text: string, analysis: AnalysisResult, f: Finding, settings: ResolvedSettings, styles: FixStyles): Fix | undefined {
  const rule = findRule(f.rule);
  if (!rule?.fixes) return undefined;
  const ctx = fixContext(text, analysis, f, settings, styles);
  if (!ctx) return undefined;
  try {
    return rule
      .fixes(ctx)
      .find((x) => x.safe && !x.suppression && x.edits.length > 0 && !x.edits.some((e) => touchesShared(ctx.doc.shared, ctx.rel(e.start), ctx.rel(e.end))));
  } catch {
    return undefined;
  }
}

/**
 * One round over one document: picks its safe fixes (none overlapping, none claiming what another
 * claims), applies them to the document's text, and re-analyses the result unless every fix picked
 * is self-contained. Returns whether the document changed.
 */
function fixRound(work: DocumentWork, settings: ResolvedSettings, analyzer: Analyzer, eol: string, checkEverything: boolean, fixed: string[]): boolean {
  const at = work.analysis;
  if (!at) return false;
  work.analysis = null;
  work.rounds++;
  const chosen: Fix[] = [];
  const taken = new ChosenEdits();
  const claimed = new Set<string>();
  let deferred = false;
  const styles = new FixStyles(at.text, eol);
  const findings = at.findings;
  for (const f of findings) {
    const fix = safeFix(at.text, at.result, f, settings, styles);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.overlaps(e)) || fix.selfContained?.some((c) => claimed.has(c))) {
      deferred = true;
      continue;
    }
    taken.add(fix.edits);
    for (const c of fix.selfContained ?? []) claimed.add(c);
    chosen.push(fix);
  }
  if (chosen.length === 0) return false;
  const edits = chosen.flatMap((c) => c.edits).map((e) => ({ start: e.start - at.base, end: e.end - at.base, newText: e.newText }));
  // an edit outside its document (none is made so) would change what this check does not look at
  if (edits.some((e) => e.start < 0 || e.end > work.text.length)) return false;
  let next: string;
  try {
    next = applyEdits(work.text, edits);
  } catch {
    return false;
  }
  if (next === work.text) return false;
  const proven = !checkEverything && chosen.every((c) => c.selfContained);
  if (!proven) {
    const after = analyzer.analyze(next, settings);
    const before = errorKeys(findings);
    // still one document (a fix never writes a `---`), no new YAML error, no new error finding
    if (
      after.documents.length !== 1 ||
      (after.documents[0].hasErrors && !at.doc.hasErrors) ||
      after.findings.some((f) => f.severity === 'error' && !before.has(`${f.rule}|${f.detail ?? f.message}`))
    ) {
      return false;
    }
    // the fixes may have uncovered more: the next round reads this analysis
    work.analysis = { text: next, result: after, doc: after.documents[0], findings: after.findings, base: 0 };
  } else if (deferred) {
    // what waited for this round's fixes is found again in the fixed text
    const after = analyzer.analyze(next, settings);
    if (after.documents.length === 1) work.analysis = { text: next, result: after, doc: after.documents[0], findings: after.findings, base: 0 };
  }
  work.analysed = !proven || deferred;
  work.text = next;
  for (const c of chosen) fixed.push(c.rule);
  return true;
}

/**
 * Applies the safe fixes of every finding, in rounds (at most 10 per document). Each document is
 * fixed on its own: a round re-analyses a document only when one of its fixes is not self-contained
 * (to check that it broke nothing and to find what it uncovered) or when a fix had to wait for the
 * next round. The common fixes are self-contained, so a file with a finding in every document costs
 * the fixes and no analysis: linear in the findings, and far below one analysis of the file. The
 * documents fix-all did not re-analyse are analysed when the editor asks for the diagnostics of the
 * fixed text, which it does at once (docs/performance.md).
 */
export function fixAll(text: string, settings?: Settings | ResolvedSettings | null, options: FixAllOptions = {}): FixAllResult {
  const resolved = settings && 'key' in settings ? (settings as ResolvedSettings) : resolveSettings(settings as Settings | null);
  const analyzer = options.analyzer ?? new Analyzer(64);
  const analysis = options.analysis ?? analyzer.analyze(text, resolved);
  const eol = /\r\n/.test(text) ? '\r\n' : /\r/.test(text) ? '\r' : '\n';
  const byDocument = new Map<number, Finding[]>();
  for (const f of analysis.findings) {
    const list = byDocument.get(f.document);
    if (list) list.push(f);
    else byDocument.set(f.document, [f]);
  }
  const works: DocumentWork[] = [];
  for (const doc of analysis.documents) {
    const findings = byDocument.get(doc.index);
    if (!findings) continue;
    const start = doc.toFile([0, 0]).start;
    works.push({ start, length: doc.text.length, text: doc.text, analysis: { text, result: analysis, doc, findings, base: start }, rounds: 0, analysed: true });
  }
  const fixed: string[] = [];
  for (const work of works) {
    while (work.rounds < 10 && fixRound(work, resolved, analyzer, eol, options.checkEverything === true, fixed));
  }
  const parts: string[] = [];
  const unchecked: string[] = [];
  let at = 0;
  for (const w of works) {
    if (w.text === text.slice(w.start, w.start + w.length)) continue;
    parts.push(text.slice(at, w.start), w.text);
    at = w.start + w.length;
    if (!w.analysed) unchecked.push(w.text);
  }
  parts.push(text.slice(at));
  const current = at === 0 ? text : parts.join('');
  return { text: current, edit: diffEdit(text, current), fixed: [...new Set(fixed)].sort(), unchecked };
}
