/**
 * A minimal LSP client for tests and benchmarks: starts the built server (dist/server.js) as a child
 * process over stdio, answers its requests (`workspace/configuration` from `settings`), and records
 * every `publishDiagnostics` so a test can wait for the one it expects — on the event, never a sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { built } from './built';

export interface Published extends PublishDiagnosticsParams {
  /** When it arrived (performance.now()). */
  at: number;
}

export class TestLspClient {
  /** The `initlens` section the test's "editor" answers `workspace/configuration` with. */
  settings: Record<string, unknown> = {};
  /** What the "editor" answers for `yaml.kubernetesVersion` (Red Hat YAML's setting), null when unset. */
  yamlKubernetesVersion: string | null = null;
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  stderr = '';
  initializeResult!: InitializeResult;
  private waiters: Array<() => void> = [];
  private exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly workspace: string,
  ) {}

  /** Starts the server with `workspace` as the (only) workspace folder. */
  static async start(workspace: string, locale = 'en'): Promise<TestLspClient> {
    const child = spawn(process.execPath, [built('server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestLspClient(child, connection, workspace);
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    child.on('exit', () => {
      client.exited = true;
      client.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.published.push({ ...p, at: performance.now() });
      client.notify();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => void client.logs.push(p.message));
    connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((item) => (item.section === 'initlens' ? client.settings : item.section === 'yaml.kubernetesVersion' ? client.yamlKubernetesVersion : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: path.basename(workspace) }],
      initializationOptions: { locale },
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get alive(): boolean {
    return !this.exited && this.child.exitCode === null;
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.workspace, name)).href;
  }

  /** A mark for `waitFor`: only publishes after it count. */
  mark(): number {
    return this.published.length;
  }

  /** The first publish for `uri` after `since` that satisfies `where` (rejects after `timeoutMs`, or if the server exits). */
  waitFor(uri: string, since: number, where: (p: Published) => boolean = () => true, timeoutMs = 15000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = since; i < this.published.length; i++) {
          const p = this.published[i];
          if (p.uri === uri && where(p)) {
            resolve(p);
            return true;
          }
        }
        if (this.exited) {
          reject(new Error(`server exited while waiting for diagnostics of ${uri}; stderr: ${this.stderr}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.published.slice(since).filter((p) => p.uri === uri);
        reject(new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(seen.map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
        }
      };
      this.waiters.push(waiter);
    });
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Writes a file in the workspace and tells the server, as the client's file watcher does. */
  async writeWatched(name: string, text: string | null): Promise<void> {
    const file = path.join(this.workspace, name);
    if (text === null) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, text);
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(file).href, type: text === null ? FileChangeType.Deleted : FileChangeType.Changed }],
    });
  }

  async stop(): Promise<void> {
    if (this.alive) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      const timer = setTimeout(() => this.child.kill(), 5000);
      await exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
