/** The internal `initlens.serverInfo` command: asks the running server who it is. */
import * as vscode from 'vscode';
import { SERVER_INFO_COMMAND, SERVER_INFO_REQUEST, type ServerInfo } from '../../server/src/protocol';
import type { ClientContext } from './features';

export function registerServerInfo(ctx: ClientContext): void {
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(SERVER_INFO_COMMAND, async (): Promise<(ServerInfo & { clientActivationMs: number }) | undefined> => {
      const client = ctx.client();
      if (!client.isRunning()) return undefined;
      const info = await client.sendRequest<ServerInfo>(SERVER_INFO_REQUEST);
      return { ...info, clientActivationMs: ctx.timings.activationMs };
    }),
  );
}
