/**
 * Minimal text edits on YAML source: add, replace or remove one key or one list item and leave every
 * other byte alone — comments, key order, quoting, indentation width, the `- ` style of lists, flow
 * collections and line endings. New content is written in the style of the place it goes: a flow
 * map (`{name: a, image: b}`) gets flow text, a block map gets block lines indented like its keys.
 *
 * Offsets handed in are relative to the document chunk the nodes come from; edits come out absolute
 * (chunk offset added), ready for the whole file.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { ownPair as getPair } from '../nodes';
import type { SharedText } from '../shared';
import { cutComment } from '../text';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** YAML text written as it is (flow style, one line): a node's own source, not re-serialised. */
export class RawFlow {
  constructor(readonly text: string) {}
}

/** A value to write as YAML. Objects keep their key order. */
export type YValue = string | number | boolean | RawFlow | YValue[] | { [key: string]: YValue };

/** Thrown when an edit would change text shared through an alias, or a node not in its parent. */
export class SharedEditError extends Error {}

export interface EditStyle {
  eol: string;
  /** Spaces per nesting level. */
  unit: number;
  /** `- ` items indented under their key (`key:\n  - a`) rather than level with it (`key:\n- a`). */
  seqIndent: boolean;
}

/** Reads the document's conventions: line ending, indent width, list style. */
export function detectStyle(text: string): EditStyle {
  // CR alone (old Mac files) is a line break in YAML too: new lines are written with it
  const eol = /\r\n/.test(text) ? '\r\n' : /\r/.test(text) ? '\r' : '\n';
  const lines = text.split(/\r?\n|\r/);
  const steps = new Map<number, number>();
  let seqIn = 0;
  let seqOut = 0;
  let prev: { indent: number; opens: boolean; dash: boolean } | null = null;
  for (const raw of lines) {
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = raw.length - trimmed.length;
    const dash = trimmed.startsWith('- ') || trimmed === '-';
    if (prev?.opens) {
      if (dash && !prev.dash) {
        if (indent > prev.indent) seqIn++;
        else if (indent === prev.indent) seqOut++;
      }
      const keyIndent = prev.dash ? prev.indent + 2 : prev.indent;
      if (!dash && indent > keyIndent) steps.set(indent - keyIndent, (steps.get(indent - keyIndent) ?? 0) + 1);
      if (dash && !prev.dash && indent > prev.indent) steps.set(indent - prev.indent, (steps.get(indent - prev.indent) ?? 0) + 1);
    }
    const body = cutComment(trimmed);
    prev = { indent, opens: /:$/.test(body) && !/^-\s*$/.test(body), dash };
  }
  let unit = 2;
  let best = 0;
  for (const [w, n] of steps) {
    if (w >= 1 && w <= 8 && (n > best || (n === best && w < unit))) {
      unit = w;
      best = n;
    }
  }
  return { eol, unit, seqIndent: seqIn > seqOut || (seqIn === seqOut && true) };
}

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBERISH = /^[-+]?(?:\.?\d|0x|0o|\.inf|\.nan)/i;

/** A scalar as YAML: plain when that reads back as the same string, double-quoted otherwise. */
export function scalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  if (v !== '' && /^[A-Za-z0-9_/.$(][A-Za-z0-9_/.$(){}@=+,-]*(?: [A-Za-z0-9_/.$(){}@=+,-]+)*$/.test(v) && !RESERVED.test(v) && !NUMBERISH.test(v)) {
    if (!/[{},]/.test(v)) return v;
  }
  return JSON.stringify(v);
}

/** A value in flow style: `{name: work, emptyDir: {}}`. */
export function flow(v: YValue): string {
  if (v instanceof RawFlow) return v.text;
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? `{${entries.map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(', ')}}` : '{}';
  }
  return scalar(v);
}

function isEmptyCollection(v: YValue): boolean {
  return typeof v === 'object' && !(v instanceof RawFlow) && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
}

/** Lines (without line ends) of `key: value` in block style at column `col`. */
export function blockPair(key: string, v: YValue, col: number, style: EditStyle): string[] {
  const pad = ' '.repeat(col);
  const k = scalar(key);
  if (typeof v !== 'object' || v instanceof RawFlow || isEmptyCollection(v)) return [`${pad}${k}: ${flow(v)}`];
  if (Array.isArray(v)) return [`${pad}${k}:`, ...blockSeq(v, col + (style.seqIndent ? style.unit : 0), style)];
  return [`${pad}${k}:`, ...blockMap(v, col + style.unit, style)];
}

export function blockMap(v: { [key: string]: YValue } | RawFlow, col: number, style: EditStyle): string[] {
  if (v instanceof RawFlow) return [' '.repeat(col) + v.text];
  return Object.entries(v).flatMap(([k, x]) => blockPair(k, x, col, style));
}

export function blockSeq(items: YValue[], col: number, style: EditStyle): string[] {
  const pad = ' '.repeat(col);
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'object' && !Array.isArray(item) && !(item instanceof RawFlow) && !isEmptyCollection(item)) {
      const lines = blockMap(item, col + 2, style);
      lines[0] = `${pad}- ${lines[0].slice(col + 2)}`;
      out.push(...lines);
    } else {
      out.push(`${pad}- ${flow(item)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function nodeRange(n: unknown): [number, number, number] | null {
  const r = n && typeof n === 'object' ? (n as { range?: [number, number, number] }).range : undefined;
  return r ?? null;
}

/** Edits on one YAML document chunk. */
export class Editor {
  readonly style: EditStyle;

  constructor(
    /** The chunk's text (the nodes' offsets refer to it). */
    readonly text: string,
    /** The chunk's offset in the file: edits come out in file offsets (see DocumentAnalysis.editor). */
    private readonly base: number,
    style?: EditStyle,
    /** Text shared through aliases: no edit changes it. */
    readonly shared: SharedText | null = null,
  ) {
    this.style = style ?? detectStyle(text);
  }

  /** Refuses to edit a node that lies in text shared through an alias (it would change every use). */
  private own(node: unknown): void {
    if (node && typeof node === 'object' && this.shared?.nodes.has(node)) throw new SharedEditError('shared through an alias');
  }

  /** Refuses an item that is not written in the list itself (`- *alias` names a node elsewhere). */
  private member(seq: YAMLSeq, item: unknown): void {
    if (!seq.items.includes(item as never)) throw new SharedEditError('not an item of this list');
  }

  get eol(): string {
    return this.style.eol;
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { start: start + this.base, end: end + this.base, newText };
  }

  /** This document's text with `edits` (made by this editor, in file offsets) applied. */
  applied(edits: readonly TextEdit[]): string {
    return applyEdits(
      this.text,
      edits.map((e) => ({ ...e, start: e.start - this.base, end: e.end - this.base })),
    );
  }

  lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return i;
  }

  /** Offset of the line end (before `\r\n` / `\n`). */
  lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '\r') i++;
    return i;
  }

  /** Past the line end and its line break. */
  nextLine(offset: number): number {
    let i = this.lineEnd(offset);
    if (this.text[i] === '\r') i++;
    if (this.text[i] === '\n') i++;
    return i;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The indentation of the line holding `offset`. */
  indentOf(offset: number): string {
    const ls = this.lineStart(offset);
    let i = ls;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return this.text.slice(ls, i);
  }

  /**
   * Where a block collection's content ends: `atLineStart` when that is the start of a line (after a
   * block scalar, which owns its line break), else the end of its last line (after any comment).
   */
  contentEnd(node: unknown): { pos: number; atLineStart: boolean } {
    if (isScalar(node)) {
      const r = nodeRange(node)!;
      const s = node as Scalar;
      if ((s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED') && r[1] > 0 && (this.text[r[1] - 1] === '\n' || this.text[r[1] - 1] === '\r')) {
        return { pos: r[1], atLineStart: true };
      }
      return { pos: this.lineEnd(r[1]), atLineStart: false };
    }
    if (isMap(node) || isSeq(node)) {
      const coll = node as YAMLMap | YAMLSeq;
      if (coll.flow || coll.items.length === 0) return { pos: this.lineEnd(nodeRange(node)![1]), atLineStart: false };
      const last = coll.items[coll.items.length - 1];
      return this.contentEnd(last);
    }
    if (isPair(node)) {
      const p = node as Pair;
      if (p.value !== null && p.value !== undefined && nodeRange(p.value)) return this.contentEnd(p.value);
      return { pos: this.lineEnd(nodeRange(p.key)![1]), atLineStart: false };
    }
    const r = nodeRange(node);
    return { pos: r ? this.lineEnd(r[1]) : this.text.length, atLineStart: false };
  }

  /** The column of a block map's keys. */
  keyColumn(map: YAMLMap): number {
    const first = map.items[0];
    const r = first ? nodeRange(first.key) : nodeRange(map);
    return r ? this.column(r[0]) : 0;
  }

  /** Inserts lines (no line ends) after the content of a block node. */
  private insertLinesAfter(node: unknown, lines: string[]): TextEdit {
    const { pos, atLineStart } = this.contentEnd(node);
    const eol = this.eol;
    if (atLineStart) return this.edit(pos, pos, lines.map((l) => l + eol).join(''));
    return this.edit(pos, pos, lines.map((l) => eol + l).join(''));
  }

  /** Adds `key: value` pairs to a map, at its end or right after the pair `after` when present. */
  addPairs(map: YAMLMap, pairs: Array<[string, YValue]>, opts: { after?: string; before?: string } = {}): TextEdit {
    this.own(map);
    if (map.flow || map.items.length === 0) {
      const text = pairs.map(([k, v]) => `${scalar(k)}: ${flow(v)}`).join(', ');
      const r = nodeRange(map)!;
      if (map.items.length === 0) {
        const open = this.text.indexOf('{', r[0]);
        if (open >= 0 && open < r[1]) return this.edit(open + 1, open + 1, text);
        // an empty block value (`key:` with nothing) — should not happen for maps we edit
        return this.edit(r[0], r[1], `{${text}}`);
      }
      const last = map.items[map.items.length - 1];
      const end = nodeRange(last.value)?.[1] ?? nodeRange(last.key)![1];
      return this.edit(end, end, `, ${text}`);
    }
    const col = this.keyColumn(map);
    const lines = pairs.flatMap(([k, v]) => blockPair(k, v, col, this.style));
    const before = opts.before ? getPair(map, opts.before) : null;
    if (before) {
      const ks = nodeRange(before.key)![0];
      const ls = this.lineStart(ks);
      if (this.text.slice(ls, ks).trim() === '') return this.edit(ls, ls, lines.map((l) => l + this.eol).join(''));
    }
    const after = opts.after ? getPair(map, opts.after) : null;
    return this.insertLinesAfter(after ?? map.items[map.items.length - 1], lines);
  }

  addPair(map: YAMLMap, key: string, value: YValue, opts: { after?: string; before?: string } = {}): TextEdit {
    return this.addPairs(map, [[key, value]], opts);
  }

  /** Replaces a scalar's value, keeping its quoting style. */
  replaceScalar(node: Scalar, value: string): TextEdit {
    this.own(node);
    const r = nodeRange(node)!;
    let text: string;
    if (node.type === 'QUOTE_DOUBLE') text = JSON.stringify(value);
    else if (node.type === 'QUOTE_SINGLE') text = `'${value.replace(/'/g, "''")}'`;
    else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      // a block scalar owns its line break: keep one after the quoted replacement
      const src = this.text.slice(r[0], r[1]);
      text = JSON.stringify(value) + (/\r?\n$/.test(src) ? this.eol : '');
    } else text = scalar(value);
    return this.edit(r[0], r[1], text);
  }

  /** Removes the pair `key` from a map, with its lines (block) or its comma (flow). */
  removePair(map: YAMLMap, key: string): TextEdit | null {
    this.own(map);
    const pair = getPair(map, key);
    if (!pair) return null;
    const idx = map.items.indexOf(pair);
    const kr = nodeRange(pair.key)!;
    if (map.flow) {
      const end = nodeRange(pair.value)?.[1] ?? kr[1];
      if (idx + 1 < map.items.length) return this.edit(kr[0], nodeRange(map.items[idx + 1].key)![0], '');
      if (idx > 0) {
        const prev = map.items[idx - 1];
        const pe = nodeRange(prev.value)?.[1] ?? nodeRange(prev.key)![1];
        return this.edit(pe, end, '');
      }
      return this.edit(kr[0], end, '');
    }
    const ls = this.lineStart(kr[0]);
    const ownLine = this.text.slice(ls, kr[0]).trim() === '';
    if (!ownLine) {
      // the first key of a `- ` item: keep the dash, pull the next key up
      if (idx + 1 < map.items.length) return this.edit(kr[0], nodeRange(map.items[idx + 1].key)![0], '');
      const { pos, atLineStart } = this.contentEnd(pair);
      return this.edit(kr[0], atLineStart ? pos - this.lineBreakBefore(pos) : pos, '{}');
    }
    const { pos, atLineStart } = this.contentEnd(pair);
    return this.edit(ls, atLineStart ? pos : this.nextLine(pos), '');
  }

  private lineBreakBefore(pos: number): number {
    if (this.text[pos - 1] === '\n') return this.text[pos - 2] === '\r' ? 2 : 1;
    if (this.text[pos - 1] === '\r') return 1;
    return 0;
  }

  /** Where a seq item begins: its `- ` dash (block) or its own start (flow). */
  itemStart(seq: YAMLSeq, item: Node): number {
    this.member(seq, item);
    const r = nodeRange(item)!;
    if (seq.flow) return r[0];
    let i = r[0] - 1;
    while (i >= 0 && this.text[i] !== '-') i--;
    return Math.max(0, i);
  }

  /** [start, end) of a block seq item's whole lines (from the dash line to its last line's break). */
  itemLines(seq: YAMLSeq, item: Node): [number, number] {
    const dash = this.itemStart(seq, item);
    const { pos, atLineStart } = this.contentEnd(item);
    return [this.lineStart(dash), atLineStart ? pos : this.nextLine(pos)];
  }

  /** An item's source text as block lines (no final line break), re-indented so its dash sits at `col`. */
  itemText(seq: YAMLSeq, item: Node, col: number): string[] {
    const dash = this.itemStart(seq, item);
    const [, end] = this.itemLines(seq, item);
    const from = this.column(dash);
    const body = this.text.slice(dash, end).replace(/(\r?\n|\r)$/, '');
    const lines = body.split(/\r?\n|\r/);
    return lines.map((l, i) => {
      if (i === 0) return ' '.repeat(col) + l;
      return shiftLine(l, col - from);
    });
  }

  removeItem(seq: YAMLSeq, item: Node): TextEdit {
    this.own(seq);
    this.member(seq, item);
    const idx = seq.items.indexOf(item as never);
    if (seq.flow) {
      const r = nodeRange(item)!;
      if (idx + 1 < seq.items.length) return this.edit(r[0], nodeRange(seq.items[idx + 1])![0], '');
      if (idx > 0) return this.edit(nodeRange(seq.items[idx - 1])![1], r[1], '');
      return this.edit(r[0], r[1], '');
    }
    const [s, e] = this.itemLines(seq, item);
    return this.edit(s, e, '');
  }

  /** The column of a block seq's dashes. */
  dashColumn(seq: YAMLSeq): number {
    const first = seq.items[0];
    return first ? this.column(this.itemStart(seq, first as Node)) : 0;
  }

  /** Appends an item (as a value, or as ready block lines at the seq's dash column). */
  appendItem(seq: YAMLSeq, value: YValue, lines?: (col: number) => string[]): TextEdit {
    this.own(seq);
    if (seq.flow || seq.items.length === 0) {
      const r = nodeRange(seq)!;
      if (seq.items.length === 0) {
        const open = this.text.indexOf('[', r[0]);
        return this.edit(open + 1, open + 1, flow(value));
      }
      const end = nodeRange(seq.items[seq.items.length - 1])![1];
      return this.edit(end, end, `, ${flow(value)}`);
    }
    const col = this.dashColumn(seq);
    return this.insertLinesAfter(seq, lines ? lines(col) : blockSeq([value], col, this.style));
  }

  /** Inserts an item before `before` (same seq). */
  insertItemBefore(seq: YAMLSeq, before: Node, value: YValue, lines?: (col: number) => string[]): TextEdit {
    this.own(seq);
    this.member(seq, before);
    if (seq.flow) {
      const s = nodeRange(before)![0];
      return this.edit(s, s, `${flow(value)}, `);
    }
    const col = this.dashColumn(seq);
    const ls = this.lineStart(this.itemStart(seq, before));
    const body = lines ? lines(col) : blockSeq([value], col, this.style);
    return this.edit(ls, ls, body.map((l) => l + this.eol).join(''));
  }

  /**
   * Adds an item to the list under `key` in `map`, creating the key (after the pair `after`, before
   * the pair `before`, or at the end) when the map has none.
   */
  addToList(map: YAMLMap, key: string, value: YValue, opts: { after?: string; before?: string } = {}, lines?: (col: number) => string[]): TextEdit {
    this.own(map);
    const pair = getPair(map, key);
    const seq = pair && isSeq(pair.value) ? (pair.value as YAMLSeq) : null;
    if (seq) return this.appendItem(seq, value, lines);
    // `key: *alias`, `key: 3`…: adding a second `key` would drop the first
    if (pair && pair.value !== null && !(isScalar(pair.value) && (pair.value as Scalar).value === null)) throw new SharedEditError(`${key} is not a list here`);
    if (pair && (pair.value === null || (isScalar(pair.value) && (pair.value as Scalar).value === null))) {
      // `key:` with an empty value: write the list after it
      if (map.flow) {
        const kr = nodeRange(pair.key)!;
        const vr = nodeRange(pair.value);
        return this.edit(kr[0], vr ? Math.max(vr[1], kr[1]) : kr[1], `${key}: ${flow([value])}`);
      }
      const kcol = this.keyColumn(map);
      const col = kcol + (this.style.seqIndent ? this.style.unit : 0);
      const body = lines ? lines(col) : blockSeq([value], col, this.style);
      const ke = this.lineEnd(nodeRange(pair.key)![1]);
      const vr = nodeRange(pair.value);
      if (vr && vr[1] > vr[0]) {
        // `key: null` / `key: ~` (what `helm template` renders for `toYaml nil`): the null goes, a
        // comment after it stays
        // from the colon on, so that a tag or anchor of the null (`!!null ""`, `&none ~`) goes too
        const colon = this.text.indexOf(':', nodeRange(pair.key)![1]);
        const from = colon >= 0 && colon < vr[0] ? colon + 1 : vr[0];
        const end = this.lineEnd(vr[1]);
        const rest = this.text.slice(vr[1], end).trim();
        return this.edit(from, end, (rest ? ' ' + rest : '') + body.map((l) => this.eol + l).join(''));
      }
      return this.edit(ke, ke, body.map((l) => this.eol + l).join(''));
    }
    if (map.flow || !lines) return this.addPair(map, key, [value], opts);
    const kcol = this.keyColumn(map);
    const col = kcol + (this.style.seqIndent ? this.style.unit : 0);
    const body = [`${' '.repeat(kcol)}${key}:`, ...lines(col)];
    const before = opts.before ? getPair(map, opts.before) : null;
    if (before) {
      const ks = nodeRange(before.key)![0];
      const ls = this.lineStart(ks);
      if (this.text.slice(ls, ks).trim() === '') return this.edit(ls, ls, body.map((l) => l + this.eol).join(''));
    }
    const after = opts.after ? getPair(map, opts.after) : null;
    return this.insertLinesAfter(after ?? map.items[map.items.length - 1], body);
  }
}

function shiftLine(line: string, delta: number): string {
  if (delta === 0 || line.trim() === '') return line;
  if (delta > 0) return ' '.repeat(delta) + line;
  let n = 0;
  while (n < -delta && line[n] === ' ') n++;
  return line.slice(n);
}

/** Applies edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** One edit that turns `before` into `after`, as small as their common prefix and suffix allow. */
export function diffEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, end: before.length - s, newText: after.slice(p, after.length - s) };
}
