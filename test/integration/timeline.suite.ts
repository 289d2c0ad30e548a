import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributesCommand, open, revertAndCloseAll, waitForTab } from './helpers';

export function timelineSuite(): void {
  suite('Init timeline', () => {
    teardown(revertAndCloseAll);

    test('initlens.showTimeline opens the timeline panel for the active manifest', async function () {
      if (!contributesCommand('initlens.showTimeline')) return this.skip(); // waits on the timeline panel
      await open('sidecar-pod.yaml');
      await vscode.commands.executeCommand('initlens.showTimeline');
      const tab = await waitForTab((t) => t.input instanceof vscode.TabInputWebview, 'a webview tab');
      assert.match(tab.label, /timeline/i, `tab label "${tab.label}"`);
      const input = tab.input as vscode.TabInputWebview;
      assert.match(input.viewType, /initlens/i, `viewType "${input.viewType}"`);
    });
  });
}
