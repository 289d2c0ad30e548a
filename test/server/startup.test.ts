/**
 * Start-up (issue 15): dist/server.js starts the bundle with V8's code cache (server/src/loader.ts).
 * The first start writes the cache beside the bundle, the next one uses it; a stale or unreadable
 * cache only costs the compile it would have saved.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { built } from '../helpers/built';

/** Starts the server in `dir`, answers `initialize`, exits; returns what the loader said on stderr. */
function startOnce(dir: string): Promise<{ cache: string; answered: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], {
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
    child.on('exit', () => resolve({ cache: /code cache: (\w+)/.exec(err)?.[1] ?? `(nothing: ${err.slice(0, 200)})`, answered }));
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
