/**
 * A minimal LSP client for benchmarks: starts any language server over stdio, answers its
 * configuration requests, and times edits until the server publishes diagnostics for them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  /** Configuration sections, answered to workspace/configuration and pushed at start. */
  settings: Record<string, unknown>;
  initializationOptions?: unknown;
}

export class BenchClient {
  private published: Array<PublishDiagnosticsParams & { at: number }> = [];
  private waiters: Array<() => void> = [];
  startupMs = 0;

  private constructor(
    readonly spec: ServerSpec,
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(spec: ServerSpec, workspace: string): Promise<BenchClient> {
    const t0 = performance.now();
    const child = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new BenchClient(spec, child, connection);
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.published.push({ ...p, at: performance.now() });
      for (const w of [...client.waiters]) w();
    });
    connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((i) => (i.section && i.section in spec.settings ? spec.settings[i.section] : {})),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('telemetry/event', () => undefined);
    connection.listen();
    const ws = pathToFileURL(workspace).href;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: ws,
      workspaceFolders: [{ uri: ws, name: 'bench' }],
      initializationOptions: spec.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true }, synchronization: { dynamicRegistration: true } },
      },
    });
    client.startupMs = performance.now() - t0;
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: spec.settings });
    return client;
  }

  mark(): number {
    return this.published.length;
  }

  /** The first publish for `uri` after `since` (and, when the server sends versions, for `version`). */
  waitFor(uri: string, since: number, version?: number, timeoutMs = 60_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = since; i < this.published.length; i++) {
          const p = this.published[i];
          if (p.uri !== uri) continue;
          if (version !== undefined && p.version !== undefined && p.version !== version) continue;
          resolve(p.at);
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.spec.name}: no diagnostics for ${uri} within ${timeoutMs} ms`));
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

  async open(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  async replace(uri: string, version: number, line: number, character: number, length: number, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + length } }, text }],
    });
  }

  /** Resident set size of the server process, in MB (Linux). */
  rssMb(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // gone already
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

export interface EditStats {
  p50: number;
  p95: number;
  edits: number;
}

/**
 * Opens `text` and renames the container whose `- name:` is nearest the middle, alternating between
 * an invalid name and a valid one, so every version is new text with different findings; each edit
 * is sent alone and timed until that version's diagnostics arrive.
 */
/**
 * Opens `text` and renames a container in its middle `edits` times, one edit at a time, timing each
 * from the change sent to its diagnostics; `warmUp` more edits go first, untimed (a server that has
 * been typed into for a while: its code optimised by V8).
 */
export async function timeEdits(client: BenchClient, uri: string, text: string, edits: number, warmUp = 0): Promise<EditStats> {
  let since = client.mark();
  await client.open(uri, text);
  await client.waitFor(uri, since, 1);
  const at = text.indexOf('- name: ', Math.floor(text.length / 2)) + '- name: '.length;
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[before.length - 1].length;
  let length = /^\S*/.exec(text.slice(at))![0].length;
  const times: number[] = [];
  for (let v = 2; v < warmUp + edits + 2; v++) {
    const name = v % 2 ? `ok-${v}` : `Bad_${v}`;
    since = client.mark();
    const t0 = performance.now();
    await client.replace(uri, v, line, character, length, name);
    length = name.length;
    const t1 = await client.waitFor(uri, since, v);
    if (v >= warmUp + 2) times.push(t1 - t0);
  }
  times.sort((a, b) => a - b);
  const q = (f: number): number => times[Math.min(times.length - 1, Math.floor(f * times.length))];
  return { p50: q(0.5), p95: q(0.95), edits };
}
