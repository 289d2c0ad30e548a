/**
 * InitLens's state per document, for the client's status bar item and its `initlens.podSpecResources`
 * context key (the timeline button): after every analysis of an open document the server sends
 * `initlens/status` (protocol.ts `DocumentStatus`). A document that is not a manifest is `none`
 * (nothing shown); one that looks like a manifest but does not parse is `paused`, with the line
 * where the YAML parser stopped — no diagnostic of our own for it, the YAML extension has one.
 */
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../analysis';
import { formatKubeVersion } from '../analysis/version';
import type { ServerContext } from '../context';
import { STATUS_NOTIFICATION, STATUS_REQUEST, type DocumentStatus } from '../protocol';

export function documentStatus(ctx: ServerContext, document: TextDocument): DocumentStatus {
  const settings = ctx.getSettings(document.uri);
  const base = {
    uri: document.uri,
    version: document.version,
    kubernetesVersion: formatKubeVersion(settings.version),
    versionSource: settings.versionSource,
    hasPodSpec: false,
    findings: 0,
  };
  if (path.posix.basename(document.uri) === CONFIG_FILE_NAME) return { ...base, state: 'none' };
  if (ctx.isTooLarge(document)) return { ...base, state: ctx.isManifest(document) ? 'too-large' : 'none' };
  const { candidate, syntaxError } = ctx.parseState(document);
  const analysis = ctx.getAnalysis(document.uri);
  const hasPodSpec = !!analysis && analysis.documents.some((d) => d.pods.length > 0);
  const findings = analysis?.findings.length ?? 0;
  if (candidate && syntaxError) {
    const p = document.positionAt(syntaxError.offset);
    return { ...base, hasPodSpec, findings, state: 'paused', syntaxError: { line: p.line, character: p.character, message: syntaxError.message } };
  }
  return { ...base, hasPodSpec, findings, state: hasPodSpec ? 'ok' : 'none' };
}

export function registerStatus(ctx: ServerContext): void {
  ctx.onDidAnalyze((uri, version) => {
    const document = ctx.documents.get(uri);
    if (!document || document.version !== version) return;
    void ctx.connection.sendNotification(STATUS_NOTIFICATION, documentStatus(ctx, document));
  });
  ctx.connection.onRequest(STATUS_REQUEST, (params: { uri?: unknown } | null): DocumentStatus | null => {
    const document = typeof params?.uri === 'string' ? ctx.documents.get(params.uri) : undefined;
    return document ? documentStatus(ctx, document) : null;
  });
}
