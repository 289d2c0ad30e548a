import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertRange, describeDiagnostics, extension, open, rangeOfText, replaceText, revertAndCloseAll, ruleOf, waitForDiagnostics } from './helpers';

export function diagnosticsSuite(): void {
  suite('Diagnostics', () => {
    teardown(revertAndCloseAll);

    test('the extension activates on a YAML file', async () => {
      await open('fixed-pod.yaml');
      const ext = extension();
      await ext.activate();
      assert.ok(ext.isActive);
    });

    test('a broken Pod gets each problem on its exact range, with the rule id as code', async () => {
      const editor = await open('broken-pod.yaml');
      const doc = editor.document;
      const ds = await waitForDiagnostics(doc.uri, (d) => d.length >= 2, 'two diagnostics');
      assert.deepEqual(ds.map(ruleOf).sort(), ['init-lifecycle-or-probe', 'invalid-container-name'], describeDiagnostics(ds));

      const name = ds.find((d) => ruleOf(d) === 'invalid-container-name')!;
      assertRange(name.range, rangeOfText(doc, 'Copy_Config'), 'invalid-container-name');
      assert.equal(name.severity, vscode.DiagnosticSeverity.Error);
      // the headline: plain text, one Problems row; the API server's error is in the hover
      assert.equal(name.message, 'Container name "Copy_Config" is not a valid DNS label: use a-z, 0-9 and "-"');

      const probe = ds.find((d) => ruleOf(d) === 'init-lifecycle-or-probe')!;
      assertRange(probe.range, rangeOfText(doc, 'readinessProbe'), 'init-lifecycle-or-probe');
      assert.equal(probe.message, 'readinessProbe on plain init container "migrate" is rejected: only sidecars may have it');

      // The code links to the rule's docs page.
      const code = name.code;
      assert.ok(typeof code === 'object' && code !== null && 'target' in code, 'code carries a docs link');
      assert.match(code.target.toString(), /invalid-container-name/);
    });

    test('fixing the YAML clears that diagnostic and leaves the other', async () => {
      const editor = await open('broken-pod.yaml');
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'invalid-container-name'), 'invalid-container-name');
      await replaceText(editor, 'Copy_Config', 'copy-config');
      const after = await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'invalid-container-name'), 'invalid-container-name to go');
      assert.deepEqual(after.map(ruleOf), ['init-lifecycle-or-probe'], describeDiagnostics(after));
      // The remaining diagnostic moved with the text (the fix changed no line lengths above it… but check anyway).
      assertRange(after[0].range, rangeOfText(editor.document, 'readinessProbe'), 'init-lifecycle-or-probe after the edit');

      // Deleting the probe (four lines) clears the last one.
      const doc = editor.document;
      const start = rangeOfText(doc, 'readinessProbe').start.line;
      const ok = await editor.edit((b) => b.delete(new vscode.Range(start, 0, start + 3, 0)));
      assert.ok(ok);
      await waitForDiagnostics(uri, (d) => d.length === 0, 'no diagnostics');
    });

    test('a correct Pod gets none: breaking it gives exactly one, fixing it none again', async () => {
      // A clean document may not produce a diagnostics event at all, so prove the server looked at
      // it by breaking one thing and seeing exactly that one finding.
      const editor = await open('fixed-pod.yaml');
      const uri = editor.document.uri;
      await replaceText(editor, '- name: migrate', '- name: Migrate');
      const ds = await waitForDiagnostics(uri, (d) => d.length > 0, 'a diagnostic');
      assert.deepEqual(ds.map(ruleOf), ['invalid-container-name'], describeDiagnostics(ds));
      assertRange(ds[0].range, rangeOfText(editor.document, 'Migrate'), 'invalid-container-name');
      await vscode.commands.executeCommand('undo');
      await waitForDiagnostics(uri, (d) => d.length === 0, 'no diagnostics after undo');
    });

    test('in a multi-document file only the broken document is flagged', async () => {
      const editor = await open('mixed.yaml');
      const doc = editor.document;
      const ds = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'a diagnostic');
      assert.deepEqual(ds.map(ruleOf), ['init-lifecycle-or-probe'], describeDiagnostics(ds));
      assertRange(ds[0].range, rangeOfText(doc, 'livenessProbe'), 'init-lifecycle-or-probe');
      assert.match(ds[0].message, /^livenessProbe on plain init container "[^"]+" is rejected/);
    });

    test('plain YAML that is not a manifest gets no diagnostics', async () => {
      // Open the plain file, then a broken manifest; once the manifest has its diagnostics the
      // server has seen both (it handles documents in order), and the plain one has none.
      const plain = await open('ci/workflow.yaml');
      const broken = await open('broken-pod.yaml');
      await waitForDiagnostics(broken.document.uri, (d) => d.length > 0, 'the broken Pod diagnostics');
      assert.equal(describeDiagnostics(vscode.languages.getDiagnostics(plain.document.uri).filter((d) => d.source === 'initlens')), '(none)');
    });
  });
}
