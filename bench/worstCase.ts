/**
 * The worst cases of issue 15, through the built servers over stdio (bench/run.ts section 5, or alone
 * with `npm run bench -- --worst-case`):
 *   - one Pod as a single YAML document of 1,000 / 5,000 / 20,000 lines: the first edits after opening it
 *     (30 by default, a third of that at 20,000 lines), edit → diagnostics (InitLens and
 *     yaml-language-server), the per-document cache cannot help; and the 1,000-line one again
 *     after 100 untimed edits (the server's code optimised by then);
 *   - a quick fix and `source.fixAll.initlens` on files of 100 KB and 600 KB with a finding in every Pod,
 *     and from the fix-all answer to the diagnostics of the fixed text (its edit applied at once);
 *   - hovers while typing into a 2 MB single-document `List` (every 100 ms an edit and a hover), and
 *     how long after the last keystroke the diagnostics of the last version arrive;
 *   - resident memory with one 51,000-line file open (InitLens and yaml-language-server);
 *   - the first analysis of a script-heavy 1,000-line Pod (40 `sh -c` scripts) in a fresh process,
 *     against the bare parse, and the CLI's wall time on it;
 *   - start-up, spawn → `initialize` answered (median of 7).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CodeAction, CodeActionRequest, DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { bigList, manyFindings, scriptHeavyPod, singlePod } from '../test/helpers/perfInputs';

export { singlePod };
import { generateManifest } from './generate';
import { ANALYSIS_PLUGINS, bundleBench } from './bundle';
import { BenchClient, timeEdits, type ServerSpec } from './lspDriver';

export interface WorstCaseRow {
  case: string;
  server: string;
  value: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function quantile(xs: number[], f: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(f * s.length))];
}

function positionOf(text: string, at: number): { line: number; character: number } {
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

async function withClient<T>(spec: ServerSpec, workspace: string, f: (c: BenchClient) => Promise<T>): Promise<T> {
  const client = await BenchClient.start(spec, workspace);
  try {
    return await f(client);
  } finally {
    await client.stop();
  }
}

async function openAndWait(client: BenchClient, uri: string, text: string): Promise<number> {
  const since = client.mark();
  const t0 = performance.now();
  await client.open(uri, text);
  return (await client.waitFor(uri, since, 1, 600_000)) - t0;
}

/**
 * Three fresh processes of the first-analysis bundle (or its cached loader) on `file`: the medians of
 * the first analysis and of the warm parse after it, and the most scripts any run left to mvdan-sh.
 */
function firstAnalyses(script: string, file: string): { analysisMs: number; parseMs: number; mvdanParses: number } {
  const runs: Array<{ analysisMs: number; parseMs: number; mvdanParses: number }> = [];
  for (let i = 0; i < 3; i++) runs.push(JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8' }).trim().split('\n').pop() ?? '{}'));
  return {
    analysisMs: quantile(
      runs.map((r) => r.analysisMs),
      0.5,
    ),
    parseMs: quantile(
      runs.map((r) => r.parseMs),
      0.5,
    ),
    mvdanParses: Math.max(...runs.map((r) => r.mvdanParses)),
  };
}

/** `cases`: which of pods, scripts, fixes, typing, memory, startup to run (all when absent). */
export async function benchWorstCase(
  initlens: ServerSpec,
  peers: ServerSpec[],
  workspace: string,
  edits: number,
  log: (s: string) => void,
  cases?: Set<string>,
): Promise<WorstCaseRow[]> {
  const want = (c: string): boolean => !cases || cases.has(c);
  const rows: WorstCaseRow[] = [];
  const add = (c: string, server: string, value: string): void => {
    rows.push({ case: c, server, value });
    log(`  ${c} — ${server}: ${value}`);
  };
  const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;

  // single-document Pods
  for (const spec of want('pods') ? [initlens, ...peers] : []) {
    await withClient(spec, workspace, async (client) => {
      for (const lines of [1000, 5000, 20000]) {
        const text = singlePod(lines);
        const n = lines >= 20000 ? Math.max(6, Math.floor(edits / 3)) : edits;
        const s = await timeEdits(client, uriOf(`${spec.name.replace(/\W+/g, '-')}-pod-${lines}.yaml`), text, n);
        add(
          `one ${lines.toLocaleString('en')}-line Pod, its first ${n} edits → diagnostics p50 / p95`,
          spec.name,
          `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} ms`,
        );
      }
      // The rows above time the first edits after the document is opened, in a server started for them:
      // much of it is code V8 has not optimised yet. The same edits once the server has been typed into.
      const warm = await timeEdits(client, uriOf(`${spec.name.replace(/\W+/g, '-')}-pod-1000-warm.yaml`), singlePod(1000), edits, 100);
      add('one 1,000-line Pod, after 100 edits: edit → diagnostics p50 / p95', spec.name, `${warm.p50.toFixed(0)} / ${warm.p95.toFixed(0)} ms`);
    });
  }

  // first analysis of a script-heavy Pod, in fresh processes (the CLI, and the analysis alone)
  if (want('scripts')) {
    const file = path.join(workspace, 'scripts-1000.yaml');
    const text = scriptHeavyPod(1000);
    fs.writeFileSync(file, text);
    const scripts = (text.match(/- \|\n/g) ?? []).length;
    // bundled like the server and the CLI (through tsx, compiling modules on first use would be measured)
    const bundle = path.join(path.dirname(initlens.args[0]), 'bench-first-analysis.js');
    await bundleBench('firstAnalysis.ts', bundle, ANALYSIS_PLUGINS);
    const runs = firstAnalyses(bundle, file);
    const firstParse: number[] = [];
    for (let i = 0; i < 3; i++) firstParse.push(JSON.parse(execFileSync(process.execPath, [bundle, file, 'parse'], { encoding: 'utf8' }).trim()).firstParseMs);
    const { analysisMs: a, parseMs: p } = runs;
    const p0 = quantile(firstParse, 0.5);
    const fallbacks = runs.mvdanParses;
    const lines = text.split('\n').length.toLocaleString('en');
    add(
      `script-heavy ${lines}-line Pod (${scripts} scripts): first analysis in a fresh process, no code cache (× first bare parse, × warm parse)`,
      initlens.name,
      `${a.toFixed(0)} ms (${(a / p0).toFixed(1)}× ${p0.toFixed(0)} ms, ${(a / p).toFixed(1)}× ${p.toFixed(1)} ms)${fallbacks ? `, ${fallbacks} scripts read by mvdan-sh` : ''}`,
    );
    // the same through the CLI's code-cache loader: one run writes the cache (the CLI's first run),
    // then three read it (every later run of the CLI, every later start of the server)
    const loader = path.join(path.dirname(bundle), 'bench-first-analysis-cached.js');
    await bundleBench('firstAnalysisCached.ts', loader);
    fs.rmSync(bundle.replace(/\.js$/, '.v8cache'), { force: true });
    execFileSync(process.execPath, [loader, file], { encoding: 'utf8' });
    const { analysisMs: ac, parseMs: pc } = firstAnalyses(loader, file);
    add(
      `script-heavy ${lines}-line Pod: first analysis in a fresh process with the code cache an earlier run wrote, as the CLI and the server run (× warm parse)`,
      initlens.name,
      `${ac.toFixed(0)} ms (${(ac / pc).toFixed(1)}× ${pc.toFixed(1)} ms)`,
    );
    const cli = path.join(path.dirname(initlens.args[0]), 'cli.js');
    if (fs.existsSync(cli)) {
      const walls: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        try {
          execFileSync(process.execPath, [cli, file], { stdio: 'ignore' });
        } catch {
          // findings exit non-zero
        }
        walls.push(performance.now() - t0);
      }
      add(`script-heavy ${lines}-line Pod: \`initlens\` CLI wall time (median of 3)`, initlens.name, `${quantile(walls, 0.5).toFixed(0)} ms`);
    }
  }

  // quick fix and fix-all
  if (want('fixes'))
    await withClient(initlens, workspace, async (client) => {
      for (const kb of [100, 600]) {
        const text = manyFindings(kb * 1024);
        const uri = uriOf(`fixes-${kb}.yaml`);
        await openAndWait(client, uri, text);
        const at = positionOf(text, text.lastIndexOf('Init_DB_'));
        const quick: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
          quick.push(performance.now() - t0);
        }
        add(`quick fixes at the cursor, ${kb} KB, median`, initlens.name, `${quantile(quick, 0.5).toFixed(0)} ms`);
        const t0 = performance.now();
        const actions = await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: ['source.fixAll.initlens'] },
        });
        const ms = performance.now() - t0;
        add(
          `source.fixAll.initlens, ${kb} KB (${(text.match(/Init_DB_/g) ?? []).length * 3} findings)`,
          initlens.name,
          `${ms.toFixed(0)} ms${actions?.length ? '' : ' (no edit!)'}`,
        );
        // the editor applies the edit at once and the server publishes the fixed text's diagnostics
        const edit = (actions?.[0] as CodeAction | undefined)?.edit?.changes?.[uri]?.[0];
        if (edit) {
          const since = client.mark();
          await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: 2 },
            contentChanges: [{ range: edit.range, text: edit.newText }],
          });
          const done = await client.waitFor(uri, since, 2, 600_000);
          add(`fix-all applied → diagnostics of the fixed text, ${kb} KB`, initlens.name, `${(done - t0 - ms).toFixed(0)} ms`);
        }
      }
    });

  // hovers while typing into a 2 MB single-document List
  if (want('typing'))
    await withClient(initlens, workspace, async (client) => {
      const text = bigList(2_000_000);
      const uri = uriOf('list-2mb.yaml');
      const first = await openAndWait(client, uri, text);
      add('2 MB single-document List: first diagnostics', initlens.name, `${first.toFixed(0)} ms`);
      const nameAt = text.lastIndexOf('name: svc-') + 'name: svc-'.length;
      const hoverAt = positionOf(text, text.indexOf('wait-0') + 2);
      const hovers: number[] = [];
      const since = client.mark();
      const keystrokes = edits >= 20 ? 20 : 5;
      let lastEdit = 0;
      for (let v = 2; v < 2 + keystrokes; v++) {
        const pos = positionOf(text, nameAt);
        lastEdit = performance.now();
        await client.replace(uri, v, pos.line, pos.character, 0, 'x');
        const t0 = performance.now();
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
        hovers.push(performance.now() - t0);
        await sleep(Math.max(0, 100 - (performance.now() - lastEdit)));
      }
      const done = await client.waitFor(uri, since, 1 + keystrokes, 600_000);
      add(
        '2 MB List, hover while typing (an edit every 100 ms) p50 / p95',
        initlens.name,
        `${quantile(hovers, 0.5).toFixed(0)} / ${quantile(hovers, 0.95).toFixed(0)} ms`,
      );
      add('2 MB List, last keystroke → its diagnostics', initlens.name, `${(done - lastEdit).toFixed(0)} ms`);
    });

  // memory with one 51,000-line file open
  for (const spec of want('memory') ? [initlens, ...peers] : []) {
    await withClient(spec, workspace, async (client) => {
      const text = generateManifest(51_000, 5);
      await openAndWait(client, uriOf(`mem-51k-${spec.name.replace(/\W+/g, '-')}.yaml`), text);
      await sleep(500);
      add(`RSS with one ${text.split('\n').length.toLocaleString('en')}-line file open`, spec.name, `${client.rssMb().toFixed(0)} MB`);
    });
  }

  // start-up
  for (const spec of want('startup') ? [initlens, ...peers] : []) {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const client = await BenchClient.start(spec, workspace);
      times.push(client.startupMs);
      await client.stop();
    }
    add('start-up, spawn → initialize answered (median of 7)', spec.name, `${quantile(times, 0.5).toFixed(0)} ms`);
  }
  return rows;
}

/** The rows as a Markdown table (cases down, servers across). */
export function worstCaseTable(rows: WorstCaseRow[]): string {
  const servers = [...new Set(rows.map((r) => r.server))];
  const cases = [...new Set(rows.map((r) => r.case))];
  const out = [`| case | ${servers.join(' | ')} |`, `|---|${servers.map(() => '---').join('|')}|`];
  for (const c of cases) out.push(`| ${c} | ${servers.map((s) => rows.find((r) => r.case === c && r.server === s)?.value ?? '—').join(' | ')} |`);
  return out.join('\n');
}

export function writeRows(file: string, rows: WorstCaseRow[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(rows, null, 2));
}
