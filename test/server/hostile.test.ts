/**
 * The built server over stdio stays responsive under hostile documents: each one is opened and
 * answered (diagnostics published, hover and completion requests return), the process stays alive,
 * and a normal manifest opened afterwards still gets its diagnostics within a bound. Generators:
 * test/helpers/hostile.ts; the analysis itself is tested on the same inputs in
 * test/unit/hostile.test.ts.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompletionRequest, DiagnosticSeverity, HoverRequest, type Position } from 'vscode-languageserver-protocol/node';
import * as H from '../helpers/hostile';
import { TestLspClient } from '../helpers/lspClient';

/** Open → diagnostics for one hostile document (they are all below the default maxFileSize). */
const PUBLISH_BOUND_MS = 15_000;
/** A normal manifest opened after them all. */
const NORMAL_BOUND_MS = 3000;

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('language server under hostile documents', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-hostile-'));
    client = await TestLspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const cases: Record<string, () => string> = {
    'alias bomb': () => H.aliasBomb(),
    '10,000 unclosed [ in spec': () => H.flowNesting(10_000, 'spec', false),
    '10,000 unclosed [ in containers': () => H.flowNesting(10_000, 'containers', false),
    '10,000 {a: in env': () => H.flowNesting(10_000, 'env', false, '{'),
    '10,000 nested block sequences': () => H.blockNesting(10_000),
    '1 MB flow Pod on one line': () => H.singleLinePod(1_000_000),
    '1 MB script on one line': () => H.longScriptLine(1_000_000),
    '1,000 init containers': () => H.manyInitContainers(1000),
    '5,000 documents': () => H.bigFile(5000 * 300, H.normalPod('p-__N__')),
    'NUL bytes': () => H.normalPod().replace(/ /g, '\u0000'),
    'CRLF with blank lines': () => '\r\n# top\r\n\r\n' + H.normalPod().replace(/\n/g, '\r\n') + '\r\n\r\n',
    ...Object.fromEntries(Object.entries(H.hostileScripts()).map(([k, s]) => [`script: ${k}`, () => H.scriptPod(s)])),
  };

  let n = 0;
  for (const [name, make] of Object.entries(cases)) {
    test(`${name}: answered, and hover/completion return`, async (t: TestContext) => {
      const text = make();
      const uri = client.uri(`hostile-${n++}.yaml`);
      const since = client.mark();
      const started = performance.now();
      await client.open(uri, text);
      const p = await client.waitFor(uri, since);
      const ms = performance.now() - started;
      t.diagnostic(`${name}: ${(text.length / 1e6).toFixed(2)} MB, diagnostics after ${Math.round(ms)} ms (${p.diagnostics.length})`);
      assert.ok(ms < PUBLISH_BOUND_MS, `${Math.round(ms)} ms`);
      // requests at a few positions, including the very start (where a CRLF blank line once hung completion)
      const requestsStarted = performance.now();
      for (const offset of [0, 1, Math.floor(text.length / 2), text.length]) {
        const position = positionAt(text, offset);
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
        await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      }
      t.diagnostic(`${name}: 4 hovers and 4 completions in ${Math.round(performance.now() - requestsStarted)} ms`);
      await client.close(uri);
      assert.ok(client.alive);
    });
  }

  test('a normal manifest still gets its diagnostics quickly afterwards', async (t) => {
    const uri = client.uri('normal.yaml');
    const since = client.mark();
    const started = performance.now();
    await client.open(uri, H.normalPod());
    const p = await client.waitFor(uri, since);
    const ms = performance.now() - started;
    t.diagnostic(`normal manifest: ${Math.round(ms)} ms`);
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['invalid-container-name'],
    );
    assert.ok(ms < NORMAL_BOUND_MS, `${Math.round(ms)} ms`);
  });

  test('a normal manifest opened while a 1 MB document is being analysed is answered too', async (t) => {
    const bigUri = client.uri('big-one-line.yaml');
    const uri = client.uri('normal-2.yaml');
    const since = client.mark();
    const started = performance.now();
    // (another text than the case above: the analyzer's cache must not answer it)
    await client.open(bigUri, H.singleLinePod(1_000_000).replace('name: one-line', 'name: one-line-again'));
    await client.open(uri, H.normalPod());
    await client.waitFor(uri, since);
    const ms = performance.now() - started;
    t.diagnostic(`normal manifest behind a 1 MB one: ${Math.round(ms)} ms`);
    assert.ok(ms < PUBLISH_BOUND_MS);
    await client.waitFor(bigUri, since);
    await client.close(bigUri);
    await client.close(uri);
  });

  test('a 10 MB manifest (above the default initlens.maxFileSize) gets its one information diagnostic at once', async (t) => {
    const text = H.bigFile(10_000_000, H.WORKLOAD);
    const uri = client.uri('ten-mb.yaml');
    const since = client.mark();
    const started = performance.now();
    await client.open(uri, text);
    const p = await client.waitFor(uri, since);
    const ms = performance.now() - started;
    t.diagnostic(`10 MB manifest: ${Math.round(ms)} ms`);
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.match(String(p.diagnostics[0].message), /larger than/i);
    assert.ok(ms < 5000, `${Math.round(ms)} ms`);
    // hover and completion on it return without analysing it
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 20, character: 10 } });
    await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 20, character: 10 } });
    await client.close(uri);
    assert.ok(client.alive);
    assert.equal(client.stderr, '');
  });
});
