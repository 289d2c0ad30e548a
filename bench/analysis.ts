/**
 * Analysis time against the bare `yaml` parse of the same text (the floor), and the incremental
 * re-analysis after an edit in one document. Prints a table; returns rows for bench/run.ts.
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

export function benchAnalysis(sizes: number[]): AnalysisRow[] {
  const rows: AnalysisRow[] = [];
  for (const size of sizes) {
    const text = generateManifest(size);
    const runs = size >= 50_000 ? 5 : size >= 10_000 ? 7 : 15;
    // warm up both paths (JIT, shell parser) before measuring
    parseAllDocuments(text);
    analyze(text);
    const parseMs = time(() => parseAllDocuments(text), runs);
    let findings = 0;
    const analyzeMs = time(() => {
      findings = analyze(text).findings.length;
    }, runs);
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
      findings,
      incrementalMs,
    });
  }
  return rows;
}
