/**
 * Start-up (issue 15): dist/server.js starts the bundle with V8's code cache (server/src/loader.ts),
 * and dist/cli.js the CLI's (server/src/cliLoader.ts). The first start writes the cache beside the
 * bundle, the next one uses it; a stale or unreadable cache only costs the compile it would have
 * saved. Before `initialize` is answered the server loads no module it does not need for it: the
 * settings, analyses, features and the analysis are a second bundle (dist/server-rest.js), loaded
 * right after the answer.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { built } from '../helpers/built';
import { TestLspClient } from '../helpers/lspClient';
import type { InitializeParams } from 'vscode-languageserver/node';
import { initializeResult } from '../../server/src/capabilities';
import { FrameReader } from '../../server/src/earlyAnswer';

/** The server's files, as the VSIX ships them. */
const SERVER_FILES = ['server.js', 'server-main.js', 'server-rest.js', 'mvdan-sh.js'];

/**
 * Starts the server in `dir`, answers `initialize`, sends `initialized` (which the second bundle is
 * loaded by at the latest), exits; returns what the loaders said on stderr (`cache`: the first
 * bundle's, `caches`: each bundle's by file name) and the built-in modules node had loaded and the
 * files it had read when the answer was written (`preload` prints them).
 */
function startOnce(
  dir: string,
  nodeArgs: string[] = [],
): Promise<{ cache: string; caches: Record<string, string>; answered: boolean; modulesAtAnswer: string[]; filesAtAnswer: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(dir, 'server.js'), '--stdio'], {
      env: { ...process.env, INITLENS_REPORT_CODE_CACHE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let answered = false;
    const send = (m: object): void => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...m });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!answered && out.includes('"id":1')) {
        answered = true;
        send({ method: 'initialized', params: {} });
        send({ id: 2, method: 'shutdown' });
        send({ method: 'exit' });
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', () =>
      resolve({
        cache: /code cache: (\w+)/.exec(err)?.[1] ?? `(nothing: ${err.slice(0, 200)})`,
        answered,
        caches: Object.fromEntries([...err.matchAll(/code cache: (\w+) \(([\w.-]+)\)/g)].map((m) => [m[2], m[1]])),
        modulesAtAnswer: /modules at answer: (.*)/.exec(err)?.[1].split(',') ?? [],
        filesAtAnswer: /files at answer: (.*)/.exec(err)?.[1].split(',') ?? [],
      }),
    );
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    setTimeout(() => child.kill(), 60_000).unref();
  });
}

test('the second start uses the code cache the first one wrote', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-startup-'));
  try {
    for (const f of SERVER_FILES) fs.copyFileSync(path.join(path.dirname(built('server.js')), f), path.join(dir, f));
    const first = await startOnce(dir);
    assert.equal(first.answered, true);
    assert.deepEqual(first.caches, { 'server-main.js': 'none', 'server-rest.js': 'none' });
    assert.ok(fs.existsSync(path.join(dir, 'server-main.v8cache')), 'no cache written');
    assert.ok(fs.existsSync(path.join(dir, 'server-rest.v8cache')), 'no cache written for the second bundle');
    const second = await startOnce(dir);
    assert.equal(second.answered, true);
    assert.deepEqual(second.caches, { 'server-main.js': 'used', 'server-rest.js': 'used' });
    // a cache older than the bundle is not read (a rebuilt bundle); it is written again
    const now = Date.now() / 1000;
    fs.utimesSync(path.join(dir, 'server-main.v8cache'), now - 3600, now - 3600);
    const third = await startOnce(dir);
    assert.equal(third.cache, 'none');
    // garbage in the cache file: V8 rejects it, the server starts all the same
    fs.writeFileSync(path.join(dir, 'server-main.v8cache'), 'not a code cache');
    const fourth = await startOnce(dir);
    assert.equal(fourth.answered, true);
    assert.equal(fourth.cache, 'rejected');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a server that analysed nothing runs the warm-up analysis before it writes the cache of its second bundle', async () => {
  built('server.js');
  const dir = copyBuilt(SERVER_FILES);
  try {
    const log = path.join(dir, 'functions.log');
    // no document is opened: without the warm-up the shell parser never runs, and its functions
    // would not be in server-rest.v8cache
    const r = await startOnce(dir, ['--log-function-events', '--no-logfile-per-isolate', `--logfile=${log}`]);
    assert.equal(r.caches['server-rest.js'], 'none');
    assert.ok(fs.existsSync(path.join(dir, 'server-rest.v8cache')), 'no cache written for the second bundle');
    const lines = fs.readFileSync(log, 'utf8').split('\n');
    const id = lines.find((l) => l.startsWith('script-details,') && l.includes('server-rest.js'))?.split(',')[1];
    assert.ok(id, 'server-rest.js not in the log');
    // the second bundle keeps its function names (esbuild.mjs): the own shell parser's statement list ran
    assert.ok(
      lines.some((l) => l.startsWith(`function,first-execution,${id},`) && l.endsWith(',stmtList')),
      'the shell parser did not run before the cache was written',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Copies the built `files` into a fresh temporary folder (the code cache is written beside them). */
function copyBuilt(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-startup-'));
  for (const f of files) fs.copyFileSync(path.join(path.dirname(built('server.js')), f), path.join(dir, f));
  return dir;
}

test('the CLI writes its code cache on the first run and uses it on the next, with the same output', () => {
  built('cli.js');
  const dir = copyBuilt(['cli.js', 'cli-main.js', 'mvdan-sh.js']);
  try {
    const manifest = path.join(dir, 'pod.yaml');
    // a finding (the init container writes where no volume is mounted read-write) and a script for mvdan-sh or the own parser
    fs.writeFileSync(
      manifest,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ["sh", "-c", "echo hi > /work/x && cat /work/x"]\n  containers:\n    - name: b\n      image: nginx:1.27\n      command: ["cat", "/work/x"]\n',
    );
    const run = (): { cache: string; status: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), '--format', 'json', manifest], {
        encoding: 'utf8',
        env: { ...process.env, INITLENS_REPORT_CODE_CACHE: '1' },
      });
      return { cache: /code cache: (\w+)/.exec(r.stderr)?.[1] ?? `(nothing: ${r.stderr.slice(0, 200)})`, status: r.status, stdout: r.stdout };
    };
    const first = run();
    assert.equal(first.cache, 'none');
    assert.ok(fs.existsSync(path.join(dir, 'cli-main.v8cache')), 'no cache written');
    assert.ok(JSON.parse(first.stdout).length > 0, `no finding: ${first.stdout}`);
    const second = run();
    assert.equal(second.cache, 'used');
    assert.deepEqual([second.status, second.stdout], [first.status, first.stdout]);
    // garbage in the cache: rejected, the same output, and a good cache is written again
    fs.writeFileSync(path.join(dir, 'cli-main.v8cache'), 'not a code cache');
    const third = run();
    assert.equal(third.cache, 'rejected');
    assert.deepEqual([third.status, third.stdout], [first.status, first.stdout]);
    assert.equal(run().cache, 'used');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a CLI cache written by a run that read no script still holds what a script-heavy analysis compiles (warmUp.ts)', () => {
  built('cli.js');
  const dir = copyBuilt(['cli.js', 'cli-main.js', 'mvdan-sh.js']);
  try {
    const plain = path.join(dir, 'plain.yaml');
    fs.writeFileSync(plain, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: b\n      image: nginx:1.27\n');
    const scripts = path.join(dir, 'scripts.yaml');
    fs.writeFileSync(
      scripts,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\nspec:\n  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ["sh", "-c"]\n      args:\n        - |\n          i=0\n          until nc -z db 5432 || [ "$i" -ge 30 ]; do\n            i=$((i + 1)); sleep 2\n          done\n          if [ ! -f /work/a ]; then curl -fsSL -o /work/a "https://example.com/$(uname -m)"; fi\n          for f in /config/*; do sed -e "s/x/${HOST:-y}/" "$f" > "/work/$(basename "$f")"; done\n  containers:\n    - name: b\n      image: nginx:1.27\n',
    );
    // V8 logs each function it compiles; the flags are the same for both runs (they are part of the cache's check)
    const log = path.join(dir, 'functions.log');
    const flags = ['--log-function-events', '--no-logfile-per-isolate', `--logfile=${log}`];
    const run = (file: string): string => {
      const r = spawnSync(process.execPath, [...flags, path.join(dir, 'cli.js'), file], {
        encoding: 'utf8',
        env: { ...process.env, INITLENS_REPORT_CODE_CACHE: '1' },
      });
      return /code cache: (\w+)/.exec(r.stderr)?.[1] ?? `(nothing: ${r.stderr.slice(0, 200)})`;
    };
    assert.equal(run(plain), 'none');
    assert.equal(run(scripts), 'used');
    const lines = fs.readFileSync(log, 'utf8').split('\n');
    const id = lines.find((l) => l.startsWith('script-details,') && l.includes('cli-main.js'))?.split(',')[1];
    assert.ok(id, 'cli-main.js not in the log');
    const compiled = lines.filter((l) => l.startsWith(`function,parse-function,${id},`));
    // 269 without the warm-up (the shell parser, the reader, the rules about scripts), 18 with it
    // (printing this file's findings: the warm-up Pod has none)
    assert.ok(compiled.length <= 60, `${compiled.length} functions of cli-main.js compiled with the cache: ${compiled.slice(0, 10).join(' | ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A preload that prints, at the server's first write to stdout or `process.send`, the built-in modules loaded and the files read. */
function writePreload(dir: string): string {
  const preload = path.join(dir, 'preload.js');
  // the first write is the answer to `initialize` (nothing else may write there); the loaders read
  // the bundles with fs.readFileSync
  fs.writeFileSync(
    preload,
    [
      "const fs = require('node:fs'); const path = require('node:path'); const read = fs.readFileSync; const files = [];",
      'fs.readFileSync = (f, ...a) => { files.push(path.basename(String(f))); return read(f, ...a); };',
      'let first = true;',
      "const report = () => { if (first) { first = false; process.stderr.write('modules at answer: ' + process.moduleLoadList.join(',') + '\\nfiles at answer: ' + files.join(',') + '\\n'); } };",
      'const w = process.stdout.write.bind(process.stdout);',
      'process.stdout.write = (...a) => { report(); return w(...a); };',
      'if (process.send) { const s = process.send.bind(process); process.send = (...a) => { report(); return s(...a); }; }',
    ].join('\n'),
  );
  return preload;
}

test('initialize is answered before the LSP library is loaded: not even the first bundle is read (stdio)', async () => {
  const dir = copyBuilt(SERVER_FILES);
  try {
    const r = await startOnce(dir, ['--require', writePreload(dir)]);
    assert.equal(r.answered, true);
    assert.ok(r.modulesAtAnswer.includes('NativeModule net'), `the list is not node's: ${r.modulesAtAnswer.slice(0, 5)}`);
    // used only for named pipes, global module paths and catalogues read from a path: loaded on first use
    for (const m of ['NativeModule crypto', 'NativeModule child_process', 'NativeModule fs/promises'])
      assert.ok(!r.modulesAtAnswer.includes(m), `${m} loaded at start-up`);
    assert.ok(r.filesAtAnswer.includes('server.js'), `the list is not the loader's: ${r.filesAtAnswer}`);
    // the LSP library (vscode-languageserver, vscode-jsonrpc) is in server-main.js
    assert.ok(!r.filesAtAnswer.includes('server-main.js'), 'the LSP library was read before the answer');
    assert.ok(!r.filesAtAnswer.includes('server-rest.js'), 'the second bundle was read before the answer');
    // and both are loaded once the client has the answer
    assert.deepEqual(r.caches, { 'server-main.js': 'none', 'server-rest.js': 'none' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A server child over stdio or node-ipc, the messages it wrote, and its log (`window/logMessage`). */
interface Child {
  send(m: object): void;
  /** Raw bytes on stdin (stdio only). */
  write(b: Buffer | string): void;
  messages: Array<Record<string, unknown>>;
  waitFor(pred: (m: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stderr: () => string;
  kill(): void;
}

function frameOf(m: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...m });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function startChild(serverJs: string, transport: 'stdio' | 'ipc', nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [...nodeArgs, serverJs, transport === 'stdio' ? '--stdio' : '--node-ipc'], {
    env: { ...process.env, ...env },
    stdio: transport === 'stdio' ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  const messages: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const got = (m: Record<string, unknown>): void => {
    messages.push(m);
    for (const w of [...waiters]) w();
  };
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  if (transport === 'stdio') {
    const reader = new FrameReader();
    child.stdout?.on('data', (d: Buffer) => {
      reader.push(d);
      for (let body = reader.next(); body !== undefined; body = reader.next()) got(JSON.parse(body));
    });
  } else {
    child.on('message', (m) => got(m as Record<string, unknown>));
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill(), 60_000);
  timer.unref();
  return {
    send: (m) => (transport === 'stdio' ? child.stdin?.write(frameOf(m)) : child.send({ jsonrpc: '2.0', ...m })),
    write: (b) => child.stdin?.write(b),
    messages,
    waitFor: (pred, what) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = messages.find(pred);
          if (m) {
            waiters.delete(check);
            resolve(m);
          }
        };
        waiters.add(check);
        check();
        void exited.then(() => setImmediate(() => reject(new Error(`exited before ${what}: ${JSON.stringify(messages).slice(0, 2000)} ${err}`))));
        setTimeout(() => reject(new Error(`no ${what}: ${JSON.stringify(messages).slice(0, 2000)} ${err}`)), 20_000).unref();
      }),
    exited,
    stderr: () => err,
    kill: () => child.kill(),
  };
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: Bad_Name\n      image: nginx:1.27.0\n';
const initializeParams = (capabilities: object = {}): object => ({ processId: process.pid, rootUri: null, capabilities });
const isAnswer = (id: number) => (m: Record<string, unknown>) => m.id === id && m.method === undefined;
const diagnostics = (m: Record<string, unknown>): boolean => m.method === 'textDocument/publishDiagnostics';
const mismatch = (m: Record<string, unknown>): boolean =>
  m.method === 'window/logMessage' && String((m.params as { message: string }).message).includes('early answer');

/** Opens the Pod, waits for its diagnostics, shuts the server down; returns the exit code. */
async function openPodAndExit(c: Child): Promise<number | null> {
  c.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'untitled:pod.yaml', languageId: 'yaml', version: 1, text: POD } } });
  const d = await c.waitFor(diagnostics, 'diagnostics');
  assert.ok(JSON.stringify(d).includes('invalid-container-name'), JSON.stringify(d));
  c.send({ id: 99, method: 'shutdown' });
  await c.waitFor(isAnswer(99), 'the answer to shutdown');
  c.send({ method: 'exit' });
  return c.exited;
}

/** After the early answer: the library takes over (no second answer, no mismatch logged), diagnoses the Pod and exits with 0. */
async function workAfterEarlyAnswer(c: Child): Promise<void> {
  c.send({ method: 'initialized', params: {} });
  assert.equal(await openPodAndExit(c), 0);
  assert.equal(c.messages.filter(isAnswer(1)).length, 1, 'initialize answered twice');
  assert.ok(!c.messages.some(mismatch), JSON.stringify(c.messages.filter(mismatch)));
}

test('node-ipc (the VS Code client): initialize is answered before the LSP library is loaded, and the server then works and exits', async () => {
  const dir = copyBuilt(SERVER_FILES);
  const c = startChild(path.join(dir, 'server.js'), 'ipc', ['--require', writePreload(dir)]);
  try {
    c.send({ id: 1, method: 'initialize', params: initializeParams() });
    const answer = await c.waitFor(isAnswer(1), 'the answer');
    assert.deepEqual(answer.result, JSON.parse(JSON.stringify(initializeResult(initializeParams() as InitializeParams))));
    const files = /files at answer: (.*)/.exec(c.stderr())?.[1].split(',') ?? [];
    assert.ok(files.includes('server.js'), `the list is not the loader's: ${files}`);
    assert.ok(!files.includes('server-main.js'), 'the LSP library was read before the answer');
    await workAfterEarlyAnswer(c);
  } finally {
    c.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the early answer is the library's, byte for byte, for clients with and without workspace folders", async () => {
  const serverJs = built('server.js');
  for (const capabilities of [{}, { workspace: { workspaceFolders: true, configuration: true } }, { workspace: {}, textDocument: { hover: {} } }]) {
    // a first message that is not `initialize` (allowed before it) leaves the answer to the library
    const answers: string[] = [];
    for (const first of [undefined, { method: '$/setTrace', params: { value: 'off' } }]) {
      const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /^Content-Length: (\d+)\r\n\r\n/.exec(text);
          if (m && Buffer.byteLength(text) >= m[0].length + Number(m[1])) resolve(text);
        });
        child.on('exit', () => reject(new Error(`exited: ${text}`)));
        child.stdin.write((first ? frameOf(first) : '') + frameOf({ id: 1, method: 'initialize', params: initializeParams(capabilities) }));
      });
      child.kill();
      answers.push(out);
    }
    assert.equal(answers[0], answers[1], JSON.stringify(capabilities));
    assert.match(answers[0], /"serverInfo":\{"name":"initlens"\}/);
  }
});

test('stdio: the early answer, then the library sees initialize (no second answer, no mismatch) and works; shutdown and exit end it with 0', async () => {
  const c = startChild(built('server.js'), 'stdio');
  try {
    c.send({ id: 1, method: 'initialize', params: initializeParams({ workspace: { workspaceFolders: true } }) });
    await c.waitFor(isAnswer(1), 'the answer');
    await workAfterEarlyAnswer(c);
  } finally {
    c.kill();
  }
});

test('stdio: an initialize header that arrives byte by byte is answered, and what follows is read', async () => {
  const c = startChild(built('server.js'), 'stdio');
  try {
    const bytes = Buffer.from(frameOf({ id: 1, method: 'initialize', params: initializeParams() }));
    const headerEnd = bytes.indexOf('\r\n\r\n') + 4;
    for (let i = 0; i < headerEnd; i++) {
      c.write(bytes.subarray(i, i + 1));
      await new Promise((r) => setTimeout(r, 2));
    }
    // the body in two pieces, the second with the next message
    c.write(bytes.subarray(headerEnd, headerEnd + 10));
    await new Promise((r) => setTimeout(r, 5));
    c.write(Buffer.concat([bytes.subarray(headerEnd + 10), Buffer.from(frameOf({ method: 'initialized', params: {} }))]));
    await c.waitFor(isAnswer(1), 'the answer');
    assert.equal(await openPodAndExit(c), 0);
    assert.equal(c.messages.filter(isAnswer(1)).length, 1);
  } finally {
    c.kill();
  }
});

test('a first message that is not initialize: the library gets everything and answers initialize itself; the server works', async () => {
  for (const transport of ['stdio', 'ipc'] as const) {
    const c = startChild(built('server.js'), transport);
    try {
      c.send({ method: '$/setTrace', params: { value: 'off' } });
      c.send({ id: 1, method: 'initialize', params: initializeParams() });
      const answer = await c.waitFor(isAnswer(1), 'the answer');
      assert.deepEqual(answer.result, JSON.parse(JSON.stringify(initializeResult(initializeParams() as InitializeParams))));
      c.send({ method: 'initialized', params: {} });
      assert.equal(await openPodAndExit(c), 0, transport);
    } finally {
      c.kill();
    }
  }
});

test('the server bundle holds yaml as ES modules, not behind a CommonJS copy of its exports', () => {
  // esbuild keys each CommonJS module it wraps by its path (`__commonJS({ "node_modules/yaml/dist/…" })`);
  // calls into such a module go through a getter per name (scripts/bundle-plugins.cjs)
  const bundle = fs.readFileSync(path.join(path.dirname(built('server.js')), 'server-rest.js'), 'utf8');
  assert.ok(bundle.includes('isScalar'), 'not the server bundle');
  assert.ok(!bundle.includes('node_modules/yaml/dist/'), 'yaml bundled from its CommonJS build');
});

test('the bundles share one copy of the LSP library: the first has no analysis, the second no protocol code', () => {
  const dist = path.dirname(built('server.js'));
  const main = fs.readFileSync(path.join(dist, 'server-main.js'), 'utf8');
  const rest = fs.readFileSync(path.join(dist, 'server-rest.js'), 'utf8');
  // a rule id (the analysis), a yaml function, and the jsonrpc framing header
  assert.ok(rest.includes("'invalid-container-name'") || rest.includes('"invalid-container-name"'), 'not the analysis bundle');
  assert.ok(!main.includes('invalid-container-name') && !main.includes('isScalar'), 'the analysis is in the first bundle');
  assert.ok(main.includes('Content-Length'), 'not the protocol bundle');
  assert.ok(!rest.includes('Content-Length'), 'the second bundle has its own copy of the LSP library');
});

test('a manifest opened before the rest is loaded still gets its diagnostics, in zh-cn too', async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-startup-'));
  const client = await TestLspClient.start(workspace, 'zh-cn');
  try {
    // sent at once after `initialized`, as the editor does for the documents it has open
    const uri = client.uri('pod.yaml');
    const since = client.mark();
    await client.open(uri, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: Bad_Name\n      image: nginx:1.27.0\n');
    const p = await client.waitFor(uri, since, (d) => d.diagnostics.length > 0);
    const d = p.diagnostics.find((x) => x.code === 'invalid-container-name');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.match(String(d.message), /[\u4e00-\u9fff]/, `not in Chinese: ${String(d.message)}`);
  } finally {
    await client.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});

test('a didOpen handled before the rest is loaded: the document is analysed once it is', async () => {
  // initialize, didOpen and initialized in one write (a client should wait for the answer, but the
  // server need not count on it): the library handles didOpen before the rest is loaded
  const dir = copyBuilt(SERVER_FILES);
  const child = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const frame = (m: object): string => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...m });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: Bad_Name\n      image: nginx:1.27.0\n';
    const published = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('textDocument/publishDiagnostics')) resolve(out);
      });
      child.on('exit', () => reject(new Error(`exited: ${out}`)));
      setTimeout(() => reject(new Error(`no diagnostics: ${out}`)), 15_000).unref();
    });
    child.stdin.write(
      frame({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }) +
        frame({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'untitled:pod.yaml', languageId: 'yaml', version: 1, text } } }) +
        frame({ method: 'initialized', params: {} }),
    );
    const out = await published;
    assert.ok(out.includes('invalid-container-name'), out);
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
