/** `initlens/serverInfo`: which process is serving, for the recovery test and bug reports. */
import type { ServerContext } from '../context';
import { SERVER_INFO_REQUEST, type ServerInfo } from '../protocol';

export function registerServerInfo(ctx: ServerContext): void {
  ctx.connection.onRequest(
    SERVER_INFO_REQUEST,
    (): ServerInfo => ({
      pid: process.pid,
      locale: ctx.locale(),
      uptimeMs: Math.round(process.uptime() * 1000),
    }),
  );
}
