/**
 * When a document counts as slow (its analysis waits for a pause in the typing; revalidation.ts): a
 * document's first analysis reads all of it in code V8 has not optimised yet, so it counts at
 * FIRST_ANALYSIS_SHARE of its time; an edit's analysis counts in full. The analysis is made to take a
 * known time by waiting inside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../server/src/analysis/settings';
import { DocumentAnalyses, FIRST_ANALYSIS_SHARE, SLOW_ANALYSIS_MS } from '../../server/src/lsp/documentAnalyses';
import type { SettingsStore } from '../../server/src/lsp/settingsStore';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

function analysesTaking(ms: () => number): DocumentAnalyses {
  const resolved = resolveSettings(null);
  const settings = { documentSettings: () => ({ resolved, maxFileSize: 10_000_000 }) } as unknown as SettingsStore;
  const connection = { console: { error() {} } } as unknown as ConstructorParameters<typeof DocumentAnalyses>[0];
  const analyses = new DocumentAnalyses(connection, settings);
  const analyzer = analyses.analyzer;
  const real = analyzer.analyze.bind(analyzer);
  analyzer.analyze = (...args) => {
    const until = performance.now() + ms();
    while (performance.now() < until) {
      // the time a big document's analysis takes
    }
    return real(...args);
  };
  return analyses;
}

test('a first analysis under twice the threshold does not make the document slow; an edit as slow does', () => {
  const took = SLOW_ANALYSIS_MS * 1.4;
  const analyses = analysesTaking(() => took);
  const uri = 'file:///pod.yaml';
  analyses.entryFor(TextDocument.create(uri, 'yaml', 1, POD));
  const first = analyses.costOf(uri);
  assert.ok(first < SLOW_ANALYSIS_MS, `the first analysis counts ${first.toFixed(0)} ms`);
  assert.ok(first >= took * FIRST_ANALYSIS_SHARE, `the first analysis counts ${first.toFixed(0)} ms`);
  analyses.entryFor(TextDocument.create(uri, 'yaml', 2, POD.replace('name: app', 'name: web')));
  assert.ok(analyses.costOf(uri) >= SLOW_ANALYSIS_MS, `the edit counts ${analyses.costOf(uri).toFixed(0)} ms`);
});

test('a first analysis far over the threshold makes the document slow from the start', () => {
  const analyses = analysesTaking(() => (SLOW_ANALYSIS_MS / FIRST_ANALYSIS_SHARE) * 1.1);
  const uri = 'file:///big.yaml';
  analyses.entryFor(TextDocument.create(uri, 'yaml', 1, POD));
  assert.ok(analyses.costOf(uri) >= SLOW_ANALYSIS_MS);
});
