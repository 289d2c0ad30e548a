/**
 * Helpers for the extension-host suite. Everything waits on VS Code events
 * (`onDidChangeDiagnostics`, `onDidChangeTabs`…) with a deadline that only turns a hang into a
 * clear failure; nothing sleeps.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'initlens.initlens';
export const SOURCE = 'initlens';
const DEFAULT_DEADLINE_MS = 30_000;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export function packageJSON(): {
  contributes?: {
    commands?: Array<{ command: string; title: string }>;
    snippets?: Array<{ language: string; path: string }>;
    configuration?: { properties?: Record<string, unknown> } | Array<{ properties?: Record<string, unknown> }>;
  };
} {
  return extension().packageJSON;
}

export function contributesCommand(id: string): boolean {
  return (packageJSON().contributes?.commands ?? []).some((c) => c.command === id);
}

export function contributesSetting(key: string): boolean {
  const conf = packageJSON().contributes?.configuration;
  const list = Array.isArray(conf) ? conf : conf ? [conf] : [];
  return list.some((c) => Object.hasOwn(c.properties ?? {}, key));
}

/** Whether the manifest knows rule `id` (the `initlens.rules` setting lists every rule). */
export function contributesRule(id: string): boolean {
  const conf = packageJSON().contributes?.configuration;
  const list = Array.isArray(conf) ? conf : conf ? [conf] : [];
  return list.some((c) => {
    const rules = c.properties?.['initlens.rules'] as { properties?: Record<string, unknown> } | undefined;
    return Object.hasOwn(rules?.properties ?? {}, id);
  });
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (test/integration/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...name.split('/')));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return '(none)';
  return ds
    .map(
      (d) =>
        `${ruleOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`,
    )
    .join('; ');
}

/**
 * Resolves with InitLens's diagnostics for `uri` once `predicate` holds — now or after a later
 * `onDidChangeDiagnostics` for that uri. Fails with the last diagnostics seen after the deadline.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = ours(uri);
      if (!predicate(ds)) return false;
      cleanup();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what} in ${uri.path}; last seen: ${describeDiagnostics(ours(uri))}`));
    }, deadlineMs);
    function cleanup(): void {
      sub.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

/** The range of the `n`-th (1-based) occurrence of `text` in the document. */
export function rangeOfText(doc: vscode.TextDocument, text: string, n = 1): vscode.Range {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = doc.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `"${text}" occurs fewer than ${n} times in ${doc.uri.path}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

export function assertRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  const fmt = (r: vscode.Range): string => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
  assert.equal(fmt(actual), fmt(expected), `range of ${what}`);
}

/** Replaces the `n`-th occurrence of `text` and resolves when the edit is applied. */
export async function replaceText(editor: vscode.TextEditor, text: string, replacement: string, n = 1): Promise<void> {
  const range = rangeOfText(editor.document, text, n);
  const ok = await editor.edit((b) => b.replace(range, replacement));
  assert.ok(ok, `could not replace "${text}"`);
}

/** Reverts every modified document and closes all editors. */
export async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Sets `initlens.<key>` in the workspace settings (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('initlens').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Resolves on the next tab change for which `predicate` holds over all tabs (or at once). */
export function waitForTab(predicate: (tab: vscode.Tab) => boolean, what: string, deadlineMs = DEFAULT_DEADLINE_MS): Promise<vscode.Tab> {
  const find = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(predicate);
  return new Promise((resolve, reject) => {
    const now = find();
    if (now) return resolve(now);
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (tab) {
        sub.dispose();
        clearTimeout(timer);
        resolve(tab);
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}; tabs: ${labels.join(', ') || '(none)'}`));
    }, deadlineMs);
  });
}
