/**
 * Server features, each in its own module with a `register(ctx)` function. The server calls them in
 * this order after the connection and documents are set up. Add a feature by adding one line.
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
