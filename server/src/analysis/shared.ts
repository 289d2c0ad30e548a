/**
 * Text that is shared through YAML aliases: an anchored node (`&proxy`) that some alias (`*proxy`)
 * names, with everything inside it. Changing such text changes every place the alias is used, so
 * quick fixes never edit it (they offer the suppression comments only) and a rename edits it only
 * when every use lies in the Pod being renamed in. Pure: a parsed document in, sets out.
 */
import { type Document, isAlias, isPair, type Node, visit } from 'yaml';

export interface SharedText {
  /** Every node and pair inside an anchored node that some alias names (the anchored node too). */
  readonly nodes: ReadonlySet<object>;
  /** [start, end) of each such anchored node (document-relative). */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  /** The aliased anchored nodes that contain a node (outermost first), for `usesOf`. */
  rootsOf(node: object): object[];
  /** Where each aliased anchored node is used: the ranges of its aliases, and its own. */
  usesOf(root: object): Array<readonly [number, number]>;
}

function rangeOf(n: unknown): readonly [number, number] | null {
  const r = n && typeof n === 'object' ? (n as { range?: [number, number, number] }).range : undefined;
  return r ? [r[0], Math.max(r[0], r[1])] : null;
}

/** The shared text of a document, or null when it has no alias that names anything. */
export function sharedText(doc: Document): SharedText | null {
  const last = new Map<string, Node>();
  const aliasesOf = new Map<object, Array<readonly [number, number]>>();
  try {
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) {
          const target = last.get(node.source);
          const r = rangeOf(node);
          if (target && r) {
            const list = aliasesOf.get(target) ?? [];
            list.push(r);
            aliasesOf.set(target, list);
          }
        } else if (node.anchor) last.set(node.anchor, node);
      },
    });
  } catch {
    // too deep to walk: what was reached is indexed
  }
  if (aliasesOf.size === 0) return null;
  const nodes = new Set<object>();
  const roots = new Map<object, object[]>();
  const ranges: Array<readonly [number, number]> = [];
  for (const root of aliasesOf.keys()) {
    const r = rangeOf(root);
    if (r) ranges.push(r);
    const mark = (n: object): void => {
      nodes.add(n);
      const list = roots.get(n) ?? [];
      list.push(root);
      roots.set(n, list);
    };
    mark(root);
    try {
      visit(root as Node, {
        Pair(_k, pair) {
          if (isPair(pair)) mark(pair);
        },
        Node(_k, node) {
          mark(node);
        },
      });
    } catch {
      // as above
    }
  }
  return {
    nodes,
    ranges,
    rootsOf: (node) => roots.get(node) ?? [],
    usesOf: (root) => [...(rangeOf(root) ? [rangeOf(root)!] : []), ...(aliasesOf.get(root) ?? [])],
  };
}

/** Whether an edit of [start, end) changes shared text (an insertion counts when strictly inside). */
export function touchesShared(shared: SharedText | null, start: number, end: number): boolean {
  if (!shared) return false;
  for (const [a, b] of shared.ranges) {
    if (start === end ? a < start && start < b : start < b && end > a) return true;
  }
  return false;
}
