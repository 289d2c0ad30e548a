/**
 * Run with VS Code's display language set to Simplified Chinese (`--locale zh-cn`): InitLens's
 * diagnostics, hovers and docs links come out in Chinese, and field names and the API server's
 * own error text stay verbatim. In any other language this suite checks the English side.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, revertAndCloseAll, ruleOf, rangeOfText, waitForDiagnostics } from './helpers';

/**
 * The hover as a reader sees it: Markdown backslash escapes (CommonMark: a backslash before ASCII
 * punctuation) removed, since the explanation escapes text from the file outside its code spans.
 */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

export function l10nSuite(): void {
  const chinese = vscode.env.language.toLowerCase().startsWith('zh');
  suite(`display language (${vscode.env.language})`, () => {
    teardown(revertAndCloseAll);

    test('diagnostics, their docs link and hovers follow the display language', async () => {
      const editor = await open('broken-pod.yaml');
      const uri = editor.document.uri;
      const ds = await waitForDiagnostics(uri, (x) => x.some((d) => ruleOf(d) === 'invalid-container-name'), 'the invalid name');
      const d = ds.find((x) => ruleOf(x) === 'invalid-container-name')!;
      // the headline (a Problems row) in the display language, plain text
      const target = typeof d.code === 'object' ? d.code.target.toString() : '';
      if (chinese) {
        assert.match(d.message, /^容器名“Copy_Config”不是合法的 DNS 标签/, d.message);
        assert.match(target, /docs\/zh-cn\/rules\/invalid-container-name\.md$/);
      } else {
        assert.match(d.message, /^Container name "Copy_Config" is not a valid DNS label/, d.message);
        assert.match(target, /docs\/rules\/invalid-container-name\.md$/);
      }
      assert.doesNotMatch(d.message, /`/);
      const at = rangeOfText(editor.document, 'Copy_Config').start.translate(0, 2);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
      const text = hoverText(hovers);
      // the explanation is one hover away, the API server's text quoted verbatim in both languages
      assert.match(text, /spec\.initContainers\[0\]\.name: Invalid value: "Copy_Config"/, text);
      if (chinese) {
        assert.match(text, /API 服务器会拒绝此 Pod/, text);
        assert.match(text, /Init 容器/, text);
      } else {
        assert.match(text, /The API server rejects this Pod/, text);
        assert.match(text, /init container/i, text);
      }
    });
  });
}
