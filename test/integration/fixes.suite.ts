/**
 * Quick fixes and volume rename through the `vscode` API, as the editor applies them: the edit comes
 * from the server, VS Code applies it, and the document text is what the title promised.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, revertAndCloseAll, ruleOf, rangeOfText, waitForDiagnostics } from './helpers';

export function fixesSuite(): void {
  suite('quick fixes and rename', () => {
    teardown(revertAndCloseAll);

    test('the quick fix for an invalid container name renames it and clears the error', async () => {
      const editor = await open('broken-pod.yaml');
      const uri = editor.document.uri;
      const ds = await waitForDiagnostics(uri, (x) => x.some((d) => ruleOf(d) === 'invalid-container-name'), 'the invalid name');
      const d = ds.find((x) => ruleOf(x) === 'invalid-container-name')!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        d.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((a) => a.title);
      const rename = actions.find((a) => /copy-config/.test(a.title) && a.edit);
      assert.ok(rename, `a rename fix is offered; got: ${titles.join(' | ')}`);
      assert.ok(
        actions.some((a) => /initlens-disable|Disable/i.test(a.title)),
        `suppression is offered too; got: ${titles.join(' | ')}`,
      );
      assert.ok(await vscode.workspace.applyEdit(rename.edit!));
      const text = editor.document.getText();
      assert.ok(text.includes('- name: copy-config\n'), text.slice(0, 400));
      assert.ok(!text.includes('Copy_Config'));
      await waitForDiagnostics(uri, (x) => !x.some((dd) => ruleOf(dd) === 'invalid-container-name'), 'the error to clear');
    });

    test('renaming a volume renames its declaration and every mount in the Pod', async () => {
      const editor = await open('broken-pod.yaml');
      const uri = editor.document.uri;
      const at = rangeOfText(editor.document, 'config-src', 2).start.translate(0, 1); // the first mount
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, at, 'app-config');
      assert.ok(edit, 'a rename edit');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const text = editor.document.getText();
      // paths are not names: `/config-src` in the script and in mountPath stay as they are
      assert.equal(text.match(/config-src/g)?.length ?? 0, 2, 'only the two paths keep the old text');
      assert.equal(text.match(/name: app-config\b/g)?.length, 2, 'the mount and the volume are renamed');
      // the volume is still found: no undeclared-volume appears
      await waitForDiagnostics(uri, (x) => x.length > 0 && !x.some((d) => ruleOf(d) === 'undeclared-volume'), 'diagnostics after the rename');
    });
  });
}
