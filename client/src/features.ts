/**
 * Client features (commands, panels) beyond starting the server, each a function run at
 * activation once the language client has started. Add a feature by adding one line.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DocumentStatus } from '../../server/src/protocol';
import { registerTimelinePanel } from './timelinePanel';
import { registerServerInfo } from './serverInfo';
import { registerStatus } from './status';
import { registerRunningPod } from './runningPod';

export interface ClientContext {
  extension: vscode.ExtensionContext;
  /** The running client; after a restart, the new one. */
  client(): LanguageClient;
  /**
   * The server's `initlens/status`, sent after every analysis of an open document. One handler
   * takes the notification (a second `onNotification` for a method replaces the first); features
   * listen here.
   */
  statuses: vscode.Event<DocumentStatus>;
  /** How long activation took (set when it ends), for InitLens's own diagnostics. */
  timings: { activationMs: number };
}

export type ClientFeature = (ctx: ClientContext) => void;

export const clientFeatures: ClientFeature[] = [registerTimelinePanel, registerServerInfo, registerStatus, registerRunningPod];
