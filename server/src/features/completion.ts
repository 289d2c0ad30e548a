/**
 * Context-aware snippet completion: inside an `initContainers:` / `containers:` list, the list-item
 * snippets from snippets/ (init container, native sidecar, wait-for-service…) indented for that
 * list; at the top of an empty document, the whole-object snippets. Where each goes is decided by
 * analysis/completionContext.ts; the snippets come from the same file VS Code contributes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver/node';
import { mdFence } from '../analysis/markdown';
import {
  completionContext,
  previousDocumentKind,
  snippetInsertText,
  snippetPlacement,
  type CompletionContext,
  type Placement,
} from '../analysis/completionContext';
import { expandSnippet, readSnippetFile, type SnippetDefinition } from '../analysis/snippetSyntax';
import type { ServerContext } from '../context';
import { trimEndWhile } from '../analysis/text';
import { extensionRoot } from '../paths';

/** `[A-Za-z0-9_-]`: what a snippet prefix is made of. */
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;

export const SNIPPETS_FILE = path.join('snippets', 'kubernetes-init.code-snippets');

interface Entry {
  def: SnippetDefinition;
  placement: Placement;
}

export function loadSnippets(file = path.join(extensionRoot(), SNIPPETS_FILE)): Entry[] {
  const defs = readSnippetFile(fs.readFileSync(file, 'utf8'));
  const out: Entry[] = [];
  for (const def of defs) {
    const placement = snippetPlacement(def);
    if (placement) out.push({ def, placement });
  }
  return out;
}

/**
 * The order snippets are offered in, by first prefix, most likely first. Whole objects: a Deployment
 * is what most people write; a Pod is the classic example. An empty `initContainers:` list most
 * often starts with a wait for a dependency; a list that has items gets another init container or a
 * sidecar. Snippets not listed come last, in file order.
 */
const RANK: Record<'top-level' | 'initContainers' | 'initContainers-empty' | 'containers' | 'volumes', readonly string[]> = {
  'top-level': [
    'k8s-deployment-init-sidecar',
    'k8s-pod-init',
    'k8s-job-sidecar',
    'k8s-init-download',
    'k8s-init-config',
    'k8s-init-fix-permissions',
    'k8s-cni-daemonset',
  ],
  'initContainers-empty': ['init-wait-for-service', 'init-container', 'sidecar', 'init-db-migrate'],
  initContainers: ['init-container', 'sidecar', 'init-wait-for-service', 'init-db-migrate'],
  containers: ['app-container'],
  volumes: ['volume-emptydir', 'volume-configmap'],
};

/** Rank of a snippet in a context (lower is likelier). */
function rankOf(def: SnippetDefinition, ctx: Exclude<CompletionContext, { kind: 'none' }>, previousKind: string | null, fileIndex: number): number {
  const order = ctx.kind === 'top-level' ? RANK['top-level'] : ctx.list === 'initContainers' && !ctx.hasItems ? RANK['initContainers-empty'] : RANK[ctx.list];
  let rank = order.indexOf(def.prefixes[0] ?? '');
  if (rank < 0) rank = order.length + fileIndex;
  // a second document: another of the kind before it first
  if (ctx.kind === 'top-level' && previousKind && new RegExp(`^kind:[ \\t]*${previousKind}[ \\t]*$`, 'm').test(def.body)) rank -= 100;
  return rank;
}

/** The completion items for a text and cursor offset (pure apart from the snippet list). */
export function snippetCompletions(
  entries: readonly Entry[],
  text: string,
  offset: number,
  positionAt: (offset: number) => { line: number; character: number },
): CompletionItem[] {
  const ctx = completionContext(text, offset);
  if (ctx.kind === 'none') return [];
  const range = { start: positionAt(ctx.replaceStart), end: positionAt(ctx.replaceEnd) };
  // what the editor filters on is the replaced text: keep its leading part (`- `, spaces) in front
  const leading = trimEndWhile(ctx.replaced, isWordChar);
  const items: Array<CompletionItem & { rank: number }> = [];
  const previousKind = ctx.kind === 'top-level' ? previousDocumentKind(text, offset) : null;
  for (const [fileIndex, { def, placement }] of entries.entries()) {
    if (ctx.kind === 'list-item' ? placement.kind !== 'list-item' || !placement.lists.includes(ctx.list) : placement.kind !== 'top-level') continue;
    const newText = snippetInsertText(def.body, ctx);
    let preview = '';
    try {
      preview = expandSnippet(def.body).trimEnd();
    } catch {
      continue;
    }
    // one entry per snippet: its first prefix is the label; the others still match as you type
    for (const prefix of def.prefixes.slice(0, 1)) {
      items.push({
        rank: rankOf(def, ctx, previousKind, fileIndex),
        label: prefix,
        labelDetails: { description: def.name },
        kind: CompletionItemKind.Snippet,
        detail: def.name,
        documentation: { kind: MarkupKind.Markdown, value: `${def.description}\n\n${mdFence('yaml', preview)}` },
        filterText: leading + def.prefixes.join(' '),
        insertTextFormat: InsertTextFormat.Snippet,
        // the text is indented for its place already
        insertTextMode: InsertTextMode.asIs,
        textEdit: { range, newText },
      });
    }
  }
  items.sort((a, b) => a.rank - b.rank);
  return items.map(({ rank, ...item }, i) => {
    void rank;
    return { ...item, sortText: String(i).padStart(3, '0'), ...(i === 0 ? { preselect: true } : {}) };
  });
}

export function registerCompletion(ctx: ServerContext): void {
  let entries: Entry[] | null = null;
  const snippets = (): Entry[] => {
    if (entries === null) {
      try {
        entries = loadSnippets();
      } catch (e) {
        ctx.log(`Snippets not loaded: ${e instanceof Error ? e.message : String(e)}`);
        entries = [];
      }
    }
    return entries;
  };
  ctx.connection.onCompletion((params: CompletionParams): CompletionItem[] => {
    const document = ctx.documents.get(params.textDocument.uri);
    if (!document || ctx.isTooLarge(document)) return [];
    return snippetCompletions(snippets(), document.getText(), document.offsetAt(params.position), (o) => document.positionAt(o));
  });
}
