/** The extension's own commands: restart the server, show its output. */
import * as vscode from 'vscode';
import type { ClientContext } from './features';

export function registerCommands(ctx: ClientContext, outputChannel: vscode.OutputChannel): void {
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('initlens.restartServer', async () => {
      try {
        await ctx.client().restart();
      } catch (e) {
        outputChannel.appendLine(vscode.l10n.t('Restart failed: {0}', e instanceof Error ? e.message : String(e)));
        void vscode.window.showErrorMessage(vscode.l10n.t('InitLens: the server could not be restarted. See the InitLens output.'));
      }
    }),
    vscode.commands.registerCommand('initlens.showOutput', () => outputChannel.show(true)),
  );
}
