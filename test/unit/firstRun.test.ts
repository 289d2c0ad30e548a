/**
 * tiering.ts: what the Node entries do around the first analysis of a process (V8's optimizing
 * compiler off during it, then on again, issue 15). The built CLI and server are checked in
 * test/server/tiering.test.ts.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Analyzer } from '../../server/src/analysis';
import { aroundFirstAnalysis, MAX_CHARS, mayChangeFlags, ownChoice, type Runtime } from '../../server/src/tiering';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: busybox:1.36.1, command: [sh, -c, "sleep 1"]}\n';
const NODE: Runtime = { execArgv: [], env: {}, versions: { node: '20.20.2', v8: '11.3' }, release: { name: 'node' } };

test('the first analysis runs between the two flag changes, the later ones without them', () => {
  const calls: string[] = [];
  const around = aroundFirstAnalysis(NODE, (flags) => calls.push(flags));
  const first = around(POD.length, () => {
    assert.deepEqual(calls, ['--no-turbofan'], 'the analysis ran with TurboFan off');
    return new Analyzer(0).analyze(POD, { kubernetesVersion: '1.33' });
  });
  assert.deepEqual(calls, ['--no-turbofan', '--turbofan']);
  const again = around(POD.length, () => new Analyzer(0).analyze(POD, { kubernetesVersion: '1.33' }));
  assert.deepEqual(calls, ['--no-turbofan', '--turbofan'], 'a second analysis changed the flags');
  // the wrapper changes nothing the analysis says
  assert.deepEqual(
    again.findings.map((f) => f.message),
    first.findings.map((f) => f.message),
  );
});

test('a first analysis of more than MAX_CHARS characters changes no flag, and uses the first call up', () => {
  const calls: string[] = [];
  const around = aroundFirstAnalysis(NODE, (flags) => calls.push(flags));
  assert.equal(
    around(MAX_CHARS + 1, () => 1),
    1,
  );
  around(10, () => 2);
  assert.deepEqual(calls, []);
});

test('an analysis that throws still turns the compiler back on', () => {
  const calls: string[] = [];
  const around = aroundFirstAnalysis(NODE, (flags) => calls.push(flags));
  assert.throws(
    () =>
      around(12, () => {
        throw new Error('rule failed');
      }),
    /rule failed/,
  );
  assert.deepEqual(calls, ['--no-turbofan', '--turbofan']);
});

test('Node started with its own choice of compilers, or with frozen flags, is left alone', () => {
  assert.equal(ownChoice([], undefined), false);
  assert.equal(ownChoice(['--max-old-space-size=4096', '--trace-opt', '--nodeprecation'], '--inspect --no-warnings'), false);
  // every spelling V8 reads: hyphens or underscores, `no-` or `no`, a value after `=`
  for (const flag of [
    '--no-opt',
    '--no_opt',
    '--noopt',
    '--no-turbofan',
    '--no_turbofan',
    '--max-opt=2',
    '--max_opt=2',
    '--jitless',
    '--maglev',
    '--always-turbofan',
    '--freeze-flags-after-init',
  ]) {
    assert.equal(ownChoice([flag], undefined), true, flag);
  }
  assert.equal(ownChoice([], '--max-old-space-size=100 --jitless'), true);
  const calls: string[] = [];
  aroundFirstAnalysis({ ...NODE, execArgv: ['--noopt'] }, (flags) => calls.push(flags))(10, () => 0);
  assert.deepEqual(calls, []);
});

test('a runtime that cannot change the flags still analyses', () => {
  // Bun's node:v8 throws "not implemented": the analysis must still run and return
  const around = aroundFirstAnalysis(NODE, () => {
    throw new Error('not implemented');
  });
  assert.equal(
    around(10, () => 42),
    42,
  );
  assert.equal(mayChangeFlags({ ...NODE, versions: { ...NODE.versions, bun: '1.2.0' } }), false);
  assert.equal(mayChangeFlags({ ...NODE, release: { name: 'io.js' } }), false);
});

test('only plain Node: Electron (VS Code runs the server on it) and NW.js are left alone', () => {
  assert.equal(mayChangeFlags(NODE), true);
  assert.equal(mayChangeFlags({ ...NODE, versions: { ...NODE.versions, electron: '37.2.0' } }), false);
  assert.equal(mayChangeFlags({ ...NODE, versions: { ...NODE.versions, nw: '0.75.0' } }), false);
  const calls: string[] = [];
  aroundFirstAnalysis({ ...NODE, versions: { ...NODE.versions, electron: '37.2.0' } }, (flags) => calls.push(flags))(10, () => 0);
  assert.deepEqual(calls, []);
});
