/**
 * The observed start-up of a Pod, read from its `status` in the YAML AST (a `kubectl get pod -o
 * yaml` or `-o json` output, pasted or saved; JSON is YAML too): every container's state, last
 * state, restarts and times, the Pod conditions, the STATUS/READY/RESTARTS columns kubectl would
 * print, and sentences that explain that status from what the containers do (the facts layer).
 *
 * Only Pods (a `kind: Pod` object or a Pod item of a `List`) carry a status worth reading: a
 * Deployment's status is about replicas, not about one start-up.
 */
import { parseAllDocuments } from 'yaml';
import type { DocumentAnalysis } from '../analyze';
import type { Container, PodSpec } from '../model';
import { asMap, get, getBool, getNumber, getPath, getString, rangeOf, seqItems } from '../nodes';
import { t } from '../i18n';
import { factsOf } from '../facts';
import { isClusterServiceName } from '../facts/hosts';
import { programName } from '../facts/lifetime';
import { waitsOn } from '../facts/waits';
import { formatSeconds } from '../timeline';
import { kubectlColumns, type ContainerStatusInput, type StateInput } from './kubectlStatus';
import type { ObservedContainer, ObservedPod, ObservedRun } from './types';
import { CAPTURE_MARKER } from './capture';

export { CAPTURE_MARKER };

export interface ObservedContext {
  /** The document that holds the Pod. */
  document: DocumentAnalysis;
  /** Lane ids by container name (the predicted timeline's lanes). */
  laneIds: ReadonlyMap<string, string>;
  /** Names of the Services every document of the file declares (read when first asked). */
  services: () => ReadonlySet<string>;
}

interface RawContainer {
  node: unknown;
  name: string;
  list: 'init' | 'app';
  ready: boolean;
  started: boolean | null;
  restartCount: number;
  state: StateInput;
  current: { startedAt: string | null; finishedAt: string | null; exitCode: number | null; reason: string | null } | null;
  last: { startedAt: string | null; finishedAt: string | null; exitCode: number | null; reason: string | null } | null;
  message: string | null;
}

/** Reads the Pod's `status`; null when the object is not a Pod or has no status worth drawing. */
export function readObserved(pod: PodSpec, ctx: ObservedContext): ObservedPod | null {
  if (pod.kind !== 'Pod') return null;
  const status = asMap(get(pod.objectNode, 'status'));
  if (!status) return null;
  const initRaw = seqItems(get(status, 'initContainerStatuses'))
    .map((n) => rawContainer(n, 'init'))
    .filter((c): c is RawContainer => c !== null);
  const appRaw = seqItems(get(status, 'containerStatuses'))
    .map((n) => rawContainer(n, 'app'))
    .filter((c): c is RawContainer => c !== null);
  const phase = getString(status, 'phase');
  const conditionsRaw = seqItems(get(status, 'conditions'))
    .map((n) => ({
      type: getString(n, 'type') ?? '',
      status: getString(n, 'status') === 'True',
      at: getString(n, 'lastTransitionTime'),
      reason: getString(n, 'reason'),
    }))
    .filter((c) => c.type);
  if (!phase && initRaw.length === 0 && appRaw.length === 0 && conditionsRaw.length === 0) return null;

  const startIso = getString(status, 'startTime');
  const stamps = collectTimes(
    initRaw,
    appRaw,
    conditionsRaw.map((c) => c.at),
  );
  const origin = parseTime(startIso) ?? (stamps.length ? stamps.reduce((a, b) => Math.min(a, b)) : null);
  const rel = (iso: string | null): number | null => {
    const ms = parseTime(iso);
    return ms === null || origin === null ? null : Math.round((ms - origin) / 1000);
  };
  const captured = capturedAt(ctx.document.text);
  const latest = stamps.length ? stamps.reduce((a, b) => Math.max(a, b)) : null;
  const nowMs = captured ?? latest;
  const now = nowMs !== null && origin !== null ? Math.max(0, Math.round((nowMs - origin) / 1000)) : null;

  const specByName = new Map<string, Container>();
  for (const c of [...pod.initContainers, ...pod.containers]) if (c.name) specByName.set(c.name, c);
  const restartable = (name: string): boolean => {
    const c = specByName.get(name);
    return !!c && c.list === 'initContainers' && c.restartPolicy === 'Always';
  };
  const appRan = appRaw.some((c) => c.state.kind === 'running' || c.state.kind === 'terminated' || c.started === true || c.last !== null);
  const columns = kubectlColumns({
    phase,
    reason: getString(status, 'reason'),
    deleting: getString(getPath(pod.objectNode, ['metadata']), 'deletionTimestamp') !== null,
    conditions: conditionsRaw,
    initSpec: pod.initContainers.map((c) => ({ name: c.name ?? '', restartable: c.restartPolicy === 'Always' })),
    appCount: pod.containers.length,
    initStatuses: initRaw.map(statusInput),
    appStatuses: appRaw.map(statusInput),
    initializedWithoutConditions: appRan,
  });

  const toRun = (r: RawContainer['current']): ObservedRun | null =>
    r ? { startedAt: rel(r.startedAt), finishedAt: rel(r.finishedAt), exitCode: r.exitCode, reason: r.reason } : null;
  const containers: ObservedContainer[] = [...initRaw, ...appRaw].map((c) => {
    const range = rangeOf(c.node);
    const abs = range ? ctx.document.toFile(range) : null;
    return {
      laneId: ctx.laneIds.get(c.name) ?? null,
      name: c.name,
      role: c.list === 'app' ? 'app' : restartable(c.name) ? 'sidecar' : 'init',
      state: c.state.kind,
      reason: c.state.reason,
      exitCode: c.state.exitCode,
      started: c.started,
      ready: c.ready,
      restartCount: c.restartCount,
      current: toRun(c.current),
      last: toRun(c.last),
      range: abs ? [abs.start, abs.end] : null,
    };
  });

  const explanation = explain({
    pod,
    ctx,
    columns,
    initRaw,
    appRaw,
    containers,
    specByName,
    now,
    captured,
    latest,
    inferredInitialized: conditionsRaw.length === 0 && appRan && initRaw.length > 0,
  });

  return {
    phase,
    status: columns.status,
    ready: columns.ready,
    restarts: columns.restarts,
    explanation,
    startTime: startIso,
    now,
    containers,
    conditions: conditionsRaw.map((c) => ({ type: c.type, status: c.status, at: rel(c.at), reason: c.reason })),
  };
}

function rawContainer(node: unknown, list: 'init' | 'app'): RawContainer | null {
  const name = getString(node, 'name');
  if (!name) return null;
  const state = asMap(get(node, 'state'));
  const waiting = asMap(get(state, 'waiting'));
  const running = asMap(get(state, 'running'));
  const terminated = asMap(get(state, 'terminated'));
  const lastTerminated = asMap(getPath(node, ['lastState', 'terminated']));
  const run = (m: unknown): RawContainer['current'] => ({
    startedAt: getString(m, 'startedAt'),
    finishedAt: getString(m, 'finishedAt'),
    exitCode: getNumber(m, 'exitCode'),
    reason: getString(m, 'reason'),
  });
  let s: StateInput;
  let current: RawContainer['current'] = null;
  if (terminated) {
    s = { kind: 'terminated', reason: getString(terminated, 'reason'), exitCode: getNumber(terminated, 'exitCode'), signal: getNumber(terminated, 'signal') };
    current = run(terminated);
  } else if (running) {
    s = { kind: 'running', reason: null, exitCode: null, signal: null };
    current = run(running);
  } else if (waiting) {
    s = { kind: 'waiting', reason: getString(waiting, 'reason'), exitCode: null, signal: null };
  } else {
    s = { kind: 'unknown', reason: null, exitCode: null, signal: null };
  }
  return {
    node,
    name,
    list,
    ready: getBool(node, 'ready') === true,
    started: getBool(node, 'started'),
    restartCount: getNumber(node, 'restartCount') ?? 0,
    state: s,
    current,
    last: lastTerminated ? run(lastTerminated) : null,
    message: getString(waiting, 'message') ?? getString(terminated, 'message'),
  };
}

function statusInput(c: RawContainer): ContainerStatusInput {
  return { name: c.name, ready: c.ready, started: c.started, restartCount: c.restartCount, state: c.state };
}

/** Milliseconds since the epoch of an RFC 3339 time, or null. */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function collectTimes(init: RawContainer[], app: RawContainer[], conditions: Array<string | null>): number[] {
  const out: number[] = [];
  const add = (iso: string | null | undefined): void => {
    const ms = parseTime(iso);
    if (ms !== null) out.push(ms);
  };
  for (const c of [...init, ...app]) {
    add(c.current?.startedAt);
    add(c.current?.finishedAt);
    add(c.last?.startedAt);
    add(c.last?.finishedAt);
  }
  for (const at of conditions) add(at);
  return out;
}

/**
 * When the command captured the status: the `# initlens.capturedAt: <time>` comment it writes on
 * the document's first lines (only comment lines before the first key are looked at).
 */
export function capturedAt(documentText: string): number | null {
  for (let at = 0; at < documentText.length; ) {
    const nl = documentText.indexOf('\n', at);
    const end = nl < 0 ? documentText.length : nl;
    const line = documentText.slice(at, end).trim();
    at = end + 1;
    if (line === '' || line === '---') continue;
    if (!line.startsWith('#')) break;
    const body = line.slice(1).trim();
    if (body.startsWith(CAPTURE_MARKER)) return parseTime(body.slice(CAPTURE_MARKER.length).trim());
  }
  return null;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------------
// Explaining the status

interface Explain {
  pod: PodSpec;
  ctx: ObservedContext;
  columns: ReturnType<typeof kubectlColumns>;
  initRaw: RawContainer[];
  appRaw: RawContainer[];
  containers: ObservedContainer[];
  specByName: Map<string, Container>;
  now: number | null;
  captured: number | null;
  latest: number | null;
  inferredInitialized: boolean;
}

function explain(e: Explain): string[] {
  const out: string[] = [];
  const { columns } = e;
  if (columns.blockingInit !== null && columns.status.startsWith('Init:')) {
    const raw = e.initRaw[columns.blockingInit];
    const observed = e.containers[columns.blockingInit];
    out.push(...blockingSentences(e, raw, observed));
  } else {
    out.push(...settledSentences(e));
  }
  const started = e.containers.filter((c) => c.role === 'sidecar' && c.started === true);
  if (started.length > 0 && columns.blockingInit === null) {
    out.push(
      started.length === 1
        ? t('Native sidecar {0} is started: it no longer holds the Pod in Init, and kubectl counts it in READY.', started[0].name)
        : t('Native sidecars {0} are started: they no longer hold the Pod in Init, and kubectl counts them in READY.', started.map((c) => c.name).join(', ')),
    );
  }
  if (e.inferredInitialized) {
    out.push(t('The status has no conditions (a trimmed copy?): the Pod counts as initialized because its app containers have run.'));
  }
  if (e.captured !== null) out.push(t('Status captured at {0}.', isoOf(e.captured)));
  else if (e.latest !== null) {
    out.push(t('The file does not say when it was captured: durations run up to the latest timestamp in the status ({0}).', isoOf(e.latest)));
  }
  return out;
}

/** Why an init container (or a sidecar that has not started) holds the Pod in Init. */
function blockingSentences(e: Explain, raw: RawContainer, observed: ObservedContainer): string[] {
  const out: string[] = [];
  const status = e.columns.status;
  const spec = e.specByName.get(raw.name);
  const startedAt = observed.current?.startedAt ?? null;
  const since = startedAt !== null && e.now !== null ? e.now - startedAt : null;
  if (raw.state.kind === 'running') {
    if (observed.role === 'sidecar') {
      out.push(
        t(
          '{0} — native sidecar {1} is running but not started yet (its startupProbe or postStart hook has not passed); the containers after it wait.',
          status,
          raw.name,
        ),
      );
      return out;
    }
    out.push(
      since !== null ? t('{0} — {1} has been running {2}.', status, raw.name, formatSeconds(Math.max(0, since))) : t('{0} — {1} is running.', status, raw.name),
    );
    if (spec) out.push(...whatItDoes(e, spec, since));
    return out;
  }
  if (raw.state.kind === 'terminated') {
    out.push(t('{0} — {1} exited with code {2}.', status, raw.name, raw.state.exitCode ?? '?'));
    out.push(...exitMeaning(raw.state.exitCode, raw.state.reason, spec));
    if (e.pod.effectiveRestartPolicy === 'Never' && spec?.restartPolicy !== 'OnFailure') {
      out.push(t('With restartPolicy Never a failed init container is not retried: the Pod has failed.'));
    }
    return out;
  }
  if (raw.state.kind === 'waiting' && raw.state.reason && raw.state.reason !== 'PodInitializing') {
    out.push(t('{0} — {1} is waiting: {2}.', status, raw.name, raw.state.reason));
    if (raw.last) {
      out.push(
        t('Its last run exited with code {0} ({1}); it has been restarted {2} times.', raw.last.exitCode ?? '?', raw.last.reason ?? '?', raw.restartCount),
      );
      out.push(...exitMeaning(raw.last.exitCode, raw.last.reason, spec));
    }
    if (raw.state.reason === 'CrashLoopBackOff') {
      out.push(t('The kubelet restarts it with back-off (10 s, 20 s, 40 s … capped at 5 min); the containers after it wait.'));
    } else if (/ImagePull|ErrImage|InvalidImageName/.test(raw.state.reason)) {
      out.push(t('The image {0} cannot be pulled: check its name, tag and the pull secret.', spec?.image ?? '?'));
    }
    return out;
  }
  out.push(t('{0} — {1} has not started yet.', status, raw.name));
  return out;
}

/** What a running init container's command does, from the facts: a wait loop and its host, a bound, a command that never ends. */
function whatItDoes(e: Explain, c: Container, since: number | null): string[] {
  const out: string[] = [];
  const facts = factsOf(c, e.ctx.document.text);
  const p = c.program;
  if (p && !p.unreadable && !c.templated) {
    const timeoutWrapper = p.wrappers.some((w) => /(?:^|\/)timeout$/.test(w.text));
    for (const loop of p.loops) {
      const what = waitsOn(p, loop);
      if (!what) continue;
      const bounded = timeoutWrapper || loop.finite || loop.counted || loop.hasExit;
      const hosts = facts.talksTo.filter((h) => h.word.start >= loop.fullStart && h.word.end <= loop.fullEnd).map((h) => h.host);
      const host = hosts[0] ?? null;
      const target = host ?? what;
      if (/^(?:\[\[?|test)\s/.test(what))
        out.push(bounded ? t('It waits for a file ({0}) and gives up after a while.', what) : t('It waits for a file ({0}) with no timeout.', what));
      else out.push(bounded ? t('It polls {0} and gives up after a while.', target) : t('It polls {0} with no timeout.', target));
      if (host && isClusterServiceName(host)) {
        // `db`, `db.shop`, `db.shop.svc.cluster.local`: the Service is the first label
        const service = host.split('.')[0];
        out.push(
          e.ctx.services().has(service)
            ? t('This file defines a Service {0}: check that its selector matches Pods that are ready.', service)
            : t('Nothing in this manifest defines a Service {0}.', service),
        );
      }
      return out;
    }
  }
  const life = facts.lifetime;
  if (life.kind === 'runs-until-stopped') {
    out.push(t('Its command never ends ({0}): the Pod cannot leave Init.', life.blocker?.what ?? life.basis ?? '?'));
  } else if ((life.kind === 'exits' || life.kind === 'bounded') && life.max !== null && life.max > 0) {
    out.push(t('Its command runs for up to {0} ({1}).', formatSeconds(life.max), life.basis ?? '?'));
    if (since !== null && since < life.max) out.push(t('About {0} to go.', formatSeconds(life.max - since)));
  }
  return out;
}

/** What an exit code says, one sentence; the first command's program for "not found". */
function exitMeaning(code: number | null, reason: string | null, c: Container | undefined): string[] {
  if (reason === 'OOMKilled') return [t('It ran out of memory (OOMKilled): raise its memory limit.')];
  switch (code) {
    case 127: {
      const first = c?.program && !c.program.unreadable ? c.program.commands.find((cmd) => cmd.words.length > 0) : undefined;
      const prog = first ? programName(first) : null;
      return [
        prog
          ? t('Exit code 127 is the shell\'s "command not found": is {0} in the image, and spelled right?', prog)
          : t('Exit code 127 is the shell\'s "command not found".'),
      ];
    }
    case 126:
      return [t('Exit code 126: the command was found but could not be run (permissions or format).')];
    case 137:
      return [t('Exit code 137 is 128 + 9: the process was killed with SIGKILL (out of memory, or not stopped within the grace period).')];
    case 143:
      return [t('Exit code 143 is 128 + 15: the process ended on SIGTERM.')];
    default:
      return [];
  }
}

/** The Pod is past Init: what the app containers and the sidecars show. */
function settledSentences(e: Explain): string[] {
  const out: string[] = [];
  const status = e.columns.status;
  const deciding = e.columns.decidingApp !== null ? e.appRaw[e.columns.decidingApp] : null;
  if (status === 'Terminating') return [t('Terminating — the Pod is being deleted; its containers get their grace period.')];
  if (status === 'PodInitializing' || (deciding && deciding.state.reason === 'PodInitializing')) {
    return [t('PodInitializing — every init container is done; the app containers are being created.')];
  }
  if (status === 'Completed') {
    out.push(t('Completed — the main containers exited 0.'));
    for (const c of e.containers) {
      if (c.role === 'sidecar' && c.state === 'terminated' && c.exitCode !== null && c.exitCode !== 0) {
        out.push(
          t(
            'Sidecar {0} exited with code {1} when it was stopped after the main containers: normal for a native sidecar, and kubectl ignores it.',
            c.name,
            c.exitCode,
          ),
        );
        const appEnd = e.containers.filter((x) => x.role === 'app').reduce((m, x) => Math.max(m, x.current?.finishedAt ?? -Infinity), -Infinity);
        const grace = e.pod.terminationGracePeriodSeconds ?? 30;
        const end = c.current?.finishedAt ?? null;
        if (c.exitCode === 137 && end !== null && Number.isFinite(appEnd) && end - appEnd >= grace - 1) {
          out.push(
            t(
              'It was killed {0} after the main containers ended, when the grace period ({1} s) ran out: it does not stop on SIGTERM.',
              formatSeconds(end - appEnd),
              grace,
            ),
          );
        }
      }
    }
    return out;
  }
  if (status === 'Running') return [t('Running — the Pod is initialized and every app container runs.')];
  if (status === 'NotReady') return [t('NotReady — a container has completed while another still runs, and the Pod is not Ready.')];
  if (deciding) {
    const spec = e.specByName.get(deciding.name);
    if (deciding.state.kind === 'waiting') {
      out.push(t('{0} — {1} is waiting: {2}.', status, deciding.name, deciding.state.reason ?? '?'));
      if (deciding.last) {
        out.push(
          t(
            'Its last run exited with code {0} ({1}); it has been restarted {2} times.',
            deciding.last.exitCode ?? '?',
            deciding.last.reason ?? '?',
            deciding.restartCount,
          ),
        );
        out.push(...exitMeaning(deciding.last.exitCode, deciding.last.reason, spec));
      }
    } else if (deciding.state.kind === 'terminated') {
      out.push(t('{0} — {1} exited with code {2}.', status, deciding.name, deciding.state.exitCode ?? '?'));
      out.push(...exitMeaning(deciding.state.exitCode, deciding.state.reason, spec));
    }
  }
  return out;
}

/**
 * Names of the Services declared in the given document texts. Parsed once per set of texts (the
 * last one is kept): the timeline is asked again on every cursor move over the same file. A memo
 * of a pure function, not state the analysis depends on.
 */
let lastServices: { texts: readonly string[]; names: Set<string> } | null = null;

export function serviceNames(texts: readonly string[]): Set<string> {
  if (lastServices && lastServices.texts.length === texts.length && lastServices.texts.every((x, i) => x === texts[i])) return lastServices.names;
  const names = parseServiceNames(texts);
  lastServices = { texts: [...texts], names };
  return names;
}

function parseServiceNames(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    let docs: ReturnType<typeof parseAllDocuments>;
    try {
      docs = parseAllDocuments(text);
    } catch {
      continue;
    }
    for (const d of Array.isArray(docs) ? docs : [docs]) {
      const root = d.contents;
      const visit = (obj: unknown): void => {
        if (getString(obj, 'kind') === 'Service') {
          const name = getString(getPath(obj, ['metadata']), 'name');
          if (name) names.add(name);
        } else if (getString(obj, 'kind') === 'List') {
          for (const item of seqItems(get(obj, 'items'))) visit(item);
        }
      };
      visit(root);
    }
  }
  return names;
}
