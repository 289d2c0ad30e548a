/**
 * Volume navigation: go to definition, find references, document highlights and rename for volume
 * names, each limited to the Pod the cursor is in (analysis/navigation.ts does the work).
 */
import { DocumentHighlightKind, ResponseError, type Location, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { prepareVolumeRename, renameVolume, volumeDefinition, volumeHighlights, volumeReferences } from '../analysis/navigation';
import type { ServerContext } from '../context';
import { rangeToCurrent } from '../recentAnalysis';

export function registerNavigation(ctx: ServerContext): void {
  const { connection } = ctx;

  const at = (uri: string): { document: TextDocument; analysis: NonNullable<ReturnType<ServerContext['getAnalysis']>> } | null => {
    const document = ctx.documents.get(uri);
    const analysis = document ? ctx.getAnalysis(uri) : undefined;
    return document && analysis ? { document, analysis } : null;
  };
  const range = (d: TextDocument, s: number, e: number): Range => ({ start: d.positionAt(s), end: d.positionAt(e) });

  connection.onDefinition((p) => {
    const x = at(p.textDocument.uri);
    if (!x) return null;
    const defs = volumeDefinition(x.analysis, x.document.offsetAt(p.position));
    return defs.map((r): Location => ({ uri: x.document.uri, range: range(x.document, r.start, r.end) }));
  });

  connection.onReferences((p) => {
    const x = at(p.textDocument.uri);
    if (!x) return null;
    const refs = volumeReferences(x.analysis, x.document.offsetAt(p.position), p.context.includeDeclaration);
    return refs.map((r): Location => ({ uri: x.document.uri, range: range(x.document, r.start, r.end) }));
  });

  connection.onDocumentHighlight((p) => {
    // asked at every cursor move: never wait for a slow analysis, map the last one
    const document = ctx.documents.get(p.textDocument.uri);
    const recent = document ? ctx.getRecentAnalysis(document.uri) : undefined;
    const offset = document && recent ? recent.toAnalysed(document.offsetAt(p.position)) : null;
    if (!document || !recent || offset === null) return null;
    return volumeHighlights(recent.analysis, offset).flatMap((r) => {
      const at = rangeToCurrent(recent, r.start, r.end);
      return at ? [{ range: range(document, at[0], at[1]), kind: r.definition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }] : [];
    });
  });

  connection.onPrepareRename((p) => {
    const x = at(p.textDocument.uri);
    if (!x) return null;
    const r = prepareVolumeRename(x.analysis, x.document.offsetAt(p.position));
    return r ? { range: range(x.document, r.start, r.end), placeholder: r.placeholder } : null;
  });

  connection.onRenameRequest((p) => {
    const x = at(p.textDocument.uri);
    if (!x) return null;
    const result = renameVolume(x.analysis, x.document.offsetAt(p.position), p.newName);
    if ('error' in result) throw new ResponseError(-32602, result.error);
    return {
      changes: {
        [x.document.uri]: result.edits.map((e) => ({ range: range(x.document, e.start, e.end), newText: e.newText })),
      },
    };
  });
}
