/**
 * Maps each character of a scalar's value back to its offset in the source, for every YAML scalar
 * style, so that a finding inside a shell script points at the offending words inside the YAML
 * string (quoted, escaped, folded or block). When the decoding here does not reproduce the value
 * the `yaml` library computed, the map falls back to the whole scalar: never a wrong position.
 */
import { Scalar } from 'yaml';

/** `at(i)`: the source offset of value[i]; `at(value.length)` is the end. */
export interface SourceOffsets {
  at(index: number): number | undefined;
}

export interface ScalarSource {
  value: string;
  /** Where each value character comes from; null when the decoding here did not reproduce the value. */
  offsets: SourceOffsets | null;
  start: number;
  end: number;
  /** The source text and the scalar's style, to find where value[i] ends (an escape spans several characters). */
  text: string;
  type: Scalar['type'];
}

/**
 * The source map of a scalar. Block scalars (every script written as `|`) are mapped line by line,
 * as runs (a line's content, a line break), each line checked against the value in one comparison:
 * the first analysis in a fresh process runs this in the interpreter for every script, and building
 * a string and an offset per character and joining them was 15–20 % of reading the scripts, a store
 * per character still 5 % of the first analysis (issue 15).
 */
export function scalarSource(text: string, node: Scalar): ScalarSource | null {
  if (typeof node.value !== 'string' || !node.range) return null;
  const start = node.range[0];
  const end = node.range[1];
  const value = node.value;
  const type = node.type;
  let offsets: SourceOffsets | null = null;
  try {
    switch (type) {
      case Scalar.PLAIN:
        offsets = fromDecoded(value, decodeFlow(text, start, end, 'plain'));
        break;
      case Scalar.QUOTE_SINGLE:
        offsets = fromDecoded(value, decodeFlow(text, start + 1, end - 1, 'single'));
        break;
      case Scalar.QUOTE_DOUBLE:
        offsets = fromDecoded(value, decodeFlow(text, start + 1, end - 1, 'double'));
        break;
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        offsets = decodeBlock(text, start, end, type === Scalar.BLOCK_FOLDED, value);
        break;
      default:
        offsets = null;
    }
  } catch {
    offsets = null;
  }
  return { value, offsets, start, end, text, type };
}

/** The offsets of a flow scalar's decoding, or null when it does not reproduce the value. */
function fromDecoded(value: string, decoded: Decoded): Int32Array | null {
  if (decoded.chars.join('') !== value) return null;
  const offsets = new Int32Array(value.length + 1);
  for (let i = 0; i < decoded.offs.length; i++) offsets[i] = decoded.offs[i];
  offsets[value.length] = decoded.endOffset;
  return offsets;
}

/** Source range of value[from, to). */
export function sourceRange(src: ScalarSource, from: number, to: number): [number, number] {
  return [sourceStart(src, from), sourceEnd(src, from, to)];
}

/**
 * Where value[from, …) starts in the source, and where value[from, to) ends: `sourceRange` without
 * the pair, for a reader that maps every word of a script (run interpreted, for every script, on a
 * first analysis: issue 15). Comparisons rather than `Math` calls for the same reason.
 */
export function sourceStart(src: ScalarSource, from: number): number {
  const offsets = src.offsets;
  if (!offsets) return src.start;
  return offsets.at(clampTo(from, 0, src.value.length)) ?? src.start;
}

export function sourceEnd(src: ScalarSource, from: number, to: number): number {
  const offsets = src.offsets;
  if (!offsets) return src.end;
  const a = clampTo(from, 0, src.value.length);
  const b = clampTo(to, a, src.value.length);
  if (b === a) return offsets.at(a) ?? src.start;
  const last = offsets.at(b - 1) ?? src.start;
  return last + sourceWidth(src.text, last, src.type);
}

function clampTo(i: number, low: number, high: number): number {
  // biome-ignore lint/complexity/useMathMinMax: two comparisons, where Math.min and Math.max are calls
  return i < low ? low : i > high ? high : i;
}

/** How many source characters produced the value character at `at`. */
function sourceWidth(text: string, at: number, type: Scalar['type']): number {
  const c = text[at];
  if (type === Scalar.QUOTE_DOUBLE && c === '\\') {
    const e = text[at + 1];
    return e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
  }
  if (type === Scalar.QUOTE_SINGLE && c === "'" && text[at + 1] === "'") return 2;
  if (c === '\r' && text[at + 1] === '\n') return 2;
  return 1;
}

interface Decoded {
  chars: string[];
  offs: number[];
  endOffset: number;
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r';
}

/** Plain and quoted (flow) scalars: line folding, `''` and backslash escapes. */
function decodeFlow(text: string, from: number, to: number, style: 'plain' | 'single' | 'double'): Decoded {
  const chars: string[] = [];
  const offs: number[] = [];
  let i = from;
  // pending whitespace inside a line, dropped if a line break follows
  let pendingWs: Array<[string, number]> = [];
  while (i < to) {
    const c = text[i];
    if (isBreak(c)) {
      // fold: drop trailing white space, count empty lines
      pendingWs = [];
      const breakAt = i;
      let breaks = 0;
      while (i < to && (isBreak(text[i]) || text[i] === ' ' || text[i] === '\t')) {
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        if (isBreak(text[i])) breaks++;
        i++;
      }
      if (breaks === 1) {
        chars.push(' ');
        offs.push(breakAt);
      } else {
        for (let k = 1; k < breaks; k++) {
          chars.push('\n');
          offs.push(breakAt);
        }
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      pendingWs.push([c, i]);
      i++;
      continue;
    }
    for (const [w, o] of pendingWs) {
      chars.push(w);
      offs.push(o);
    }
    pendingWs = [];
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      chars.push("'");
      offs.push(i);
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const e = text[i + 1];
      if (e === undefined) break;
      if (isBreak(e)) {
        // escaped line break: joins lines, leading white space of the next line dropped
        i += 1;
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        i++;
        while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
        continue;
      }
      const simple: Record<string, string> = {
        '0': '\0',
        a: '\x07',
        b: '\b',
        t: '\t',
        '\t': '\t',
        n: '\n',
        v: '\v',
        f: '\f',
        r: '\r',
        e: '\x1b',
        ' ': ' ',
        '"': '"',
        '/': '/',
        '\\': '\\',
        N: '\u0085',
        _: '\u00a0',
        L: '\u2028',
        P: '\u2029',
      };
      if (e in simple) {
        chars.push(simple[e]);
        offs.push(i);
        i += 2;
        continue;
      }
      const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (len === 0) throw new Error('bad escape');
      const code = parseInt(text.slice(i + 2, i + 2 + len), 16);
      const s = String.fromCodePoint(code);
      for (const ch of s.split('')) {
        chars.push(ch);
        offs.push(i);
      }
      i += 2 + len;
      continue;
    }
    chars.push(c);
    offs.push(i);
    i++;
  }
  if (style !== 'plain') {
    for (const [w, o] of pendingWs) {
      chars.push(w);
      offs.push(o);
    }
  }
  return { chars, offs, endOffset: style === 'plain' ? lastEnd(offs, from) : to };
}

function lastEnd(offs: number[], from: number): number {
  return offs.length ? offs[offs.length - 1] + 1 : from;
}

/**
 * `|` and `>` block scalars with indentation and chomping indicators: the offsets of `value`, or null
 * when this decoding does not reproduce it (each character is compared as it is mapped).
 */
function decodeBlock(text: string, from: number, to: number, folded: boolean, value: string): BlockOffsets | null {
  // header: | or > followed by indicators and an optional comment, up to the line break
  let i = from + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  while (i < to && !isBreak(text[i]) && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '#') {
    const c = text[i];
    if (c === '-') chomp = 'strip';
    else if (c === '+') chomp = 'keep';
    // explicit indentation indicators are relative to the parent node's indentation, which we do not have
    else if (c >= '1' && c <= '9') return null;
    i++;
  }
  while (i < to && !isBreak(text[i])) i++;
  if (text[i] === '\r' && text[i + 1] === '\n') i++;
  i++;
  // lines of content: starts and ends (at the line break) alternating
  const bounds: number[] = [];
  // without a `\r` in the block, a line ends at the next `\n`: found natively, where the test of each
  // character ran in the interpreter for every character of every script (issue 15)
  // (the block's own text: a search from here to the end of a CR-free document, once per block, was
  // quadratic in the number of blocks)
  const lfOnly = !text.slice(i, to).includes('\r');
  let ls = i;
  while (ls < to) {
    let le = ls;
    if (lfOnly) {
      le = text.indexOf('\n', ls);
      if (le < 0 || le > to) le = to;
    } else while (le < to && !isBreak(text[le])) le++;
    bounds.push(ls, le);
    if (le >= to) break;
    ls = le + (text[le] === '\r' && text[le + 1] === '\n' ? 2 : 1);
  }
  const lineCount = bounds.length / 2;
  // the block's indentation: the header line's parent indentation is unknown here, so take the
  // first line with something other than spaces
  let indent = 0;
  for (let l = 0; l < lineCount; l++) {
    const s = bounds[2 * l];
    const e = bounds[2 * l + 1];
    let k = s;
    while (k < e && text[k] === ' ') k++;
    if (k < e) {
      indent = k - s;
      break;
    }
  }
  // a line's content starts after the indentation; a line no longer than it is empty
  const contentStart = (l: number): number => Math.min(bounds[2 * l] + indent, bounds[2 * l + 1]);
  const isEmpty = (l: number): boolean => contentStart(l) === bounds[2 * l + 1];
  const moreIndented = (l: number): boolean => {
    const c = text[contentStart(l)];
    return !isEmpty(l) && (c === ' ' || c === '\t');
  };
  // trailing empty lines are dropped (chomping), their breaks kept for `keep`
  let last = lineCount - 1;
  while (last >= 0 && isEmpty(last)) last--;
  const length = value.length;
  // runs of value characters that come from consecutive source characters: a line's content, or one
  // line break (kept, or folded into a space); about two per line, where a table of every
  // character's offset cost a store per character
  const runs = new BlockOffsets(2 * lineCount + 2);
  let n = 0;
  /** Maps the next value character to the line break at `at`, if it is `ch`. */
  const put = (ch: number, at: number): boolean => {
    if (n >= length || value.charCodeAt(n) !== ch) return false;
    runs.add(n++, at);
    return true;
  };
  for (let l = 0; l <= last; l++) {
    const e = bounds[2 * l + 1];
    const cs = contentStart(l);
    if (e > cs) {
      if (n + (e - cs) > length || !value.startsWith(text.slice(cs, e), n)) return null;
      runs.add(n, cs);
      n += e - cs;
    }
    if (l === last) break;
    if (!folded || isEmpty(l) || moreIndented(l) || moreIndented(l + 1)) {
      if (!put(NEWLINE, e)) return null;
    } else if (!isEmpty(l + 1)) {
      if (!put(SPACE, e)) return null;
    }
    // else a run of empty lines follows: each one gives a newline, this break itself is dropped
  }
  if (last >= 0) {
    if (chomp !== 'strip' && !put(NEWLINE, bounds[2 * last + 1])) return null;
    if (chomp === 'keep') {
      for (let l = last + 1; l < lineCount; l++) if (!put(NEWLINE, bounds[2 * l + 1])) return null;
    }
  }
  if (n !== length) return null;
  runs.add(length, to);
  return runs;
}

/** A block scalar's offsets: runs that start at value index `index[r]` and source offset `source[r]`. */
class BlockOffsets implements SourceOffsets {
  private readonly index: Int32Array;
  private readonly source: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.index = new Int32Array(capacity);
    this.source = new Int32Array(capacity);
  }

  add(index: number, source: number): void {
    this.index[this.count] = index;
    this.source[this.count] = source;
    this.count++;
  }

  at(i: number): number | undefined {
    if (i < 0 || this.count === 0) return undefined;
    let lo = 0;
    let hi = this.count - 1;
    if (i >= this.index[hi]) return i === this.index[hi] ? this.source[hi] : undefined;
    // the last run that starts at or before i
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.index[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.source[lo] + (i - this.index[lo]);
  }
}

const NEWLINE = 10;
const SPACE = 32;
