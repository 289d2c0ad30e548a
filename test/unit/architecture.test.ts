/**
 * The architecture guide and the READMEs stay true to the tree: every path docs/architecture.md
 * names exists, every source and test folder is named there, and both READMEs list every rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
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

/**
 * Issue 10: one model of what each container does. The readers behind the facts — file effects,
 * image families, ports, the shell reader — are private to the facts layer: a rule, hover, fix,
 * completion or the timeline reads a container through `factsOf` (and the helpers `facts`
 * re-exports), never by calling them again. Only the facts layer, the readers themselves and the
 * model (which reads each container's program once) import them.
 */
test('the readers behind the facts are imported only by the facts layer', async () => {
  const analysis = path.join(root, 'server', 'src', 'analysis');
  const privateModules = ['fileEffects', 'images', 'localPorts', 'shell'].map((m) => path.join(analysis, `${m}.ts`));
  const allowed = (file: string): boolean =>
    file.startsWith(path.join(analysis, 'facts') + path.sep) || privateModules.includes(file) || file === path.join(analysis, 'model.ts');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(path.join(root, 'server', 'src'));
  walk(path.join(root, 'client', 'src'));
  // esbuild's parser reports every import that stays in the code (type-only imports are erased)
  const offenders: string[] = [];
  await esbuild.build({
    entryPoints: files,
    bundle: true,
    write: false,
    outdir: path.join(root, 'out-architecture-test'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'imports',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            if (args.path.startsWith('.') && !allowed(args.importer)) {
              const target = path.resolve(path.dirname(args.importer), args.path).replace(/\.ts$/, '') + '.ts';
              if (privateModules.includes(target)) offenders.push(`${path.relative(root, args.importer)} imports ${args.path}`);
            }
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  assert.ok(files.length > 100, 'the walk found the sources');
  assert.deepEqual([...new Set(offenders)].sort(), [], 'read these through factsOf (server/src/analysis/facts/index.ts)');
});
