/**
 * Re-analysis as the user types. Part of the language server (startServer.ts).
 *
 * Changes are coalesced: a run analyses each pending document at its newest version, once. When
 * analyses are cheap (< 8 ms) the run starts at once (setImmediate); when they are costly it waits
 * a few more milliseconds (1/8 of the last analysis, at most 16 ms) so that a burst of changes
 * already on the wire (paste, multi-cursor, replace-all) is applied first and analysed once.
 * Typing never queues work: analysis is synchronous, so keystrokes that arrive meanwhile are
 * applied before the next run. A run whose document moved on while it waited for settings is
 * dropped; the change that moved it scheduled a new run.
 *
 * A slow document (its last analysis took SLOW_ANALYSIS_MS or more: a 2 MB single-document List
 * takes seconds) is analysed once the typing pauses for quietPeriodMs, not at every keystroke:
 * analysis runs on this thread, and each one would hold up every request behind it. Requests
 * answer from its last analysis meanwhile (DocumentAnalyses.recent), so hovers and quick fixes come
 * at once, and diagnostics come for the version the typing stopped at. Measured in bench/run.ts.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SLOW_ANALYSIS_MS, type DocumentAnalyses } from './documentAnalyses';
import type { SettingsStore } from './settingsStore';

export interface RevalidationDeps {
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  analyses: DocumentAnalyses;
  /** Runs `fn`, logging what throws instead of letting it escape. */
  safely(what: string, fn: () => void): void;
  /** Called once a document's analysis is current (manifest or not). */
  analyzed(uri: string, version: number): void;
}

/** How long the typing must pause before a slow document is analysed again. */
export function quietPeriodMs(lastAnalysisMs: number): number {
  return Math.min(500, Math.max(100, Math.round(lastAnalysisMs / 2)));
}

export class Revalidation {
  private readonly pending = new Set<string>();
  private readonly slowTimers = new Map<string, NodeJS.Timeout>();
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private lastDurationMs = 0;

  constructor(private readonly deps: RevalidationDeps) {}

  schedule(uri: string): void {
    const cost = this.deps.analyses.costOf(uri);
    if (cost >= SLOW_ANALYSIS_MS) {
      clearTimeout(this.slowTimers.get(uri));
      this.slowTimers.set(
        uri,
        setTimeout(() => {
          this.slowTimers.delete(uri);
          void this.validate(uri);
        }, quietPeriodMs(cost)),
      );
      return;
    }
    this.pending.add(uri);
    if (this.timer !== undefined) return;
    this.timer = this.lastDurationMs < 8 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), Math.min(16, Math.round(this.lastDurationMs / 8)));
  }

  /** A closed document needs no run. */
  forget(uri: string): void {
    this.pending.delete(uri);
    clearTimeout(this.slowTimers.get(uri));
    this.slowTimers.delete(uri);
  }

  private flush(): void {
    this.timer = undefined;
    const uris = [...this.pending];
    this.pending.clear();
    for (const uri of uris) void this.validate(uri);
  }

  private async validate(uri: string): Promise<void> {
    const { documents, settings, analyses, safely } = this.deps;
    const before = documents.get(uri);
    if (!before) return;
    const generation = settings.currentGeneration;
    try {
      await settings.loadDocumentSettings(uri);
    } catch (e) {
      analyses.onRuleError('(settings)', e);
    }
    const document = documents.get(uri);
    // The document or the settings moved on while we waited: the run they scheduled publishes.
    if (!document || document.version !== before.version || generation !== settings.currentGeneration) return;
    const started = performance.now();
    safely('analysis', () => analyses.entryFor(document));
    this.lastDurationMs = performance.now() - started;
    // Analysis is synchronous, so the version cannot have moved; the check keeps that true if it
    // ever becomes asynchronous.
    if (documents.get(uri)?.version !== document.version) return;
    this.deps.analyzed(uri, document.version);
  }
}
