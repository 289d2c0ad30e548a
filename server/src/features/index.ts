/**
 * Server features, each in its own module with a `register(ctx)` function. The server calls them in
 * this order after the connection and documents are set up. Add a feature by adding one line; a
 * feature that serves a request the client must be told about also adds its capability to
 * capabilities.ts (the `initialize` answer is written before the features load;
 * test/unit/capabilities.test.ts fails when a handler and its capability disagree).
 */
import type { ServerContext } from '../context';
import { registerDiagnostics } from './diagnostics';
import { registerTimeline } from './timeline';
import { registerCompletion } from './completion';
import { registerCodeActions } from './codeActions';
import { registerHover } from './hover';
import { registerNavigation } from './navigation';
import { registerServerInfo } from './serverInfo';
import { registerStatus } from './status';

export type ServerFeature = (ctx: ServerContext) => void;

export const serverFeatures: ServerFeature[] = [
  registerDiagnostics,
  registerTimeline,
  registerCompletion,
  registerCodeActions,
  registerHover,
  registerNavigation,
  registerServerInfo,
  registerStatus,
];
