/**
 * What every server feature gets: the connection, the open documents and the analysis of each
 * document at its current version. Implemented in startServer.ts.
 */
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Analyzer, ResolvedSettings } from './analysis';
import type { LoadedConfig } from './configFile';
import type { RecentAnalysis } from './recentAnalysis';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** Filled in at `initialize`. */
  initializeParams(): InitializeParams | undefined;
  /** The analysis of the document's current version (computed now if needed); undefined when the
   * document is not open, not a Kubernetes manifest, or too large for the editor. */
  getAnalysis(uri: string): AnalysisResult | undefined;
  /** For requests that must answer at once (hover, quick fixes, lenses, highlights): the analysis of
   * the current version when there is one or it is cheap to make; for a document whose analysis is
   * slow and waits for the typing to pause, the last one, with offsets mapped (see recentAnalysis.ts). */
  getRecentAnalysis(uri: string): RecentAnalysis | undefined;
  /** The settings in force for a document (editor settings + .initlens.yaml). Synchronous: before the
   * client has answered `workspace/configuration` for this document, the defaults + .initlens.yaml. */
  getSettings(uri: string): ResolvedSettings;
  /** Whether the server treats this document as a Kubernetes manifest. */
  isManifest(document: TextDocument): boolean;
  /** Whether the text looks like a manifest at all, and where the YAML parser first stopped in it
   * (absolute offset; Helm/Go template documents excluded); for the status bar. */
  parseState(document: TextDocument): { candidate: boolean; syntaxError: { offset: number; message: string } | null };
  /** The display locale the client sent (`en`, `zh-cn`, …). */
  locale(): string;
  /** Register a callback run after a document's analysis is refreshed (e.g. to refresh a view).
   * Runs for every validated document, manifest or not; `getAnalysis(uri)` is then cached. */
  onDidAnalyze(listener: (uri: string, version: number) => void): void;
  log(message: string): void;

  /** The settings for a document once the client answered `workspace/configuration`. */
  loadSettings(uri: string): Promise<ResolvedSettings>;
  /** True when the document is above `initlens.maxFileSize` (not analysed in the editor). */
  isTooLarge(document: TextDocument): boolean;
  /** `initlens.maxFileSize` for a document, in bytes. */
  maxFileSize(uri: string): number;
  /** The `.initlens.yaml` that applies to a document (null when none exists). */
  configFileFor(uri: string): LoadedConfig | null;
  /** Run after settings or `.initlens.yaml` changed (every open document is re-analysed too). */
  onDidChangeSettings(listener: () => void): void;
  /** The analyzer behind every document's analysis: work done with it (fix-all checking its result)
   * is in its per-document cache for the diagnostics that follow. */
  analyzer(): Analyzer;
}
