/**
 * The analysis of each open document at its current version and settings: computed on demand,
 * kept until the document changes, and nothing for plain YAML or a document above
 * `initlens.maxFileSize`. Part of the language server (startServer.ts).
 */
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, type AnalysisResult } from '../analysis';
import { mayBeManifest } from '../protocol';
import { type EditMap, IDENTITY, mapEdits, type RecentAnalysis } from '../recentAnalysis';
import type { SettingsStore } from './settingsStore';
import { errorText } from '../errorText';
import { firstAnalysis } from '../tiering';

interface AnalysisEntry {
  version: number;
  key: string;
  /** Undefined when the document is not a manifest or is too large. */
  result: AnalysisResult | undefined;
  manifest: boolean;
  /** Could be a manifest (cheap test), so a syntax error in it pauses InitLens (status bar). */
  candidate: boolean;
  /** Where the YAML parser first stopped (absolute offset), outside Helm/Go templates; null when it parses. */
  syntaxError: { offset: number; message: string } | null;
  /** The text analysed (to map a later version's offsets to it, see recentAnalysis.ts). */
  text: string;
  /**
   * What the analyser returned, even for a version that is no manifest (a syntax error while typing):
   * the next version's `previous`, so that the cache lets go of this version's documents too.
   */
  analyzed?: AnalysisResult;
}

/**
 * A document whose last analysis took this long is "slow": it is analysed once the typing pauses
 * (see Revalidation.schedule), and requests meanwhile are answered from its last analysis. Well above
 * the analysis of a 1,000-line Pod (tens of ms), so ordinary files keep their analysis per keystroke.
 */
export const SLOW_ANALYSIS_MS = 250;

/**
 * A document's first analysis (and the first after its settings change) reads all of it, in a server
 * whose code V8 may not have optimised yet; the edits after it re-parse what changed and reuse the
 * rest (reparse.ts). A 1,000-line Pod took 190–300 ms to open in a fresh server and 10–40 ms per
 * edit after, so its first analysis alone made the first keystrokes wait for a pause in the typing.
 * Such an analysis counts at this share of its time: a 400 KB List (about a second) is still slow
 * from the start, and an edit that is itself slow makes any document slow at once.
 */
export const FIRST_ANALYSIS_SHARE = 0.5;

/** Cheap first look (protocol.ts, shared with the client's status bar). */
export { mayBeManifest };

export class DocumentAnalyses {
  // one cache for every document; it bounds itself by the text it holds (see Analyzer)
  readonly analyzer = new Analyzer();
  private readonly entries = new Map<string, AnalysisEntry>();
  private readonly loggedRuleErrors = new Set<string>();
  /** How long each document's last analysis took (ms). */
  private readonly costs = new Map<string, number>();
  /** The last offset map made for each slow document (the editor sends several requests per version). */
  private readonly maps = new Map<string, { from: number; to: number; map: EditMap }>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
  ) {}

  /** Logs a rule (or the analysis) that threw, once per distinct error. */
  readonly onRuleError = (rule: string, error: unknown): void => {
    const text = errorText(error);
    const key = `${rule}\u0000${text}`;
    // Once per distinct error: a rule that throws on every keystroke must not flood the output.
    if (this.loggedRuleErrors.has(key) || this.loggedRuleErrors.size > 200) return;
    this.loggedRuleErrors.add(key);
    this.connection.console.error(`Rule ${rule} failed (the other rules still report): ${text}`);
  };

  clear(): void {
    this.entries.clear();
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.costs.delete(uri);
    this.maps.delete(uri);
  }

  /** How long the document's last analysis took (ms; 0 before the first). */
  costOf(uri: string): number {
    return this.costs.get(uri) ?? 0;
  }

  /**
   * For requests that must answer at once: the analysis of the current version, or for a slow
   * document whose analysis waits for the typing to pause, the last one with offsets mapped.
   */
  recent(document: TextDocument): RecentAnalysis | undefined {
    const cached = this.entries.get(document.uri);
    const current = document.getText();
    if (
      cached?.result &&
      cached.version !== document.version &&
      cached.key === this.settings.documentSettings(document.uri).resolved.key &&
      this.costOf(document.uri) >= SLOW_ANALYSIS_MS &&
      !this.isTooLarge(document)
    ) {
      let made = this.maps.get(document.uri);
      if (made?.from !== cached.version || made.to !== document.version) {
        // one pass over both texts (milliseconds at 2 MB), once per version rather than per request
        made = { from: cached.version, to: document.version, map: mapEdits(cached.text, current) };
        this.maps.set(document.uri, made);
      }
      return { analysis: cached.result, text: cached.text, version: cached.version, current: false, ...made.map };
    }
    const entry = this.entryFor(document);
    if (!entry.result) return undefined;
    return { analysis: entry.result, text: entry.text, version: entry.version, current: true, ...IDENTITY };
  }

  isTooLarge(document: TextDocument): boolean {
    const max = this.settings.documentSettings(document.uri).maxFileSize;
    const text = document.getText();
    if (text.length > max) return true;
    if (text.length * 3 <= max) return false;
    return Buffer.byteLength(text, 'utf8') > max;
  }

  /** The document's analysis at its current version, computed now when the cached one is stale. */
  entryFor(document: TextDocument): AnalysisEntry {
    const settings = this.settings.documentSettings(document.uri);
    const key = settings.resolved.key;
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.key === key) return cached;
    const text = document.getText();
    let entry: AnalysisEntry;
    if (!mayBeManifest(text)) {
      entry = { version: document.version, key, result: undefined, manifest: false, candidate: false, syntaxError: null, text };
    } else if (this.isTooLarge(document)) {
      entry = { version: document.version, key, result: undefined, manifest: true, candidate: true, syntaxError: null, text };
    } else {
      let result: AnalysisResult | undefined;
      const started = performance.now();
      // the last version's analysis: an edit inside one item is re-parsed there only (reparse.ts)
      const previous = cached?.key === key ? (cached.analyzed ?? cached.result) : undefined;
      try {
        // no yaml-syntax-error in the editor (the default): the YAML extension underlines syntax
        // errors, and the status bar says InitLens paused there
        // the server's first analysis without TurboFan (tiering.ts)
        result = firstAnalysis(text.length, () =>
          this.analyzer.analyze(text, settings.resolved, { onRuleError: this.onRuleError, syntaxErrors: false, previous }),
        );
      } catch (e) {
        this.onRuleError('(analysis)', e);
        result = undefined;
      }
      const took = performance.now() - started;
      this.costs.set(document.uri, previous ? took : took * FIRST_ANALYSIS_SHARE);
      const manifest = !!result && result.documents.some((d) => d.pods.length > 0);
      const broken = result?.documents.find((d) => d.syntaxError && !d.template);
      const syntaxError = broken?.syntaxError ? { offset: broken.syntaxError.start, message: broken.syntaxError.message } : null;
      entry = { version: document.version, key, result: manifest ? result : undefined, manifest, candidate: true, syntaxError, text, analyzed: result };
    }
    this.entries.set(document.uri, entry);
    return entry;
  }
}
