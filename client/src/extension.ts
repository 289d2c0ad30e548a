/** Activation: start the language server, then the client features. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';
import { clientFeatures, type ClientContext } from './features';
import { STATUS_NOTIFICATION, type DocumentStatus } from '../../server/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const outputChannel = vscode.window.createOutputChannel(vscode.l10n.t('InitLens'), { log: true });
  context.subscriptions.push(outputChannel);
  client = createClient(context, outputChannel);
  const running = client;
  const timings = { activationMs: 0 };
  const statuses = new vscode.EventEmitter<DocumentStatus>();
  context.subscriptions.push(statuses);
  const ctx: ClientContext = { extension: context, client: () => running, timings, statuses: statuses.event };
  // Commands first, so "Show Output" works even when the server fails to start.
  registerCommands(ctx, outputChannel);
  try {
    await running.start();
  } catch (e) {
    outputChannel.appendLine(vscode.l10n.t('The InitLens server did not start: {0}', e instanceof Error ? e.message : String(e)));
  }
  try {
    context.subscriptions.push(running.onNotification(STATUS_NOTIFICATION, (status: DocumentStatus) => statuses.fire(status)));
  } catch (e) {
    outputChannel.appendLine(vscode.l10n.t('Feature {0} failed: {1}', 'status', e instanceof Error ? (e.stack ?? e.message) : String(e)));
  }
  for (const feature of clientFeatures) {
    try {
      feature(ctx);
    } catch (e) {
      outputChannel.appendLine(vscode.l10n.t('Feature {0} failed: {1}', feature.name, e instanceof Error ? (e.stack ?? e.message) : String(e)));
    }
  }
  timings.activationMs = Math.round(performance.now() - started);
  outputChannel.appendLine(vscode.l10n.t('InitLens activated in {0} ms (including the server start).', timings.activationMs));
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  try {
    await running?.stop();
  } catch {
    // it was not running
  }
}
