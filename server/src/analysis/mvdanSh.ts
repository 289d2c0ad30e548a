/**
 * The shell parser: InitLens's own (`shParser.ts`) first, and mvdan-sh, loaded when the first
 * script needs it and without its global side effect, for what the own parser does not read.
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
import { parseShell, ShNodeImpl, Unsupported, walk } from './shParser';

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
      loaded = require('mvdan-sh').syntax;
    } finally {
      V8Error.stackTraceLimit = stackTraceLimit;
    }
  }
  return loaded;
}

/** Which parser read the scripts so far (tests and the benchmark count the fallbacks). */
export const parseCounts = { own: 0, mvdan: 0 };

/**
 * Parses a script: with InitLens's own parser (`shParser.ts`) when it reads everything in it, else
 * with mvdan-sh (loaded then), which also has the last word on syntax errors.
 */
function parse(src: string, name: string): ShNode {
  try {
    const file = parseShell(src);
    parseCounts.own++;
    return file as unknown as ShNode;
  } catch (e) {
    // Unsupported, or too deep for the stack (10,000 nested `$(`): mvdan-sh decides
    void (e instanceof Unsupported);
  }
  parseCounts.mvdan++;
  mvdanParser ??= load().NewParser();
  return mvdanParser.Parse(src, name);
}

let mvdanParser: ShParser | null = null;

/** mvdan-sh alone (the differential test compares both parsers). */
export function parseWithMvdan(src: string): ShNode {
  mvdanParser ??= load().NewParser();
  return mvdanParser.Parse(src, '');
}

/** InitLens's parser alone; throws `Unsupported` where it would fall back. */
export function parseWithOwn(src: string): ShNode {
  return parseShell(src) as unknown as ShNode;
}

/** The parser's `syntax` namespace; mvdan-sh loads on first use, and only for what the own parser does not read. */
export const syntax: Syntax = {
  NewParser: () => ({ Parse: parse }) as ShParser,
  NodeType: (node) => (node instanceof ShNodeImpl ? node.type : load().NodeType(node)),
  Walk: (node, fn) => (node instanceof ShNodeImpl ? walk(node, fn as (n: ShNodeImpl | null) => boolean) : load().Walk(node, fn)),
  Variant: (lang) => load().Variant(lang),
  get LangBash() {
    return load().LangBash;
  },
  get LangPOSIX() {
    return load().LangPOSIX;
  },
};
