/**
 * The language server's start (issue 15): answer `initialize`, then load the rest.
 *
 * Usually dist/server.js has answered already, before this bundle was loaded (earlyAnswer.ts): the
 * library still handles `initialize` here, for its parameters, but its answer is not written
 * (handOver.ts). Either answer is capabilities.ts's `initializeResult`. Settings, analyses,
 * features and the analysis itself (serverRest.ts; when built, a bundle of its own,
 * dist/server-rest.js, loaded through V8's code cache by restBundle.ts) are loaded right after the
 * answer is written, while the client reads it and sends `initialized`, or at the latest by
 * `initialized`, before any later message is handled (a client may send nothing else in between).
 * Documents are tracked from the start, so a document opened before the rest is loaded is analysed
 * when it is.
 */
import { TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initializeResult } from './capabilities';
import { errorText } from './errorText';
import type * as Rest from './serverRest';

/** Loads serverRest.ts; in dist/server-main.js this `require` loads dist/server-rest.js instead (esbuild.mjs, `restApart`). */
const loadRest = (): typeof Rest => require('./serverRest') as typeof Rest;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let start: (() => Rest.RunningServer) | undefined;
  let running: Rest.RunningServer | undefined;
  const rest = (): Rest.RunningServer | undefined => {
    if (!running && start) {
      try {
        running = start();
      } catch (e) {
        connection.console.error(`Starting the server failed: ${errorText(e)}`);
      } finally {
        start = undefined;
      }
    }
    return running;
  };

  connection.onInitialize((params): InitializeResult => {
    start = () => loadRest().startRest(connection, documents, params);
    // The answer is written in an immediate the library queues after this handler returns; the
    // second immediate runs after it (and before any message that arrives meanwhile is handled).
    setImmediate(() => setImmediate(rest));
    return initializeResult(params);
  });
  connection.onInitialized(() => rest()?.initialized());

  documents.listen(connection);
  connection.listen();
}
