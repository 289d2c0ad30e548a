/**
 * The status bar item (the Red Hat YAML and ESLint conventions): InitLens's state for the active
 * editor, drawn from the `initlens/status` notifications the server sends after each analysis.
 *
 * - checking…: the document changed and the server has not answered for that version yet;
 * - `K8s 1.35`: checked against that version; the tooltip says where it comes from; a click opens a
 *   quick pick of versions that writes `initlens.kubernetesVersion`;
 * - `InitLens paused: YAML error at line N`: the text does not parse; a click moves the cursor to
 *   the error (no diagnostic of our own: the YAML extension shows it);
 * - server starting / stopped: a click shows the output;
 * - nothing at all for documents that are not manifests.
 *
 * It also keeps the `initlens.podSpecPaths` context key — the paths of the open documents with a
 * Pod spec — so that the timeline button shows only on those (`resourcePath in …` in package.json).
 * Paths, not URIs: in a remote window (code-server, SSH, WSL) the workbench sees `vscode-remote:`
 * URIs where the extension host sees `file:` ones, but the workbench's `resourcePath` (the file
 * system path of a `file:` URI, else the URI's path) is the same path on both sides.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { mayBeManifest, STATUS_REQUEST, type DocumentStatus, type VersionSource } from '../../server/src/protocol';
import type { ClientContext } from './features';
import { statusView } from './statusView';

export const SELECT_VERSION_COMMAND = 'initlens.selectKubernetesVersion';
export const REVEAL_ERROR_COMMAND = 'initlens.revealYamlError';
export const POD_SPEC_CONTEXT_KEY = 'initlens.podSpecPaths';
/** Internal (not in the palette): what the item shows now, and the context key — for the extension-host tests. */
export const STATUS_INFO_COMMAND = 'initlens.statusInfo';

/** The versions the quick pick offers, newest first. */
export const KNOWN_VERSIONS = ['1.37', '1.36', '1.35', '1.34', '1.33', '1.32', '1.31', '1.30', '1.29', '1.28', '1.27'];

function sourceText(source: VersionSource): string {
  switch (source) {
    case 'initlens.kubernetesVersion':
      return vscode.l10n.t('from the setting initlens.kubernetesVersion');
    case 'yaml.kubernetesVersion':
      return vscode.l10n.t('from the setting yaml.kubernetesVersion (the YAML extension)');
    case '.initlens.yaml':
      return vscode.l10n.t('from .initlens.yaml in the workspace folder');
    case 'cli':
      return vscode.l10n.t('from the command line');
    default:
      return vscode.l10n.t('the default; set initlens.kubernetesVersion to match your clusters');
  }
}

export function registerStatus(ctx: ClientContext): void {
  const item = vscode.window.createStatusBarItem('initlens.status', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('InitLens');
  const statuses = new Map<string, DocumentStatus>();
  let server: 'starting' | 'running' | 'stopped' = ctx.client().isRunning() ? 'running' : 'starting';
  let podSpecPaths: string[] = [];
  let visible = false;

  const publishContext = (): void => {
    const paths = [...statuses.values()]
      .filter((s) => s.hasPodSpec)
      .map((s) => resourcePath(vscode.Uri.parse(s.uri)))
      .sort();
    if (paths.length === podSpecPaths.length && paths.every((p, i) => p === podSpecPaths[i])) return;
    podSpecPaths = paths;
    void vscode.commands.executeCommand('setContext', POD_SPEC_CONTEXT_KEY, paths);
  };

  const asked = new Set<string>();
  const accept = (status: DocumentStatus | null | undefined): void => {
    if (!status || typeof status.uri !== 'string') return;
    const known = statuses.get(status.uri);
    if (known && known.version > status.version) return;
    statuses.set(status.uri, status);
    publishContext();
    render();
  };
  /** Asks for the state of a document the server has not told us about (it may have before we listened). */
  const ask = (uri: string): void => {
    if (asked.has(uri) || server !== 'running') return;
    asked.add(uri);
    ctx
      .client()
      .sendRequest<DocumentStatus | null>(STATUS_REQUEST, { uri })
      .then(accept, () => undefined)
      .finally(() => setTimeout(() => asked.delete(uri), 2000));
  };

  const render = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    const view = statusView(
      server,
      document && {
        languageId: document.languageId,
        version: document.version,
        looksLikeManifest: document.languageId === 'yaml' && mayBeManifest(document.getText()),
      },
      document ? statuses.get(document.uri.toString()) : undefined,
    );
    item.backgroundColor = undefined;
    item.command = undefined;
    switch (view.kind) {
      case 'hidden':
        item.hide();
        visible = false;
        return;
      case 'checking':
        if (document && !statuses.has(document.uri.toString())) ask(document.uri.toString());
        item.text = `$(sync~spin) ${vscode.l10n.t('InitLens: checking…')}`;
        item.tooltip = vscode.l10n.t('InitLens is checking this file.');
        break;
      case 'starting':
        item.text = `$(sync~spin) ${vscode.l10n.t('InitLens: starting…')}`;
        item.tooltip = vscode.l10n.t('The InitLens server is starting. Click to see its output.');
        item.command = 'initlens.showOutput';
        break;
      case 'stopped':
        item.text = `$(error) ${vscode.l10n.t('InitLens stopped')}`;
        item.tooltip = vscode.l10n.t(
          'The InitLens server is not running, so nothing is checked. Click to see its output; "InitLens: Restart Server" starts it again.',
        );
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.command = 'initlens.showOutput';
        break;
      case 'paused': {
        const e = view.status.syntaxError;
        const line = (e?.line ?? 0) + 1;
        item.text = `$(warning) ${vscode.l10n.t('InitLens paused: YAML error at line {0}', line)}`;
        // plain text: the parser's message may hold characters Markdown would eat
        item.tooltip = vscode.l10n.t(
          'This file is not valid YAML, so InitLens checks only what parses. The YAML parser stopped at line {0}: {1}. Click to go there.',
          line,
          e?.message ?? '',
        );
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        item.command = {
          title: vscode.l10n.t('Go to the YAML error'),
          command: REVEAL_ERROR_COMMAND,
          arguments: [view.status.uri, e?.line ?? 0, e?.character ?? 0],
        };
        break;
      }
      case 'too-large':
        item.text = `$(circle-slash) ${vscode.l10n.t('InitLens: file too large')}`;
        item.tooltip = vscode.l10n.t(
          'This file is larger than initlens.maxFileSize, so InitLens does not check it in the editor. The initlens command-line tool checks files of any size.',
        );
        break;
      case 'ok': {
        const s = view.status;
        item.text = `$(check) ${vscode.l10n.t('K8s {0}', s.kubernetesVersion)}`;
        item.tooltip = vscode.l10n.t(
          'InitLens checks this file against Kubernetes {0} ({1}). Click to choose another version.',
          s.kubernetesVersion,
          sourceText(s.versionSource),
        );
        item.command = { title: vscode.l10n.t('Choose the Kubernetes version'), command: SELECT_VERSION_COMMAND, arguments: [s.uri] };
        break;
      }
    }
    item.accessibilityInformation = { label: typeof item.tooltip === 'string' ? item.tooltip : item.text.replace(/\$\([^)]*\)\s*/g, '') };
    item.show();
    visible = true;
  };

  const client = ctx.client();
  ctx.extension.subscriptions.push(
    item,
    ctx.statuses((status) => accept(status)),
    client.onDidChangeState((e) => {
      server = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
      // a new server process analyses every document again, from version numbers it is told anew
      if (e.newState === State.Starting) {
        statuses.clear();
        publishContext();
      }
      render();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => render()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && e.document === vscode.window.activeTextEditor?.document) render();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (statuses.delete(d.uri.toString())) publishContext();
    }),
    vscode.commands.registerCommand(REVEAL_ERROR_COMMAND, async (uri: unknown, line: unknown, character: unknown) => {
      if (typeof uri !== 'string') return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const editor = await vscode.window.showTextDocument(document);
      const position = document.validatePosition(new vscode.Position(Number(line) || 0, Number(character) || 0));
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    vscode.commands.registerCommand(STATUS_INFO_COMMAND, () => ({
      visible,
      text: item.text,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      command: typeof item.command === 'string' ? item.command : (item.command?.command ?? null),
      podSpecPaths,
    })),
    vscode.commands.registerCommand(SELECT_VERSION_COMMAND, (uri?: unknown) => selectVersion(typeof uri === 'string' ? uri : undefined, statuses)),
  );
  render();
}

/** The quick pick of versions; writes `initlens.kubernetesVersion` where it applies to the document. */
async function selectVersion(uri: string | undefined, statuses: ReadonlyMap<string, DocumentStatus>): Promise<void> {
  const document = uri ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
  const status = document ? statuses.get(document.toString()) : undefined;
  const config = vscode.workspace.getConfiguration('initlens', document);
  const current = status?.kubernetesVersion ?? config.get<string>('kubernetesVersion');
  type Item = vscode.QuickPickItem & { version: string | null };
  const items: Item[] = KNOWN_VERSIONS.map((v) => ({
    label: v,
    version: v,
    description: v === current ? vscode.l10n.t('current') : undefined,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, version: null });
  items.push({ label: vscode.l10n.t('Use the default'), description: vscode.l10n.t('remove initlens.kubernetesVersion'), version: '' });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Target Kubernetes version'),
    placeHolder: status ? sourceText(status.versionSource) : undefined,
  });
  if (!picked || picked.version === null) return;
  const folder = document ? vscode.workspace.getWorkspaceFolder(document) : undefined;
  const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  await config.update('kubernetesVersion', picked.version === '' ? undefined : picked.version, target);
  if (status?.versionSource === '.initlens.yaml') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The setting was saved, but .initlens.yaml in this folder sets kubernetesVersion and takes precedence over it.'),
    );
  }
}

/** What the workbench's `resourcePath` context key holds for a document. */
function resourcePath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}
