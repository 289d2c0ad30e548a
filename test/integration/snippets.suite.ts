import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, open, packageJSON, rangeOfText, revertAndCloseAll, ruleOf, waitForDiagnostics } from './helpers';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The completion items VS Code offers at `position` (all providers, snippets included). */
async function completions(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list?.items ?? [];
}

export function snippetsSuite(): void {
  suite('Snippets', () => {
    teardown(revertAndCloseAll);

    test('the Pod snippet is offered, expands to a manifest InitLens finds clean', async () => {
      // the server offers the snippets where they fit; VS Code's own copy (contributes.snippets) is gone
      assert.equal((packageJSON().contributes?.snippets ?? []).length, 0, 'no contributed snippets: they would be offered everywhere, under every prefix');
      const editor = await open('snippet-target.yaml');
      const doc = editor.document;
      const prefix = 'k8s-pod-init';
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), prefix)));
      const end = doc.positionAt(doc.getText().length);
      const items = await completions(doc.uri, end);
      const item = items.find((i) => labelOf(i) === prefix && i.kind === vscode.CompletionItemKind.Snippet);
      assert.ok(item, `no "${prefix}" snippet among ${items.length} completions: ${items.slice(0, 30).map(labelOf).join(', ')}`);
      assert.equal(items.filter((i) => labelOf(i) === prefix).length, 1, 'offered once');
      assert.ok(item.insertText instanceof vscode.SnippetString, 'a snippet inserts a SnippetString');

      // Expand it over the typed prefix, as accepting the completion does.
      const ok = await editor.insertSnippet(item.insertText, new vscode.Range(new vscode.Position(0, 0), end));
      assert.ok(ok, 'the snippet expanded');
      const text = doc.getText();
      assert.match(text, /^apiVersion: v1\nkind: Pod\n/);
      assert.match(text, /initContainers:\n\s+- name: init-job\n/);
      assert.doesNotMatch(text, /\$\{|\$\d/, 'no placeholder syntax left');

      // Prove the expanded manifest is analysed and clean: break one name, see exactly that.
      await vscode.commands.executeCommand('leaveSnippet');
      const range = rangeOfText(doc, 'init-job');
      assert.ok(await editor.edit((b) => b.replace(range, 'Init_Job')));
      const ds = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'a diagnostic on the expanded snippet');
      assert.deepEqual(ds.map(ruleOf), ['invalid-container-name'], describeDiagnostics(ds));
    });

    test('an empty file offers each whole-object snippet once, and no list items', async () => {
      const editor = await open('snippet-target.yaml');
      const items = await completions(editor.document.uri, new vscode.Position(0, 0));
      const snippets = items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
      const file = vscode.Uri.joinPath(vscode.extensions.getExtension('initlens.initlens')!.extensionUri, 'snippets', 'kubernetes-init.code-snippets');
      const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, { prefix: string[]; body: string[] }>;
      const whole = Object.values(json)
        .filter((s) => s.body[0].startsWith('apiVersion:'))
        .map((s) => s.prefix[0]);
      assert.deepEqual([...snippets].sort(), [...whole].sort(), `offered: ${snippets.join(', ')}`);
    });
  });
}
