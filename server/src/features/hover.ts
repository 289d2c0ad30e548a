/** Hovers: the pure hover content of analysis/hover.ts at the cursor, as Markdown. */
import { MarkupKind } from 'vscode-languageserver/node';
import { hoverAt } from '../analysis/hover';
import type { ServerContext } from '../context';

export function registerHover(ctx: ServerContext): void {
  ctx.addCapabilities({ hoverProvider: true });
  ctx.connection.onHover((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    const analysis = document ? ctx.getAnalysis(document.uri) : undefined;
    if (!document || !analysis) return null;
    const result = hoverAt(analysis, document.offsetAt(params.position), ctx.getSettings(document.uri).version);
    if (!result) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: result.contents },
      range: { start: document.positionAt(result.start), end: document.positionAt(result.end) },
    };
  });
}
