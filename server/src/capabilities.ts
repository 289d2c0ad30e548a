/**
 * What the server answers to `initialize`. The answer is written before the features are loaded
 * (serverRest.ts is loaded right after it, issue 15), so the features' capabilities are declared here
 * rather than by the features themselves; each entry names the feature that serves it.
 *
 * dist/server.js writes this answer itself before the LSP library is loaded (earlyAnswer.ts), so this
 * module imports the library's types only: the constants below are the protocol's values, spelled out.
 */
import type { InitializeParams, InitializeResult, ServerCapabilities } from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from './protocol';

/** `TextDocumentSyncKind.Incremental`. */
const INCREMENTAL_SYNC = 2;
/** `CodeActionKind.QuickFix`. */
const QUICK_FIX = 'quickfix';

export function serverCapabilities(p: InitializeParams): ServerCapabilities {
  return {
    textDocumentSync: INCREMENTAL_SYNC,
    workspace: p.capabilities.workspace?.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
    // features/timeline.ts
    codeLensProvider: { resolveProvider: false },
    // features/completion.ts
    completionProvider: { resolveProvider: false },
    // features/codeActions.ts
    codeActionProvider: { codeActionKinds: [QUICK_FIX, FIX_ALL_KIND] },
    // features/hover.ts
    hoverProvider: true,
    // features/navigation.ts
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
  };
}

/** The whole answer to `initialize`, as the library's handler (startServer.ts) and dist/server.js write it. */
export function initializeResult(p: InitializeParams): InitializeResult {
  return { capabilities: serverCapabilities(p), serverInfo: { name: 'initlens' } };
}
