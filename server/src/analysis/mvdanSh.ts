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

let loaded: Syntax | null = null;

function load(): Syntax {
  if (!loaded) {
    const stackTraceLimit = Error.stackTraceLimit;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = (require('mvdan-sh') as typeof MvdanSh).syntax;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
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
