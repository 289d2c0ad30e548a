import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributesCommand, open, revertAndCloseAll, waitForTab } from './helpers';

export function timelineSuite(): void {
  suite('Init timeline', () => {
    teardown(revertAndCloseAll);

    test('initlens.showTimeline opens the timeline panel for the active manifest', async () => {
      assert.ok(contributesCommand('initlens.showTimeline'), 'the manifest contributes initlens.showTimeline');
      await open('sidecar-pod.yaml');
      await vscode.commands.executeCommand('initlens.showTimeline');
      const tab = await waitForTab((t) => t.input instanceof vscode.TabInputWebview, 'a webview tab');
      assert.match(tab.label, /timeline/i, `tab label "${tab.label}"`);
      const input = tab.input as vscode.TabInputWebview;
      assert.match(input.viewType, /initlens/i, `viewType "${input.viewType}"`);
      await waitForTab((t) => t.input instanceof vscode.TabInputWebview && /sidecar-pod\.yaml/.test(t.label), 'the timeline title to name sidecar-pod.yaml');

      // It follows the active manifest.
      await open('broken-pod.yaml');
      await waitForTab((t) => t.input instanceof vscode.TabInputWebview && /broken-pod\.yaml/.test(t.label), 'the timeline to follow broken-pod.yaml');

      // Running the command again reveals the same panel rather than opening a second one.
      await vscode.commands.executeCommand('initlens.showTimeline');
      const webviews = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
      assert.equal(webviews.length, 1, `one timeline panel, not ${webviews.length}`);
    });
  });
}
