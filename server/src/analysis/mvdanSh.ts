/**
 * mvdan-sh, loaded when the first script is read and without its global side effect.
 *
 * Lazily: the GopherJS bundle takes ~130 ms to load, and a server that opens no script need not pay
 * it at start-up.
 *
 * Without the side effect: the GopherJS runtime sets `Error.stackTraceLimit = Infinity` when it
 * loads, for the whole process; from then on every Error records the entire call stack. The `yaml`
 * composer creates one error per unclosed bracket while deep in its recursion, so 2,000 nested `[`
 * cost seconds instead of ~0.1 s. The limit the process had is put back right after loading.
 */
import type * as MvdanSh from 'mvdan-sh';

export type ShNode = MvdanSh.ShNode;
export type ShParser = MvdanSh.ShParser;
type Syntax = typeof MvdanSh.syntax;

// The analysis project has no Node types (see tsconfig.json): this is the one module it loads at run
// time by `require`, and V8's `Error.stackTraceLimit` is the one engine detail it touches.
declare function require(id: 'mvdan-sh'): typeof MvdanSh;
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };

let loaded: Syntax | null = null;

function load(): Syntax {
  if (!loaded) {
    const stackTraceLimit = V8Error.stackTraceLimit;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('mvdan-sh').syntax;
    } finally {
      V8Error.stackTraceLimit = stackTraceLimit;
    }
  }
  return loaded;
}

/** The parser's `syntax` namespace; the module loads on first use. */
export const syntax: Syntax = {
  NewParser: (...options) => load().NewParser(...options),
  NodeType: (node) => load().NodeType(node),
  Walk: (node, fn) => load().Walk(node, fn),
  Variant: (lang) => load().Variant(lang),
  get LangBash() {
    return load().LangBash;
  },
  get LangPOSIX() {
    return load().LangPOSIX;
  },
};
