/**
 * Maps each character of a scalar's value back to its offset in the source, for every YAML scalar
 * style, so that a finding inside a shell script points at the offending words inside the YAML
 * string (quoted, escaped, folded or block). When the decoding here does not reproduce the value
 * the `yaml` library computed, the map falls back to the whole scalar: never a wrong position.
 */
import { Scalar } from 'yaml';

export interface ScalarSource {
  value: string;
  /** offsets[i] is the source offset of value[i]; offsets[value.length] is the end. */
  offsets: Int32Array | null;
  /** ends[i] is the source offset just after value[i] (escapes span several source characters). */
  ends: Int32Array | null;
  start: number;
  end: number;
}

export function scalarSource(text: string, node: Scalar): ScalarSource | null {
  if (typeof node.value !== 'string' || !node.range) return null;
  const start = node.range[0];
  const end = node.range[1];
  const value = node.value;
  let decoded: Decoded | null = null;
  try {
    switch (node.type) {
      case Scalar.PLAIN:
        decoded = decodeFlow(text, start, end, 'plain');
        break;
      case Scalar.QUOTE_SINGLE:
        decoded = decodeFlow(text, start + 1, end - 1, 'single');
        break;
      case Scalar.QUOTE_DOUBLE:
        decoded = decodeFlow(text, start + 1, end - 1, 'double');
        break;
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        decoded = decodeBlock(text, start, end, node.type === Scalar.BLOCK_FOLDED);
        break;
      default:
        decoded = null;
    }
  } catch {
    decoded = null;
  }
  if (decoded && decoded.chars.join('') === value) {
    const offsets = new Int32Array(value.length + 1);
    for (let i = 0; i < decoded.offs.length; i++) offsets[i] = decoded.offs[i];
    offsets[value.length] = decoded.endOffset;
    const ends = new Int32Array(value.length);
    for (let i = 0; i < value.length; i++) ends[i] = offsets[i] + sourceWidth(text, offsets[i], node.type);
    return { value, offsets, ends, start, end };
  }
  return { value, offsets: null, ends: null, start, end };
}

/** Source range of value[from, to). */
export function sourceRange(src: ScalarSource, from: number, to: number): [number, number] {
  if (!src.offsets) return [src.start, src.end];
  const a = Math.max(0, Math.min(from, src.value.length));
  const b = Math.max(a, Math.min(to, src.value.length));
  if (b === a || !src.ends) return [src.offsets[a], src.offsets[a]];
  return [src.offsets[a], src.ends[b - 1]];
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

/** `|` and `>` block scalars with indentation and chomping indicators. */
function decodeBlock(text: string, from: number, to: number, folded: boolean): Decoded {
  // header: | or > followed by indicators and an optional comment, up to the line break
  let i = from + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let explicitIndent = 0;
  while (i < to && !isBreak(text[i]) && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '#') {
    const c = text[i];
    if (c === '-') chomp = 'strip';
    else if (c === '+') chomp = 'keep';
    else if (c >= '1' && c <= '9') explicitIndent = Number(c);
    i++;
  }
  while (i < to && !isBreak(text[i])) i++;
  if (text[i] === '\r' && text[i + 1] === '\n') i++;
  i++;
  // lines of content
  const lines: Array<{ start: number; end: number }> = [];
  let ls = i;
  while (ls < to) {
    let le = ls;
    while (le < to && !isBreak(text[le])) le++;
    lines.push({ start: ls, end: le });
    if (le >= to) break;
    ls = le + (text[le] === '\r' && text[le + 1] === '\n' ? 2 : 1);
  }
  // the block's indentation: the header line's parent indentation is unknown here, so take the
  // first non-empty line's indentation (or the explicit indicator relative to it, rarely used)
  let indent = -1;
  for (const l of lines) {
    let k = l.start;
    while (k < l.end && text[k] === ' ') k++;
    if (k < l.end) {
      indent = k - l.start;
      break;
    }
  }
  if (explicitIndent > 0) {
    // explicit indicators are relative to the parent node's indentation, which we do not have
    throw new Error('explicit indentation indicator');
  }
  const chars: string[] = [];
  const offs: number[] = [];
  if (indent < 0) indent = 0;
  type L = { content: string; offs: number[]; empty: boolean; more: boolean; brk: number };
  const parsed: L[] = lines.map((l) => {
    const st = Math.min(l.start + indent, l.end);
    const content = l.end - l.start <= indent && /^ *$/.test(text.slice(l.start, l.end)) ? '' : text.slice(st, l.end);
    const o: number[] = [];
    for (let k = 0; k < content.length; k++) o.push(st + k);
    return { content, offs: o, empty: content.length === 0, more: /^[ \t]/.test(content), brk: l.end };
  });
  // drop trailing empty lines for chomping, remembering their breaks for `keep`
  let last = parsed.length - 1;
  while (last >= 0 && parsed[last].empty) last--;
  const trailing = parsed.slice(last + 1);
  const body = parsed.slice(0, last + 1);
  for (let k = 0; k < body.length; k++) {
    const l = body[k];
    for (let c = 0; c < l.content.length; c++) {
      chars.push(l.content[c]);
      offs.push(l.offs[c]);
    }
    if (k === body.length - 1) break;
    if (!folded) {
      chars.push('\n');
      offs.push(l.brk);
    } else {
      const next = body[k + 1];
      if (l.empty || l.more || next.more) {
        chars.push('\n');
        offs.push(l.brk);
      } else if (next.empty) {
        // a run of empty lines: each one gives a newline, the break itself is dropped
      } else {
        chars.push(' ');
        offs.push(l.brk);
      }
    }
  }
  if (body.length > 0) {
    const lastLine = body[body.length - 1];
    if (chomp !== 'strip') {
      chars.push('\n');
      offs.push(lastLine.brk);
    }
    if (chomp === 'keep') {
      for (const t of trailing) {
        chars.push('\n');
        offs.push(t.brk);
      }
    }
  }
  return { chars, offs, endOffset: to };
}
