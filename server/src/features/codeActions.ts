/**
 * Code actions: the quick fixes of each InitLens finding under the cursor (analysis/fixes), the two
 * suppression comments, and `source.fixAll.initlens` — the safe fixes of the whole document as one
 * edit. This module only adapts the pure fixes to the protocol.
 */
import { CodeAction, CodeActionKind, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../analysis/analyze';
import { fixAll, fixesFor, FixStyles, type Fix } from '../analysis/fixes';
import type { ResolvedSettings } from '../analysis/settings';
import { t } from '../analysis/i18n';
import type { ServerContext } from '../context';
import { FIX_ALL_KIND } from '../protocol';
import { rangeToCurrent, type RecentAnalysis } from '../recentAnalysis';

function toEdit(document: TextDocument, edits: Fix['edits']): WorkspaceEdit {
  const changes: TextEdit[] = edits.map((e) => ({
    range: { start: document.positionAt(e.start), end: document.positionAt(e.end) },
    newText: e.newText,
  }));
  return { changes: { [document.uri]: changes } };
}

/** A fix's edits in the current text; null when one of them touches what changed since the analysis. */
function mapEdits(recent: RecentAnalysis, edits: Fix['edits']): Fix['edits'] | null {
  const out: Fix['edits'] = [];
  for (const e of edits) {
    const r = rangeToCurrent(recent, e.start, e.end);
    if (!r) return null;
    out.push({ start: r[0], end: r[1], newText: e.newText });
  }
  return out;
}

/** Whether a requested kind (`only`) covers `kind`: `source` covers `source.fixAll.initlens`. */
function wants(only: string[] | undefined, kind: string, byDefault: boolean): boolean {
  if (!only || only.length === 0) return byDefault;
  return only.some((k) => kind === k || kind.startsWith(k + '.'));
}

/**
 * Analyses the documents fix-all changed without analysing them, a few milliseconds at a time between
 * other messages, into the server's cache: the editor applies the edit at once and asks for the
 * diagnostics of the fixed text, and those documents are then ready (or fewer are left to do). Stops
 * when `stale()` says a newer fix-all has started.
 */
export function analyseInBackground(
  analyzer: Analyzer,
  texts: readonly string[],
  settings: ResolvedSettings,
  stale: () => boolean = () => false,
  sliceMs = 8,
): Promise<number> {
  let done = 0;
  return new Promise((resolve) => {
    const step = (): void => {
      if (stale() || done >= texts.length) {
        resolve(done);
        return;
      }
      const until = performance.now() + sliceMs;
      // one document at least per slice, however short the slice
      do analyzer.analyze(texts[done++], settings);
      while (done < texts.length && performance.now() < until);
      setImmediate(step);
    };
    setImmediate(step);
  });
}

export function registerCodeActions(ctx: ServerContext): void {
  let fixAllRequests = 0;

  ctx.connection.onCodeAction((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    // quick fixes never wait for a slow analysis: the last one answers, its edits mapped through what
    // changed since (a fix that touches the changed text is left out)
    const recent = document ? ctx.getRecentAnalysis(document.uri) : undefined;
    if (!document || !recent) return [];
    const { analysis } = recent;
    const text = document.getText();
    const settings = ctx.getSettings(document.uri);
    const only = params.context.only;
    const actions: CodeAction[] = [];

    if (wants(only, CodeActionKind.QuickFix, true)) {
      const start = recent.toAnalysed(document.offsetAt(params.range.start)) ?? Infinity;
      const end = recent.toAnalysed(document.offsetAt(params.range.end)) ?? -Infinity;
      const diagnostics = params.context.diagnostics ?? [];
      const styles = new FixStyles(recent.text);
      for (const f of analysis.findings) {
        if (f.end < start || f.start > end) continue;
        const at = rangeToCurrent(recent, f.start, f.end);
        if (!at) continue;
        const range = { start: document.positionAt(at[0]), end: document.positionAt(at[1]) };
        const diagnostic: Diagnostic | undefined = diagnostics.find(
          (d) =>
            d.code === f.rule &&
            d.range.start.line === range.start.line &&
            d.range.start.character === range.start.character &&
            d.range.end.line === range.end.line &&
            d.range.end.character === range.end.character,
        );
        for (const fix of fixesFor(recent.text, analysis, f, settings, styles)) {
          const edits = mapEdits(recent, fix.edits);
          if (!edits) continue;
          const action = CodeAction.create(fix.title, toEdit(document, edits), CodeActionKind.QuickFix);
          if (diagnostic) action.diagnostics = [diagnostic];
          if (fix.preferred && !fix.suppression) action.isPreferred = true;
          actions.push(action);
        }
      }
    }

    if (wants(only, FIX_ALL_KIND, false)) {
      // the server's analyzer: the documents fix-all re-analyses to check its result are then cached
      // for the diagnostics of the fixed text, which the client sends back at once; the documents of
      // self-contained fixes, which it does not analyse, are analysed after the answer
      const analyzer = ctx.analyzer();
      const result = fixAll(text, settings, recent.current ? { analysis, analyzer } : { analyzer });
      if (result.edit) {
        actions.push(CodeAction.create(t('Fix all safe InitLens problems'), toEdit(document, [result.edit]), FIX_ALL_KIND));
        const request = ++fixAllRequests;
        void analyseInBackground(analyzer, result.unchecked, settings, () => request !== fixAllRequests);
      }
    }
    return actions;
  });
}
