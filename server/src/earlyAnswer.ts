/**
 * The early answer (issue 15): dist/server.js reads the transport's first message itself and, when it
 * is `initialize`, answers it at once, before the LSP library is loaded (loading the library alone
 * takes start-up over 150 ms). Then it hands the library everything it received, in order, `initialize`
 * included (the library needs its parameters), and the library's own answer to it is not written
 * (handOver.ts).
 *
 * Transports: `--stdio` (LSP base protocol framing on stdin/stdout) and `--node-ipc` (what the VS Code
 * client uses: one message per `process.on('message')`, answers by `process.send`). Any other
 * transport, and anything unexpected — a first message that is not `initialize`, a header that is not
 * the protocol's, a body that is not JSON, the input ending first — hands everything to the library
 * untouched, which then does what it does today.
 *
 * Nothing here may load the LSP library or vscode-jsonrpc: this is part of dist/server.js.
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { InitializeParams } from 'vscode-languageserver/node';
import { initializeResult } from './capabilities';

/** The transport the command line picks, as the library reads it (its `createConnection`). */
export function transportOf(argv: readonly string[]): 'stdio' | 'ipc' | 'other' {
  for (const arg of argv.slice(2)) {
    if (arg === '--node-ipc') return 'ipc';
    if (arg === '--stdio') return 'stdio';
    const name = arg.split('=')[0];
    if (name === '--socket' || name === '--pipe') return 'other';
  }
  return 'other';
}

/** A header block that is not the base protocol's: the library gets the bytes and decides. */
export class FramingError extends Error {}

/** Longer than this without the blank line that ends the headers is not a header. */
const MAX_HEADER_BYTES = 8192;

/**
 * Reads the LSP base protocol: ASCII headers, each ending in `\r\n`, then a blank line, then
 * `Content-Length` bytes of UTF-8 JSON. Bytes may come split anywhere, several messages in one chunk.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private length = 0;
  /** The header block's length in bytes and the body's, once the header is read. */
  private frame: { header: number; body: number } | undefined;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The next whole message's body, decoded; undefined until its last byte has come. Throws a FramingError. */
  next(): string | undefined {
    if (!this.frame) {
      const bytes = this.joined();
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.length > MAX_HEADER_BYTES) throw new FramingError('no end of the header');
        return undefined;
      }
      this.frame = { header: end + 4, body: parseHeader(bytes.subarray(0, end)) };
    }
    const { header, body } = this.frame;
    if (this.length < header + body) return undefined;
    const bytes = this.joined();
    const text = bytes.toString('utf8', header, header + body);
    const rest = bytes.subarray(header + body);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    this.frame = undefined;
    return text;
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0];
  }
}

/** The body's length, from a header block (without its blank line). */
function parseHeader(block: Buffer): number {
  if (block.some((b) => b > 0x7f)) throw new FramingError('a header that is not ASCII');
  let length: number | undefined;
  for (const line of block.toString('ascii').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new FramingError(`a header line without a name: ${line}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,9}$/.test(value) || length !== undefined) throw new FramingError(`Content-Length: ${value}`);
      length = Number(value);
    } else if (name === 'content-type') {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1].toLowerCase();
      // the library reads UTF-8 (`utf8` too); anything else is its to refuse
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new FramingError(`Content-Type: ${value}`);
    }
  }
  if (length === undefined) throw new FramingError('no Content-Length');
  return length;
}

/** The answer to a first message, when it is `initialize` (and undefined otherwise). */
export function earlyAnswerTo(message: unknown): { id: number | string; result: object } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, id, params } = message as { method?: unknown; id?: unknown; params?: unknown };
  if (method !== 'initialize' || (typeof id !== 'number' && typeof id !== 'string')) return undefined;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const { capabilities } = params as { capabilities?: unknown };
  if (typeof capabilities !== 'object' || capabilities === null) return undefined;
  try {
    return { id, result: initializeResult(params as InitializeParams) };
  } catch {
    return undefined;
  }
}

/** What was read before the library loaded, for handOver.ts to give it. */
export type Handoff = StdioHandoff | IpcHandoff;

interface Answered {
  /** The `initialize` request answered already, and the result written (JSON), if it was. */
  answered?: { id: number | string; result: string };
}

export interface StdioHandoff extends Answered {
  transport: 'stdio';
  /** Every byte received so far, then the rest of stdin (flowing; ends when stdin does). Once. */
  input(): Readable;
}

export interface IpcHandoff extends Answered {
  transport: 'ipc';
  /** Delivers every message received so far, in order, then the later ones; returns the undo. Once. */
  listen(callback: (message: unknown) => void): () => void;
}

/** What of `process` the early answer uses (the tests hand in their own). */
export interface EarlyProcess {
  readonly stdin: Readable;
  readonly stdout: Writable;
  send?(message: unknown): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

/**
 * Reads the first message of the transport `argv` names and answers it when it is `initialize`; then
 * calls `then` with what it read (synchronously, in the same event that completed the first message,
 * so nothing arrives in between). Returns false, and does nothing, for a transport it does not read.
 */
export function answerEarly(argv: readonly string[], proc: EarlyProcess, then: (handoff: Handoff) => void): boolean {
  const transport = transportOf(argv);
  if (transport === 'stdio') {
    readStdio(proc, then);
    return true;
  }
  if (transport === 'ipc' && typeof proc.send === 'function') {
    readIpc(proc, proc.send.bind(proc), then);
    return true;
  }
  return false;
}

function readStdio(proc: EarlyProcess, then: (handoff: Handoff) => void): void {
  const stdin = proc.stdin;
  const received: Buffer[] = [];
  let reader: FrameReader | undefined = new FrameReader();
  let done = false;
  const finish = (answered?: Answered['answered']): void => {
    done = true;
    reader = undefined; // what it holds is in `received`
    let taken = false;
    then({
      transport: 'stdio',
      answered,
      input(): Readable {
        if (taken) throw new Error('the input was taken already');
        taken = true;
        const input = new PassThrough();
        for (const chunk of received.splice(0)) input.write(chunk); // the server lives on; these need not
        stdin.off('data', onData);
        stdin.off('end', onEnd);
        stdin.off('error', onEnd);
        stdin.pipe(input);
        // what the library heard of stdin itself: an error, and a close without an end
        stdin.on('error', (e) => input.destroy(e));
        stdin.on('close', () => input.end());
        return input;
      },
    });
  };
  const onEnd = (): void => {
    if (!done) finish();
  };
  const onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    received.push(bytes);
    if (done || !reader) return; // read before the library takes the input over: it gets these too
    reader.push(bytes);
    let body: string | undefined;
    try {
      body = reader.next();
    } catch {
      finish();
      return;
    }
    if (body === undefined) return;
    let answer: ReturnType<typeof earlyAnswerTo>;
    try {
      answer = earlyAnswerTo(JSON.parse(body));
    } catch {
      finish();
      return;
    }
    if (!answer) {
      finish();
      return;
    }
    const json = JSON.stringify({ jsonrpc: '2.0', id: answer.id, result: answer.result });
    proc.stdout.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`);
    finish({ id: answer.id, result: JSON.stringify(answer.result) });
  };
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.on('error', onEnd);
}

function readIpc(proc: EarlyProcess, send: (message: unknown) => boolean, then: (handoff: Handoff) => void): void {
  const received: unknown[] = [];
  let done = false;
  let taken = false;
  const onMessage = (message: unknown): void => {
    received.push(message);
    if (done) return;
    const answer = earlyAnswerTo(message);
    if (answer) send({ jsonrpc: '2.0', id: answer.id, result: answer.result });
    finish(answer && { id: answer.id, result: JSON.stringify(answer.result) });
  };
  const onDisconnect = (): void => {
    if (!done) finish();
  };
  const finish = (answered?: Answered['answered']): void => {
    done = true;
    then({
      transport: 'ipc',
      answered,
      listen(callback) {
        if (taken) throw new Error('the messages were taken already');
        taken = true;
        for (const message of received.splice(0)) callback(message);
        proc.on('message', callback);
        proc.off('message', onMessage);
        proc.off('disconnect', onDisconnect);
        return () => proc.off('message', callback);
      },
    });
  };
  proc.on('message', onMessage);
  proc.on('disconnect', onDisconnect);
}
