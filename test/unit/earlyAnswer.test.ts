/**
 * The early answer's reader of the LSP base protocol and its hand-over (server/src/earlyAnswer.ts):
 * dist/server.js reads the first message itself and answers `initialize` before the LSP library is
 * loaded, then gives the library everything it received, in order (issue 15).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { answerEarly, earlyAnswerTo, FrameReader, FramingError, type Handoff, transportOf } from '../../server/src/earlyAnswer';
import { initializeResult } from '../../server/src/capabilities';

const frame = (body: string, headers = ''): Buffer => Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`, 'utf8');

/** Every body the reader gives for `chunks` pushed one by one. */
function readAll(chunks: Buffer[]): string[] {
  const reader = new FrameReader();
  const out: string[] = [];
  for (const c of chunks) {
    reader.push(c);
    for (let body = reader.next(); body !== undefined; body = reader.next()) out.push(body);
  }
  return out;
}

/** `bytes` cut into pieces of `size` bytes. */
const pieces = (bytes: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};

test('the frame reader: a header and a body split anywhere, byte by byte too', () => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } });
  const bytes = frame(body);
  for (const size of [1, 2, 3, 7, 16, 17, bytes.length]) assert.deepEqual(readAll(pieces(bytes, size)), [body], `pieces of ${size}`);
  // nothing before the last byte
  const reader = new FrameReader();
  reader.push(bytes.subarray(0, bytes.length - 1));
  assert.equal(reader.next(), undefined);
  reader.push(bytes.subarray(bytes.length - 1));
  assert.equal(reader.next(), body);
});

test('the frame reader: multi-byte UTF-8 split across chunks, the length counted in bytes', () => {
  const body = JSON.stringify({ method: 'x', params: { text: '初始化容器 — ✓ 🚀 ü' } });
  const bytes = frame(body);
  assert.ok(Buffer.byteLength(body) > body.length, 'no multi-byte character');
  // every cut, including inside each character's bytes
  for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual(readAll([bytes.subarray(0, cut), bytes.subarray(cut)]), [body], `cut at ${cut}`);
  assert.deepEqual(readAll(pieces(bytes, 1)), [body]);
});

test('the frame reader: several messages in one chunk, and a chunk that ends inside the next', () => {
  const a = JSON.stringify({ id: 1, method: 'initialize' });
  const b = JSON.stringify({ method: 'initialized', params: {} });
  const c = JSON.stringify({ method: 'textDocument/didOpen', params: { text: 'ä'.repeat(100) } });
  const all = Buffer.concat([frame(a), frame(b), frame(c)]);
  assert.deepEqual(readAll([all]), [a, b, c]);
  assert.deepEqual(readAll([all.subarray(0, frame(a).length + 5), all.subarray(frame(a).length + 5)]), [a, b, c]);
  // an empty body and an empty chunk
  assert.deepEqual(readAll([Buffer.alloc(0), frame(''), frame(a)]), ['', a]);
});

test('the frame reader: a Content-Type header, and header names in any case', () => {
  const body = '{"id":1}';
  assert.deepEqual(readAll([frame(body, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n')]), [body]);
  assert.deepEqual(readAll([frame(body, 'content-type: application/vscode-jsonrpc; charset=utf8\r\n')]), [body]);
  assert.deepEqual(readAll([frame(body, 'Content-Type: application/vscode-jsonrpc\r\n')]), [body]);
  // Content-Type first
  assert.deepEqual(readAll([Buffer.from(`Content-Type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`)]), [body]);
});

test('the frame reader refuses what is not the base protocol', () => {
  const bad = [
    'Content-Type: application/json\r\n\r\n{}', // no length
    'Content-Length: two\r\n\r\n{}',
    'Content-Length: -2\r\n\r\n{}',
    'Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}',
    'Content-Length 2\r\n\r\n{}', // no colon
    'Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}',
    'Content-Lèngth: 2\r\n\r\n{}', // not ASCII
    '{"jsonrpc":"2.0","id":1,"method":"initialize"}\r\n\r\n', // a bare body
  ];
  for (const text of bad)
    assert.throws(
      () => readAll([Buffer.from(text, 'utf8')]),
      (e) => e instanceof FramingError,
      JSON.stringify(text),
    );
  // a header that never ends
  assert.throws(() => readAll(pieces(Buffer.from(`X-Long: ${'a'.repeat(10_000)}`), 100)), FramingError);
});

test('the transport as the library reads it from the command line', () => {
  assert.equal(transportOf(['node', 'server.js', '--stdio']), 'stdio');
  assert.equal(transportOf(['node', 'server.js', '--node-ipc', '--clientProcessId=12']), 'ipc');
  assert.equal(transportOf(['node', 'server.js', '--clientProcessId=12', '--node-ipc']), 'ipc');
  assert.equal(transportOf(['node', 'server.js', '--socket=6009']), 'other');
  assert.equal(transportOf(['node', 'server.js', '--pipe', '/tmp/p']), 'other');
  assert.equal(transportOf(['node', 'server.js']), 'other');
  // the first one named wins, as in the library
  assert.equal(transportOf(['node', 'server.js', '--socket=1', '--stdio']), 'other');
});

test("only initialize with an id and capabilities is answered early, with the server's own result", () => {
  const params = { processId: null, rootUri: null, capabilities: { workspace: { workspaceFolders: true } } };
  assert.deepEqual(earlyAnswerTo({ jsonrpc: '2.0', id: 7, method: 'initialize', params }), { id: 7, result: initializeResult(params as never) });
  assert.deepEqual(earlyAnswerTo({ jsonrpc: '2.0', id: 'a', method: 'initialize', params })?.id, 'a');
  for (const m of [
    { jsonrpc: '2.0', method: 'initialize', params }, // a notification
    { jsonrpc: '2.0', id: 1, method: 'shutdown' },
    { jsonrpc: '2.0', id: 1, method: 'initialize' },
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: [params] },
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null } },
    { jsonrpc: '2.0', id: null, method: 'initialize', params },
    null,
    [],
    'initialize',
  ])
    assert.equal(earlyAnswerTo(m), undefined, JSON.stringify(m));
});

/** A stand-in process: stdin and stdout pipes, IPC messages and `send`. */
function fakeProcess(): EventEmitter & { stdin: PassThrough; stdout: PassThrough; written: () => string; sent: unknown[]; send(m: unknown): boolean } {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (d: Buffer) => out.push(d));
  const sent: unknown[] = [];
  return Object.assign(new EventEmitter(), {
    stdin: new PassThrough(),
    stdout,
    written: () => Buffer.concat(out).toString('utf8'),
    sent,
    send(m: unknown): boolean {
      sent.push(m);
      return true;
    },
  });
}

/** Everything `input` gives until it ends. */
function drain(input: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    input.on('data', (c: Buffer) => chunks.push(c));
    input.on('end', () => resolve(Buffer.concat(chunks)));
    input.on('error', reject);
  });
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} });

test('stdio: the answer is written when the frame is whole, and the library gets every byte once, in order', async () => {
  const proc = fakeProcess();
  const handoffs: Handoff[] = [];
  assert.equal(
    answerEarly(['node', 'server.js', '--stdio'], proc, (h) => handoffs.push(h)),
    true,
  );
  // the header byte by byte, then the body with the next message in the same chunk
  const first = frame(initialize);
  const headerEnd = first.indexOf('\r\n\r\n') + 4;
  for (const b of pieces(first.subarray(0, headerEnd), 1)) {
    proc.stdin.write(b);
    await tick();
  }
  assert.equal(handoffs.length, 0);
  assert.equal(proc.written(), '');
  proc.stdin.write(Buffer.concat([first.subarray(headerEnd), frame(initialized)]));
  await tick();
  assert.equal(handoffs.length, 1);
  const handoff = handoffs[0];
  assert.equal(handoff.transport, 'stdio');
  const result = initializeResult(JSON.parse(initialize).params);
  const answer = JSON.stringify({ jsonrpc: '2.0', id: 1, result });
  assert.equal(proc.written(), `Content-Length: ${Buffer.byteLength(answer)}\r\n\r\n${answer}`);
  assert.deepEqual(handoff.answered, { id: 1, result: JSON.stringify(result) });
  // a chunk that arrives before the library takes the input over, and one after
  proc.stdin.write(frame('{"late":1}'));
  await tick();
  if (handoff.transport !== 'stdio') return;
  const input = handoff.input();
  assert.throws(() => handoff.input());
  const all = drain(input);
  proc.stdin.write(frame('{"later":2}'));
  proc.stdin.end();
  assert.equal((await all).toString('utf8'), Buffer.concat([first, frame(initialized), frame('{"late":1}'), frame('{"later":2}')]).toString('utf8'));
  assert.equal(handoffs.length, 1);
});

test('stdio: a first message that is not initialize, or a malformed header, is handed over untouched and unanswered', async () => {
  const cases = [
    Buffer.concat([frame(initialized), frame(initialize)]),
    Buffer.from('Content-Length: x\r\n\r\n{}'),
    frame('{"id":1,"method":"initialize",'), // not JSON
  ];
  for (const bytes of cases) {
    const proc = fakeProcess();
    const handoffs: Handoff[] = [];
    answerEarly(['node', 'server.js', '--stdio'], proc, (h) => handoffs.push(h));
    proc.stdin.write(bytes);
    await tick();
    assert.equal(handoffs.length, 1, bytes.toString());
    const handoff = handoffs[0];
    assert.equal(handoff.answered, undefined);
    assert.equal(proc.written(), '');
    if (handoff.transport !== 'stdio') continue;
    const all = drain(handoff.input());
    proc.stdin.end();
    assert.deepEqual(await all, bytes);
  }
});

test('stdio: input that ends before a whole first message is handed over as it is', async () => {
  const proc = fakeProcess();
  const handoffs: Handoff[] = [];
  answerEarly(['node', 'server.js', '--stdio'], proc, (h) => handoffs.push(h));
  proc.stdin.end(Buffer.from('Content-Length: 10\r\n\r\n{"a'));
  await tick();
  await tick();
  assert.equal(handoffs.length, 1);
  assert.equal(handoffs[0].answered, undefined);
  if (handoffs[0].transport !== 'stdio') return;
  assert.equal((await drain(handoffs[0].input())).toString(), 'Content-Length: 10\r\n\r\n{"a');
});

test('node-ipc: initialize is answered by send, and the library gets every message once, in order', () => {
  const proc = fakeProcess();
  const handoffs: Handoff[] = [];
  assert.equal(
    answerEarly(['node', 'server.js', '--node-ipc'], proc, (h) => handoffs.push(h)),
    true,
  );
  const init = JSON.parse(initialize);
  proc.emit('message', init);
  assert.equal(handoffs.length, 1);
  assert.deepEqual(proc.sent, [{ jsonrpc: '2.0', id: 1, result: initializeResult(init.params) }]);
  const handoff = handoffs[0];
  assert.equal(handoff.transport, 'ipc');
  if (handoff.transport !== 'ipc') return;
  assert.deepEqual(handoff.answered, { id: 1, result: JSON.stringify(initializeResult(init.params)) });
  proc.emit('message', { n: 1 });
  const got: unknown[] = [];
  const stop = handoff.listen((m) => got.push(m));
  assert.throws(() => handoff.listen(() => undefined));
  proc.emit('message', { n: 2 });
  assert.deepEqual(got, [init, { n: 1 }, { n: 2 }]);
  assert.equal(proc.listenerCount('message'), 1, 'the early listener is still there');
  stop();
  proc.emit('message', { n: 3 });
  assert.equal(got.length, 3);
  assert.equal(proc.sent.length, 1);
});

test('node-ipc: a first message that is not initialize is handed over unanswered; no IPC channel, no early answer', () => {
  const proc = fakeProcess();
  const handoffs: Handoff[] = [];
  answerEarly(['node', 'server.js', '--node-ipc'], proc, (h) => handoffs.push(h));
  proc.emit('message', JSON.parse(initialized));
  proc.emit('message', JSON.parse(initialize));
  assert.equal(handoffs.length, 1);
  assert.equal(handoffs[0].answered, undefined);
  assert.deepEqual(proc.sent, []);
  const got: unknown[] = [];
  if (handoffs[0].transport === 'ipc') handoffs[0].listen((m) => got.push(m));
  assert.deepEqual(got, [JSON.parse(initialized), JSON.parse(initialize)]);

  const noChannel = Object.assign(fakeProcess(), { send: undefined });
  assert.equal(
    answerEarly(['node', 'server.js', '--node-ipc'], noChannel, () => assert.fail('read')),
    false,
  );
  assert.equal(
    answerEarly(['node', 'server.js', '--socket=5000'], fakeProcess(), () => assert.fail('read')),
    false,
  );
});
