/**
 * The init timeline on the server: the `initlens/timeline` request (uri + cursor offset → the
 * model of the Pod under the cursor, see analysis/timeline.ts) and a "Show init timeline" CodeLens
 * above each `initContainers:` key, which runs the client's `initlens.showTimeline` command.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { buildTimeline, initContainersKeys } from '../analysis/timeline';
import { t } from '../analysis/i18n';
import type { ServerContext } from '../context';
import { rangeToCurrent } from '../recentAnalysis';
import { SHOW_TIMELINE_COMMAND, TIMELINE_REQUEST, type TimelineParams, type TimelineResult } from '../protocol';

export function registerTimeline(ctx: ServerContext): void {
  ctx.connection.onRequest(TIMELINE_REQUEST, (params: TimelineParams): TimelineResult => {
    const began = performance.now();
    const document = ctx.documents.get(params?.uri);
    const done = (r: Omit<TimelineResult, 'millis'>): TimelineResult => ({ ...r, millis: performance.now() - began });
    if (!document) return done({ model: null, reason: 'not-open', version: null });
    if (ctx.isTooLarge(document)) return done({ model: null, reason: 'too-large', version: document.version });
    const analysis = ctx.getAnalysis(document.uri);
    if (!analysis) return done({ model: null, reason: 'not-manifest', version: document.version });
    const offset = typeof params.offset === 'number' && Number.isFinite(params.offset) ? params.offset : undefined;
    const model = buildTimeline(analysis, offset, ctx.getSettings(document.uri).version);
    return done(model ? { model, version: document.version } : { model: null, reason: 'no-pod', version: document.version });
  });

  ctx.connection.onCodeLens((params: CodeLensParams): CodeLens[] => {
    const document = ctx.documents.get(params.textDocument.uri);
    if (!document) return [];
    // the editor asks again after every change: never wait for a slow analysis, map the last one
    const recent = ctx.getRecentAnalysis(document.uri);
    if (!recent) return [];
    const { analysis } = recent;
    const lenses: CodeLens[] = [];
    const title = t('Show init timeline');
    for (const key of initContainersKeys(analysis)) {
      const at = rangeToCurrent(recent, key.start, key.end);
      if (!at) continue;
      lenses.push({
        range: { start: document.positionAt(at[0]), end: document.positionAt(at[1]) },
        command: { title, command: SHOW_TIMELINE_COMMAND, arguments: [document.uri, at[0]] },
      });
    }
    return lenses;
  });
}
