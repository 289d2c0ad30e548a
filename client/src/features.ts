/**
 * Client features (commands, panels) beyond starting the server, each a function run at
 * activation once the language client has started. Add a feature by adding one line.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerTimelinePanel } from './timelinePanel';
import { registerServerInfo } from './serverInfo';
import { registerStatus } from './status';
import { registerRunningPod } from './runningPod';

export interface ClientContext {
  extension: vscode.ExtensionContext;
  /** The running client; after a restart, the new one. */
  client(): LanguageClient;
  /** How long activation took (set when it ends), for InitLens's own diagnostics. */
  timings: { activationMs: number };
}

export type ClientFeature = (ctx: ClientContext) => void;

export const clientFeatures: ClientFeature[] = [registerTimelinePanel, registerServerInfo, registerStatus, registerRunningPod];
