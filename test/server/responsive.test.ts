/**
 * Never block the editor (issue 15): while a slow document is being typed into, hovers and quick
 * fixes are answered from its last analysis at once, and diagnostics come for the version the typing
 * stopped at, not for each keystroke. The document is a 1 MB single-document List, about a second of
 * analysis: the 400 KB one used before now analyses near the server's 250 ms line for a slow
 * document, and fell on either side of it from run to run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../helpers/lspClient';
import { bigList } from '../helpers/perfInputs';

function positionOf(text: string, at: number): { line: number; character: number } {
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('a slow document does not hold up requests', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-responsive-'));
    client = await TestLspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('hovers and quick fixes while typing answer from the last analysis; diagnostics for the last version', async (t) => {
    const text = bigList(1_000_000);
    const uri = client.uri('big-list.yaml');
    let since = client.mark();
    const opened = performance.now();
    await client.open(uri, text);
    const first = await client.waitFor(uri, since, (p) => p.version === 1, 120_000);
    const analysisMs = first.at - opened;
    assert.ok(first.diagnostics.some((d) => d.code === 'invalid-container-name'));
    t.diagnostic(`first analysis: ${analysisMs.toFixed(0)} ms`);

    // type into a name near the end; hover over a container name near the start (before the edit)
    const nameAt = text.lastIndexOf('name: svc-') + 'name: svc-'.length;
    const hoverAt = positionOf(text, text.indexOf('wait-0') + 2);
    const fixAt = text.indexOf('App_0');
    const edits = 6;
    since = client.mark();
    // The edits and requests go out back to back, as from fast typing (on a busy machine, awaiting
    // each answer could leave a gap longer than the quiet period, and an analysis would start in it).
    const requests: Array<Promise<{ ms: number; ok: boolean; what: string }>> = [];
    const timed = <T>(p: Promise<T>, check: (r: T) => boolean): Promise<{ ms: number; ok: boolean; what: string }> => {
      const t0 = performance.now();
      return p.then((r) => ({ ms: performance.now() - t0, ok: check(r), what: JSON.stringify(r).slice(0, 300) }));
    };
    const fixPos = positionOf(text, fixAt); // before the edits: the same in every version
    for (let v = 2; v < 2 + edits; v++) {
      const pos = positionOf(text, nameAt);
      void client.change(uri, v, [{ range: { start: pos, end: pos }, text: 'x' }]);
      requests.push(
        timed(
          client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt }),
          (h) => !!h && JSON.stringify(h.contents).includes('wait-0'),
        ),
      );
      // the quick fix renames App_0 in the current text (its offset lies before the edit)
      requests.push(
        timed(
          client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: fixPos, end: fixPos }, context: { diagnostics: [] } }),
          (actions) => (actions ?? []).some((a) => 'edit' in a && JSON.stringify(a.edit).includes('app-0')),
        ),
      );
    }
    const answers = await Promise.all(requests);
    for (const a of answers) assert.ok(a.ok, a.what);
    const latencies = answers.map((a) => a.ms);
    const last = await client.waitFor(uri, since, (p) => p.version === 1 + edits, 120_000);
    assert.ok(last.diagnostics.some((d) => d.code === 'invalid-container-name'));
    const publishes = client.published.slice(since).filter((p) => p.uri === uri).length;
    latencies.sort((a, b) => a - b);
    const slowest = latencies[latencies.length - 1];
    // Before, each request first analysed the version it came after: with that path switched off the
    // slowest took 410–442 ms for a 875–952 ms first analysis (0.46×), against 92–138 ms (0.08–0.14×)
    // now. The bound scales with the machine: a fixed 100 ms failed on a loaded 2-core CI machine.
    const boundMs = Math.max(100, analysisMs / 4);
    t.diagnostic(`requests while typing: max ${slowest.toFixed(0)} ms (bound ${boundMs.toFixed(0)} ms); ${publishes} publishes for ${edits} edits`);
    assert.ok(slowest < boundMs, `slowest request ${slowest.toFixed(0)} ms, first analysis ${analysisMs.toFixed(0)} ms`);
    assert.ok(publishes < edits, `${publishes} publishes`);
  });
});
