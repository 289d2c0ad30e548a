/**
 * The language client: how the server is started and which documents it sees.
 *
 * Every YAML document (on disk, untitled, or in a virtual workspace) goes to the server, which stays
 * quiet on anything that is not a Kubernetes manifest — so InitLens sits beside the Red Hat YAML
 * extension without duplicating its work. The server never runs workspace content, so it is safe in
 * untrusted workspaces.
 *
 * If the server process dies, vscode-languageclient's default error handler restarts it (up to 4
 * times within 3 minutes; after a fifth crash it gives up and says so). We keep that behaviour:
 * `InitLens: Restart Server` starts it again by hand.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'initlens';

export function createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // "Attach to Server" in launch.json attaches on this port.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'vscode-vfs', language: 'yaml' },
    ],
    synchronize: {
      // The server re-reads .initlens.yaml (project settings) when one is created, changed or deleted.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.initlens.yaml'),
    },
    initializationOptions: { locale: vscode.env.language },
    outputChannel,
  };
  // The id makes the client read `initlens.trace.server`.
  return new LanguageClient(CLIENT_ID, vscode.l10n.t('InitLens'), serverOptions, clientOptions);
}
