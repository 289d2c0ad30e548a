/**
 * Incremental re-parse of one YAML document after an edit inside one block-sequence item — typing in
 * one container of a single big Pod, or in one item of a `kind: List` — so that the edit costs a
 * parse of that item rather than of the whole document (issue 15: a 1,000-line Pod is ~16 ms to parse,
 * its biggest container a few hundred microseconds).
 *
 * The new tree is the old one with the edited item replaced by a parse of the item's new text, every
 * node after it copied with its offsets moved by the edit's length, and the collections on the way
 * to it copied; nodes before the edit are shared with the old tree (their text and offsets did not
 * change; neither tree is ever mutated). It is only used when it is provably what a full parse gives:
 *
 * - the old document parsed without errors or warnings, and has no anchors, aliases or directives;
 * - the edit lies inside one item of a block sequence whose dash starts its line, after that dash,
 *   and every line of the item's new text is blank or indented deeper than the dash, so the item
 *   still ends where it ended (the text after it is the same);
 * - parsed alone, the item's *old* text gives exactly the node the full parse gave (ranges, values,
 *   scalar styles, comments): the item reads the same in the document as alone, so its new text
 *   does too; and its new text parses alone without an error into exactly one item.
 *
 * Anything else returns null and the caller parses the whole document. `test/unit/reparse.test.ts`
 * compares the result with a full parse after thousands of random edits over the examples, the
 * fixtures and the corpus.
 */
import { hasResolvedAliases } from './nodes';
import { Alias, type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { composeDocuments, hasDirectives } from './documents';

/** A parsed document and the text it was parsed from. */
export interface ParsedText {
  text: string;
  doc: Document.Parsed;
}

/** What one re-parse did (for the tests and the benchmark). */
export interface Reparsed {
  doc: Document.Parsed;
  /** The re-parsed item's new text, in document offsets. */
  region: readonly [start: number, end: number];
  /** How much longer the new text is (negative when shorter): text after the region moved by it. */
  delta: number;
  /** The re-parsed item as the new tree holds it. */
  item: Node;
}

/** Block items at most this deep are looked at (a manifest's containers are at depth 4–9). */
const MAX_DEPTH = 64;
/** Items that came from a parse of their own text alone, put in place by `reparseEdit`. */
const readsAlone = new WeakSet<object>();

/**
 * The sequence items that are maps this module copied with their offsets moved (containers among
 * them), each to the map of the previous tree it is a copy of and by how much it moved: the model
 * reads a moved container from its old self (model.ts).
 */
const moves = new WeakMap<object, { from: YAMLMap; delta: number }>();

/**
 * How far `node` moved from `from` when it is the previous tree's map `from` (an item of a sequence)
 * copied by `reparseEdit` with every offset moved (every node under it a copy of the one under
 * `from`, and the text it spans the same), else null.
 */
export function movedBy(node: YAMLMap, from: YAMLMap): number | null {
  const m = moves.get(node);
  return m && m.from === from ? m.delta : null;
}

/** Items tried, deepest first, before giving up. */
const MAX_TRIES = 3;

interface Candidate {
  /** Collections from the root to the sequence, and the child index taken in each. */
  path: Array<{ node: YAMLMap | YAMLSeq; index: number }>;
  seq: YAMLSeq;
  index: number;
  /** Line start of the item's dash line. */
  start: number;
  /** Where the item's text ends: the next item's dash, or the end of the sequence. */
  end: number;
  /** Column of the dash. */
  column: number;
}

/** The tree after `next` replaced `prev.text`, or null when only a full parse can say. */
export function reparseEdit(prev: ParsedText, next: string): Reparsed | null {
  const old = prev.text;
  const doc = prev.doc;
  if (doc.errors.length > 0 || doc.warnings.length > 0) return null;
  if (!doc.contents || !(isMap(doc.contents) || isSeq(doc.contents))) return null;
  // anchors and aliases tie distant nodes together; comments that hold directives are read from the
  // token stream (documents.ts): both are left to a full parse
  if (hasResolvedAliases(doc)) return null;
  if (next.includes('initlens-disable') || old.includes('initlens-disable')) return null;
  // directives (`%YAML 1.1`, `%TAG`) change how every scalar and tag of the document reads, and the
  // item parsed alone does not see them
  if (hasDirectives(old) || hasDirectives(next)) return null;
  if (next.includes('\r') !== old.includes('\r')) return null;

  const p = commonPrefix(old, next);
  if (p === old.length && p === next.length) return null;
  const oldEnd = old.length - commonSuffix(old, next, Math.min(old.length, next.length) - p);
  const delta = next.length - old.length;

  // the deepest item first; a shallower one when the deepest does not read the same alone
  const candidates = itemsHolding(doc.contents as YAMLMap | YAMLSeq, old, p, oldEnd)
    .reverse()
    .slice(0, MAX_TRIES);
  for (const found of candidates) {
    // an item that is most of the document: two parses of it cost more than one of the whole
    if ((found.end - found.start) * 3 > old.length) return null;
    const newEnd = found.end + delta;
    const newText = next.slice(found.start, newEnd);
    if (!linesStayInside(newText, found.column) || !endsLine(next, newEnd)) continue;
    // blank lines at its end belong to what follows it (yaml's `spaceBefore` of the next node)
    const oldText = old.slice(found.start, found.end);
    if (trailingSpace(newText) !== trailingSpace(oldText)) continue;
    // the item's old text alone must read exactly as it does in the document
    // (an item this module parsed alone is known to: typing on in one container skips this parse)
    const oldItem = found.seq.items[found.index] as Node;
    if (!readsAlone.has(oldItem)) {
      const before = soleItem(composeDocuments(oldText));
      if (!before || !sameNode(before, oldItem, found.start, true)) continue;
    }
    const after = soleItem(composeDocuments(newText));
    if (!after || anchorsOrAliasesIn(after)) return null;
    // what closes the item — a trailing comment, an empty value — may attach to the node after it in
    // the document but to nothing alone: the full parse decides those
    if (endsInComment(newText) || endsEmpty(after)) return null;
    const item = shifted(after, found.start);
    // what lies before the item's dash line — blank lines, a comment — is outside its text: the full
    // parse records it on the item, and it did not change
    const lead = oldItem as Node & { spaceBefore?: boolean; commentBefore?: string | null };
    if (lead.spaceBefore) (item as typeof lead).spaceBefore = true;
    if (lead.commentBefore) (item as typeof lead).commentBefore = lead.commentBefore;
    readsAlone.add(item);
    return { doc: replaced(doc, found, item, delta), region: [found.start, newEnd], delta, item };
  }
  return null;
}

/** Characters compared at once by the prefix and suffix scans (natively, as substrings). */
const BLOCK = 1024;

/**
 * The length of the text `a` and `b` start with: whole blocks compared as substrings (`===` on two
 * slices: V8 slices a flat string as a view and compares them natively), then characters in the
 * first block that differs. Scanned char by char, a 35 KB document took 1.7–3.6 ms per edit until V8
 * had optimised the loop; by blocks, ~0.1 ms cold.
 */
export function commonPrefix(a: string, b: string): number {
  const min = Math.min(a.length, b.length);
  let p = 0;
  while (p + BLOCK <= min && a.slice(p, p + BLOCK) === b.slice(p, p + BLOCK)) p += BLOCK;
  while (p < min && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** The length of the text `a` and `b` end with, at most `max` (what the common prefix leaves). */
export function commonSuffix(a: string, b: string, max: number): number {
  let s = 0;
  while (s + BLOCK <= max && a.slice(a.length - s - BLOCK, a.length - s) === b.slice(b.length - s - BLOCK, b.length - s)) s += BLOCK;
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

function replaced(doc: Document.Parsed, found: Candidate, item: Node, delta: number): Document.Parsed {
  const contents = rebuild(found, item, delta);
  const copy = copyOf(doc) as Document.Parsed;
  copy.contents = contents as Document.Parsed['contents'];
  const r = doc.range;
  copy.range = [r[0], r[1] + delta, r[2] + delta];
  copy.errors = [];
  copy.warnings = [];
  return copy;
}

/** An anchor or an alias in the item: it would tie the item to nodes outside it. */
function anchorsOrAliasesIn(node: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH * 4) return true;
  if (isPair(node)) return anchorsOrAliasesIn(node.key, depth + 1) || anchorsOrAliasesIn(node.value, depth + 1);
  if (isAlias(node)) return true;
  if (!isNodeLike(node)) return false;
  if ((node as Node).anchor) return true;
  const items = (node as { items?: unknown[] }).items;
  return Array.isArray(items) && items.some((i) => anchorsOrAliasesIn(i, depth + 1));
}

/** The one item of a document that is a block sequence of one item, with no error or stray comment. */
function soleItem(docs: Document.Parsed[]): Node | null {
  if (docs.length !== 1) return null;
  const d = docs[0];
  if (d.errors.length > 0 || d.warnings.length > 0 || d.comment || d.commentBefore) return null;
  const seq = d.contents;
  if (!isSeq(seq) || seq.flow || seq.items.length !== 1 || seq.comment || seq.commentBefore) return null;
  const item = seq.items[0];
  return item && isNodeLike(item) ? (item as Node) : null;
}

/**
 * The item's new text still ends at the end of a line (only the next item's indentation after it), so
 * the text after it starts a line as it did: an edit that joins the item's last line with the next
 * one is not inside the item.
 */
function endsLine(text: string, end: number): boolean {
  if (end >= text.length) return true;
  let i = end - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  return i >= 0 && text.charCodeAt(i) === 10;
}

function trailingSpace(text: string): string {
  let i = text.length;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c !== 32 && c !== 10 && c !== 13) break;
    i--;
  }
  return text.slice(i);
}

/** The item's last line with content is (or ends in) a comment. */
function endsInComment(text: string): boolean {
  let end = text.length;
  for (;;) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(lineStart, end);
    if (line.trim().length > 0) return line.includes('#');
    if (lineStart === 0) return false;
    end = lineStart - 1;
  }
}

/** The item's last node is an empty value (`key:` with nothing after it, or a bare `-`). */
function endsEmpty(node: unknown): boolean {
  let n: unknown = node;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (isPair(n)) {
      n = (n as Pair<unknown, unknown>).value;
      if (n === null || n === undefined) return true;
      continue;
    }
    if (isScalar(n)) return n.range ? n.range[0] === n.range[1] : true;
    const items = (n as { items?: unknown[] } | null)?.items;
    if (!Array.isArray(items)) return true;
    if (items.length === 0) return false;
    n = items[items.length - 1];
  }
  return true;
}

/**
 * Every line after the item's dash line is blank or indented deeper than the dash (spaces only), so
 * nothing in the new text closes the item early or reaches into its parent.
 */
function linesStayInside(text: string, column: number): boolean {
  let at = text.indexOf('\n');
  while (at !== -1 && at + 1 < text.length) {
    const line = at + 1;
    let i = line;
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const blank = i >= text.length || c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10);
    if (!blank) {
      if (c === 9) return false; // a tab in the indentation: let the full parser decide
      if (i - line <= column) return false;
    }
    at = text.indexOf('\n', line);
  }
  return true;
}

/** The block-sequence items whose text holds the edit [from, to), outermost first. */
function itemsHolding(root: YAMLMap | YAMLSeq, text: string, from: number, to: number): Candidate[] {
  const found: Candidate[] = [];
  const path: Candidate['path'] = [];
  let node: unknown = root;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (isMap(node)) {
      const items = (node as YAMLMap).items;
      let next = -1;
      for (let i = 0; i < items.length; i++) {
        const v = items[i].value;
        const r = isNodeLike(v) ? v.range : null;
        if (r && r[0] <= from && to <= r[2]) {
          next = i;
          break;
        }
      }
      if (next < 0 || (node as YAMLMap).flow) return found;
      path.push({ node: node as YAMLMap, index: next });
      node = items[next].value;
    } else if (isSeq(node)) {
      const seq = node as YAMLSeq;
      if (seq.flow) return found;
      let next = -1;
      for (let i = 0; i < seq.items.length; i++) {
        const r = isNodeLike(seq.items[i]) ? (seq.items[i] as Node).range : null;
        if (r && r[0] <= from && to <= r[2]) {
          next = i;
          break;
        }
      }
      if (next < 0) return found;
      const c = itemSpan(seq, next, text, from, to);
      if (c) found.push({ ...c, path: [...path] });
      path.push({ node: seq, index: next });
      node = seq.items[next];
    } else {
      return found;
    }
  }
  return found;
}

/** Where item `index` of a block sequence starts and ends in the text, if the edit [from, to) is inside it. */
function itemSpan(seq: YAMLSeq, index: number, text: string, from: number, to: number): Omit<Candidate, 'path'> | null {
  const item = seq.items[index] as Node;
  if (!item.range) return null;
  const dash = dashBefore(text, item.range[0]);
  if (dash < 0) return null;
  let start = dash;
  while (start > 0 && text.charCodeAt(start - 1) === 32) start--;
  if (start > 0 && text.charCodeAt(start - 1) !== 10) return null;
  const column = dash - start;
  let end: number;
  if (index + 1 < seq.items.length) {
    const nextItem = seq.items[index + 1];
    if (!isNodeLike(nextItem)) return null;
    const d = dashBefore(text, (nextItem.range as NodeRange)[0]);
    if (d < 0) return null;
    end = d;
    // the next item's indentation is not part of the edit
    let lineStart = d;
    while (lineStart > 0 && text.charCodeAt(lineStart - 1) === 32) lineStart--;
    if (to > lineStart) return null;
  } else {
    if (!seq.range) return null;
    end = seq.range[2];
    if (end < text.length && end > 0 && text.charCodeAt(end - 1) !== 10) return null;
    if (to > end) return null;
  }
  if (from <= dash) return null;
  return { seq, index, start, end, column };
}

/** The dash of the item whose content starts at `at`: only white space between them; -1 when there is none. */
function dashBefore(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13) break;
    i--;
  }
  return i >= 0 && text.charCodeAt(i) === 45 /* - */ ? i : -1;
}

function isNodeLike(v: unknown): v is Node {
  return (isMap(v) || isSeq(v) || isScalar(v) || isAlias(v)) && Array.isArray((v as Node).range);
}

/** Whether `a` (parsed alone, offsets relative to `offset`) is the same node as `b` from the full parse. */
function sameNode(a: unknown, b: unknown, offset: number, top = false): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (isPair(a) || isPair(b)) {
    if (!isPair(a) || !isPair(b)) return false;
    return sameNode(a.key, b.key, offset) && sameNode(a.value, b.value, offset);
  }
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (isMap(a) !== isMap(b) || isSeq(a) !== isSeq(b) || isScalar(a) !== isScalar(b) || isAlias(a) !== isAlias(b)) return false;
  const x = a as Node & { items?: unknown[]; value?: unknown; type?: string; source?: string; flow?: boolean };
  const y = b as Node & { items?: unknown[]; value?: unknown; type?: string; source?: string; flow?: boolean };
  const rx = x.range;
  const ry = y.range;
  if (!rx || !ry || rx[0] + offset !== ry[0] || rx[1] + offset !== ry[1] || rx[2] + offset !== ry[2]) return false;
  if (x.comment !== y.comment) return false;
  // the item itself (`top`) is parsed without the lines before its dash, which the full parse records on it
  if (!top && (x.commentBefore !== y.commentBefore || x.spaceBefore !== y.spaceBefore)) return false;
  if (top && ((x.commentBefore && x.commentBefore !== y.commentBefore) || (x.spaceBefore && !y.spaceBefore))) return false;
  if (x.tag !== y.tag || x.anchor !== y.anchor) return false;
  if (isScalar(x) || isAlias(x)) return x.value === y.value && x.type === y.type && x.source === y.source;
  if (x.flow !== y.flow) return false;
  const ix = x.items ?? [];
  const iy = y.items ?? [];
  if (ix.length !== iy.length) return false;
  for (let i = 0; i < ix.length; i++) if (!sameNode(ix[i], iy[i], offset)) return false;
  return true;
}

type NodeRange = NonNullable<Node['range']>;

/** How yaml marks what a node is (`isScalar` and the others read it): read once per node here. */
const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR = Symbol.for('yaml.scalar');
const MAP = Symbol.for('yaml.map');
const SEQ = Symbol.for('yaml.seq');
const PAIR = Symbol.for('yaml.pair');

/**
 * A copy of a subtree with every offset moved by `delta` (shared when `delta` is 0). This runs for
 * every node after the edit (half of a big Pod on average, thousands of nodes), so it reads what a
 * node is once, makes each copy with the node's own constructor and one `Object.assign`, and loops
 * without closures; anything unusual (an alias, a node of another class) goes through `copyOf`.
 */
function shifted<T>(node: T, delta: number): T {
  if (delta === 0 || node === null || typeof node !== 'object') return node;
  const type = (node as { [NODE_TYPE]?: symbol })[NODE_TYPE];
  if (type === PAIR) {
    const p = node as unknown as Pair<unknown, unknown>;
    // most pairs hold a key and a value and nothing else: built as the composer builds them
    if (Object.getPrototypeOf(p) === Pair.prototype && (p as { srcToken?: unknown }).srcToken === undefined) {
      return new Pair(shifted(p.key, delta), shifted(p.value, delta)) as T;
    }
    const c = Object.assign(new Pair<unknown, unknown>(null), p);
    c.key = shifted(p.key, delta);
    c.value = shifted(p.value, delta);
    if (Object.getPrototypeOf(c) !== Object.getPrototypeOf(p)) Object.setPrototypeOf(c, Object.getPrototypeOf(p));
    return c as T;
  }
  const r = (node as { range?: NodeRange }).range;
  if (!Array.isArray(r)) return node;
  let c: Node & { items?: unknown[] };
  if (type === SCALAR && Object.getPrototypeOf(node) === Scalar.prototype) {
    c = scalarCopy(node as unknown as Scalar);
  } else if ((type === MAP && Object.getPrototypeOf(node) === YAMLMap.prototype) || (type === SEQ && Object.getPrototypeOf(node) === YAMLSeq.prototype)) {
    const from = node as unknown as YAMLMap | YAMLSeq;
    c = type === MAP ? new YAMLMap(from.schema) : new YAMLSeq(from.schema);
    // most collections of a manifest carry only their items, range and flow flag: set one by one, as
    // `Object.assign` (property by property, cold) cost more than the rest of the copy
    if (!bare(from)) Object.assign(c, from);
    else if (from.flow !== undefined) (c as YAMLMap).flow = from.flow;
    const items = from.items as unknown[];
    const copies = new Array<unknown>(items.length);
    if (type === SEQ) for (let i = 0; i < items.length; i++) copies[i] = shiftedItem(items[i], delta);
    else for (let i = 0; i < items.length; i++) copies[i] = shifted(items[i], delta);
    c.items = copies;
  } else if (isNodeLike(node)) {
    c = copyOf(node) as Node & { items?: unknown[] };
    const items = (node as { items?: unknown[] }).items;
    if (Array.isArray(items)) c.items = items.map((i) => (isSeq(node) ? shiftedItem(i, delta) : shifted(i, delta)));
  } else {
    return node;
  }
  c.range = [r[0] + delta, r[1] + delta, r[2] + delta];
  return c as T;
}

/**
 * Whether a node carries nothing the composer adds only now and then (a comment, blank lines or a
 * comment before it, a tag, an anchor, its source token): most nodes of a manifest, which a copy can
 * then build field by field.
 */
function bare(n: Node): boolean {
  const x = n as Node & { spaceBefore?: boolean; commentBefore?: string | null; srcToken?: unknown };
  return (
    x.comment === undefined &&
    x.commentBefore === undefined &&
    x.spaceBefore === undefined &&
    x.tag === undefined &&
    x.anchor === undefined &&
    x.srcToken === undefined
  );
}

/**
 * A copy of a scalar. Most scalars of a manifest hold just what the composer gives every one of them
 * (value, range, source and style), set here one by one, which is several times faster than
 * `Object.assign`; one with anything more (a comment, a tag, an anchor, blank lines before it, a
 * number's format) is copied whole.
 */
function scalarCopy(s: Scalar): Scalar {
  if (!bare(s) || s.format !== undefined || s.minFractionDigits !== undefined) return Object.assign(new Scalar(null), s);
  // the same properties in the same order as the composer gives them (`type` only when it has one)
  const c = new Scalar(s.value);
  c.range = s.range;
  c.source = s.source;
  if (s.type !== undefined) c.type = s.type;
  return c;
}

/** An item of a block sequence moved by `delta`; a map (a container, a volume…) is recorded for `movedBy`. */
function shiftedItem(item: unknown, delta: number): unknown {
  const c = shifted(item, delta);
  if (c !== item && isMap(item)) {
    // The old item's own record (the map it was copied from, one version earlier) is let go: its
    // model was built when its version was analysed, and nothing asks again. Kept, each version's
    // copy held the one before it alive through its record, and typing in a big Pod kept every
    // version of the items after the cursor (0.5 MB per edit of a 1,000-line Pod, without bound).
    moves.delete(item as object);
    moves.set(c as object, { from: item as YAMLMap, delta });
  }
  return c;
}

/** The root with the edited item in place: copies on the path, shifted copies after it, the rest shared. */
function rebuild(found: Candidate, item: Node, delta: number): Node {
  const seqCopy = copyOf(found.seq);
  seqCopy.items = found.seq.items.map((it, i) => (i < found.index ? it : i === found.index ? item : shiftedItem(it, delta)));
  seqCopy.range = growEnd(found.seq.range as NodeRange, delta);
  let child: Node = seqCopy;
  for (let level = found.path.length - 1; level >= 0; level--) {
    const { node, index } = found.path[level];
    const copy = copyOf(node) as YAMLMap | YAMLSeq;
    copy.range = growEnd(node.range as NodeRange, delta);
    if (isMap(node)) {
      const pairs = (node as YAMLMap).items;
      (copy as YAMLMap).items = pairs.map((pair, i) => {
        if (i < index) return pair;
        if (i > index) return shifted(pair, delta);
        const p = copyOf(pair) as Pair<unknown, unknown>;
        p.value = child;
        return p;
      });
    } else {
      const items = (node as YAMLSeq).items;
      (copy as YAMLSeq).items = items.map((it, i) => (i < index ? it : i === index ? child : shiftedItem(it, delta)));
    }
    child = copy as Node;
  }
  return child;
}

/**
 * A shallow copy of a yaml node, pair or document: its own properties with their descriptors (yaml
 * marks what a node is with a non-enumerable symbol, which `Object.assign` would drop).
 */
function copyOf<T extends object>(o: T): T {
  // made by the node's own constructor (which sets that symbol), then given the node's properties:
  // several times faster than copying property descriptors, and this runs for every node after the edit
  let c: object;
  if (isScalar(o)) c = new Scalar(o.value);
  else if (isMap(o)) c = new YAMLMap(o.schema);
  else if (isSeq(o)) c = new YAMLSeq(o.schema);
  else if (isPair(o)) c = new Pair(o.key, o.value);
  else if (isAlias(o)) c = new Alias(o.source);
  else return Object.create(Object.getPrototypeOf(o), Object.getOwnPropertyDescriptors(o)) as T;
  if (Object.getPrototypeOf(c) !== Object.getPrototypeOf(o)) Object.setPrototypeOf(c, Object.getPrototypeOf(o));
  return Object.assign(c, o) as T;
}

function growEnd(r: NodeRange, delta: number): NodeRange {
  return [r[0], r[1] + delta, r[2] + delta];
}

/** Exposed for the differential test: whether two trees are the same, node for node. */
export function sameTree(a: Document.Parsed, b: Document.Parsed): boolean {
  const ra = a.range;
  const rb = b.range;
  if (ra[0] !== rb[0] || ra[1] !== rb[1] || ra[2] !== rb[2]) return false;
  if (a.comment !== b.comment || a.commentBefore !== b.commentBefore) return false;
  return sameNode(a.contents, b.contents, 0);
}
