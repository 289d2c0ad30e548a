/**
 * `npm run bench`: InitLens's performance on generated manifests of 100 to 50,000 lines, against the
 * bare `yaml` parse (the floor) and against yaml-language-server, the YAML server people already run
 * beside us. Prints tables and writes bench/results/latest.json. Not a test: numbers, not verdicts.
 *
 *   npm run bench                 # everything (~5 min on 2 cores)
 *   npm run bench -- --quick      # smaller sizes, fewer edits
 *   npm run bench -- --analysis-only --sizes 100,5000   # only the in-process analysis table
 *   npm run bench -- --analysis-only --forks 5          # …in 5 processes (default 3; 1 with --quick)
 *   npm run bench -- --worst-case  # only section 5: the worst cases of issue 15 (bench/worstCase.ts)
 *   npm run bench -- --worst-case --server /elsewhere/dist/server.js --no-peers   # another build
 *   npm run bench -- --worst-case --node-flags "--min-semi-space-size=16"   # the server under other V8 options
 *   npm run bench -- --worst-case --cases fixes,typing   # some of: pods, scripts, fixes, typing, memory, startup
 *
 * yaml-language-server 2.0.0 is installed from the npm registry into .cache/bench/ on first use (not a
 * dependency of the extension); the Kubernetes 1.36 schema comes from ../shared/k8s-schema/ when that
 * folder exists (offline), else the schema column is left out.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Analyzer } from '../server/src/analysis';
import type { AnalysisRow } from './analysis';
import { ANALYSIS_PLUGINS, bundleBench } from './bundle';
import { generateManifest } from './generate';
import { singlePod } from '../test/helpers/perfInputs';
import { BenchClient, timeEdits, type EditStats, type ServerSpec } from './lspDriver';
import { benchWorstCase, worstCaseTable, writeRows } from './worstCase';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const sizesAt = process.argv.indexOf('--sizes');
const sizes = sizesAt > 0 ? process.argv[sizesAt + 1].split(',').map(Number) : quick ? [100, 1000, 10000] : [100, 1000, 10000, 50000];
const analysisOnly = process.argv.includes('--analysis-only');
// processes the analysis table runs in (see analysisRows)
const forksAt = process.argv.indexOf('--forks');
const forks = forksAt > 0 ? Number(process.argv[forksAt + 1]) : quick ? 1 : 3;
if (!Number.isInteger(forks) || forks < 1) {
  console.error(`--forks takes a whole number of processes, 1 or more (got ${process.argv[forksAt + 1]})`);
  process.exit(2);
}
const edits = quick ? 10 : 30;
const worstCaseOnly = process.argv.includes('--worst-case');
const noPeers = process.argv.includes('--no-peers');
const casesAt = process.argv.indexOf('--cases');
const cases = casesAt > 0 ? new Set(process.argv[casesAt + 1].split(',')) : undefined;
const serverAt = process.argv.indexOf('--server');
const serverPath = serverAt > 0 ? path.resolve(process.argv[serverAt + 1]) : path.join(root, 'dist', 'server.js');
// node flags to start the server with (none by default, as the client starts it): to try V8's options
const flagsAt = process.argv.indexOf('--node-flags');
const nodeFlags = flagsAt > 0 ? process.argv[flagsAt + 1].split(' ').filter(Boolean) : [];

function ensureBuilt(): void {
  const server = path.join(root, 'dist', 'server.js');
  if (!fs.existsSync(server)) execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
}

function ensureYamlLs(): string | null {
  const dir = path.join(root, '.cache', 'bench');
  const bin = path.join(dir, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  if (fs.existsSync(bin)) return bin;
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"initlens-bench-peers","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', 'yaml-language-server@2.0.0'], { cwd: dir, stdio: 'inherit' });
    return fs.existsSync(bin) ? bin : null;
  } catch (e) {
    console.error(`yaml-language-server could not be installed (${(e as Error).message}); its columns are left out`);
    return null;
  }
}

function k8sSchema(): string | null {
  const p = path.resolve(root, '..', 'shared', 'k8s-schema', 'k8s-1.36-standalone-strict', 'all.json');
  return fs.existsSync(p) ? pathToFileURL(p).href : null;
}

function initlensSpec(): ServerSpec {
  return {
    name: 'InitLens',
    command: process.execPath,
    args: [...nodeFlags, serverPath, '--stdio'],
    settings: { initlens: { kubernetesVersion: '1.33', maxFileSize: 50_000_000 } },
  };
}

function yamlLsSpec(bin: string, schema: string | null): ServerSpec {
  const yaml: Record<string, unknown> = { validate: true, hover: false, completion: false, format: { enable: false }, schemaStore: { enable: false } };
  if (schema) yaml.schemas = { [schema]: '*.yaml' };
  return {
    name: schema ? 'yaml-ls + k8s 1.36 schema' : 'yaml-ls (no schema)',
    command: process.execPath,
    args: [bin, '--stdio'],
    settings: { yaml, http: {}, '[yaml]': {}, editor: {} },
  };
}

interface LspRow {
  server: string;
  lines: number;
  p50: number;
  p95: number;
  edits: number;
}

async function benchLsp(spec: ServerSpec, texts: Map<number, string>, workspace: string): Promise<{ rows: LspRow[]; startupMs: number }> {
  const rows: LspRow[] = [];
  const client = await BenchClient.start(spec, workspace);
  const startupMs = client.startupMs;
  try {
    for (const [size, text] of texts) {
      const uri = pathToFileURL(path.join(workspace, `${spec.name.replace(/\W+/g, '-')}-${size}.yaml`)).href;
      const n = size >= 50_000 ? Math.max(5, Math.floor(edits / 3)) : edits;
      const s: EditStats = await timeEdits(client, uri, text, n);
      rows.push({ server: spec.name, lines: text.split('\n').length, p50: s.p50, p95: s.p95, edits: s.edits });
      console.log(`  ${spec.name}: ${rows[rows.length - 1].lines} lines → p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${n} edits)`);
    }
  } finally {
    await client.stop();
  }
  return { rows, startupMs };
}

async function memoryWithManyFiles(spec: ServerSpec, workspace: string, files: number, lines: number): Promise<number> {
  const client = await BenchClient.start(spec, workspace);
  try {
    for (let i = 0; i < files; i++) {
      const uri = pathToFileURL(path.join(workspace, `mem-${i}.yaml`)).href;
      const since = client.mark();
      await client.open(uri, generateManifest(lines, i + 7));
      await client.waitFor(uri, since, 1, 120_000);
    }
    if (global.gc) global.gc();
    await new Promise((r) => setTimeout(r, 500));
    return client.rssMb();
  } finally {
    await client.stop();
  }
}

function incremental(): { documents: number; fullMs: number; editMs: number } {
  const docs = generateManifest(2_500).split('---\n').slice(0, 50);
  const text = docs.join('---\n');
  const a = new Analyzer();
  a.analyze(text);
  const runs: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < 15; i++) {
    const edited = docs.map((d, k) => (k === 25 ? d.replace('name:', `name: x${i}-`) : d)).join('---\n');
    let t = performance.now();
    a.analyze(edited);
    runs.push(performance.now() - t);
    t = performance.now();
    new Analyzer().analyze(edited);
    full.push(performance.now() - t);
  }
  const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { documents: docs.length, fullMs: med(full), editMs: med(runs) };
}

/** One size of the in-process table over several processes: the median process, and the spread. */
export interface AnalysisSummary extends AnalysisRow {
  /** How many processes ran it. */
  forks: number;
  /** The lowest and highest ratio (wall, CPU) among them. */
  ratioRange: [number, number];
  cpuRatioRange: [number, number];
  /** Every process's row, in the order they ran. */
  runs: AnalysisRow[];
}

/**
 * The in-process table (bench/analysis.ts), bundled like the server and the CLI and run as its own
 * process: the analysis and the bare parse both run the code that ships. (Through tsx, as up to the
 * sixth session, the analysis reached yaml through CommonJS getters and cost 1.5–1.8× the parse where
 * the bundle costs 1.2–1.6×.)
 *
 * It runs in `forks` processes, one after another, and each size reports the process whose ratio is
 * the median, with the range of all of them. Within a process the medians of alternating calls are
 * steady; between processes they are not: V8 optimises each process's analysis its own way (what it
 * inlines, when it collects), and one process read 1.33× where the runs around it read 1.18–1.20×
 * (10,030 lines, 2026-11-28, load 0.7). One process's ratio is one sample of that spread.
 */
async function analysisRows(sizes: number[], forks: number): Promise<AnalysisSummary[]> {
  const bundle = path.join(root, 'dist', 'bench-analysis.js');
  await bundleBench('analysis.ts', bundle, ANALYSIS_PLUGINS);
  const runs: AnalysisRow[][] = [];
  for (let f = 0; f < forks; f++) {
    const out = execFileSync(process.execPath, [bundle, sizes.join(',')], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
    runs.push(JSON.parse(out.trim().split('\n').pop() ?? '[]') as AnalysisRow[]);
  }
  return sizes.map((_, i) => summarize(runs.map((r) => r[i])));
}

/**
 * The median process of one size's rows (by wall ratio; of an even count, the higher of the two in
 * the middle), with the spread of all of them. Its CPU ratio is that process's, not the median of
 * the CPU ratios.
 */
export function summarize(rows: AnalysisRow[]): AnalysisSummary {
  const byRatio = [...rows].sort((a, b) => a.ratio - b.ratio);
  const cpu = rows.map((r) => r.cpuRatio).sort((a, b) => a - b);
  return {
    ...byRatio[Math.floor(byRatio.length / 2)],
    forks: rows.length,
    ratioRange: [byRatio[0].ratio, byRatio[byRatio.length - 1].ratio],
    cpuRatioRange: [cpu[0], cpu[cpu.length - 1]],
    runs: rows,
  };
}

function bundleSizes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of ['extension.js', 'server.js', 'server-main.js', 'server-rest.js', 'cli.js', 'mvdan-sh.js']) {
    const p = path.join(root, 'dist', f);
    if (fs.existsSync(p)) out[f] = fs.statSync(p).size;
  }
  return out;
}

async function worstCase(machine: string): Promise<void> {
  console.log('5. Worst cases (issue 15): single-document Pods, fixes on big files, typing into 2 MB, memory, start-up');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-bench-'));
  const peers: ServerSpec[] = [];
  const yamlLs = noPeers ? null : ensureYamlLs();
  const schema = k8sSchema();
  if (yamlLs) peers.push(yamlLsSpec(yamlLs, schema));
  const rows = await benchWorstCase(initlensSpec(), peers, workspace, quick ? 10 : 30, console.log, cases);
  fs.rmSync(workspace, { recursive: true, force: true });
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  console.log(
    `\n${worstCaseTable(rows)}\n\n${machine}; load average after the run ${load}; made by \`${command}\` (server ${path.relative(root, serverPath)})`,
  );
  writeRows(path.join(root, 'bench', 'results', 'worst-case.json'), rows);
}

async function main(): Promise<void> {
  ensureBuilt();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`InitLens benchmarks — ${machine}${quick ? ' (quick)' : ''}\n`);
  if (worstCaseOnly) return worstCase(machine);

  console.log(
    `1. Analysis vs the bare yaml parse (medians after 5 s of warm-up, in ${forks} processes: the median one and the range; load average ${os.loadavg()[0].toFixed(2)})`,
  );
  const analysis = await analysisRows(sizes, forks);
  console.table(
    analysis.map((r) => ({
      lines: r.lines,
      documents: r.documents,
      'parse ms': r.parseMs.toFixed(1),
      'analysis ms': r.analyzeMs.toFixed(1),
      ratio: r.ratio.toFixed(2),
      'ratio range': `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
      'CPU ratio': r.cpuRatio.toFixed(2),
      'CPU range': `${r.cpuRatioRange[0].toFixed(2)}–${r.cpuRatioRange[1].toFixed(2)}`,
      'ratio at 0.5–1 s': r.earlyRatio === null ? '—' : r.earlyRatio.toFixed(2),
      'edit one doc ms': r.incrementalMs.toFixed(2),
    })),
  );

  if (analysisOnly) return;
  console.log('2. An edit in one document of a 50-document file');
  const inc = incremental();
  console.log(`  full analysis ${inc.fullMs.toFixed(1)} ms, after an edit ${inc.editMs.toFixed(2)} ms (${(inc.fullMs / inc.editMs).toFixed(0)}× less)\n`);

  console.log('3. LSP round trip, didChange → publishDiagnostics (built servers over stdio)');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-bench-'));
  const texts = new Map(sizes.map((s) => [s, generateManifest(s)] as const));
  const servers: ServerSpec[] = [initlensSpec()];
  const yamlLs = ensureYamlLs();
  const schema = k8sSchema();
  if (yamlLs) {
    servers.push(yamlLsSpec(yamlLs, null));
    if (schema) servers.push(yamlLsSpec(yamlLs, schema));
  }
  const lsp: LspRow[] = [];
  const startup: Record<string, number> = {};
  for (const spec of servers) {
    const r = await benchLsp(spec, texts, workspace);
    lsp.push(...r.rows);
    startup[spec.name] = r.startupMs;
  }
  const table = sizes.map((s) => {
    const lines = texts.get(s)!.split('\n').length;
    const row: Record<string, string> = { lines: String(lines) };
    for (const spec of servers) {
      const r = lsp.find((x) => x.server === spec.name && x.lines === lines);
      if (r) row[`${spec.name} p50/p95 ms`] = `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)}`;
    }
    const ours = lsp.find((x) => x.server === 'InitLens' && x.lines === lines);
    const theirs = lsp.find((x) => x.server.startsWith('yaml-ls') && x.lines === lines);
    if (ours && theirs) row['yaml-ls ÷ InitLens (p50)'] = (theirs.p50 / ours.p50).toFixed(1);
    return row;
  });
  console.table(table);
  {
    const client = await BenchClient.start(initlensSpec(), workspace);
    try {
      const text = singlePod(1000);
      const s = await timeEdits(client, pathToFileURL(path.join(workspace, 'single-pod-1000.yaml')).href, text, edits);
      console.log(`  InitLens, one 1,000-line Pod (a single document: no cache to help): p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms\n`);
      lsp.push({ server: 'InitLens single Pod', lines: text.split('\n').length, p50: s.p50, p95: s.p95, edits: s.edits });
    } finally {
      await client.stop();
    }
  }

  console.log('4. Start-up (spawn → initialize answered) and memory');
  for (const [k, v] of Object.entries(startup)) console.log(`  ${k}: ${v.toFixed(0)} ms`);
  const memFiles = quick ? 10 : 50;
  const memLines = 10_000;
  const rss = await memoryWithManyFiles(initlensSpec(), workspace, memFiles, memLines);
  console.log(`  InitLens RSS with ${memFiles} files of ${memLines.toLocaleString('en')} lines open: ${rss.toFixed(0)} MB`);
  const bundles = bundleSizes();
  console.log(
    `  bundles: ${Object.entries(bundles)
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
      .join(', ')}`,
  );
  fs.rmSync(workspace, { recursive: true, force: true });

  const out = {
    date: new Date().toISOString(),
    machine,
    quick,
    analysis,
    incremental: inc,
    lsp,
    startupMs: startup,
    memory: { files: memFiles, linesEach: memLines, rssMb: rss },
    bundles,
    schema: schema ? 'Kubernetes 1.36 standalone-strict (../shared/k8s-schema)' : null,
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify(out, null, 2));
  console.log('\nwritten: bench/results/latest.json\n');
  await worstCase(machine);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
