/** What the status bar item shows, from the server's state and the document: pure, so it is tested without an editor. */
import type { DocumentStatus } from '../../server/src/protocol';

export type StatusView = { kind: 'hidden' } | { kind: 'checking' | 'starting' | 'stopped' } | { kind: 'ok' | 'paused' | 'too-large'; status: DocumentStatus };

/**
 * What the item shows for a document, from what is known of it. Pure, for the tests.
 * `status` is the last one the server sent for the document; `document.version` its current version;
 * `looksLikeManifest` the cheap text test (protocol.ts `mayBeManifest`) for a document the server has
 * not answered for yet.
 */
export function statusView(
  server: 'starting' | 'running' | 'stopped',
  document: { languageId: string; version: number; looksLikeManifest: boolean } | undefined,
  status: DocumentStatus | undefined,
): StatusView {
  if (document?.languageId !== 'yaml') return { kind: 'hidden' };
  // a document known not to be a manifest (or not looking like one) shows nothing, whatever the server does
  // (a ConfigMap being edited stays quiet: no "checking…" flash on every keystroke)
  const relevant = status ? status.state !== 'none' : document.looksLikeManifest;
  if (!relevant) return { kind: 'hidden' };
  if (server === 'stopped') return { kind: 'stopped' };
  if (server === 'starting') return { kind: 'starting' };
  if (!status || status.version < document.version) return { kind: 'checking' };
  if (status.state === 'none') return { kind: 'hidden' };
  return { kind: status.state, status };
}
