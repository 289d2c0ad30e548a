/**
 * The corpus sweep shared by corpus.test.ts and update-baseline.ts: runs the analysis on every
 * *.yaml of the shared real-world corpus (`../shared/corpus` beside the checkout) and reduces the
 * findings to baseline entries (file, line, rule).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisResult, LineIndex } from '../../server/src/analysis';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** INITLENS_CORPUS points elsewhere (e.g. to try the skip path). */
export const corpusDir = process.env.INITLENS_CORPUS || path.resolve(repoRoot, '..', 'shared', 'corpus');
export const baselineFile = path.join(__dirname, 'baseline.json');

export interface BaselineEntry {
  file: string;
  /** 1-based line of the finding's start. */
  line: number;
  rule: string;
  /** Why the finding is right on this real manifest (filled in by the person who reviewed it). */
  why: string;
}

export interface SweptFile {
  file: string;
  text: string;
  result: AnalysisResult;
  lines: LineIndex;
  ms: number;
  /** Rules (or the model) that threw, with the error. */
  ruleErrors: Array<{ rule: string; error: unknown }>;
}

export function corpusFiles(): string[] {
  if (!fs.existsSync(corpusDir)) return [];
  return fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function sweepFile(file: string): SweptFile {
  const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
  const ruleErrors: SweptFile['ruleErrors'] = [];
  const t0 = performance.now();
  const result = analyze(text, {}, { onRuleError: (rule, error) => ruleErrors.push({ rule, error }) });
  const ms = performance.now() - t0;
  return { file, text, result, lines: new LineIndex(text), ms, ruleErrors };
}

/** The findings of one swept file as baseline keys (without `why`), in a stable order. */
export function entriesOf(s: SweptFile): Array<Omit<BaselineEntry, 'why'>> {
  return s.result.findings.map((f) => ({ file: s.file, line: s.lines.positionAt(f.start).line + 1, rule: f.rule })).sort(compareEntries);
}

export function compareEntries(a: Omit<BaselineEntry, 'why'>, b: Omit<BaselineEntry, 'why'>): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}

export function entryKey(e: Omit<BaselineEntry, 'why'>): string {
  return `${e.file}:${e.line} ${e.rule}`;
}

export function readBaseline(): BaselineEntry[] {
  if (!fs.existsSync(baselineFile)) return [];
  const data = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as { findings?: BaselineEntry[] };
  return Array.isArray(data.findings) ? data.findings : [];
}

export function formatBaseline(entries: BaselineEntry[]): string {
  const rows = entries.map((e) => '    ' + JSON.stringify({ file: e.file, line: e.line, rule: e.rule, why: e.why }));
  return (
    '{\n' +
    '  "about": "Reviewed findings of InitLens on ../shared/corpus (test/corpus/corpus.test.ts). Regenerate with npx tsx test/corpus/update-baseline.ts; every entry needs a why.",\n' +
    '  "findings": [\n' +
    rows.join(',\n') +
    (rows.length ? '\n' : '') +
    '  ]\n' +
    '}\n'
  );
}
