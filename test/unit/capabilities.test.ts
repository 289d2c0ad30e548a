/**
 * The answer to `initialize` is written before the features are loaded (issue 15), so the capabilities
 * are declared in server/src/capabilities.ts, apart from the features that serve them. This keeps the
 * two in step: every request handler a feature registers has its capability, and every capability
 * has its handler.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverCapabilities } from '../../server/src/capabilities';
import type { ServerContext } from '../../server/src/context';
import { serverFeatures } from '../../server/src/features';

/** Anything: every property is another recorder, every call records its path (`connection.onHover`). */
function recorder(path: string, calls: Set<string>): unknown {
  const fn = (): unknown => {
    calls.add(path);
    return recorder(`${path}()`, calls);
  };
  return new Proxy(fn, {
    get: (_t, key) => (typeof key === 'symbol' ? undefined : recorder(`${path}.${key}`, calls)),
    apply: () => {
      calls.add(path);
      return recorder(`${path}()`, calls);
    },
  });
}

/** Request handlers the client must be told about, and the capability each needs. */
const CAPABILITY_OF: Record<string, string> = {
  'connection.onHover': 'hoverProvider',
  'connection.onCompletion': 'completionProvider',
  'connection.onCodeAction': 'codeActionProvider',
  'connection.onCodeLens': 'codeLensProvider',
  'connection.onDefinition': 'definitionProvider',
  'connection.onReferences': 'referencesProvider',
  'connection.onDocumentHighlight': 'documentHighlightProvider',
  'connection.onRenameRequest': 'renameProvider',
  'connection.onPrepareRename': 'renameProvider.prepareProvider',
  'connection.onDocumentSymbol': 'documentSymbolProvider',
  'connection.onSignatureHelp': 'signatureHelpProvider',
  'connection.onDocumentFormatting': 'documentFormattingProvider',
  'connection.onFoldingRanges': 'foldingRangeProvider',
  'connection.onCodeLensResolve': 'codeLensProvider.resolveProvider',
  'connection.onCompletionResolve': 'completionProvider.resolveProvider',
  'connection.onCodeActionResolve': 'codeActionProvider.resolveProvider',
};

function declared(caps: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(caps)) {
    if (v === undefined || v === false || k === 'textDocumentSync' || k === 'workspace') continue;
    out.add(k);
    if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) if (v2 === true) out.add(`${k}.${k2}`);
  }
  return out;
}

test('every request handler the features register has its capability in capabilities.ts, and the reverse', () => {
  const calls = new Set<string>();
  const ctx = recorder('ctx', calls) as Record<string, unknown>;
  const fake = new Proxy(ctx, { get: (t, key) => (key === 'connection' ? recorder('connection', calls) : (t as Record<string | symbol, unknown>)[key]) });
  for (const feature of serverFeatures) feature(fake as unknown as ServerContext);
  const handlers = [...calls].filter((c) => /^connection\.on[A-Z]\w*$/.test(c));
  assert.ok(handlers.includes('connection.onHover'), `the recorder saw no handler: ${[...calls].slice(0, 10).join(', ')}`);
  const needed = new Set(handlers.flatMap((h) => (CAPABILITY_OF[h] ? [CAPABILITY_OF[h]] : [])));
  const caps = declared(serverCapabilities({ capabilities: {}, processId: null, rootUri: null } as never) as Record<string, unknown>);
  assert.deepEqual([...needed].sort(), [...caps].sort());
});
