/**
 * The connection of a server whose entry read the first message itself (earlyAnswer.ts): the library
 * reads everything that entry received, in order (`initialize` first, so its parameters reach the
 * handlers), then the rest of the transport; when the entry answered `initialize` already, the
 * library's own answer to it is not written.
 */
import {
  type Connection,
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type Message,
  type MessageWriter,
  ProposedFeatures,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import type { Handoff } from './earlyAnswer';

/** The connection over what `handoff` read and the rest of its transport. */
export function handedOverConnection(handoff: Handoff, onMismatch: (text: string) => void, proc: NodeJS.Process = process): Connection {
  const writer = handoff.transport === 'stdio' ? new StreamMessageWriter(proc.stdout) : new IPCMessageWriter(proc);
  const output = handoff.answered ? withoutSecondAnswer(writer, handoff.answered, onMismatch) : writer;
  if (handoff.transport === 'ipc') {
    const reader = new IPCMessageReader(proc);
    // the messages the entry received, then the process's
    reader.listen = (callback) => ({ dispose: handoff.listen((message) => callback(message as Message)) });
    return createConnection(ProposedFeatures.all, reader, output);
  }
  // Given a stream, the library reads it and ends the process when it ends, as it does with stdin
  // (a reader of ours would not); the writer is a writer, which the library tells apart by its lack of
  // `addListener`. The typings have no such mix.
  return createConnection(ProposedFeatures.all, handoff.input(), output as unknown as NodeJS.WritableStream);
}

/**
 * `writer` without the library's answer to the `initialize` the entry answered. The two should be the
 * same (both are capabilities.ts's); when they are not, `onMismatch` hears both (the server logs it).
 */
function withoutSecondAnswer(writer: MessageWriter, answered: { id: number | string; result: string }, onMismatch: (text: string) => void): MessageWriter {
  let pending = true;
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    write(message: Message): Promise<void> {
      const response = message as { id?: unknown; result?: unknown; error?: unknown; method?: unknown };
      if (pending && response.id === answered.id && response.method === undefined) {
        pending = false;
        const library = response.error !== undefined ? `error ${JSON.stringify(response.error)}` : JSON.stringify(response.result);
        if (library !== answered.result) onMismatch(`answered ${answered.result}, the library would have answered ${library}`);
        return Promise.resolve();
      }
      return writer.write(message);
    },
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}
