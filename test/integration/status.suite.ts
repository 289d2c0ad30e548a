import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributesCommand, open, revertAndCloseAll, ruleOf } from './helpers';

interface StatusInfo {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | null;
  podSpecPaths: string[];
}

const info = (): Thenable<StatusInfo> => vscode.commands.executeCommand<StatusInfo>('initlens.statusInfo');

/** Polls the status item until `ok(info)`; fails with the last one seen after 30 s. */
async function statusUntil(ok: (s: StatusInfo) => boolean, what: string): Promise<StatusInfo> {
  const deadline = Date.now() + 30_000;
  let last: StatusInfo | undefined;
  for (;;) {
    last = await info();
    if (last && ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function statusSuite(): void {
  suite('Status bar', () => {
    teardown(revertAndCloseAll);

    test('a Pod: the target version, a click to choose another; it has the timeline button', async () => {
      assert.ok(contributesCommand('initlens.selectKubernetesVersion'));
      const editor = await open('sidecar-pod.yaml');
      const s = await statusUntil((x) => x.visible && /K8s \d+\.\d+/.test(x.text), 'K8s x.y');
      assert.equal(s.command, 'initlens.selectKubernetesVersion');
      assert.match(s.tooltip, /Kubernetes \d+\.\d+/);
      assert.ok(s.podSpecPaths.includes(editor.document.uri.fsPath), JSON.stringify(s.podSpecPaths));
    });

    test('a ConfigMap and plain YAML: nothing shown, no timeline button', async () => {
      for (const content of ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n', 'name: ci\non: [push]\n']) {
        const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
        await vscode.window.showTextDocument(doc);
        await new Promise((r) => setTimeout(r, 500));
        const s = await statusUntil((x) => !x.visible, 'the item to hide');
        assert.ok(!s.podSpecPaths.includes(doc.uri.path));
      }
    });

    test('a manifest that does not parse: paused at the error line; the click moves the cursor there', async () => {
      const content =
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.0\n   - name: log\n     image: busybox:1.36.1\n';
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
      await vscode.window.showTextDocument(doc);
      const s = await statusUntil((x) => x.visible && /line 9/.test(x.text), '"paused … line 9"');
      assert.equal(s.command, 'initlens.revealYamlError');
      // no InitLens diagnostic for the syntax error: the YAML extension has its own
      assert.deepEqual(
        vscode.languages.getDiagnostics(doc.uri).filter((d) => ruleOf(d) === 'yaml-syntax-error'),
        [],
      );
    });
  });
}
