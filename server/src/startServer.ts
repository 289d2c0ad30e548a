/**
 * The language server: open documents, settings (editor + `.initlens.yaml`), the analysis of each
 * open document, and the loop that re-analyses documents as they change. Features (diagnostics,
 * timeline, completion, …) read all of it through `ServerContext` and are registered from
 * features/index.ts.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  Analyzer,
  CONFIG_FILE_NAME,
  mergeSettings,
  parseKubeVersion,
  resolveSettings,
  type AnalysisResult,
  type ResolvedSettings,
  type Settings,
} from './analysis';
import { isInsideFolder, loadConfigFile, type LoadedConfig } from './configFile';
import type { ServerContext } from './context';
import { IDENTITY, mapEdits, type RecentAnalysis } from './recentAnalysis';
import { serverFeatures } from './features';
import { mayBeManifest } from './protocol';
import { useLocale } from './l10n';

/** `initlens.maxFileSize` when unset: larger documents are not analysed in the editor. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** The `initlens` section of the editor settings, as the client sends it (unchecked). */
export interface EditorSettings {
  kubernetesVersion?: unknown;
  /** Red Hat YAML's `yaml.kubernetesVersion`, only when the user set it (the layer below ours). */
  yamlKubernetesVersion?: unknown;
  rules?: unknown;
  maxFileSize?: unknown;
}

interface DocumentSettings {
  resolved: ResolvedSettings;
  maxFileSize: number;
}

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
}

/** Red Hat YAML's `yaml.kubernetesVersion`: used when nothing of ours names a version. */
export function yamlLayer(editor: EditorSettings | null | undefined): Settings {
  const v = editor && typeof editor === 'object' ? editor.yamlKubernetesVersion : undefined;
  // Only a value we can read counts: an unparsable one must not hide the default's source.
  return typeof v === 'string' && parseKubeVersion(v) ? { kubernetesVersion: v, kubernetesVersionSource: 'yaml.kubernetesVersion' } : {};
}

export function editorLayer(editor: EditorSettings | null | undefined): Settings {
  const out: Settings = {};
  if (!editor || typeof editor !== 'object') return out;
  if (typeof editor.kubernetesVersion === 'string' && editor.kubernetesVersion.trim()) {
    out.kubernetesVersion = editor.kubernetesVersion;
    out.kubernetesVersionSource = 'initlens.kubernetesVersion';
  }
  if (editor.rules && typeof editor.rules === 'object' && !Array.isArray(editor.rules)) {
    out.rules = editor.rules as Settings['rules'];
  }
  return out;
}

/**
 * A document whose last analysis took this long is "slow": it is analysed once the typing pauses
 * (see `schedule`), and requests meanwhile are answered from its last analysis. Well above the
 * analysis of a 1,000-line Pod (tens of ms), so ordinary files keep their analysis per keystroke.
 */
export const SLOW_ANALYSIS_MS = 250;

/** How long the typing must pause before a slow document is analysed again. */
export function quietPeriodMs(lastAnalysisMs: number): number {
  return Math.min(500, Math.max(100, Math.round(lastAnalysisMs / 2)));
}

/** Cheap first look (protocol.ts, shared with the client's status bar). */
export { mayBeManifest };

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  // one cache for every document; it bounds itself by the text it holds (see Analyzer)
  const analyzer = new Analyzer();
  const analyses = new Map<string, AnalysisEntry>();
  const extraCapabilities: ServerCapabilities[] = [];
  const analyzeListeners: Array<(uri: string, version: number) => void> = [];
  const settingsListeners: Array<() => void> = [];

  let params: InitializeParams | undefined;
  let locale = 'en';
  let hasConfigurationCapability = false;
  let workspaceFolders: string[] = [];
  /** Editor settings pushed by `didChangeConfiguration` when the client cannot be asked. */
  let globalEditorSettings: EditorSettings = {};

  // Settings per document, asked of the client once and dropped on any configuration change. The
  // generation guards against an answer to an old question landing after the change.
  let settingsGeneration = 0;
  const settingsRequests = new Map<string, Promise<DocumentSettings>>();
  const settingsResolved = new Map<string, DocumentSettings>();
  const configFiles = new Map<string, LoadedConfig>();

  const log = (message: string): void => connection.console.log(message);
  const loggedRuleErrors = new Set<string>();
  const onRuleError = (rule: string, error: unknown): void => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const key = `${rule}\u0000${text}`;
    // Once per distinct error: a rule that throws on every keystroke must not flood the output.
    if (loggedRuleErrors.has(key) || loggedRuleErrors.size > 200) return;
    loggedRuleErrors.add(key);
    connection.console.error(`Rule ${rule} failed (the other rules still report): ${text}`);
  };

  function safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  // ── settings ────────────────────────────────────────────────────────────────────────────────

  function folderOf(uri: string): string | undefined {
    let file: string | undefined;
    if (uri.startsWith('file:')) {
      try {
        file = fileURLToPath(uri);
      } catch {
        file = undefined;
      }
    }
    if (file === undefined) return uri.startsWith('untitled:') ? workspaceFolders[0] : undefined;
    let best: string | undefined;
    for (const folder of workspaceFolders) {
      if (isInsideFolder(folder, file) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  function configFileFor(uri: string): LoadedConfig | null {
    const folder = folderOf(uri);
    if (!folder) return null;
    let config = configFiles.get(folder);
    if (!config) {
      config = loadConfigFile(path.join(folder, CONFIG_FILE_NAME));
      configFiles.set(folder, config);
      for (const p of config.problems) connection.console.warn(`${config.path}: ${p}`);
    }
    return config.exists ? config : null;
  }

  function compose(uri: string, editor: EditorSettings | null | undefined): DocumentSettings {
    // Precedence: defaults < yaml.kubernetesVersion < initlens.* editor settings < .initlens.yaml
    // (the project file wins, like Prettier's).
    const merged = mergeSettings(yamlLayer(editor), editorLayer(editor), configFileFor(uri)?.settings);
    const max = editor?.maxFileSize;
    return {
      resolved: resolveSettings(merged),
      maxFileSize: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_FILE_SIZE,
    };
  }

  function documentSettings(uri: string): DocumentSettings {
    return settingsResolved.get(uri) ?? compose(uri, hasConfigurationCapability ? null : globalEditorSettings);
  }

  function loadDocumentSettings(uri: string): Promise<DocumentSettings> {
    const cached = settingsRequests.get(uri);
    if (cached) return cached;
    const generation = settingsGeneration;
    const request = (async (): Promise<DocumentSettings> => {
      let editor: EditorSettings | null = globalEditorSettings;
      if (hasConfigurationCapability) {
        try {
          // Two items: our section, and Red Hat YAML's version (the VS Code client answers that one
          // with what the user set, never the YAML extension's default).
          const [ours, yamlVersion] = (await connection.workspace.getConfiguration([
            { scopeUri: uri, section: 'initlens' },
            { scopeUri: uri, section: 'yaml.kubernetesVersion' },
          ])) as [EditorSettings | null, unknown];
          editor = { ...(ours && typeof ours === 'object' ? ours : {}), yamlKubernetesVersion: yamlVersion };
        } catch (e) {
          connection.console.warn(`Could not read the initlens settings: ${(e as Error).message}`);
          editor = null;
        }
      }
      const settings = compose(uri, editor);
      if (generation === settingsGeneration) settingsResolved.set(uri, settings);
      return settings;
    })();
    settingsRequests.set(uri, request);
    return request;
  }

  function settingsChanged(): void {
    settingsGeneration++;
    settingsRequests.clear();
    settingsResolved.clear();
    configFiles.clear();
    analyses.clear();
    for (const l of settingsListeners) safely('settings listener', () => l());
    for (const d of documents.all()) schedule(d.uri);
  }

  // ── analysis ────────────────────────────────────────────────────────────────────────────────

  function isTooLarge(document: TextDocument): boolean {
    const max = documentSettings(document.uri).maxFileSize;
    const text = document.getText();
    if (text.length > max) return true;
    if (text.length * 3 <= max) return false;
    return Buffer.byteLength(text, 'utf8') > max;
  }

  function entryFor(document: TextDocument): AnalysisEntry {
    const settings = documentSettings(document.uri);
    const key = settings.resolved.key;
    const cached = analyses.get(document.uri);
    if (cached && cached.version === document.version && cached.key === key) return cached;
    const text = document.getText();
    let entry: AnalysisEntry;
    if (!mayBeManifest(text)) {
      entry = { version: document.version, key, result: undefined, manifest: false, candidate: false, syntaxError: null, text };
    } else if (isTooLarge(document)) {
      entry = { version: document.version, key, result: undefined, manifest: true, candidate: true, syntaxError: null, text };
    } else {
      let result: AnalysisResult | undefined;
      const started = performance.now();
      try {
        // no yaml-syntax-error in the editor (the default): the YAML extension underlines syntax
        // errors, and the status bar says InitLens paused there
        result = analyzer.analyze(text, settings.resolved, { onRuleError, syntaxErrors: false });
      } catch (e) {
        onRuleError('(analysis)', e);
        result = undefined;
      }
      costs.set(document.uri, performance.now() - started);
      const manifest = !!result && result.documents.some((d) => d.pods.length > 0);
      const broken = result?.documents.find((d) => d.syntaxError && !d.template);
      const syntaxError = broken?.syntaxError ? { offset: broken.start + broken.syntaxError.start, message: broken.syntaxError.message } : null;
      entry = { version: document.version, key, result: manifest ? result : undefined, manifest, candidate: true, syntaxError, text };
    }
    analyses.set(document.uri, entry);
    return entry;
  }

  // ── answering at once from the last analysis (recentAnalysis.ts) ─────────────────────────────

  /** How long each document's last analysis took (ms). */
  const costs = new Map<string, number>();

  function recentAnalysis(uri: string): RecentAnalysis | undefined {
    const document = documents.get(uri);
    if (!document) return undefined;
    const cached = analyses.get(uri);
    const current = document.getText();
    if (
      cached?.result &&
      cached.version !== document.version &&
      cached.key === documentSettings(uri).resolved.key &&
      (costs.get(uri) ?? 0) >= SLOW_ANALYSIS_MS &&
      !isTooLarge(document)
    ) {
      const map = mapEdits(cached.text, current);
      return { analysis: cached.result, text: cached.text, version: cached.version, current: false, ...map };
    }
    const entry = entryFor(document);
    if (!entry.result) return undefined;
    return { analysis: entry.result, text: entry.text, version: entry.version, current: true, ...IDENTITY };
  }

  // ── re-analysis as the user types ───────────────────────────────────────────────────────────
  // A slow document (its last analysis took SLOW_ANALYSIS_MS or more: a 2 MB single-document List
  // takes seconds) is analysed once the typing pauses for quietPeriodMs, not at every keystroke:
  // analysis runs on this thread, and each one would hold up every request behind it. Requests
  // answer from its last analysis meanwhile (recentAnalysis above), so hovers and quick fixes come
  // at once, and diagnostics come for the version the typing stopped at. Measured in bench/run.ts.

  // Changes are coalesced: a run analyses each pending document at its newest version, once. When
  // analyses are cheap (< 8 ms) the run starts at once (setImmediate); when they are costly it waits
  // a few more milliseconds (1/8 of the last analysis, at most 16 ms) so that a burst of changes
  // already on the wire (paste, multi-cursor, replace-all) is applied first and analysed once.
  // Typing never queues work: analysis is synchronous, so keystrokes that arrive meanwhile are
  // applied before the next run. A run whose document moved on while it waited for settings is
  // dropped; the change that moved it scheduled a new run.

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let lastDurationMs = 0;

  const slowTimers = new Map<string, NodeJS.Timeout>();

  function schedule(uri: string): void {
    const cost = costs.get(uri) ?? 0;
    if (cost >= SLOW_ANALYSIS_MS) {
      clearTimeout(slowTimers.get(uri));
      slowTimers.set(
        uri,
        setTimeout(() => {
          slowTimers.delete(uri);
          void validate(uri);
        }, quietPeriodMs(cost)),
      );
      return;
    }
    pending.add(uri);
    if (timer !== undefined) return;
    timer = lastDurationMs < 8 ? setImmediate(flush) : setTimeout(flush, Math.min(16, Math.round(lastDurationMs / 8)));
  }

  function flush(): void {
    timer = undefined;
    const uris = [...pending];
    pending.clear();
    for (const uri of uris) void validate(uri);
  }

  async function validate(uri: string): Promise<void> {
    const before = documents.get(uri);
    if (!before) return;
    const generation = settingsGeneration;
    try {
      await loadDocumentSettings(uri);
    } catch (e) {
      onRuleError('(settings)', e);
    }
    const document = documents.get(uri);
    // The document or the settings moved on while we waited: the run they scheduled publishes.
    if (!document || document.version !== before.version || generation !== settingsGeneration) return;
    const started = performance.now();
    safely('analysis', () => entryFor(document));
    lastDurationMs = performance.now() - started;
    // Analysis is synchronous, so the version cannot have moved; the check keeps that true if it
    // ever becomes asynchronous.
    if (documents.get(uri)?.version !== document.version) return;
    for (const l of analyzeListeners) safely('analysis listener', () => l(uri, document.version));
  }

  // ── the context features see ────────────────────────────────────────────────────────────────

  const ctx: ServerContext = {
    connection,
    documents,
    initializeParams: () => params,
    getAnalysis(uri) {
      const document = documents.get(uri);
      if (!document) return undefined;
      return entryFor(document).result;
    },
    getRecentAnalysis: recentAnalysis,
    getSettings: (uri) => documentSettings(uri).resolved,
    isManifest: (document) => entryFor(document).manifest,
    parseState: (document) => {
      const e = entryFor(document);
      return { candidate: e.candidate, syntaxError: e.syntaxError };
    },
    locale: () => locale,
    onDidAnalyze: (listener) => void analyzeListeners.push(listener),
    log,
    addCapabilities: (capabilities) => void extraCapabilities.push(capabilities),
    loadSettings: async (uri) => (await loadDocumentSettings(uri)).resolved,
    isTooLarge,
    maxFileSize: (uri) => documentSettings(uri).maxFileSize,
    configFileFor,
    onDidChangeSettings: (listener) => void settingsListeners.push(listener),
  };

  connection.onInitialize((p): InitializeResult => {
    params = p;
    const options = (p.initializationOptions ?? {}) as { locale?: unknown };
    // Keep what the client asked for (features may have pages in that language even when the
    // message catalogue is missing); the catalogue falls back to English on its own.
    locale = (typeof options.locale === 'string' && options.locale.trim() ? options.locale : (p.locale ?? 'en')).toLowerCase();
    useLocale(locale);
    hasConfigurationCapability = !!p.capabilities.workspace?.configuration;
    const hasWorkspaceFolders = !!p.capabilities.workspace?.workspaceFolders;
    workspaceFolders = folderPaths(p.workspaceFolders?.map((f) => f.uri) ?? (p.rootUri ? [p.rootUri] : []));
    let capabilities: ServerCapabilities = {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      workspace: hasWorkspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
    };
    for (const extra of extraCapabilities) capabilities = mergeCapabilities(capabilities, extra);
    return { capabilities, serverInfo: { name: 'initlens' } };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability && params?.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['initlens', 'yaml'] }).catch(() => undefined);
    }
    if (params?.capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) =>
        safely('workspace folders', () => {
          const removed = new Set(folderPaths(e.removed.map((f) => f.uri)));
          workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...folderPaths(e.added.map((f) => f.uri))];
          settingsChanged();
        }),
      );
    }
  });

  connection.onDidChangeConfiguration((change) =>
    safely('configuration change', () => {
      if (!hasConfigurationCapability) {
        const all = (change.settings ?? {}) as { initlens?: EditorSettings; yaml?: { kubernetesVersion?: unknown } };
        globalEditorSettings = { ...(all.initlens ?? {}), yamlKubernetesVersion: all.yaml?.kubernetesVersion };
      }
      settingsChanged();
    }),
  );

  // The client watches `**/.initlens.yaml` and tells us when one is created, changed or deleted.
  connection.onDidChangeWatchedFiles((change) =>
    safely('watched files', () => {
      if (change.changes.some((c) => c.uri.endsWith('/' + CONFIG_FILE_NAME))) settingsChanged();
    }),
  );

  documents.onDidChangeContent((e) => safely('document change', () => schedule(e.document.uri)));
  documents.onDidClose((e) =>
    safely('document close', () => {
      analyses.delete(e.document.uri);
      settingsRequests.delete(e.document.uri);
      settingsResolved.delete(e.document.uri);
      pending.delete(e.document.uri);
      clearTimeout(slowTimers.get(e.document.uri));
      slowTimers.delete(e.document.uri);
      costs.delete(e.document.uri);
    }),
  );

  for (const feature of serverFeatures) safely(`feature ${feature.name}`, () => feature(ctx));

  documents.listen(connection);
  connection.listen();
}

function folderPaths(uris: string[]): string[] {
  const out: string[] = [];
  for (const uri of uris) {
    try {
      if (uri.startsWith('file:')) out.push(fileURLToPath(uri));
    } catch {
      // not a local folder: no .initlens.yaml to read there
    }
  }
  return out;
}

/** Merges a feature's capabilities into the result; nested objects (`workspace`) key by key. */
function mergeCapabilities(a: ServerCapabilities, b: ServerCapabilities): ServerCapabilities {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v)
        ? { ...(prev as object), ...(v as object) }
        : v;
  }
  return out as ServerCapabilities;
}
