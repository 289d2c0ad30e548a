/**
 * "InitLens: Show Timeline of a Running Pod…" (`initlens.showRunningPodTimeline`): asks for a Pod —
 * picked from `kubectl get pods -A` or typed as namespace/name — runs the user's kubectl
 * (`initlens.kubectlPath`, the current context) for `kubectl get pod NAME -n NS -o yaml`, opens the
 * output as an untitled YAML document and shows its init timeline, which draws the observed start-up
 * beside the predicted one. Never in an untrusted workspace: it runs a program.
 *
 * "Show Init Timeline" (`initlens.showPodInitTimeline`) is the same for a Pod right-clicked in the
 * Kubernetes extension's Clusters view, when that extension is installed (kubernetesTools.ts).
 *
 * The kubectl process handling is in kubectl.ts (tested with a stand-in kubectl).
 */
import * as vscode from 'vscode';
import { SHOW_TIMELINE_COMMAND } from '../../server/src/protocol';
import type { ClientContext } from './features';
import { currentContext, getPodYaml, KubectlError, listPods, parsePodRef, type KubectlOptions, type PodSummary } from './kubectl';
import { KUBERNETES_EXTENSION_ID, podOfExplorerTarget } from './kubernetesTools';

export const SHOW_RUNNING_POD_COMMAND = 'initlens.showRunningPodTimeline';
export const SHOW_POD_INIT_TIMELINE_COMMAND = 'initlens.showPodInitTimeline';

export function registerRunningPod(ctx: ClientContext): void {
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(SHOW_RUNNING_POD_COMMAND, async (pod?: unknown) => {
      // from a test or another extension: `{namespace, name}`; from the palette: nothing
      const given =
        pod && typeof pod === 'object'
          ? parsePodRef(`${String((pod as { namespace?: unknown }).namespace ?? 'default')}/${String((pod as { name?: unknown }).name ?? '')}`)
          : null;
      return showRunningPod(given);
    }),
    vscode.commands.registerCommand(SHOW_POD_INIT_TIMELINE_COMMAND, async (target?: unknown) => {
      const ext = vscode.extensions.getExtension(KUBERNETES_EXTENSION_ID);
      const broker = ext ? await ext.activate() : undefined;
      const pod = podOfExplorerTarget(broker, target);
      if (!pod) {
        void vscode.window.showErrorMessage(vscode.l10n.t("InitLens: this is not a Pod of the Kubernetes extension's Clusters view."));
        return undefined;
      }
      return showRunningPod(pod);
    }),
  );
}

function kubectlPath(): string {
  // machine scope: only the user's (or the remote machine's) settings count, never a workspace's
  const inspected = vscode.workspace.getConfiguration('initlens').inspect<string>('kubectlPath');
  const value = inspected?.globalValue ?? inspected?.defaultValue ?? 'kubectl';
  return typeof value === 'string' && value.trim() ? value.trim() : 'kubectl';
}

/** The whole flow; resolves with the opened document (for tests), or undefined when it stopped. */
async function showRunningPod(given: { namespace: string; name: string } | null): Promise<vscode.TextDocument | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'InitLens runs kubectl only in a trusted workspace: a workspace you have not trusted could change what it runs. Trust the workspace to show the timeline of a running Pod.',
      ),
    );
    return undefined;
  }
  const base: KubectlOptions = { path: kubectlPath(), t: vscode.l10n.t };
  try {
    let pod = given;
    let context: string | null = null;
    if (!pod) {
      const listed = await withProgress(vscode.l10n.t('Listing Pods with kubectl…'), async (signal) => {
        const opts = { ...base, signal };
        context = await currentContext(opts);
        return listPods(opts);
      });
      if (listed === undefined) return undefined;
      pod = await pickPod(listed, context);
      if (!pod) return undefined;
    }
    const chosen = pod;
    const text = await withProgress(vscode.l10n.t('Reading Pod {0}/{1} with kubectl…', chosen.namespace, chosen.name), async (signal) => {
      const opts = { ...base, signal };
      context ??= await currentContext(opts);
      return getPodYaml(chosen.namespace, chosen.name, { ...opts, context });
    });
    if (text === undefined) return undefined;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand(SHOW_TIMELINE_COMMAND, document.uri);
    return document;
  } catch (e) {
    if (e instanceof KubectlError && e.failure === 'cancelled') return undefined;
    const message = e instanceof Error ? e.message : String(e);
    // not awaited: the command ends now, the notification stays until the user closes it
    const openSettings = vscode.l10n.t('Open Settings');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('InitLens: {0}', message), ...(e instanceof KubectlError && e.failure === 'not-found' ? [openSettings] : []))
      .then((choice) => (choice === openSettings ? vscode.commands.executeCommand('workbench.action.openSettings', 'initlens.kubectlPath') : undefined));
    return undefined;
  }
}

/** Runs `work` under a cancellable progress notification; undefined when the user cancelled. */
async function withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      return await work(ac.signal);
    } catch (e) {
      if (e instanceof KubectlError && e.failure === 'cancelled') return undefined;
      throw e;
    } finally {
      sub.dispose();
    }
  });
}

interface PodItem extends vscode.QuickPickItem {
  pod?: PodSummary;
}

/** A quick pick of the listed Pods (those with init containers first); typing `namespace/name` works too. */
async function pickPod(pods: PodSummary[], context: string | null): Promise<{ namespace: string; name: string } | null> {
  const qp = vscode.window.createQuickPick<PodItem>();
  qp.title = context ? vscode.l10n.t('Show Timeline of a Running Pod (context {0})', context) : vscode.l10n.t('Show Timeline of a Running Pod');
  qp.placeholder = vscode.l10n.t('Pick a Pod, or type namespace/name');
  qp.matchOnDescription = true;
  const sorted = [...pods].sort((a, b) => Number(b.hasInit) - Number(a.hasInit) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const podItems: PodItem[] = sorted.map((p) => ({
    label: p.name,
    description: `${p.namespace} · ${p.phase} · ${p.ready}`,
    detail: p.hasInit ? vscode.l10n.t('has init containers') : undefined,
    pod: p,
  }));
  qp.items = podItems;
  qp.onDidChangeValue((value) => {
    const typed = parsePodRef(value);
    const exact = typed && pods.some((p) => p.namespace === typed.namespace && p.name === typed.name);
    qp.items = typed && !exact ? [{ label: `${typed.namespace}/${typed.name}`, description: vscode.l10n.t('typed') }, ...podItems] : podItems;
  });
  return new Promise((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      const pod = item?.pod ? { namespace: item.pod.namespace, name: item.pod.name } : item ? parsePodRef(item.label) : parsePodRef(qp.value);
      if (!pod) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Type namespace/name, for example shop/shop-api-7d9c6b5f4-x2kq8.'));
        return;
      }
      done = true;
      resolve(pod);
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!done) resolve(null);
    });
    qp.show();
  });
}
