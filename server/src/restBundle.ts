/**
 * dist/server-rest.js, loaded through V8's code cache (codeCache.ts). In dist/server-main.js
 * `require('./serverRest')` in startServer.ts comes here (esbuild.mjs, `restApart`); the tests that run
 * the sources load serverRest.ts itself.
 *
 * The rest bundle leaves out the LSP library and the text document, which this bundle holds already:
 * it is handed these very modules (one copy of each, as `instanceof ResponseError` and the like need).
 * The cache is written like the first bundle's (loader.ts): once the server has done its first work
 * and is idle (so it holds the first analysis's functions too), or at exit.
 */
import * as path from 'node:path';
import * as lsp from 'vscode-languageserver/node';
import * as textDocument from 'vscode-languageserver-textdocument';
import { loadWithCodeCache, saveWhenIdle } from './codeCache';

/** The modules the rest bundle takes from this one (esbuild.mjs, `sharedWithSkeleton`). */
export const sharedModules: Record<string, unknown> = {
  'vscode-languageserver/node': lsp,
  'vscode-languageserver-textdocument': textDocument,
};

export function loadRestBundle(): unknown {
  const bundle = loadWithCodeCache(path.join(__dirname, 'server-rest.js'), undefined, sharedModules);
  // the cache then holds a whole analysis's functions, whatever the first document was (warmUp.ts)
  saveWhenIdle(bundle, (bundle.exports as { warmUpAnalysis?: () => void }).warmUpAnalysis);
  return bundle.exports;
}
