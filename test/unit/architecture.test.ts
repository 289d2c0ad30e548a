/**
 * The architecture guide and the READMEs stay true to the tree: every path docs/architecture.md
 * names exists, every source and test folder is named there, and both READMEs list every rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/analysis/rules';

const root = path.join(__dirname, '..', '..');
const guide = fs.readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');

/** Backticked tokens that are repository paths (`server/src/lsp/`, `test/unit/agreement.test.ts`). */
function namedPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/`([^`\s]+)`/g)) {
    const p = m[1];
    if (!p.includes('/') || p.includes('<') || p.includes('*') || p.startsWith('../') || p.startsWith('--')) continue;
    if (!/^[\w.-]+(\/[\w.-]+)*\/?$/.test(p)) continue;
    out.add(p);
  }
  return [...out];
}

function subfolders(rel: string): string[] {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${rel}/${d.name}/`);
}

test('every path the architecture guide names exists', () => {
  const paths = namedPaths(guide);
  assert.ok(paths.length > 20, `only ${paths.length} paths found: the extraction broke`);
  const missing = paths.filter((p) => !fs.existsSync(path.join(root, p)));
  assert.deepEqual(missing, [], 'named in docs/architecture.md but not in the tree');
});

test('every source and test folder is named in the architecture guide', () => {
  const folders = [
    ...subfolders('server/src'),
    ...subfolders('server/src/analysis'),
    ...subfolders('test'),
    'client/src/',
    'media/',
    'snippets/',
    'l10n/',
    'docs/',
    'examples/',
    'bench/',
    'scripts/',
  ];
  const named = new Set(namedPaths(guide).map((p) => (p.endsWith('/') ? p : p + '/')));
  const missing = folders.filter((f) => !named.has(f) && !named.has(f.replace(/\/$/, '')));
  assert.deepEqual(missing, [], 'folders docs/architecture.md does not name');
});

for (const readme of ['README.md', 'docs/zh-cn/README.md']) {
  test(`${readme} lists every rule of the registry`, () => {
    const text = fs.readFileSync(path.join(root, readme), 'utf8');
    const missing = allRules.filter((r) => !text.includes(`\`${r.id}\``)).map((r) => r.id);
    assert.deepEqual(missing, []);
  });
}
