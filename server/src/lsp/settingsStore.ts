/**
 * The settings in force for each open document: the editor's `initlens` settings (asked of the
 * client per document, or pushed by `didChangeConfiguration` when it cannot be asked) merged with
 * the `.initlens.yaml` of the document's workspace folder. Part of the language server (startServer.ts).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME, mergeSettings, parseKubeVersion, resolveSettings, type ResolvedSettings, type Settings } from '../analysis';
import { isInsideFolder, loadConfigFile, type LoadedConfig } from '../configFile';

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

export interface DocumentSettings {
  resolved: ResolvedSettings;
  maxFileSize: number;
}

export class SettingsStore {
  /** Whether the client answers `workspace/configuration` (set at `initialize`). */
  hasConfigurationCapability = false;
  workspaceFolders: string[] = [];
  /** Editor settings pushed by `didChangeConfiguration` when the client cannot be asked. */
  globalEditorSettings: EditorSettings = {};

  // Settings per document, asked of the client once and dropped on any configuration change. The
  // generation guards against an answer to an old question landing after the change.
  private generation = 0;
  private readonly requests = new Map<string, Promise<DocumentSettings>>();
  private readonly resolved = new Map<string, DocumentSettings>();
  private readonly configFiles = new Map<string, LoadedConfig>();

  constructor(private readonly connection: Connection) {}

  /** Changes on every `clear`: a value read before and after differs when settings changed meanwhile. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Forgets every answer and config file (settings, folders or `.initlens.yaml` changed). */
  clear(): void {
    this.generation++;
    this.requests.clear();
    this.resolved.clear();
    this.configFiles.clear();
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.requests.delete(uri);
    this.resolved.delete(uri);
  }

  /** The settings now: the client's answer once it came, else the defaults + `.initlens.yaml`. */
  documentSettings(uri: string): DocumentSettings {
    return this.resolved.get(uri) ?? this.compose(uri, this.hasConfigurationCapability ? null : this.globalEditorSettings);
  }

  /** The settings once the client answered `workspace/configuration` for this document. */
  loadDocumentSettings(uri: string): Promise<DocumentSettings> {
    const cached = this.requests.get(uri);
    if (cached) return cached;
    const generation = this.generation;
    const request = (async (): Promise<DocumentSettings> => {
      let editor: EditorSettings | null = this.globalEditorSettings;
      if (this.hasConfigurationCapability) {
        try {
          // Two items: our section, and Red Hat YAML's version (the VS Code client answers that one
          // with what the user set, never the YAML extension's default).
          const [ours, yamlVersion] = (await this.connection.workspace.getConfiguration([
            { scopeUri: uri, section: 'initlens' },
            { scopeUri: uri, section: 'yaml.kubernetesVersion' },
          ])) as [EditorSettings | null, unknown];
          editor = { ...(ours && typeof ours === 'object' ? ours : {}), yamlKubernetesVersion: yamlVersion };
        } catch (e) {
          this.connection.console.warn(`Could not read the initlens settings: ${(e as Error).message}`);
          editor = null;
        }
      }
      const settings = this.compose(uri, editor);
      if (generation === this.generation) this.resolved.set(uri, settings);
      return settings;
    })();
    this.requests.set(uri, request);
    return request;
  }

  /** The `.initlens.yaml` of the document's workspace folder, read once per change. */
  configFileFor(uri: string): LoadedConfig | null {
    const folder = this.folderOf(uri);
    if (!folder) return null;
    let config = this.configFiles.get(folder);
    if (!config) {
      config = loadConfigFile(path.join(folder, CONFIG_FILE_NAME));
      this.configFiles.set(folder, config);
      for (const p of config.problems) this.connection.console.warn(`${config.path}: ${p}`);
    }
    return config.exists ? config : null;
  }

  private folderOf(uri: string): string | undefined {
    let file: string | undefined;
    if (uri.startsWith('file:')) {
      try {
        file = fileURLToPath(uri);
      } catch {
        file = undefined;
      }
    }
    if (file === undefined) return uri.startsWith('untitled:') ? this.workspaceFolders[0] : undefined;
    let best: string | undefined;
    for (const folder of this.workspaceFolders) {
      if (isInsideFolder(folder, file) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  private compose(uri: string, editor: EditorSettings | null | undefined): DocumentSettings {
    // Precedence: defaults < yaml.kubernetesVersion < initlens.* editor settings < .initlens.yaml
    // (the project file wins, like Prettier's).
    const merged = mergeSettings(yamlLayer(editor), editorLayer(editor), this.configFileFor(uri)?.settings);
    const max = editor?.maxFileSize;
    return {
      resolved: resolveSettings(merged),
      maxFileSize: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_FILE_SIZE,
    };
  }
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

/** Local folder paths of workspace folder URIs (others have no `.initlens.yaml` to read). */
export function folderPaths(uris: string[]): string[] {
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
