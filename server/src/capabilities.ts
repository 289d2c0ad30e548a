/**
 * What the server answers to `initialize`. The answer is written before the features are loaded
 * (serverRest.ts is loaded right after it, issue 15), so the features' capabilities are declared here
 * rather than by the features themselves; each entry names the feature that serves it.
 */
import { CodeActionKind, TextDocumentSyncKind, type InitializeParams, type ServerCapabilities } from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from './protocol';

export function serverCapabilities(p: InitializeParams): ServerCapabilities {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    workspace: p.capabilities.workspace?.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
    // features/timeline.ts
    codeLensProvider: { resolveProvider: false },
    // features/completion.ts
    completionProvider: { resolveProvider: false },
    // features/codeActions.ts
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    // features/hover.ts
    hoverProvider: true,
    // features/navigation.ts
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
  };
}
