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
import { trimEndWhile } from '../analysis/text';
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

  const relatedSupported = (): boolean =>
    ctx.initializeParams()?.capabilities.textDocument?.publishDiagnostics?.relatedInformation !== false;

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
      'This file is larger than `initlens.maxFileSize` ({0} bytes), so InitLens does not analyze it in the editor. The `initlens` command-line tool still analyzes it.',
      ctx.maxFileSize(document.uri),
    ),
  };
}

/** Problems in an open `.initlens.yaml`, on the key they concern when it can be found. */
function configFileDiagnostics(document: TextDocument): Diagnostic[] {
  const text = document.getText();
  const { problems } = parseConfigFile(text, ruleIds);
  return problems.map((problem): Diagnostic => {
    const key = /"([^"]+)"/.exec(problem)?.[1] ?? /^(?:rules\.)?([\w.-]+):/.exec(problem)?.[1];
    let start = 0;
    let end = 0;
    if (key) {
      const m = new RegExp(`^[ \\t]*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?[ \\t]*:`, 'm').exec(text);
      if (m) {
        start = m.index + m[0].length - m[0].trimStart().length;
        end = start + trimEndWhile(m[0].trim().slice(0, -1), (c) => c === 32 || c === 9).length; // m[0] ends with ':'
      }
    }
    return {
      range: { start: document.positionAt(start), end: document.positionAt(end) },
      severity: problem.startsWith('cannot parse') ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      message: problem,
    };
  });
}
