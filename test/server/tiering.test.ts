/**
 * The CLI and the server run their first analysis without V8's optimizing compiler and turn it on
 * again right after (server/src/tiering.ts, issue 15). A preload logs every `v8.setFlagsFromString`
 * the built bundles make, and when the analysis runs relative to them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { built } from '../helpers/built';
import { FrameReader } from '../../server/src/earlyAnswer';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: Bad_Name\n      image: busybox:1.36.1\n      command: ["sh", "-c", "echo hi > /tmp/x && cat /tmp/x"]\n';

/** A preload that logs the flags set at run time on stderr. */
function preload(dir: string): string {
  const file = path.join(dir, 'flags.js');
  fs.writeFileSync(
    file,
    "const v8 = require('node:v8'); const set = v8.setFlagsFromString; v8.setFlagsFromString = (f) => { process.stderr.write(`flags ${f}\\n`); set(f); };\n",
  );
  return file;
}

function flagLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('flags '));
}

test('the CLI: TurboFan off for the first analysis, on again after it, once', () => {
  const cli = built('cli.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-tiering-'));
  try {
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    fs.writeFileSync(a, POD);
    fs.writeFileSync(b, POD);
    const r = spawnSync(process.execPath, ['--require', preload(dir), cli, '--format', 'json', a, b], { encoding: 'utf8' });
    assert.ok(r.stdout.includes('invalid-container-name'), r.stdout + r.stderr);
    assert.deepEqual(flagLines(r.stderr), ['flags --no-turbofan', 'flags --turbofan']);
    // Node started with its own choice keeps it
    const own = spawnSync(process.execPath, ['--no-opt', '--require', preload(dir), cli, '--format', 'json', a], { encoding: 'utf8' });
    assert.ok(own.stdout.includes('invalid-container-name'), own.stdout + own.stderr);
    assert.deepEqual(flagLines(own.stderr), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the server: TurboFan off for its first analysis, on again before the diagnostics are sent', async () => {
  const server = built('server.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-tiering-'));
  const child = spawn(process.execPath, ['--require', preload(dir), server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const reader = new FrameReader();
    const messages: Array<Record<string, unknown>> = [];
    let flagsAtDiagnostics: string[] | null = null;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics: ${err}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        reader.push(d);
        for (let body = reader.next(); body !== undefined; body = reader.next()) {
          const m = JSON.parse(body) as Record<string, unknown>;
          messages.push(m);
          if (m.method === 'textDocument/publishDiagnostics' && flagsAtDiagnostics === null) {
            flagsAtDiagnostics = flagLines(err);
            clearTimeout(timer);
            resolve();
          }
        }
      });
    });
    const send = (m: object): void => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...m });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'untitled:pod.yaml', languageId: 'yaml', version: 1, text: POD } } });
    await done;
    assert.deepEqual(flagsAtDiagnostics, ['flags --no-turbofan', 'flags --turbofan']);
    send({
      method: 'textDocument/didChange',
      params: { textDocument: { uri: 'untitled:pod.yaml', version: 2 }, contentChanges: [{ text: POD.replace('Bad_Name', 'Bad_Nam') }] },
    });
    // the second version's diagnostics: its analysis has run (revalidation waits a turn, so an
    // answer to shutdown alone could come before it)
    const until = (what: string, pred: (m: Record<string, unknown>) => boolean): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(check);
          reject(new Error(`no ${what}: ${err}`));
        }, 30_000);
        const check = setInterval(() => {
          if (messages.some(pred)) {
            clearInterval(check);
            clearTimeout(timer);
            resolve();
          }
        }, 20);
      });
    await until('diagnostics of version 2', (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { version?: number }).version === 2);
    send({ id: 2, method: 'shutdown' });
    await until('answer to shutdown', (m) => m.id === 2);
    assert.deepEqual(flagLines(err), ['flags --no-turbofan', 'flags --turbofan'], 'a later analysis changed the flags');
    send({ method: 'exit' });
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
