/**
 * The custom requests between the InitLens client and server, shared by both sides (the client
 * imports this module; it has no runtime dependencies, so neither bundle pulls the other's LSP
 * library in). Send with `client.sendRequest<TimelineResult>(TIMELINE_REQUEST, params)`.
 */
import type { TimelineModel } from './analysis/timeline';

export type { TimelineModel, Lane, Bar, Slot, Handoff, FailurePath, Duration, TimelineFinding } from './analysis/timeline';

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
