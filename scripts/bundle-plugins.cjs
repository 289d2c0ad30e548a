// esbuild plugins for every bundle that holds the analysis (the server, the CLI, and the bench's
// first-analysis bundle in bench/worstCase.ts), so that what the bench measures is built like what ships.
const path = require('node:path');

/**
 * The shell parser (mvdan-sh, a 1.5 MB GopherJS bundle: three quarters of the server's code) is its own
 * file, dist/mvdan-sh.js, which the server and the CLI `require` the first time they read a script
 * (server/src/analysis/mvdanSh.ts). Inside server.js it was read and compiled at every start even
 * when no script is ever opened: about half of the start-up time (issue 15).
 */
const shellParserApart = {
  name: 'shell-parser-apart',
  setup(build) {
    build.onResolve({ filter: /^mvdan-sh$/ }, () => ({ path: './mvdan-sh.js', external: true }));
  },
};

/**
 * `yaml` as an ES module (the package's own `browser/` build: the same sources as `dist/`, as ES
 * modules; the one difference is that warnings go to `console.warn` rather than
 * `process.emitWarning`). Bundled from `dist/`, a CommonJS package, every name our code imports from
 * it (`isScalar`, `isMap`, `isPair`, … called for every node the model reads) is reached through a
 * getter esbuild defines on a copy of its exports — a function call per use, which the first
 * analyses after start-up run in the interpreter. As ES modules the bundle calls them directly.
 * Measured with bench/worstCase.ts's 1,000-line Pod: server CPU per edit p50 about 15 % lower.
 */
const yamlAsEsm = {
  name: 'yaml-as-esm',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: path.join(__dirname, '..', 'node_modules', 'yaml', 'browser', 'index.js') }));
  },
};

module.exports = { shellParserApart, yamlAsEsm };
