/**
 * What every server feature gets: the connection, the open documents and the analysis of each
 * document at its current version. Implemented in startServer.ts.
 */
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, ResolvedSettings } from './analysis';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** Filled in at `initialize`. */
  initializeParams(): InitializeParams | undefined;
  /** The analysis of the document's current version (computed now if needed); undefined when the
   * document is not open, not a Kubernetes manifest, or too large for the editor. */
  getAnalysis(uri: string): AnalysisResult | undefined;
  /** The settings in force for a document (editor settings + .initlens.yaml). */
  getSettings(uri: string): ResolvedSettings;
  /** Whether the server treats this document as a Kubernetes manifest. */
  isManifest(document: TextDocument): boolean;
  /** The display locale the client sent (`en`, `zh-cn`, …). */
  locale(): string;
  /** Register a callback run after a document's analysis is refreshed (e.g. to refresh a view). */
  onDidAnalyze(listener: (uri: string, version: number) => void): void;
  log(message: string): void;
}
