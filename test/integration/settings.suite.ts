import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertRange,
  contributesRule,
  contributesSetting,
  describeDiagnostics,
  open,
  rangeOfText,
  revertAndCloseAll,
  ruleOf,
  setSetting,
  waitForDiagnostics,
} from './helpers';

export function settingsSuite(): void {
  suite('Settings', () => {
    teardown(async () => {
      if (contributesSetting('initlens.rules')) await setSetting('rules', undefined);
      if (contributesSetting('initlens.kubernetesVersion')) await setSetting('kubernetesVersion', undefined);
      await revertAndCloseAll();
    });

    test("initlens.rules changes a rule's severity, turns it off and back on", async () => {
      assert.ok(contributesSetting('initlens.rules'), 'the manifest contributes initlens.rules');
      const editor = await open('broken-pod.yaml');
      const uri = editor.document.uri;
      const nameDiag = (ds: vscode.Diagnostic[]): vscode.Diagnostic | undefined => ds.find((d) => ruleOf(d) === 'invalid-container-name');
      await waitForDiagnostics(uri, (ds) => nameDiag(ds)?.severity === vscode.DiagnosticSeverity.Error, 'invalid-container-name as an error');

      await setSetting('rules', { 'invalid-container-name': 'warning' });
      const warned = await waitForDiagnostics(uri, (ds) => nameDiag(ds)?.severity === vscode.DiagnosticSeverity.Warning, 'invalid-container-name as a warning');
      assertRange(nameDiag(warned)!.range, rangeOfText(editor.document, 'Copy_Config'), 'invalid-container-name');

      await setSetting('rules', { 'invalid-container-name': 'off' });
      const off = await waitForDiagnostics(uri, (ds) => ds.length > 0 && !nameDiag(ds), 'invalid-container-name to be off');
      assert.deepEqual(off.map(ruleOf), ['init-lifecycle-or-probe'], describeDiagnostics(off));

      await setSetting('rules', undefined);
      await waitForDiagnostics(uri, (ds) => nameDiag(ds)?.severity === vscode.DiagnosticSeverity.Error, 'invalid-container-name back as an error');
    });

    test('initlens.kubernetesVersion below 1.29 flags a native sidecar', async () => {
      assert.ok(contributesSetting('initlens.kubernetesVersion'), 'the manifest contributes initlens.kubernetesVersion');
      assert.ok(contributesRule('sidecar-unsupported-version'), 'initlens.rules lists sidecar-unsupported-version');
      const editor = await open('sidecar-pod.yaml');
      const doc = editor.document;
      // Clean at the default version; prove the server looked by asking for an old cluster.
      await setSetting('kubernetesVersion', '1.27');
      const old = await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'a diagnostic at 1.27');
      assert.deepEqual(old.map(ruleOf), ['sidecar-unsupported-version'], describeDiagnostics(old));
      assertRange(old[0].range, rangeOfText(doc, 'Always', 2), 'sidecar-unsupported-version');
      assert.match(old[0].message, /1\.27/);

      await setSetting('kubernetesVersion', '1.29');
      await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no diagnostics at 1.29');
    });
  });
}
