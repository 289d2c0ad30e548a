/**
 * One measurement for bench/against.ts, in a fresh process: the analysis of the tree at argv[2]
 * (its `server/src/analysis`) on `generateManifest(argv[3])` — this checkout's generator, so both
 * trees read the same text — against the bare `yaml` parse, warmed up and then alternated. Prints
 * JSON: the text's lines and the medians of the CPU time of each.
 */
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { generateManifest } from './generate';

const tree = process.argv[2];
const size = Number(process.argv[3]);
const { analyze } = require(path.join(tree, 'server', 'src', 'analysis')) as { analyze: (text: string) => unknown };
const text = generateManifest(size);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const parse = (): void => void parseAllDocuments(text);
const analysis = (): void => void analyze(text);
const runs = size >= 50_000 ? 5 : size >= 10_000 ? 9 : size >= 1_000 ? 31 : 101;
const warmUntil = performance.now() + (size >= 10_000 ? 0 : 500);
for (let r = 0; r < (size >= 10_000 ? 2 : 20) || performance.now() < warmUntil; r++) {
  parse();
  analysis();
}
const p: number[] = [];
const a: number[] = [];
for (let i = 0; i < runs; i++) {
  let c = cpuMs();
  parse();
  p.push(cpuMs() - c);
  c = cpuMs();
  analysis();
  a.push(cpuMs() - c);
}
console.log(JSON.stringify({ lines: text.split('\n').length, parseCpuMs: median(p), analysisCpuMs: median(a) }));
