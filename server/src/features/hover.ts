/** Hovers: the pure hover content of analysis/hover.ts at the cursor, as Markdown. */
import { MarkupKind } from 'vscode-languageserver/node';
import { hoverAt } from '../analysis/hover';
import type { ServerContext } from '../context';
import { rangeToCurrent } from '../recentAnalysis';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    // never waits for a slow analysis: the last one answers, through what changed since
    const recent = document ? ctx.getRecentAnalysis(document.uri) : undefined;
    if (!document || !recent) return null;
    const offset = recent.toAnalysed(document.offsetAt(params.position));
    if (offset === null) return null;
    const result = hoverAt(recent.analysis, offset, ctx.getSettings(document.uri).version);
    const range = result ? rangeToCurrent(recent, result.start, result.end) : null;
    if (!result || !range) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: result.contents },
      range: { start: document.positionAt(range[0]), end: document.positionAt(range[1]) },
    };
  });
}
