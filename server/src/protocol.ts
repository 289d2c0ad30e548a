/**
 * The custom requests between the InitLens client and server, shared by both sides (the client
 * imports this module; it has no runtime dependencies, so neither bundle pulls the other's LSP
 * library in). Send with `client.sendRequest<TimelineResult>(TIMELINE_REQUEST, params)`.
 */
import type { TimelineModel } from './analysis/timeline';
import type { VersionSource } from './analysis/settings';

export type { VersionSource } from './analysis/settings';
export type { TimelineModel, Lane, Bar, Slot, Handoff, FailurePath, Duration, TimelineFinding } from './analysis/timeline';

/** The code action kind of InitLens's fix-all (`editor.codeActionsOnSave`: `"source.fixAll.initlens"`). */
export const FIX_ALL_KIND = 'source.fixAll.initlens';

export interface TimelineParams {
  uri: string;
  /** Offset of the cursor in the document (UTF-16 code units); picks the Pod under it. */
  offset?: number;
}

export interface TimelineResult {
  /** Null when the document has no Pod spec (or is not a manifest, or too large). */
  model: TimelineModel | null;
  /** Why there is no model, for the panel to say. */
  reason?: 'not-open' | 'not-manifest' | 'no-pod' | 'too-large';
  /** The document version the model was built from. */
  version: number | null;
  /** How long building the model took on the server, in milliseconds. */
  millis: number;
}

export const TIMELINE_REQUEST = 'initlens/timeline';

/** The client command the "Show init timeline" CodeLens runs (arguments: uri, offset). */
export const SHOW_TIMELINE_COMMAND = 'initlens.showTimeline';

/** What the running server is: for diagnostics and for the test that kills it and sees it return. */
export interface ServerInfo {
  pid: number;
  /** The display locale the client sent. */
  locale: string;
  /** Milliseconds since the server process started. */
  uptimeMs: number;
}

export const SERVER_INFO_REQUEST = 'initlens/serverInfo';

/** Internal client command (not in the command palette) answering the server's `ServerInfo`. */
export const SERVER_INFO_COMMAND = 'initlens.serverInfo';

/**
 * InitLens's state for one document, sent by the server after each analysis of it (and again when
 * settings change): the status bar item and the `initlens.podSpecPaths` context key (graph button)
 * are drawn from it.
 * - `ok`: checked, against `kubernetesVersion` (from `versionSource`);
 * - `paused`: the text looks like a manifest but is not valid YAML: InitLens checks only what parses
 *   (the YAML extension underlines the error itself; InitLens adds no diagnostic for it);
 * - `too-large`: above `initlens.maxFileSize`, not analysed in the editor;
 * - `none`: not a Kubernetes manifest (or `.initlens.yaml`): show nothing.
 */
export interface DocumentStatus {
  uri: string;
  /** The document version the state is about. */
  version: number;
  state: 'ok' | 'paused' | 'too-large' | 'none';
  /** `major.minor` of the target version, e.g. `1.35`. */
  kubernetesVersion: string;
  versionSource: VersionSource;
  /** The document has a Pod spec (a Pod, a workload's template, a fragment): the timeline applies. */
  hasPodSpec: boolean;
  /** How many findings the analysis gave. */
  findings: number;
  /** For `paused`: where the YAML parser first stopped (0-based line/character, UTF-16) and why. */
  syntaxError?: { line: number; character: number; message: string };
}

export const STATUS_NOTIFICATION = 'initlens/status';

/** The same state on request (params `{ uri }`; null when the document is not open): for a client
 * that started listening after the server had already sent it. */
export const STATUS_REQUEST = 'initlens/documentStatus';

/** Cheap first look: could this text be a Kubernetes manifest or a Pod-spec fragment at all? The
 * analysis decides (a document with no Pod spec gives nothing); this only spares it plain YAML.
 * (Here so that the client's status bar can say "checking…" before the server has answered.) */
export function mayBeManifest(text: string): boolean {
  return (/\bapiVersion["']?\s*:/.test(text) && /\bkind["']?\s*:/.test(text)) || /\b(?:initContainers|containers)["']?\s*:/.test(text);
}
