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

/** A setting's value when someone set it (folder, workspace or user, language-specific or not), else null. */
export function explicitSetting(section: string, key: string, scopeUri: string | undefined): unknown {
  let scope: vscode.Uri | undefined;
  try {
    scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  } catch {
    scope = undefined;
  }
  // With the language in the scope, inspect() also reports `[yaml]`-specific values.
  const i = vscode.workspace.getConfiguration(section, { uri: scope, languageId: 'yaml' }).inspect(key);
  if (!i) return null;
  return (
    i.workspaceFolderLanguageValue ?? i.workspaceFolderValue ?? i.workspaceLanguageValue ?? i.workspaceValue ?? i.globalLanguageValue ?? i.globalValue ?? null
  );
}

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
    middleware: {
      workspace: {
        // The server asks for `yaml.kubernetesVersion` (Red Hat YAML) as a fallback target version.
        // Answer with the value the user set, never the YAML extension's default: a default would
        // otherwise pass for a choice, and hide that InitLens uses its own default.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) =>
            item.section === 'yaml.kubernetesVersion' ? explicitSetting('yaml', 'kubernetesVersion', item.scopeUri) : result[i],
          );
        },
      },
    },
  };
  // The id makes the client read `initlens.trace.server`.
  return new LanguageClient(CLIENT_ID, vscode.l10n.t('InitLens'), serverOptions, clientOptions);
}
