/**
 * The server process killed mid-session comes back: the language client restarts it, and the
 * diagnostics return and follow edits again.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, revertAndCloseAll, replaceText, ruleOf, waitForDiagnostics } from './helpers';

interface ServerInfo {
  pid: number;
  clientActivationMs: number;
  locale: string;
  uptimeMs: number;
}

async function serverInfo(): Promise<ServerInfo | undefined> {
  return vscode.commands.executeCommand<ServerInfo | undefined>('initlens.serverInfo');
}

export function recoverySuite(): void {
  suite('server recovery', () => {
    teardown(revertAndCloseAll);

    test('a killed server is restarted and diagnostics come back', async () => {
      const editor = await open('broken-pod.yaml');
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'invalid-container-name'), 'the first diagnostics');
      const before = await serverInfo();
      assert.ok(before && before.pid > 0, 'the server answers initlens/serverInfo');
      // in code-server the harness relays only tagged console lines (see index.ts)
      console.log(`${vscode.env.remoteName ? 'initlens-suite| ' : ''}      client activation took ${before.clientActivationMs} ms (server start included)`);

      // the client clears the server's diagnostics when the connection drops, and republishes
      // them from the new process: wait for them to go, then to come back
      const gone = waitForDiagnostics(uri, (ds) => ds.length === 0, 'the diagnostics to be cleared when the server dies');
      process.kill(before.pid, 'SIGKILL');
      await gone;
      await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'invalid-container-name'), 'the diagnostics from the restarted server', 60_000);
      const after = await serverInfo();
      assert.ok(after && after.pid !== before.pid, `a new server process (was ${before.pid}, now ${after?.pid})`);

      // and the new server follows edits
      await replaceText(editor, 'Copy_Config', 'copy-config');
      await waitForDiagnostics(uri, (ds) => !ds.some((d) => ruleOf(d) === 'invalid-container-name'), 'the fixed name to clear its diagnostic');
    });
  });
}
