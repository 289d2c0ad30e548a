/**
 * Diagnostics: after each analysis of an open document (see startServer.ts), publish its findings —
 * on the exact range, with the rule id as `code`, a link to the rule's docs page, the other side of
 * a two-sided problem as `relatedInformation`, and the finding's fix data in `data` for code actions.
 * Plain YAML gets no diagnostics; `.initlens.yaml` gets its own problems.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, parseConfigFile, ruleIds, type Finding, type Severity } from '../analysis';
import { t } from '../analysis/i18n';
import type { ServerContext } from '../context';
import { ruleDocsUri } from '../paths';

export const DIAGNOSTIC_SOURCE = 'initlens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function registerDiagnostics(ctx: ServerContext): void {
  // How many diagnostics each document last got: plain YAML is told "none" once, not per keystroke.
  const published = new Map<string, number>();
  const docsUris = new Map<string, string>();

  const docsUri = (rule: string): string => {
    let uri = docsUris.get(rule);
    if (uri === undefined) docsUris.set(rule, (uri = ruleDocsUri(rule, ctx.locale())));
    return uri;
  };

  const relatedSupported = (): boolean => ctx.initializeParams()?.capabilities.textDocument?.publishDiagnostics?.relatedInformation !== false;

  function toDiagnostic(document: TextDocument, f: Finding, withRelated: boolean): Diagnostic {
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(f.start), end: document.positionAt(f.end) },
      severity: SEVERITY[f.severity],
      source: DIAGNOSTIC_SOURCE,
      code: f.rule,
      codeDescription: { href: docsUri(f.rule) },
      message: f.message,
      data: { ...(f.data ?? {}), rule: f.rule, document: f.document },
    };
    if (withRelated && f.related.length) {
      diagnostic.relatedInformation = f.related.map(
        (r): DiagnosticRelatedInformation => ({
          location: { uri: document.uri, range: { start: document.positionAt(r.start), end: document.positionAt(r.end) } },
          message: r.message,
        }),
      );
    }
    return diagnostic;
  }

  function diagnosticsFor(document: TextDocument): Diagnostic[] {
    if (path.posix.basename(document.uri) === CONFIG_FILE_NAME) return configFileDiagnostics(document);
    if (ctx.isTooLarge(document)) return ctx.isManifest(document) ? [tooLarge(document, ctx)] : [];
    const result = ctx.getAnalysis(document.uri);
    if (!result) return [];
    const withRelated = relatedSupported();
    return result.findings.map((f) => toDiagnostic(document, f, withRelated));
  }

  ctx.onDidAnalyze((uri, version) => {
    const document = ctx.documents.get(uri);
    // A newer version is on its way: never show results of an older one.
    if (!document || document.version !== version) return;
    const diagnostics = diagnosticsFor(document);
    if (diagnostics.length === 0 && published.get(uri) === 0) return;
    published.set(uri, diagnostics.length);
    void ctx.connection.sendDiagnostics({ uri, version, diagnostics });
  });

  ctx.documents.onDidClose((e) => {
    published.delete(e.document.uri);
    void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
}

/** The single diagnostic a manifest above `initlens.maxFileSize` gets, on its first line. */
function tooLarge(document: TextDocument, ctx: ServerContext): Diagnostic {
  const firstLineEnd = document.getText().search(/\r?\n|$/);
  return {
    range: { start: { line: 0, character: 0 }, end: document.positionAt(Math.min(firstLineEnd, 200)) },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: 'file-too-large',
    message: t(
      'InitLens skips this file: it is larger than initlens.maxFileSize ({0} bytes). The initlens CLI still checks it.',
      ctx.maxFileSize(document.uri),
    ),
  };
}

/** Problems in an open `.initlens.yaml`, on the key or value they are about. */
function configFileDiagnostics(document: TextDocument): Diagnostic[] {
  const { issues } = parseConfigFile(document.getText(), ruleIds);
  return issues.map(
    (problem): Diagnostic => ({
      range: { start: document.positionAt(problem.start), end: document.positionAt(problem.end) },
      severity: problem.fatal ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      message: problem.message,
    }),
  );
}
