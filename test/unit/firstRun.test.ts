/**
 * firstRun.ts and tiering.ts: what the Node entries do around the first analysis of a process
 * (V8's optimizing compiler off during it, then on again, issue 15).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Analyzer } from '../../server/src/analysis';
import { aroundFirstAnalysis, firstAnalysisPending, onFirstAnalysis } from '../../server/src/analysis/firstRun';
import { deferOptimizingCompiler, MAX_CHARS, ownChoice } from '../../server/src/tiering';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: busybox:1.36.1, command: [sh, -c, "sleep 1"]}\n';

test('the first analysis runs between the two flag changes, the later ones without them', () => {
  const calls: string[] = [];
  deferOptimizingCompiler((flags) => calls.push(flags));
  assert.equal(firstAnalysisPending(), true);
  const first = new Analyzer(0).analyze(POD, { kubernetesVersion: '1.33' });
  assert.deepEqual(calls, ['--no-turbofan', '--turbofan']);
  assert.equal(firstAnalysisPending(), false);
  const again = new Analyzer(0).analyze(POD, { kubernetesVersion: '1.33' });
  assert.deepEqual(calls, ['--no-turbofan', '--turbofan'], 'a second analysis changed the flags');
  // the hook changes nothing the analysis says
  assert.deepEqual(
    again.findings.map((f) => f.message),
    first.findings.map((f) => f.message),
  );
});

test('a first analysis of more than MAX_CHARS characters changes no flag', () => {
  const calls: string[] = [];
  deferOptimizingCompiler((flags) => calls.push(flags));
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: "${'x'.repeat(MAX_CHARS)}"\n`;
  new Analyzer(0).analyze(text, { kubernetesVersion: '1.33' });
  assert.deepEqual(calls, []);
  assert.equal(firstAnalysisPending(), false, 'the hook ran (and chose to do nothing)');
});

test('an analysis that throws still turns the compiler back on; the hook runs once', () => {
  const calls: string[] = [];
  onFirstAnalysis((chars) => {
    calls.push(`off ${chars}`);
    return () => calls.push('on');
  });
  assert.throws(
    () =>
      aroundFirstAnalysis(12, () => {
        throw new Error('rule failed');
      }),
    /rule failed/,
  );
  assert.deepEqual(calls, ['off 12', 'on']);
  assert.equal(
    aroundFirstAnalysis(5, () => 7),
    7,
  );
  assert.deepEqual(calls, ['off 12', 'on']);
});

test('Node started with its own choice of compilers is left alone', () => {
  assert.equal(ownChoice([], undefined), false);
  assert.equal(ownChoice(['--max-old-space-size=4096', '--trace-opt'], '--inspect'), false);
  assert.equal(ownChoice(['--no-opt'], undefined), true);
  assert.equal(ownChoice([], '--max-old-space-size=100 --no-turbofan'), true);
  assert.equal(ownChoice(['--jitless'], undefined), true);
  assert.equal(ownChoice(['--maglev'], undefined), true);
});
