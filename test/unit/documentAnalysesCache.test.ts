/**
 * The language server hands the analysis the last version's result (`previous`), so that the cache lets
 * go of the versions typed over (reparse.ts, analyze.ts). A version with a syntax error is not a
 * manifest and keeps no result: the version after it must still let go of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../server/src/analysis/settings';
import { DocumentAnalyses } from '../../server/src/lsp/documentAnalyses';
import type { SettingsStore } from '../../server/src/lsp/settingsStore';
import { singlePod } from '../helpers/perfInputs';

test('typing through versions with a syntax error does not fill the cache', () => {
  const resolved = resolveSettings(null);
  const settings = { documentSettings: () => ({ resolved, maxFileSize: 10_000_000 }) } as unknown as SettingsStore;
  const connection = { console: { error() {} } } as unknown as ConstructorParameters<typeof DocumentAnalyses>[0];
  const analyses = new DocumentAnalyses(connection, settings);
  let text = singlePod(1000);
  let version = 1;
  analyses.entryFor(TextDocument.create('file:///pod.yaml', 'yaml', version, text));
  const size = analyses.analyzer.cacheSize;
  const at = text.indexOf('echo step 30 ') + 12;
  for (let n = 0; n < 10; n++) {
    text = text.slice(0, at + n) + 'k' + text.slice(at + n);
    analyses.entryFor(TextDocument.create('file:///pod.yaml', 'yaml', ++version, text));
    // `kind: [Pod` for a moment: not valid YAML, so not a manifest
    const broken = text.replace('kind: Pod', 'kind: [Pod');
    analyses.entryFor(TextDocument.create('file:///pod.yaml', 'yaml', ++version, broken));
  }
  analyses.entryFor(TextDocument.create('file:///pod.yaml', 'yaml', ++version, text));
  assert.ok(analyses.analyzer.cacheSize <= size + 2 * text.length, `the cache holds ${analyses.analyzer.cacheSize} characters after typing, ${size} before`);
});
