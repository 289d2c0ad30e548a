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
      assert.ok((packageJSON().contributes?.snippets ?? []).length, 'the manifest contributes snippets');
      const editor = await open('snippet-target.yaml');
      const doc = editor.document;
      const prefix = 'k8s-pod-init';
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), prefix)));
      const end = doc.positionAt(doc.getText().length);
      const items = await completions(doc.uri, end);
      const item = items.find((i) => labelOf(i) === prefix && i.kind === vscode.CompletionItemKind.Snippet);
      assert.ok(item, `no "${prefix}" snippet among ${items.length} completions: ${items.slice(0, 30).map(labelOf).join(', ')}`);
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

    test('every contributed snippet file parses and offers its prefixes in YAML', async () => {
      const contributed = packageJSON().contributes?.snippets ?? [];
      assert.ok(contributed.length, 'the manifest contributes snippets');
      const editor = await open('snippet-target.yaml');
      const items = await completions(editor.document.uri, new vscode.Position(0, 0));
      const snippetLabels = new Set(items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf));
      for (const s of contributed) {
        const file = vscode.Uri.joinPath(vscode.extensions.getExtension('initlens.initlens')!.extensionUri, s.path);
        const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, { prefix: string | string[] }>;
        for (const [name, snippet] of Object.entries(json)) {
          const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
          assert.ok(
            prefixes.some((p) => snippetLabels.has(p)),
            `snippet "${name}" (${prefixes.join(', ')}) is not offered; offered: ${[...snippetLabels].join(', ')}`,
          );
        }
      }
    });
  });
}
