/**
 * Entry point of the language server (dist/server.js). The transport comes from the command line
 * (`--node-ipc` from the VS Code client, `--stdio` for other editors and the tests).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { errorText } from './errorText';
import { startServer } from './startServer';

const connection = createConnection(ProposedFeatures.all);

// Nothing may write to stdout but the protocol (the stdio transport uses it): route the console
// to the client's output channel instead.
console.log = connection.console.log.bind(connection.console);
console.info = connection.console.info.bind(connection.console);
console.warn = connection.console.warn.bind(connection.console);
console.error = connection.console.error.bind(connection.console);

process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${errorText(e)}`));
process.on('uncaughtException', (e) => connection.console.error(`Uncaught exception: ${errorText(e)}`));

startServer(connection);
