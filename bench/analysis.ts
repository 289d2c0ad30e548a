/**
 * Analysis time against the bare `yaml` parse of the same text (the floor), and the incremental
 * re-analysis after an edit in one document. bench/run.ts bundles this file like the CLI
 * (bench/bundle.ts) and runs it as its own process, `node bench-analysis.js 100,1000`, which prints
 * the rows as JSON: so the analysis and the parse run as they ship (yaml as ES modules).
 */
import { parseAllDocuments } from 'yaml';
import { analyze, Analyzer } from '../server/src/analysis';
import { generateManifest } from './generate';

export interface AnalysisRow {
  lines: number;
  documents: number;
  parseMs: number;
  analyzeMs: number;
  ratio: number;
  /** The same ratio in CPU time: steadier than wall-clock on a loaded machine. */
  cpuRatio: number;
  findings: number;
  incrementalMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/**
 * Warms both paths up for at least `budgetMs` and `rounds` rounds: the optimizing compiler tiers a
 * function up after enough calls, not after one, and a single warm-up call left the 130-line row
 * timing the yaml parser's first calls in the interpreter (7 ms for 130 lines; 2 ms warm) while the
 * analysis, measured after it, ran compiled code: a ratio below 1.
 */
function warmUp(fns: Array<() => void>, rounds: number, budgetMs: number): void {
  const until = performance.now() + budgetMs;
  for (let round = 0; round < rounds || performance.now() < until; round++) for (const fn of fns) fn();
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The medians of `a` and `b`, wall-clock and CPU time, measured in alternation (a, b, a, b, …) so
 * that the load of a shared machine, a GC of the other's garbage and JIT tiering fall on both
 * alike, rather than on whichever was measured second. CPU time (the whole process's, so V8's GC
 * threads count) does not grow when other processes take the cores; wall-clock does.
 */
function timePair(a: () => void, b: () => void, runs: number): { wall: [number, number]; cpu: [number, number] } {
  const wa: number[] = [];
  const wb: number[] = [];
  const ca: number[] = [];
  const cb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    let c = cpuMs();
    a();
    ca.push(cpuMs() - c);
    wa.push(performance.now() - t);
    t = performance.now();
    c = cpuMs();
    b();
    cb.push(cpuMs() - c);
    wb.push(performance.now() - t);
  }
  return { wall: [median(wa), median(wb)], cpu: [median(ca), median(cb)] };
}

export function benchAnalysis(sizes: number[]): AnalysisRow[] {
  const rows: AnalysisRow[] = [];
  for (const size of sizes) {
    const text = generateManifest(size);
    const runs = size >= 50_000 ? 7 : size >= 10_000 ? 11 : size >= 1_000 ? 31 : 101;
    let findings = 0;
    const parse = (): void => {
      parseAllDocuments(text);
    };
    const analysis = (): void => {
      findings = analyze(text).findings.length;
    };
    // a big file warms the code up within its own first rounds; a small one needs many calls
    warmUp([parse, analysis], size >= 10_000 ? 2 : 20, size >= 10_000 ? 0 : 500);
    const { wall, cpu } = timePair(parse, analysis, runs);
    const [parseMs, analyzeMs] = wall;
    const analyzer = new Analyzer();
    analyzer.analyze(text);
    let n = 0;
    const incrementalMs = time(() => {
      n++;
      analyzer.analyze(text.replace('log_level', `log_level_${n}`));
    }, runs);
    rows.push({
      lines: text.split('\n').length,
      documents: analyze(text).documents.length,
      parseMs,
      analyzeMs,
      ratio: analyzeMs / parseMs,
      cpuRatio: cpu[1] / cpu[0],
      findings,
      incrementalMs,
    });
  }
  return rows;
}

if (require.main === module) {
  const sizes = (process.argv[2] ?? '100,1000').split(',').map(Number);
  console.log(JSON.stringify(benchAnalysis(sizes)));
}
