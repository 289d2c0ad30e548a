/**
 * Where a snippet may go, decided from the text alone (no parse: what is being typed rarely parses):
 * - a list item of an `initContainers:` / `containers:` / `volumes:` block sequence, at the column
 *   the list's items use;
 * - the top of an empty YAML document (column 0, nothing but comments and `---` around it).
 * And how to turn a snippet body into correctly indented insert text for that place. Pure.
 */
import { indentSnippetBody, type SnippetDefinition } from './snippetSyntax';

export type ListKey = 'initContainers' | 'containers' | 'volumes';

export type CompletionContext =
  | {
      kind: 'list-item';
      list: ListKey;
      /** Column of the items' `-`. */
      dashColumn: number;
      /** Offsets of the text the completion replaces (on the cursor's line, ends at the cursor). */
      replaceStart: number;
      replaceEnd: number;
      /** The text in the replaced range (what the editor filters on). */
      replaced: string;
      /** Whether the replaced text starts at the beginning of the line (re-indenting it). */
      fromLineStart: boolean;
      /** The list already has items (above or below the cursor). */
      hasItems: boolean;
    }
  | { kind: 'top-level'; replaceStart: number; replaceEnd: number; replaced: string }
  | { kind: 'none' };

const LIST_KEY = /^(\s*)(initContainers|containers|volumes):\s*(?:#.*)?$/;
const TYPED = /^(\s*)(-(?:\s+|$))?([A-Za-z0-9_-]*)$/;

interface Line {
  start: number;
  /** Offset of the line's `\n` (or the end of the text); `text` may be one shorter (no `\r`). */
  end: number;
  text: string;
}

function lineAt(text: string, offset: number): Line {
  // (lastIndexOf treats a negative start as 0: it would find a newline at 0 itself)
  const start = offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return { start, end, text: text.slice(start, end).replace(/\r$/, '') };
}

function indentOf(s: string): number {
  return /^ */.exec(s)![0].length;
}

function isBlankOrComment(s: string): boolean {
  const t = s.trim();
  return t === '' || t.startsWith('#');
}

function isDashLine(s: string): boolean {
  return /^\s*-(?:\s|$)/.test(s);
}

export function completionContext(text: string, offset: number): CompletionContext {
  offset = Math.max(0, Math.min(offset, text.length));
  const line = lineAt(text, offset);
  const prefix = text.slice(line.start, offset);
  const m = TYPED.exec(prefix);
  if (!m || prefix.includes('\t')) return { kind: 'none' };
  const ws = m[1].length;

  const top = topLevel(text, offset, line, prefix);
  if (top) return top;

  // walk up to the list key
  let minInd = ws;
  let dashAtMin = -1;
  let found: { list: ListKey; indent: number } | null = null;
  let passed = 0;
  let pos = line.start;
  while (pos > 0) {
    const prev = lineAt(text, pos - 1);
    pos = prev.start;
    const s = prev.text;
    if (isBlankOrComment(s)) continue;
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(s)) break;
    const ind = indentOf(s);
    const key = LIST_KEY.exec(s);
    if (key && ind <= minInd) {
      // deeper than the key, or at the key's column as its items (`-` may sit under the key), or an
      // empty list with the cursor at the key's column
      if (ind < minInd || dashAtMin === ind || passed === 0) {
        found = { list: key[2] as ListKey, indent: ind };
      }
      break;
    }
    passed++;
    if (isDashLine(s)) {
      if (ind < minInd) {
        // a dash line further left than where we are: we are inside that item, unless it is the item list
        minInd = ind;
        dashAtMin = ind;
      } else if (ind === minInd) {
        dashAtMin = ind;
      }
      continue;
    }
    if (ind <= minInd) break;
  }
  if (!found) return { kind: 'none' };

  // the items' column: an item seen above at the smallest indent, else one below, else the cursor's
  let dashColumn = dashAtMin >= 0 && dashAtMin >= found.indent ? dashAtMin : -1;
  const hasItems = dashColumn >= 0 || hasItemBelow(text, line, found.indent);
  if (dashColumn < 0) {
    let p = line.end + 1;
    while (p <= text.length) {
      const next = lineAt(text, p);
      if (!isBlankOrComment(next.text)) {
        if (isDashLine(next.text) && indentOf(next.text) >= found.indent) dashColumn = indentOf(next.text);
        break;
      }
      if (next.end >= text.length) break;
      p = next.end + 1;
    }
  }
  if (dashColumn < 0) dashColumn = ws >= found.indent ? ws : found.indent + 2;
  if (ws > dashColumn) return { kind: 'none' };
  const fromLineStart = ws !== dashColumn;
  const replaceStart = fromLineStart ? line.start : line.start + ws;
  return {
    kind: 'list-item',
    list: found.list,
    dashColumn,
    replaceStart,
    replaceEnd: offset,
    replaced: text.slice(replaceStart, offset),
    fromLineStart,
    hasItems,
  };
}

/** The next line with content below the cursor's is an item of the list (a dash at or right of the key). */
function hasItemBelow(text: string, line: Line, keyIndent: number): boolean {
  let p = line.end + 1;
  while (p <= text.length) {
    const next = lineAt(text, p);
    if (!isBlankOrComment(next.text)) return isDashLine(next.text) && indentOf(next.text) >= keyIndent;
    if (next.end >= text.length) return false;
    p = next.end + 1;
  }
  return false;
}

/**
 * The `kind` of the document before the one the cursor is in (`Deployment`), or null: a second
 * document in a file is most likely another of the same kind.
 */
export function previousDocumentKind(text: string, offset: number): string | null {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const markers = [...before.matchAll(/^---[ \t]*(?:#.*)?$/gm)];
  if (markers.length === 0) return null;
  const last = markers[markers.length - 1].index!;
  const prevStart = markers.length > 1 ? markers[markers.length - 2].index! : 0;
  const m = /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(before.slice(prevStart, last));
  return m ? m[1] : null;
}

/** Column 0 of a document that holds nothing yet but comments and markers. */
function topLevel(text: string, offset: number, line: Line, prefix: string): CompletionContext | null {
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) return null;
  if (/^(?:---|\.\.\.)/.test(line.text)) return null;
  if (text.slice(offset, line.end).trim() !== '') return null;
  const marker = /^(?:---|\.\.\.)(?:\s|$)/;
  // up to the previous document marker: nothing but comments, blank lines and directives
  let pos = line.start;
  while (pos > 0) {
    const prev = lineAt(text, pos - 1);
    pos = prev.start;
    if (marker.test(prev.text)) {
      if (prev.text.slice(3).replace(/#.*$/, '').trim() !== '') return null;
      break;
    }
    if (!isBlankOrComment(prev.text) && !prev.text.startsWith('%')) return null;
  }
  // down to the next document marker: nothing either
  // (from the `\n`, not from `start + text.length`: with CRLF that is the `\n` itself, the same line again)
  let p = line.end + 1;
  while (p <= text.length) {
    const next = lineAt(text, p);
    if (marker.test(next.text)) break;
    if (!isBlankOrComment(next.text)) return null;
    if (next.end >= text.length) break;
    p = next.end + 1;
  }
  return { kind: 'top-level', replaceStart: line.start, replaceEnd: offset, replaced: prefix };
}

/** Where a snippet from our snippets file belongs. */
export type Placement = { kind: 'list-item'; lists: ListKey[] } | { kind: 'top-level' };

export function snippetPlacement(def: SnippetDefinition): Placement | null {
  const first = def.body.split('\n').find((l) => !isBlankOrComment(l)) ?? '';
  if (/^- /.test(first)) {
    if (def.prefixes.some((p) => /^(?:app-container|k8s-container)$/.test(p))) return { kind: 'list-item', lists: ['containers'] };
    if (def.prefixes.some((p) => p.startsWith('volume-'))) return { kind: 'list-item', lists: ['volumes'] };
    return { kind: 'list-item', lists: ['initContainers'] };
  }
  if (/^apiVersion:/.test(first)) return { kind: 'top-level' };
  return null;
}

/**
 * The insert text for a snippet in a context: a list item gets its continuation lines indented to
 * the item's content column (and, when the replaced text starts at the line start, the dash column
 * in front); a top-level snippet goes in as written.
 */
export function snippetInsertText(body: string, ctx: CompletionContext): string {
  if (ctx.kind !== 'list-item') return body;
  const pad = ' '.repeat(ctx.dashColumn);
  const text = indentSnippetBody(body, pad);
  return (ctx.fromLineStart ? pad : '') + text;
}
