/**
 * The first analysis of a script-heavy Pod in a fresh process (issue 15): run by bench/worstCase.ts
 * as its own process (`npx tsx bench/firstAnalysis.ts FILE`), so nothing is warm or loaded — no
 * shell parser, no JIT — as for the CLI or a server that has just started. Prints JSON: the first
 * analysis, the bare `yaml` parse (median of 15 after it), the parses each shell parser made; with
 * `parse` after the file, only the first bare parse.
 */
import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Analyzer } from '../server/src/analysis';
import { parseCounts } from '../server/src/analysis/mvdanSh';
import { firstAnalysis } from '../server/src/tiering';

const text = fs.readFileSync(process.argv[2], 'utf8');
if (process.argv[3] === 'parse') {
  // the bare parse, first in its process too: the floor the cold analysis is compared with
  const t = performance.now();
  parseAllDocuments(text);
  console.log(JSON.stringify({ firstParseMs: performance.now() - t }));
  process.exit(0);
}
const t0 = performance.now();
// as the CLI and the server run their first analysis (server/src/tiering.ts)
const result = firstAnalysis(text.length, () => new Analyzer(0).analyze(text, { kubernetesVersion: '1.33' }));
const analysisMs = performance.now() - t0;
const parses: number[] = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  parseAllDocuments(text);
  parses.push(performance.now() - t);
}
parses.sort((a, b) => a - b);
console.log(JSON.stringify({ analysisMs, parseMs: parses[7], findings: result.findings.length, ownParses: parseCounts.own, mvdanParses: parseCounts.mvdan }));
