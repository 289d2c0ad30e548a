/**
 * Start-up (issue 15): dist/server.js starts the bundle with V8's code cache (server/src/loader.ts),
 * and dist/cli.js the CLI's (server/src/cliLoader.ts). The first start writes the cache beside the
 * bundle, the next one uses it; a stale or unreadable cache only costs the compile it would have
 * saved. Before `initialize` is answered the server loads no module it does not need for it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { built } from '../helpers/built';

/**
 * Starts the server in `dir`, answers `initialize`, exits; returns what the loader said on stderr and
 * the built-in modules node had loaded when the answer was written (`preload` prints them).
 */
function startOnce(dir: string, nodeArgs: string[] = []): Promise<{ cache: string; answered: boolean; modulesAtAnswer: string[] }> {
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
        modulesAtAnswer: /modules at answer: (.*)/.exec(err)?.[1].split(',') ?? [],
      }),
    );
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    setTimeout(() => child.kill(), 60_000).unref();
  });
}

test('the second start uses the code cache the first one wrote', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-startup-'));
  try {
    for (const f of ['server.js', 'server-main.js', 'mvdan-sh.js']) fs.copyFileSync(path.join(path.dirname(built('server.js')), f), path.join(dir, f));
    const first = await startOnce(dir);
    assert.equal(first.answered, true);
    assert.equal(first.cache, 'none');
    assert.ok(fs.existsSync(path.join(dir, 'server-main.v8cache')), 'no cache written');
    const second = await startOnce(dir);
    assert.equal(second.answered, true);
    assert.equal(second.cache, 'used');
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

test('before initialize is answered the server has not loaded crypto, child_process or fs/promises', async () => {
  const dir = copyBuilt(['server.js', 'server-main.js', 'mvdan-sh.js']);
  const preload = path.join(dir, 'preload.js');
  // the first write to stdout is the answer to `initialize` (nothing else may write there)
  fs.writeFileSync(
    preload,
    "const w = process.stdout.write.bind(process.stdout); let first = true; process.stdout.write = (...a) => { if (first) { first = false; process.stderr.write('modules at answer: ' + process.moduleLoadList.join(',') + '\\n'); } return w(...a); };",
  );
  try {
    const r = await startOnce(dir, ['--require', preload]);
    assert.equal(r.answered, true);
    assert.ok(r.modulesAtAnswer.includes('NativeModule net'), `the list is not node's: ${r.modulesAtAnswer.slice(0, 5)}`);
    // used only for named pipes, global module paths and catalogues read from a path: loaded on first use
    for (const m of ['NativeModule crypto', 'NativeModule child_process', 'NativeModule fs/promises'])
      assert.ok(!r.modulesAtAnswer.includes(m), `${m} loaded at start-up`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the server bundle holds yaml as ES modules, not behind a CommonJS copy of its exports', () => {
  // esbuild keys each CommonJS module it wraps by its path (`__commonJS({ "node_modules/yaml/dist/…" })`);
  // calls into such a module go through a getter per name (scripts/bundle-plugins.cjs)
  const bundle = fs.readFileSync(path.join(path.dirname(built('server.js')), 'server-main.js'), 'utf8');
  assert.ok(bundle.includes('isScalar'), 'not the server bundle');
  assert.ok(!bundle.includes('node_modules/yaml/dist/'), 'yaml bundled from its CommonJS build');
});
