/**
 * The language server (dist/server-main.js, started by dist/server.js: loader.ts). The transport comes
 * from the command line (`--node-ipc` from the VS Code client, `--stdio` for other editors and the
 * tests); when the entry read the first message itself (earlyAnswer.ts) it hands the connection over.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { inspect } from 'node:util';
import type { Handoff } from './earlyAnswer';
import { errorText } from './errorText';
import { handedOverConnection } from './handOver';
import { startServer } from './startServer';

export function runServer(handoff?: Handoff): void {
  const connection = handoff
    ? handedOverConnection(handoff, (m) => connection.console.error(`The early answer to initialize differs from the library's: ${m}`))
    : createConnection(ProposedFeatures.all);

  // Nothing may write to stdout but the protocol (the stdio transport uses it): route the console
  // to the client's output channel instead. (The library does so itself for `--stdio` when it opens
  // the transport, not when it is handed one.)
  console.log = connection.console.log.bind(connection.console);
  console.info = connection.console.info.bind(connection.console);
  console.warn = connection.console.warn.bind(connection.console);
  console.error = connection.console.error.bind(connection.console);
  console.debug = connection.console.log.bind(connection.console);
  console.dir = (value: unknown, options?: object) => connection.console.log(inspect(value, options));

  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${errorText(e)}`));
  process.on('uncaughtException', (e) => connection.console.error(`Uncaught exception: ${errorText(e)}`));

  startServer(connection);
}
