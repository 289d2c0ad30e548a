/**
 * The init timeline panel: `initlens.showTimeline` opens a webview beside the editor that draws the
 * timeline model the server sends for the Pod under the cursor (`initlens/timeline`). It follows the
 * active YAML editor and its cursor, redraws shortly after typing stops, and answers the webview's
 * messages: reveal a range, copy Mermaid text, save the SVG or PNG the webview made (default name
 * from the object and the Pod, then a "Saved to …" message with Open / Reveal).
 *
 * Security: scripts only with a per-load crypto nonce, styles and the script only from media/
 * (`localResourceRoots`), `default-src 'none'`. The webview itself inserts every YAML string as
 * text (media/timeline.js). State survives hiding through the webview's getState/setState, so the
 * panel does not need `retainContextWhenHidden`; on becoming visible it is also re-sent the model.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import {
  SHOW_TIMELINE_COMMAND,
  STATUS_REQUEST,
  TIMELINE_REQUEST,
  type DocumentStatus,
  type TimelineModel,
  type TimelineParams,
  type TimelineResult,
} from '../../server/src/protocol';
import type { ClientContext } from './features';
import { exportFileName } from './exportName';

const VIEW_TYPE = 'initlens.timeline';
/** Wait this long after the last keystroke or cursor move before asking the server again. */
const DEBOUNCE_MS = 120;

type Inbound =
  | { type: 'ready' }
  | { type: 'rendered'; millis: number }
  | { type: 'unchanged' }
  | { type: 'reveal'; start: number; end: number }
  | { type: 'copyMermaid'; text: string }
  | { type: 'saveSvg'; svg: string }
  | { type: 'savePng'; data: string };

export function registerTimelinePanel(ctx: ClientContext): void {
  let panel: TimelinePanel | undefined;
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, async (target?: unknown, offset?: unknown) => {
      // From a CodeLens: (uri string, offset). From the editor title: (Uri). From the palette: nothing.
      let uri: vscode.Uri | undefined;
      if (typeof target === 'string') uri = vscode.Uri.parse(target);
      else if (target instanceof vscode.Uri) uri = target;
      const editor = (uri && vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri!.toString())) || vscode.window.activeTextEditor;
      if (!panel) {
        panel = new TimelinePanel(ctx);
        panel.onDispose(() => (panel = undefined));
      } else {
        panel.reveal();
      }
      const doc = editor?.document ?? (uri ? await vscode.workspace.openTextDocument(uri) : undefined);
      if (doc) panel.follow(doc, typeof offset === 'number' ? offset : editor ? doc.offsetAt(editor.selection.active) : undefined);
    }),
  );
}

class TimelinePanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners: Array<() => void> = [];
  private document: vscode.TextDocument | undefined;
  private offset: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private ready = false;
  /** Whether the panel was visible at its last view-state change. */
  private shown = true;
  /** The model last sent to the webview: names the files it saves. */
  private model: TimelineModel | null = null;

  constructor(private readonly ctx: ClientContext) {
    const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('Init Timeline'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media], enableFindWidget: true },
    );
    this.panel.webview.html = this.html(media);
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        // Only on coming back into view (hidden, it was sent nothing). Not when it merely gains or
        // loses focus: a click on a bar focuses the panel, and a redraw between the press and the
        // release would swallow that click.
        if (this.panel.visible && !this.shown) this.schedule(0);
        this.shown = this.panel.visible;
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // focus moving to the panel itself leaves no active editor: keep the last one
        if (editor && isYaml(editor.document)) this.follow(editor.document, editor.document.offsetAt(editor.selection.active));
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document !== this.document) return;
        this.offset = e.textEditor.document.offsetAt(e.selections[0].active);
        this.schedule(DEBOUNCE_MS);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.document || e.contentChanges.length === 0) return;
        this.schedule(DEBOUNCE_MS);
      }),
      // the analysis changed without an edit: another target Kubernetes version, .initlens.yaml,
      // rule settings (the page skips a model it already shows, so an edit's second ask is free)
      ctx.statuses((status) => {
        if (this.document && status.uri === this.document.uri.toString()) this.schedule(DEBOUNCE_MS);
      }),
      // a restarted server (after "did not answer"): ask it again
      ctx.client().onDidChangeState((e) => {
        if (e.newState === State.Running) this.schedule(0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) {
          this.document = undefined;
          void this.post({ type: 'empty', message: vscode.l10n.t('The document was closed.') });
        }
      }),
    );
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  follow(document: vscode.TextDocument, offset: number | undefined): void {
    this.document = document;
    this.offset = offset;
    this.panel.title = vscode.l10n.t('Init Timeline: {0}', document.uri.path.split('/').pop() ?? '');
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private async refresh(): Promise<void> {
    if (!this.ready || !this.panel.visible) return;
    const document = this.document;
    if (!document) {
      await this.post({ type: 'empty', message: vscode.l10n.t('Open a Kubernetes YAML file to see how its Pod starts.') });
      return;
    }
    const seq = ++this.sequence;
    const params: TimelineParams = { uri: document.uri.toString(), offset: this.offset };
    let result: TimelineResult;
    try {
      result = await this.ctx.client().sendRequest<TimelineResult>(TIMELINE_REQUEST, params);
    } catch (e) {
      if (seq !== this.sequence) return;
      await this.post({ type: 'empty', message: vscode.l10n.t('The InitLens server did not answer: {0}', e instanceof Error ? e.message : String(e)) });
      return;
    }
    if (seq !== this.sequence) return; // a newer request is on its way
    this.model = result.model;
    if (result.model) await this.post({ type: 'model', model: result.model, millis: result.millis, context: await this.context(document) });
    else await this.post({ type: 'empty', message: emptyMessage(result.reason) });
  }

  /** What the exported picture's title names besides the Pod: the target Kubernetes version and InitLens's. */
  private async context(document: vscode.TextDocument): Promise<{ kubernetesVersion?: string; initlensVersion?: string }> {
    const initlensVersion = String((this.ctx.extension.extension?.packageJSON as { version?: string } | undefined)?.version ?? '') || undefined;
    try {
      const status = await this.ctx.client().sendRequest<DocumentStatus | null>(STATUS_REQUEST, { uri: document.uri.toString() });
      return { kubernetesVersion: status?.kubernetesVersion, initlensVersion };
    } catch {
      return { initlensVersion };
    }
  }

  private post(message: unknown): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = raw as Inbound;
    if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.schedule(0);
        return;
      case 'reveal':
        if (Number.isInteger(m.start) && Number.isInteger(m.end)) await this.revealRange(m.start, m.end);
        return;
      case 'copyMermaid':
        if (typeof m.text === 'string') {
          await vscode.env.clipboard.writeText(m.text);
          void vscode.window.showInformationMessage(vscode.l10n.t('The init timeline was copied as Mermaid text.'));
        }
        return;
      case 'saveSvg':
        if (typeof m.svg === 'string' && m.svg.startsWith('<svg')) {
          await this.saveFile('svg', Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n' + m.svg, 'utf8'));
        }
        return;
      case 'savePng':
        if (typeof m.data === 'string' && /^[A-Za-z0-9+/]+=*$/.test(m.data)) await this.saveFile('png', Buffer.from(m.data, 'base64'));
        return;
      default:
        return;
    }
  }

  private async revealRange(start: number, end: number): Promise<void> {
    const document = this.document;
    if (!document || document.isClosed) return;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const max = document.getText().length;
    const range = new vscode.Range(document.positionAt(Math.min(start, max)), document.positionAt(Math.min(Math.max(start, end), max)));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Asks where (default: beside the YAML, named after the object and the Pod), writes, then says so. */
  private async saveFile(ext: 'svg' | 'png', bytes: Uint8Array): Promise<void> {
    const base = this.document && this.document.uri.scheme !== 'untitled' ? this.document.uri : undefined;
    const name = exportFileName(this.model, base?.path.split('/').pop() ?? 'pod', ext);
    const target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, '..', name) : undefined,
      filters: ext === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
      saveLabel: vscode.l10n.t('Save Timeline'),
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('The timeline could not be saved to {0}: {1}', target.fsPath || target.toString(), e instanceof Error ? e.message : String(e)),
      );
      return;
    }
    const open = vscode.l10n.t('Open');
    const revealLabel = vscode.l10n.t('Reveal in File Explorer');
    // revealing in the OS file manager only exists where the file is on this machine
    const canReveal = target.scheme === 'file' && vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName;
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Saved to {0}', target.scheme === 'file' ? target.fsPath : target.toString()),
      ...(canReveal ? [open, revealLabel] : [open]),
    );
    if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
    else if (choice === revealLabel) await vscode.commands.executeCommand('revealFileInOS', target);
  }

  private html(media: vscode.Uri): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(18).toString('base64');
    const scripts = ['timeline-chart.js', 'timeline-export.js', 'timeline.js'].map((f) => webview.asWebviewUri(vscode.Uri.joinPath(media, f)));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css'));
    // the observed start-up (a Pod with its status) draws itself through a hook in timeline.js
    const observedScript = webview.asWebviewUri(vscode.Uri.joinPath(media, 'observed.js'));
    const observedStyle = webview.asWebviewUri(vscode.Uri.joinPath(media, 'observed.css'));
    // The webview's own texts (media/timeline.js `t()`): the extension's bundle for the display
    // language, as a JSON data block (not executed, so the CSP needs no exception). `<` is escaped so
    // no text can close the element.
    const strings = JSON.stringify(vscode.l10n.bundle ?? {}).replace(/</g, '\\u003c');
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      // blob: for the PNG export, which draws the standalone SVG into a canvas through an <img>
      `img-src ${webview.cspSource} blob:`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<link rel="stylesheet" href="${observedStyle.toString()}">
<title>${escapeHtml(vscode.l10n.t('Init Timeline'))}</title>
</head>
<body>
<script type="application/json" id="initlens-l10n">${strings}</script>
<main id="app"></main>
<script nonce="${nonce}" src="${observedScript.toString()}"></script>
${scripts.map((s) => `<script nonce="${nonce}" src="${s.toString()}"></script>`).join('\n')}
</body>
</html>`;
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const l of this.disposeListeners.splice(0)) l();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function isYaml(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml';
}

function emptyMessage(reason: TimelineResult['reason']): string {
  switch (reason) {
    case 'too-large':
      return vscode.l10n.t('This file is larger than initlens.maxFileSize; it is not analysed in the editor.');
    case 'not-manifest':
    case 'no-pod':
      return vscode.l10n.t('No Pod spec here: put the cursor in a Pod, Deployment, Job or other workload.');
    default:
      return vscode.l10n.t('Open a Kubernetes YAML file to see how its Pod starts.');
  }
}
