/**
 * warmUp.ts: the Pod analysed just before a code cache is written must go through the own shell
 * parser (that is what it is there to compile) and never load mvdan-sh (a 1.5 MB bundle).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCounts } from '../../server/src/analysis/mvdanSh';
import * as cli from '../../server/src/cli';
import * as rest from '../../server/src/serverRest';
import { warmUpAnalysis } from '../../server/src/warmUp';

test('the warm-up analysis reads its script with the own shell parser, not mvdan-sh', () => {
  const own = parseCounts.own;
  const mvdan = parseCounts.mvdan;
  warmUpAnalysis();
  assert.ok(parseCounts.own > own, 'the script was not parsed');
  assert.equal(parseCounts.mvdan, mvdan, 'the script fell back to mvdan-sh');
});

test('the bundles whose loaders write a code cache export the warm-up the loaders call', () => {
  // restBundle.ts and cliLoader.ts read `warmUpAnalysis` from the bundle's exports: a rename there
  // would write caches without it, silently
  assert.equal(typeof rest.warmUpAnalysis, 'function');
  assert.equal(typeof cli.warmUpAnalysis, 'function');
});
