/**
 * The init timeline on the server: the `initlens/timeline` request (uri + cursor offset → the
 * model of the Pod under the cursor, see analysis/timeline.ts) and a "Show init timeline" CodeLens
 * above each `initContainers:` key, which runs the client's `initlens.showTimeline` command.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { isPair, isScalar, type Node } from 'yaml';
import { buildTimeline } from '../analysis/timeline';
import { t } from '../analysis/i18n';
import type { ServerContext } from '../context';
import { rangeToCurrent } from '../recentAnalysis';
import { SHOW_TIMELINE_COMMAND, TIMELINE_REQUEST, type TimelineParams, type TimelineResult } from '../protocol';

export function registerTimeline(ctx: ServerContext): void {
  ctx.addCapabilities({ codeLensProvider: { resolveProvider: false } });

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
    for (const d of analysis.documents) {
      for (const pod of d.pods) {
        const pair = pod.node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'initContainers');
        const key = pair && isPair(pair) ? (pair.key as Node | null) : null;
        if (!key || !key.range) continue;
        const at = rangeToCurrent(recent, d.start + key.range[0], d.start + key.range[1]);
        if (!at) continue;
        const offset = at[0];
        const position = document.positionAt(offset);
        lenses.push({
          range: { start: position, end: document.positionAt(at[1]) },
          command: { title, command: SHOW_TIMELINE_COMMAND, arguments: [document.uri, offset] },
        });
      }
    }
    return lenses;
  });
}
