/**
 * Re-analysis as the user types. Part of the language server (startServer.ts).
 *
 * Changes are coalesced: a run analyses each pending document at its newest version, once. A run
 * starts once the changes already on the wire (paste, multi-cursor, replace-all, typing faster than
 * the analysis) have been applied: the connection handles one message per turn of the event loop,
 * so the run waits turn by turn (`setImmediate`) until a turn brings no new change — one idle turn,
 * well under a millisecond, after a lone keystroke. (It used to wait a fixed 1/8 of the last
 * analysis, up to 16 ms, which every keystroke in a big document paid whether a burst came or not.)
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

/**
 * At most this many turns are waited for a burst to end before a run starts anyway: a client that
 * never stops sending (thousands of changes) still gets diagnostics, for the version reached then.
 */
export const MAX_SETTLE_TURNS = 256;

export class Revalidation {
  private readonly pending = new Set<string>();
  private readonly slowTimers = new Map<string, NodeJS.Timeout>();
  private timer: NodeJS.Immediate | undefined;
  /** A change was scheduled since the last turn the run waited. */
  private changedSinceTurn = false;
  private turns = 0;

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
    this.changedSinceTurn = true;
    if (this.timer === undefined) this.timer = setImmediate(() => this.settle());
  }

  /** Waits a turn while the last one brought a change (the rest of a burst), then runs. */
  private settle(): void {
    if (this.changedSinceTurn && this.turns < MAX_SETTLE_TURNS) {
      this.changedSinceTurn = false;
      this.turns++;
      this.timer = setImmediate(() => this.settle());
      return;
    }
    this.changedSinceTurn = false;
    this.turns = 0;
    this.flush();
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
    safely('analysis', () => analyses.entryFor(document));
    // Analysis is synchronous, so the version cannot have moved; the check keeps that true if it
    // ever becomes asynchronous.
    if (documents.get(uri)?.version !== document.version) return;
    this.deps.analyzed(uri, document.version);
  }
}
