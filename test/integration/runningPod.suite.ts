import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { contributesCommand, contributesSetting, extension, revertAndCloseAll, waitForTab } from './helpers';

/**
 * "InitLens: Show Timeline of a Running Pod…" in a real extension host, with `initlens.kubectlPath`
 * pointing at the stand-in kubectl that replays recorded outputs (test/fixtures/observed/): no
 * cluster is reachable where this runs.
 */
export function runningPodSuite(): void {
  suite('Show Timeline of a Running Pod', () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('initlens');
    const fake = (): string => path.join(extension().extensionPath, 'test', 'fixtures', 'observed', 'fake-kubectl.mjs');

    teardown(async () => {
      await config().update('kubectlPath', undefined, vscode.ConfigurationTarget.Global);
      await revertAndCloseAll();
    });

    test('reads the Pod with kubectl, opens it as YAML and shows its timeline', async () => {
      assert.ok(contributesCommand('initlens.showRunningPodTimeline'));
      assert.ok(contributesSetting('initlens.kubectlPath'));
      await config().update('kubectlPath', fake(), vscode.ConfigurationTarget.Global);
      const doc = (await vscode.commands.executeCommand('initlens.showRunningPodTimeline', { namespace: 'default', name: 'orange' })) as
        | vscode.TextDocument
        | undefined;
      assert.ok(doc, 'a document');
      assert.equal(doc.languageId, 'yaml');
      assert.equal(doc.uri.scheme, 'untitled');
      const lines = doc.getText().split('\n');
      assert.equal(lines[0], '# kubectl get pod orange --namespace default --output yaml (context recorded-outputs)');
      assert.match(lines[1], /^# initlens\.capturedAt: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(doc.getText().includes('reason: CrashLoopBackOff'));
      await waitForTab((t) => t.input instanceof vscode.TabInputWebview && /Untitled/i.test(t.label), 'the timeline of the untitled document');
    });

    test('a Pod kubectl does not know, or no kubectl at all: the command ends and nothing opens', async () => {
      const untitled = (): number => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').length;
      const before = untitled();
      await config().update('kubectlPath', fake(), vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('initlens.showRunningPodTimeline', { namespace: 'default', name: 'no-such-pod' }), undefined);
      await config().update('kubectlPath', path.join(extension().extensionPath, 'no-such-kubectl'), vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('initlens.showRunningPodTimeline', { namespace: 'default', name: 'orange' }), undefined);
      assert.equal(untitled(), before);
    });
  });
}
