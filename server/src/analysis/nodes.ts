/**
 * Small, total accessors over the `yaml` AST. Every function accepts anything (a value of the wrong
 * type, an alias, null) and answers null rather than throwing, because manifests being typed are
 * rarely well-formed. The only code that knows the shape of yaml's `range` triple.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, Scalar, visit, type YAMLMap, type YAMLSeq } from 'yaml';

export type Range = readonly [start: number, end: number];

/**
 * A copy of `x` — anything that holds a `start` and an `end` offset in the text: a script word, a
 * command, a port use — with both moved by `delta` (a part of the model or of the facts carried to
 * the next version of a document, after an edit before it).
 */
export function movedSpan<T extends { start: number; end: number }>(x: T, delta: number): T {
  return { ...x, start: x.start + delta, end: x.end + delta };
}

/** Alias node → the node it names (null: names nothing), filled when a document is parsed. */
const aliasTargets = new WeakMap<object, Node | null>();

/**
 * Resolves every alias of `doc` in one walk: an alias names the last node before it with that
 * anchor. Called once by the parser (`documents.ts`) for each document that has anchors, so a node
 * never needs to know which document it belongs to and no "current document" is kept anywhere.
 * (yaml's `Alias.resolve` walks the whole document for each alias it resolves, which makes a
 * manifest with thousands of `*refs` quadratic: 2,000 containers took 47 s.)
 */
export function indexAliases(doc: Document): void {
  const last = new Map<string, Node>();
  try {
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) {
          aliasTargets.set(node, last.get(node.source) ?? null);
          withAliases.add(doc);
        } else if (node.anchor) last.set(node.anchor, node);
      },
    });
  } catch {
    // too deep to walk: the aliases not reached stay unresolved
    withAliases.add(doc);
  }
}

/** Documents whose aliases `indexAliases` resolved (or could not walk). */
const withAliases = new WeakSet<object>();

/**
 * Whether a document has aliases resolved to anchors: a copy of one of its alias nodes (the
 * incremental re-parse copies nodes) would not be resolved, so such a document is parsed in full.
 */
export function hasResolvedAliases(doc: Document): boolean {
  return withAliases.has(doc);
}

/*
 * yaml tells its node classes apart by one symbol-keyed property (`isScalar`, `isMap`… each read it:
 * `dist/nodes/identity.js`), and the symbols are in the global registry. The accessors below are
 * called a few hundred times per container, and asking yaml's predicates one after the other read
 * that property up to five times per call (`deref` then `asMap`); reading it once is the same test.
 * `test/unit/keyedPairs.test.ts` checks that these tags are the ones yaml's predicates use.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
/** @internal exported for the test that compares them with yaml's predicates */
export const TAG = {
  alias: Symbol.for('yaml.alias'),
  map: Symbol.for('yaml.map'),
  pair: Symbol.for('yaml.pair'),
  scalar: Symbol.for('yaml.scalar'),
  seq: Symbol.for('yaml.seq'),
} as const;
const ALIAS = TAG.alias;
const MAP = TAG.map;
const PAIR = TAG.pair;
const SCALAR = TAG.scalar;
const SEQ = TAG.seq;

/** yaml's node type tag of a value (undefined for anything that is no yaml node). */
export function tagOf(node: unknown): symbol | undefined {
  return node !== null && typeof node === 'object' ? (node as { [NODE_TYPE]?: symbol })[NODE_TYPE] : undefined;
}

/** Follows an alias to the node it names; null when it names nothing. */
export function deref(node: unknown, depth = 0): Node | null {
  const t = tagOf(node);
  if (t === SCALAR || t === MAP || t === SEQ) return node as Node;
  if (t === ALIAS) {
    if (depth > 8) return null;
    return deref(aliasTargets.get(node as object) ?? null, depth + 1);
  }
  return null;
}

export function asMap(node: unknown): YAMLMap<unknown, unknown> | null {
  const t = tagOf(node);
  if (t === MAP) return node as YAMLMap<unknown, unknown>;
  if (t !== ALIAS) return null;
  const n = deref(node);
  return tagOf(n) === MAP ? (n as YAMLMap<unknown, unknown>) : null;
}

export function asSeq(node: unknown): YAMLSeq<unknown> | null {
  const t = tagOf(node);
  if (t === SEQ) return node as YAMLSeq<unknown>;
  if (t !== ALIAS) return null;
  const n = deref(node);
  return tagOf(n) === SEQ ? (n as YAMLSeq<unknown>) : null;
}

export function asScalar(node: unknown): Scalar | null {
  const t = tagOf(node);
  if (t === SCALAR) return node as Scalar;
  if (t !== ALIAS) return null;
  const n = deref(node);
  return tagOf(n) === SCALAR ? (n as Scalar) : null;
}

/** A plain `<<` key: a merge (quoted `"<<"` is an ordinary key, as in Kubernetes' YAML decoder). */
export function isMergeKey(k: unknown): boolean {
  return tagOf(k) === SCALAR && (k as Scalar).value === '<<' && ((k as Scalar).type === 'PLAIN' || (k as Scalar).type === undefined) && !(k as Scalar).tag;
}

/** Merges followed at most this deep, and at most this many merged maps read per lookup (alias bombs). */
const MERGE_DEPTH = 8;
const MERGE_BUDGET = 64;

/** The maps a `<<` value merges, first one winning: a map, an alias of one, or a list of them. */
function mergeSources(value: unknown): YAMLMap<unknown, unknown>[] {
  const v = deref(value);
  if (v && isMap(v)) return [v as YAMLMap<unknown, unknown>];
  if (v && isSeq(v)) return (v as YAMLSeq<unknown>).items.map((i) => asMap(i)).filter((m): m is YAMLMap<unknown, unknown> => m !== null);
  return [];
}

function lookup(map: unknown, key: string, depth: number, budget: { left: number }): Pair<unknown, unknown> | null {
  const m = asMap(map);
  if (!m) return null;
  let found: Pair<unknown, unknown> | null = null;
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    if (isScalar(k) ? k.value === key : k === key) found = item as Pair<unknown, unknown>;
    else if (depth < MERGE_DEPTH && isMergeKey(k)) {
      // Kubernetes reads YAML with go-yaml v2: pairs apply in order, a merge sets the keys of its
      // maps there (a later key overrides it, a later merge too), and in `<<: [*a, *b]` *a wins
      for (const src of mergeSources(item.value)) {
        if (--budget.left < 0) break;
        const p = lookup(src, key, depth + 1, budget);
        if (p) {
          found = p;
          break;
        }
      }
    }
  }
  return found;
}

/**
 * The pair of `map` whose key is the plain string `key`: the last one, as YAML loaders keep, and
 * through merge keys (`<<: *base`) as Kubernetes resolves them. A pair found through a merge lies
 * in the anchored map, not in `map`: edits use `ownPair`.
 */
export function getPair(map: unknown, key: string): Pair<unknown, unknown> | null {
  // The model reads a dozen keys of every container map, and merge keys are rare: one pass without
  // the merge bookkeeping, handing over to the full walk only when the map has a `<<`.
  const m = asMap(map);
  if (!m) return null;
  let found: Pair<unknown, unknown> | null = null;
  const items = m.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (tagOf(item) !== PAIR) continue;
    const k = (item as Pair<unknown, unknown>).key;
    if (tagOf(k) === SCALAR) {
      const v = (k as Scalar).value;
      if (v === key) found = item as Pair<unknown, unknown>;
      // only a key whose value is `<<` can be a merge: the full test for those alone
      else if (v === '<<' && isMergeKey(k)) return lookup(m, key, 0, { left: MERGE_BUDGET });
    } else if (k === key) found = item as Pair<unknown, unknown>;
  }
  return found;
}

/** The pair written in `map` itself (no merges): what an edit may change. */
export function ownPair(map: unknown, key: string): Pair<unknown, unknown> | null {
  const m = asMap(map);
  if (!m) return null;
  let found: Pair<unknown, unknown> | null = null;
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    if (isScalar(k) ? k.value === key : k === key) found = item as Pair<unknown, unknown>;
  }
  return found;
}

/** Every pair of a map after its merges, one per key (the one that wins), in first-seen order. */
export function mapPairs(map: unknown, depth = 0, budget = { left: MERGE_BUDGET }): Pair<unknown, unknown>[] {
  const m = asMap(map);
  if (!m) return [];
  const plain = plainPairs(m.items);
  if (plain) return plain;
  const out = new Map<unknown, Pair<unknown, unknown>>();
  for (const item of m.items) {
    if (!isPair(item)) continue;
    if (depth < MERGE_DEPTH && isMergeKey(item.key)) {
      const sources = mergeSources(item.value);
      for (let i = sources.length - 1; i >= 0; i--) {
        if (--budget.left < 0) break;
        for (const p of mapPairs(sources[i], depth + 1, budget)) out.set(keyOf(p.key), p);
      }
      continue;
    }
    out.set(keyOf(item.key), item as Pair<unknown, unknown>);
  }
  return [...out.values()];
}

/**
 * The pairs of a small map that has no merge and no key twice, as they are (what `mapPairs` answers
 * for it, without its table), or null for any other map. Most maps a reader walks (`resources`'
 * `requests`, a volume) are two to five plain keys.
 */
function plainPairs(items: readonly unknown[]): Pair<unknown, unknown>[] | null {
  if (items.length > 12) return null;
  const out: Pair<unknown, unknown>[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (tagOf(item) !== PAIR) return null;
    const k = (item as Pair<unknown, unknown>).key;
    const key = keyOf(k);
    if (key === '<<' && isMergeKey(k)) return null;
    for (let j = 0; j < out.length; j++) {
      const other = keyOf(out[j].key);
      // the same key as the table's (SameValueZero: two `.nan` keys are one)
      if (other === key || (Number.isNaN(other) && Number.isNaN(key))) return null;
    }
    out.push(item as Pair<unknown, unknown>);
  }
  return out;
}

function keyOf(k: unknown): unknown {
  return tagOf(k) === SCALAR ? (k as Scalar).value : k;
}

/** Marks a scalar made by `scalarAt` for a `key: *alias` value: it stands where the alias is written. */
export const ALIAS_SITE: unique symbol = Symbol('aliasSite');

/**
 * The scalar value of `key`, positioned where the person wrote it. For `key: *anchor` that is the
 * alias, not the anchored scalar elsewhere in the file: a copy of the anchored scalar with the
 * alias's range, so a finding is reported on the line that uses the value and a fix replaces that
 * alias with a literal instead of changing every other user of the anchor.
 */
export function scalarAt(map: unknown, key: string): Scalar | null {
  return pairScalar(getPair(map, key));
}

/** `scalarAt` for a pair already found. */
export function pairScalar(p: Pair<unknown, unknown> | null): Scalar | null {
  if (!p) return null;
  const target = asScalar(p.value);
  if (!target || !isAlias(p.value)) return target;
  const site = (p.value as { range?: [number, number, number] }).range;
  if (!site) return target;
  const copy = new Scalar(target.value);
  copy.range = [site[0], site[1], site[2]];
  copy.type = 'PLAIN';
  if (target.source !== undefined) copy.source = target.source;
  (copy as Scalar & { [ALIAS_SITE]?: Scalar })[ALIAS_SITE] = target;
  return copy;
}

/**
 * The pairs of a map by key, found in one pass, for a reader that looks up many keys of the same map
 * (the model reads a dozen keys of every container): the same answers as `getPair` for each key —
 * the last pair with that plain key — or null when the map has a `<<` merge, which `getPair` follows.
 */
export function keyedPairs(map: unknown): Map<string, Pair<unknown, unknown>> | null {
  const m = asMap(map);
  if (!m) return null;
  const out = new Map<string, Pair<unknown, unknown>>();
  const items = m.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (tagOf(item) !== PAIR) continue;
    const k = (item as Pair<unknown, unknown>).key;
    const name = tagOf(k) === SCALAR ? (k as Scalar).value : k;
    if (typeof name === 'string') {
      if (name === '<<' && isMergeKey(k)) return null;
      out.set(name, item as Pair<unknown, unknown>);
    }
  }
  return out;
}

/**
 * The pairs of `map` for each of `keys`, in the same order: what `getPair` answers for each (the last
 * pair with that plain key, through merges), found in one pass over the map when it has no `<<`
 * merge, and without the table `keyedPairs` builds. For a reader that wants a handful of known keys
 * of many maps (the model reads eleven keys of every container, five of every mount).
 */
export function pairsFor(map: unknown, keys: readonly string[]): Array<Pair<unknown, unknown> | null> {
  const out: Array<Pair<unknown, unknown> | null> = [];
  for (let j = 0; j < keys.length; j++) out.push(null);
  const m = asMap(map);
  if (!m) return out;
  const items = m.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (tagOf(item) !== PAIR) continue;
    const k = (item as Pair<unknown, unknown>).key;
    const name = tagOf(k) === SCALAR ? (k as Scalar).value : k;
    if (typeof name !== 'string') continue;
    if (name === '<<' && isMergeKey(k)) {
      for (let x = 0; x < keys.length; x++) out[x] = getPair(m, keys[x]);
      return out;
    }
    const j = keys.indexOf(name);
    if (j >= 0) out[j] = item as Pair<unknown, unknown>;
  }
  return out;
}

/** A reader of one map's keys: through `keyedPairs` when the map has no merge, else `getPair` per key. */
export function pairsOf(map: unknown): (key: string) => Pair<unknown, unknown> | null {
  const keyed = keyedPairs(map);
  return keyed ? (key) => keyed.get(key) ?? null : (key) => getPair(map, key);
}

/** The value of a pair, through an alias. */
export function pairValue(p: Pair<unknown, unknown> | null): Node | null {
  return p ? deref(p.value) : null;
}

export function has(map: unknown, key: string): boolean {
  return getPair(map, key) !== null;
}

export function get(map: unknown, key: string): Node | null {
  const p = getPair(map, key);
  return p ? deref(p.value) : null;
}

/** Walks `a.b.c` through maps. */
export function getPath(map: unknown, path: readonly string[]): Node | null {
  let cur: unknown = map;
  for (const k of path) {
    cur = get(cur, k);
    if (!cur) return null;
  }
  return cur as Node;
}

/** A scalar's value as a string (numbers and booleans as written); null for anything else. */
export function scalarText(node: unknown): string | null {
  const s = asScalar(node);
  if (!s) return null;
  const v = s.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return s.source !== undefined ? String(s.source) : String(v);
  }
  return null;
}

/** A scalar's value only when it is a string (not `null`, not a number). */
export function stringValue(node: unknown): string | null {
  const s = asScalar(node);
  return s && typeof s.value === 'string' ? s.value : null;
}

export function getString(map: unknown, key: string): string | null {
  return stringValue(get(map, key));
}

export function getNumber(map: unknown, key: string): number | null {
  const s = asScalar(get(map, key));
  if (!s) return null;
  if (typeof s.value === 'number' && Number.isFinite(s.value)) return s.value;
  return null;
}

export function getBool(map: unknown, key: string): boolean | null {
  const s = asScalar(get(map, key));
  return s && typeof s.value === 'boolean' ? s.value : null;
}

export function seqItems(node: unknown): Node[] {
  const s = asSeq(node);
  if (!s) return [];
  const out: Node[] = [];
  for (const item of s.items) {
    const n = deref(item);
    if (n) out.push(n);
  }
  return out;
}

/** The items of a list like `seqItems`, each with the range of the `*alias` it is written as (or null). */
export function seqEntries(node: unknown): Array<{ node: Node; aliasSite: Range | null }> {
  const s = asSeq(node);
  if (!s) return [];
  const out: Array<{ node: Node; aliasSite: Range | null }> = [];
  for (const item of s.items) {
    const n = deref(item);
    if (n) out.push({ node: n, aliasSite: isAlias(item) ? rangeOf(item) : null });
  }
  return out;
}

/** [start, end) of a node's value in the text (without trailing comments). */
export function rangeOf(node: unknown): Range | null {
  if (node === null || typeof node !== 'object') return null;
  const r = (node as { range?: [number, number, number] }).range;
  if (!r) return null;
  return [r[0], Math.max(r[0], r[1])];
}

/** The range of a key in a map (the key scalar itself). */
export function keyRange(map: unknown, key: string): Range | null {
  const p = getPair(map, key);
  return p ? rangeOf(p.key) : null;
}

/** The range of the value of `key`, or of the key when the value is empty. */
export function valueRange(map: unknown, key: string): Range | null {
  const p = getPair(map, key);
  if (!p) return null;
  const v = rangeOf(p.value);
  if (v && v[1] > v[0]) return v;
  return rangeOf(p.key);
}

/** From the key's start to the value's end: the whole `key: value` entry. */
export function pairRange(pair: Pair<unknown, unknown>): Range | null {
  const k = rangeOf(pair.key);
  const v = rangeOf(pair.value);
  if (!k) return v;
  if (!v) return k;
  return [k[0], Math.max(k[1], v[1])];
}

/** Whether a string came from a Helm/Go template action. */
export function isTemplated(s: string | null): boolean {
  return s?.includes('{{') ?? false;
}
