/**
 * Nodes written back by fixes come from their own source text, never from their parsed value: a
 * value re-serialised loses what it was (`env: *envs` became `{source: envs}`, `!!binary` a Buffer,
 * `0777` 777, a key `"x: y"` broke the line). What is not plain data — an alias, an anchor, a tag, a
 * merge key, a key that is not a scalar — is not written back at all (the fix is not offered).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar, visit } from 'yaml';

/** Whether a node holds an anchor or an alias: moving or copying its text could break either. */
export function hasAnchorsOrAliases(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if (isAlias(node) || (node as { anchor?: string }).anchor) return true;
  let found = false;
  try {
    visit(node as Node, {
      Node(_k, n) {
        if (isAlias(n) || n.anchor) {
          found = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    return true;
  }
  return found;
}

function range(n: unknown): [number, number] | null {
  const r = n && typeof n === 'object' ? (n as { range?: [number, number, number] }).range : undefined;
  return r ? [r[0], Math.max(r[0], r[1])] : null;
}

function scalarSource(s: Scalar, text: string): string | null {
  const r = range(s);
  if (!r) return null;
  const src = text.slice(r[0], r[1]);
  switch (s.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return /[\r\n]/.test(src) ? JSON.stringify(s.value) : src;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return typeof s.value === 'string' ? JSON.stringify(s.value) : null;
    default:
      if (typeof s.value === 'string') return /[,[\]{}#\r\n]|: |:$|^[-?:!&*|>'"%@`]/.test(src) ? JSON.stringify(s.value) : src;
      return src === '' ? 'null' : src;
  }
}

/** A plain-data node as one line of flow YAML built from its source, or null when it is not plain data. */
export function flowSource(node: unknown, text: string, depth = 0): string | null {
  if (depth > 50 || node === null || node === undefined || typeof node !== 'object') return node === null ? 'null' : null;
  if (isAlias(node)) return null;
  const n = node as Node;
  if (n.anchor || n.tag) return null;
  if (isScalar(n)) return scalarSource(n, text);
  if (isSeq(n)) {
    const items: string[] = [];
    for (const item of n.items) {
      const s = flowSource(item, text, depth + 1);
      if (s === null) return null;
      items.push(s);
    }
    return `[${items.join(', ')}]`;
  }
  if (isMap(n)) {
    const pairs: string[] = [];
    for (const p of n.items) {
      if (!isPair(p) || !isScalar(p.key)) return null;
      if (p.key.value === '<<' && p.key.type === 'PLAIN') return null;
      const k = flowSource(p.key, text, depth + 1);
      const v = p.value === null || p.value === undefined ? 'null' : flowSource(p.value, text, depth + 1);
      if (k === null || v === null) return null;
      pairs.push(`${k}: ${v}`);
    }
    return `{${pairs.join(', ')}}`;
  }
  return null;
}
