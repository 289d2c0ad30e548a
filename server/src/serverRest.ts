/**
 * The language server once `initialize` is answered (startServer.ts loads this module right after
 * the answer; when built, it is a bundle of its own, dist/server-rest.js): settings (editor +
 * `.initlens.yaml`), the analysis of each open document, and the loop that re-analyses documents as
 * they change. Features (diagnostics,
 * timeline, completion, …) read all of it through `ServerContext` and are registered from
 * features/index.ts.
 *
 * The parts live in lsp/: `SettingsStore` (what settings apply to a document), `DocumentAnalyses`
 * (each document's analysis at its current version) and `Revalidation` (when documents are
 * re-analysed as they change). This module wires them to the connection.
 */
import { DidChangeConfigurationNotification, type Connection, type InitializeParams, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from './analysis';
import type { ServerContext } from './context';
import { errorText } from './errorText';
import { serverFeatures } from './features';
import { useLocale } from './l10n';
import { DocumentAnalyses } from './lsp/documentAnalyses';
import { Revalidation } from './lsp/revalidation';
import { folderPaths, SettingsStore, type EditorSettings } from './lsp/settingsStore';

/** For the loader (restBundle.ts): run just before the code cache is written. */
export { warmUpAnalysis } from './warmUp';

/** What the server holds while it runs; every part is created once by `startRest`. */
interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  analyses: DocumentAnalyses;
  revalidation: Revalidation;
  analyzeListeners: Array<(uri: string, version: number) => void>;
  settingsListeners: Array<() => void>;
  params: InitializeParams;
  locale: string;
  safely(what: string, fn: () => void): void;
}

/** The server after `initialize`: what startServer.ts calls on for the rest of the session. */
export interface RunningServer {
  /** The client's `initialized` notification. */
  initialized(): void;
}

/**
 * Sets up settings, analyses and features for the client that sent `params`. Documents the client
 * opened before this ran (`documents` already listens) are analysed as if just opened.
 */
export function startRest(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams): RunningServer {
  const settings = new SettingsStore(connection);
  const analyses = new DocumentAnalyses(connection, settings);
  const safely = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      connection.console.error(`${what} failed: ${errorText(e)}`);
    }
  };
  const state: ServerState = {
    connection,
    documents,
    settings,
    analyses,
    revalidation: new Revalidation({
      documents,
      settings,
      analyses,
      safely,
      analyzed: (uri, version) => {
        for (const l of state.analyzeListeners) safely('analysis listener', () => l(uri, version));
      },
    }),
    analyzeListeners: [],
    settingsListeners: [],
    params,
    locale: 'en',
    safely,
  };

  initialize(state);
  const ctx = serverContext(state);
  registerSettingsEvents(state);
  registerDocumentEvents(state);
  for (const feature of serverFeatures) safely(`feature ${feature.name}`, () => feature(ctx));
  for (const d of documents.all()) state.revalidation.schedule(d.uri);
  return { initialized: () => initialized(state) };
}

/** The context features see. */
function serverContext(state: ServerState): ServerContext {
  const { connection, documents, settings, analyses } = state;
  return {
    connection,
    documents,
    initializeParams: () => state.params,
    getAnalysis(uri) {
      const document = documents.get(uri);
      if (!document) return undefined;
      return analyses.entryFor(document).result;
    },
    analyzer: () => analyses.analyzer,
    getRecentAnalysis(uri) {
      const document = documents.get(uri);
      return document ? analyses.recent(document) : undefined;
    },
    getSettings: (uri) => settings.documentSettings(uri).resolved,
    isManifest: (document) => analyses.entryFor(document).manifest,
    parseState: (document) => {
      const e = analyses.entryFor(document);
      return { candidate: e.candidate, syntaxError: e.syntaxError };
    },
    locale: () => state.locale,
    onDidAnalyze: (listener) => void state.analyzeListeners.push(listener),
    log: (message) => connection.console.log(message),
    loadSettings: async (uri) => (await settings.loadDocumentSettings(uri)).resolved,
    isTooLarge: (document) => analyses.isTooLarge(document),
    maxFileSize: (uri) => settings.documentSettings(uri).maxFileSize,
    configFileFor: (uri) => settings.configFileFor(uri),
    onDidChangeSettings: (listener) => void state.settingsListeners.push(listener),
  };
}

/** Settings, folders or a `.initlens.yaml` changed: forget what depended on them, re-analyse all. */
function settingsChanged(state: ServerState): void {
  state.settings.clear();
  state.analyses.clear();
  for (const l of state.settingsListeners) state.safely('settings listener', () => l());
  for (const d of state.documents.all()) state.revalidation.schedule(d.uri);
}

/** What `initialize` said: the locale and what the client can do (workspace folders, settings). */
function initialize(state: ServerState): void {
  const { settings, params: p } = state;
  const options = (p.initializationOptions ?? {}) as { locale?: unknown };
  // Keep what the client asked for (features may have pages in that language even when the
  // message catalogue is missing); the catalogue falls back to English on its own.
  state.locale = (typeof options.locale === 'string' && options.locale.trim() ? options.locale : (p.locale ?? 'en')).toLowerCase();
  useLocale(state.locale);
  settings.hasConfigurationCapability = !!p.capabilities.workspace?.configuration;
  settings.workspaceFolders = folderPaths(p.workspaceFolders?.map((f) => f.uri) ?? (p.rootUri ? [p.rootUri] : []));
}

/** `initialized`: dynamic registrations. */
function initialized(state: ServerState): void {
  const { connection, settings, safely } = state;
  if (settings.hasConfigurationCapability && state.params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: ['initlens', 'yaml'] }).catch(() => undefined);
  }
  if (state.params.capabilities.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) =>
      safely('workspace folders', () => {
        const removed = new Set(folderPaths(e.removed.map((f) => f.uri)));
        settings.workspaceFolders = [...settings.workspaceFolders.filter((f) => !removed.has(f)), ...folderPaths(e.added.map((f) => f.uri))];
        settingsChanged(state);
      }),
    );
  }
}

/** Editor settings pushed or changed, and `.initlens.yaml` files created, changed or deleted. */
function registerSettingsEvents(state: ServerState): void {
  const { connection, settings, safely } = state;
  connection.onDidChangeConfiguration((change) =>
    safely('configuration change', () => {
      if (!settings.hasConfigurationCapability) {
        const all = (change.settings ?? {}) as { initlens?: EditorSettings; yaml?: { kubernetesVersion?: unknown } };
        settings.globalEditorSettings = { ...(all.initlens ?? {}), yamlKubernetesVersion: all.yaml?.kubernetesVersion };
      }
      settingsChanged(state);
    }),
  );

  // The client watches `**/.initlens.yaml` and tells us when one is created, changed or deleted.
  connection.onDidChangeWatchedFiles((change) =>
    safely('watched files', () => {
      if (change.changes.some((c) => c.uri.endsWith('/' + CONFIG_FILE_NAME))) settingsChanged(state);
    }),
  );
}

/** Open documents: re-analyse on change, forget on close. */
function registerDocumentEvents(state: ServerState): void {
  const { documents, safely } = state;
  documents.onDidChangeContent((e) => safely('document change', () => state.revalidation.schedule(e.document.uri)));
  documents.onDidClose((e) =>
    safely('document close', () => {
      state.analyses.forget(e.document.uri);
      state.settings.forget(e.document.uri);
      state.revalidation.forget(e.document.uri);
    }),
  );
}
