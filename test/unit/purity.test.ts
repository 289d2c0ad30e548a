/**
 * The analysis (`server/src/analysis`) is pure and has no hidden state:
 *   - it is a TypeScript project of its own in which importing `vscode`, the language server or
 *     client, or a Node built-in does not compile (the compiler, not a convention, keeps it pure);
 *   - an alias is resolved without a module-level "current document": nodes of any parsed document
 *     can be read in any order, by any caller;
 *   - the message language is part of the analyzer's cache key: a result is never served in the
 *     language of an earlier call.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer } from '../../server/src/analysis';
import { parseChunk } from '../../server/src/analysis/documents';
import { deref, get, getPath, scalarText } from '../../server/src/analysis/nodes';
import { useLocale } from '../../server/src/l10n';
import { root } from '../helpers/built';

const analysisProject = path.join(root, 'server', 'src', 'analysis', 'tsconfig.json');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(project: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', 'false'], { encoding: 'utf8', cwd: root });
  return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** Compiles `source` as one file under the analysis project's settings; returns the compiler's output. */
function compileProbe(source: string): { status: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(root, 'out', 'purity-'));
  try {
    fs.writeFileSync(path.join(dir, 'probe.ts'), source);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: analysisProject, compilerOptions: { rootDir: '.', outDir: './out' }, files: ['probe.ts'], include: [] }),
    );
    return compile(path.join(dir, 'tsconfig.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

fs.mkdirSync(path.join(root, 'out'), { recursive: true });

test('server/src/analysis compiles as its own project, without Node, VS Code or LSP types', () => {
  const r = compile(analysisProject);
  assert.equal(r.status, 0, r.out);
  const server = JSON.parse(fs.readFileSync(path.join(root, 'server', 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
  assert.deepEqual(server.references, [{ path: './src/analysis' }]);
  assert.ok(server.exclude.includes('src/analysis'), 'the server project must not compile the analysis with Node types');
});

test('importing vscode, the language server or a Node built-in into the analysis does not compile', () => {
  const forbidden = [
    'vscode',
    'vscode-languageserver/node',
    'vscode-languageserver-textdocument',
    'vscode-languageclient/node',
    'fs',
    'node:fs',
    'path',
    'node:child_process',
    'worker_threads',
  ];
  const source =
    forbidden.map((m, i) => `import * as m${i} from '${m}';\n`).join('') + `export const all = [${forbidden.map((_, i) => `m${i}`).join(', ')}];\n`;
  const r = compileProbe(source);
  assert.notEqual(r.status, 0);
  for (const [i, m] of forbidden.entries())
    assert.match(r.out, new RegExp(`Imported via '${m.replace(/[/-]/g, '\\$&')}'`), `${m} (line ${i + 1}) was allowed:\n${r.out}`);
  // and Node's globals are not there either
  const globals = compileProbe('export const x = [process.env, Buffer.from("x"), setTimeout];\n');
  assert.match(globals.out, /Cannot find name 'process'/);
  assert.match(globals.out, /Cannot find name 'Buffer'/);
  assert.match(globals.out, /Cannot find name 'setTimeout'/);
});

test('what the analysis may import still compiles under the same settings', () => {
  const r = compileProbe(
    `import { parseDocument } from 'yaml';\nimport * as l10n from '@vscode/l10n';\nexport const x = [parseDocument('a: 1'), l10n.t('x')];\n`,
  );
  assert.equal(r.status, 0, r.out);
});

test('aliases resolve in any document, in any order, without telling the analysis which one is current', () => {
  const a = parseChunk('x: &port 8080\ny: *port\n').doc!;
  const b = parseChunk('x: &port 9090\ny: *port\nz: *nothing\n').doc!;
  // read b's alias first, then a's, then b's again: each names its own document's anchor
  assert.equal(scalarText(get(b.contents, 'y')), '9090');
  assert.equal(scalarText(get(a.contents, 'y')), '8080');
  assert.equal(scalarText(get(b.contents, 'y')), '9090');
  assert.equal(deref(getPath(b.contents, ['z'])), null);
  // an alias before its anchor names nothing (YAML: an alias refers to an earlier anchor)
  assert.equal(get(parseChunk('y: *later\nx: &later 1\n').doc!.contents, 'y'), null);
});

afterEach(() => void useLocale('en'));

test('the analyzer never serves a result in the language of an earlier call', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: Init_One\n      image: busybox\n  containers:\n    - name: app\n      image: nginx\n';
  const analyzer = new Analyzer();
  const en = analyzer.analyze(text).findings.find((f) => f.rule === 'invalid-container-name');
  assert.ok(en && !/[\u4e00-\u9fff]/.test(en.message), en?.message);
  assert.equal(useLocale('zh-cn'), 'zh-cn');
  const zh = analyzer.analyze(text).findings.find((f) => f.rule === 'invalid-container-name');
  assert.match(zh!.message, /[\u4e00-\u9fff]/);
  assert.equal(analyzer.lastFresh, 1);
  useLocale('en');
  assert.equal(analyzer.analyze(text).findings.find((f) => f.rule === 'invalid-container-name')!.message, en.message);
});
