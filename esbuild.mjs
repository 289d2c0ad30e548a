// Bundles the extension for shipping. esbuild does not type-check: `npm run check-types` (tsc -b) does.
//   node esbuild.mjs               development build (source maps, not minified)
//   node esbuild.mjs --production  minified, no source maps (what the VSIX ships)
//   node esbuild.mjs --watch       rebuild on change
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import bundlePlugins from './scripts/bundle-plugins.cjs';

const { shellParserApart, yamlAsEsm } = bundlePlugins;

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the `file:line:col: error:` shape the esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * `crypto` and `child_process` are required at load by vscode-jsonrpc and vscode-languageserver but
 * used only for named pipes and global module paths, which the server never opens over stdio or IPC;
 * loading them was ~10% of start-up. They are handed over on first use instead.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(?:crypto|child_process)$/ }, (args) => ({ path: args.path, namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; const get = () => (m ??= require('node:${args.path}')); module.exports = new Proxy({}, { get: (_t, k) => get()[k], has: (_t, k) => k in get() });`,
      loader: 'js',
    }));
  },
};

/**
 * Every file that imports `vscode-languageserver/node` got its own copy of the module's ~1,000 exports
 * (esbuild's `__toESM` defines a getter per export for each importing file): seven copies, ~15 ms of
 * start-up CPU. Routed through one ES module that re-exports it, the copy is made once.
 */
const lspOnce = {
  name: 'lsp-once',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver\/node$/ }, (args) =>
      args.namespace === 'lsp-once' ? undefined : { path: 'vscode-languageserver/node', namespace: 'lsp-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lsp-once' }, () => ({
      contents: `export * from 'vscode-languageserver/node';`,
      loader: 'js',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    }));
  },
};

/**
 * Two server bundles (issue 15): dist/server-main.js answers `initialize` (the LSP library,
 * startServer.ts, capabilities.ts) and dist/server-rest.js holds the rest (settings, analyses,
 * features, the analysis and yaml: two thirds of the code), which startServer.ts loads right after the
 * answer. In the first bundle `require('./serverRest')` becomes restBundle.ts's loader of the second.
 */
const restApart = {
  name: 'rest-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/serverRest$/ }, (args) => ({ path: args.importer, namespace: 'rest-apart' }));
    build.onLoad({ filter: /.*/, namespace: 'rest-apart' }, () => ({
      contents: `module.exports = require('./restBundle').loadRestBundle();`,
      loader: 'js',
      resolveDir: fileURLToPath(new URL('./server/src/', import.meta.url)),
    }));
  },
};

/**
 * In dist/server-rest.js the modules the first bundle holds already are `require`d, and the loader
 * hands over the first bundle's (restBundle.ts, `sharedModules`): one copy of the LSP library.
 */
const sharedWithSkeleton = {
  name: 'shared-with-skeleton',
  setup(build) {
    build.onResolve({ filter: /^(?:vscode-languageserver\/node|vscode-languageserver-textdocument)$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

/**
 * The two server bundles: minified but for names. The stack traces the server logs (`safely`,
 * uncaught errors) name the functions and classes they passed through, as V8 does not apply a source
 * map to code the loader compiles itself; renaming as well would save about a quarter of their size
 * but no start-up time we could measure.
 */
const serverBundle = { ...common, minify: false, minifyWhitespace: production, minifySyntax: production };

const builds = [
  // The client runs in the extension host, which provides `vscode`.
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // dist/server.js starts dist/server-main.js with V8's code cache (server/src/loader.ts)
  { ...common, entryPoints: ['server/src/loader.ts'], outfile: 'dist/server.js', sourcemap: false },
  { ...serverBundle, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', plugins: [problemMatcher, restApart, lazyBuiltins, lspOnce] },
  {
    ...serverBundle,
    entryPoints: ['server/src/serverRest.ts'],
    outfile: 'dist/server-rest.js',
    plugins: [problemMatcher, shellParserApart, yamlAsEsm, lazyBuiltins, sharedWithSkeleton],
  },
  // The CLI is not shipped in the VSIX; `bin/initlens.js` loads dist/cli.js, which loads dist/cli-main.js
  // with V8's code cache (server/src/cliLoader.ts).
  { ...common, entryPoints: ['server/src/cliLoader.ts'], outfile: 'dist/cli.js', sourcemap: false },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js', plugins: [problemMatcher, shellParserApart, yamlAsEsm] },
  // Already minified by GopherJS; no source map (nobody steps through it).
  { ...common, entryPoints: ['node_modules/mvdan-sh/index.js'], outfile: 'dist/mvdan-sh.js', minify: true, sourcemap: false },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) process.exit(1);
}
