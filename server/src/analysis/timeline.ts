/**
 * The init timeline: how a Pod will start and stop, built from the Pod model and the findings.
 * Pure (no VS Code, no LSP), serialisable as JSON: the server sends it to the timeline webview,
 * which only draws it.
 *
 * Time is cut into slots, in order: one per init container (a plain one runs to completion; a
 * sidecar starts and, once `started`, lets the next one go), the app containers starting together,
 * the Pod running, the app containers stopping, then the sidecars stopping in reverse order. Each
 * container is a lane of bars over those slots. Durations come only from what the YAML says
 * (`sleep 5`, a loop's bound, probe timing, deadlines, the grace period); otherwise a duration is
 * `unknown length` — never an invented number.
 */
import type { AnalysisResult, DocumentAnalysis } from './analyze';
import type { Container, PodSpec, WorkloadKind, WorkloadClass } from './model';
import { asMap, asScalar, get, getNumber, getString, keyRange, rangeOf } from './nodes';
import type { Finding, Severity } from './rule';
import { securityFailurePath } from './facts/securityContext';
import { t } from './i18n';
import { containerLabel, defaultPullPolicy, duration, effectiveRole, factsOf, formatSeconds, lifetimeDuration, sleepSeconds as sleepArgs } from './facts';
import type { Duration } from './facts';
import { atLeast, type KubeVersion } from './version';
import { summarize } from './timelineSummary';
import { readObserved, serviceNames } from './observed/read';
import type { ObservedPod } from './observed/types';

export type BarKind = 'pull' | 'run' | 'startup' | 'postStart' | 'running' | 'stop';

export interface Bar {
  kind: BarKind;
  label: string;
  /** First and last slot (inclusive) the bar covers. */
  from: number;
  to: number;
  duration: Duration;
  /** The next slot waits for this bar (a plain init container's run, a sidecar's startup). */
  gates: boolean;
  /** Source of the field this bar comes from (absolute offsets), when there is one. */
  range: [number, number] | null;
}

export type SlotKind = 'init' | 'sidecar' | 'app-start' | 'running' | 'stop-app' | 'stop-sidecar';

export interface Slot {
  id: string;
  kind: SlotKind;
  label: string;
  duration: Duration;
}

export type FailureOutcome = 'restart-backoff' | 'pod-failed' | 'job-retry' | 'sidecar-restart';

export interface FailurePath {
  outcome: FailureOutcome;
  /** One sentence. */
  summary: string;
  /** What `kubectl get pod` shows meanwhile, when known. */
  status: string | null;
  /** Back-off delays in seconds, when the container is retried. */
  backoff: number[] | null;
  /** Further facts, one sentence each. */
  details: string[];
}

export interface TimelineFinding {
  rule: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}

export interface Probe {
  kind: 'startupProbe' | 'readinessProbe' | 'livenessProbe';
  text: string;
}

export interface Lane {
  id: string;
  name: string;
  role: 'init' | 'sidecar' | 'app';
  list: 'initContainers' | 'containers';
  index: number;
  image: string | null;
  pullPolicy: 'Always' | 'IfNotPresent' | 'Never' | string;
  /** The policy is the API server's default, not written in the YAML. */
  pullPolicyDefaulted: boolean;
  /** The container's node (absolute offsets) and its `name` value, for revealing it. */
  range: [number, number];
  selection: [number, number];
  bars: Bar[];
  probes: Probe[];
  failure: FailurePath;
  findings: TimelineFinding[];
}

export interface Handoff {
  volume: string;
  /** `emptyDir`, `hostPath`, … */
  source: string | null;
  /** Lane id of the init container that mounts it read-write. */
  from: string;
  mountPath: string | null;
  /** Its command names a path under the mount (a redirect, `-O`, `cp … dest`): it surely writes. */
  writes: boolean;
  /** Later lanes that mount the same volume. */
  to: string[];
}

export interface TimelineModel {
  /** `Kind/name`, or null for a fragment. */
  object: string | null;
  kind: WorkloadKind | null;
  workload: WorkloadClass;
  /** Fragment, Helm template or syntax errors: what is absent may still be there. */
  partial: boolean;
  documentIndex: number;
  /** Which Pod of the file (0-based, over all documents) and how many there are. */
  podIndex: number;
  podCount: number;
  restartPolicy: string;
  restartPolicyDefaulted: boolean;
  /** The Pod spec's range (absolute offsets). */
  range: [number, number];
  slots: Slot[];
  lanes: Lane[];
  handoffs: Handoff[];
  deadline: { seconds: number; scope: 'pod' | 'job'; range: [number, number] | null } | null;
  gracePeriod: { seconds: number; defaulted: boolean };
  /** Job `backoffLimit` (defaulted to 6), null for other workloads. */
  backoffLimit: number | null;
  podFindings: TimelineFinding[];
  notes: string[];
  /** The timeline as a Mermaid sequence diagram. */
  mermaid: string;
  /** Best/worst time to Ready and what dominates it (branch `durations` fills it; `chart` draws it). */
  summary: TimelineSummary | null;
  /** The Pod's observed start-up when the document carries `status` (branch `observed` fills it; `chart` may draw it). */
  observed: ObservedPod | null;
}

export interface TimelineSummary {
  /** Seconds to Ready when every bounded step takes its minimum. */
  bestSeconds: number;
  /** Seconds to Ready when every bounded step takes its bound; null when some step on the path is unbounded. */
  worstSeconds: number | null;
  /** Lane id of the container that dominates the worst case (or the unbounded one); null if none. */
  dominant: string | null;
  /** One localized line, e.g. "Ready in 5 s – 2 min 10 s; wait-for-db dominates (≤ 2 min)". */
  text: string;
}

export type { Duration };
export { duration, formatSeconds, lifetimeDuration };

export const BACKOFF_SECONDS: readonly number[] = [10, 20, 40, 80, 160, 300];

// ---------------------------------------------------------------------------------------------
// Durations

/** Seconds of one `sleep` argument (`5`, `5s`, `2m`, `0.5`); Infinity for `infinity`; null if unknown. */
export function sleepSeconds(arg: string): number | null {
  return sleepArgs([{ text: arg, literal: !/[$`]/.test(arg) }]);
}

/** How long a container's command runs: its lifetime in the facts layer, as a duration. */
export function programDuration(c: Container, text: string): Duration {
  return lifetimeDuration(factsOf(c, text).lifetime);
}

// ---------------------------------------------------------------------------------------------
// Pull policy

export { defaultPullPolicy };

// ---------------------------------------------------------------------------------------------
// Failure paths

/**
 * The Job controller's delays before each new Pod: 10 s, doubling, capped at ten minutes
 * (`DefaultJobPodFailureBackOff`, `MaxJobPodFailureBackOff` in the Job controller; the Job page's
 * "capped at six minutes" is older) — as far as `backoffLimit` allows retries, up to the cap.
 */
export function jobBackoff(backoffLimit: number | null): number[] | null {
  const n = backoffLimit ?? 6;
  if (n <= 0) return null;
  return JOB_BACKOFF_SECONDS.slice(0, Math.min(n, JOB_BACKOFF_SECONDS.length));
}

const JOB_BACKOFF_SECONDS: readonly number[] = [10, 20, 40, 80, 160, 320, 600];

/** How long the retries of a Job wait in all before backoffLimit is spent. */
function jobBackoffLine(backoffLimit: number | null): string {
  const n = backoffLimit ?? 6;
  if (n <= 0) return '';
  const capped = JOB_BACKOFF_SECONDS.length - 1;
  const head = JOB_BACKOFF_SECONDS.slice(0, Math.min(n, capped)).reduce((a, b) => a + b, 0);
  const total = head + Math.max(0, n - capped) * JOB_BACKOFF_SECONDS[capped];
  return t('Its {0} retries wait {1} in all before the Job fails (back-off 10 s, doubling, capped at 10 min).', n, formatSeconds(total));
}

function backoffText(): string {
  return t('10 s, 20 s, 40 s … capped at 5 min');
}

/** A container's restart rules as written: action and the exit codes they match (`In 42, 43`). */
function restartRules(c: Container): Array<{ action: string; codes: string }> {
  const out: Array<{ action: string; codes: string }> = [];
  const list = get(c.node, 'restartPolicyRules');
  const items = list && 'items' in list && Array.isArray((list as { items: unknown[] }).items) ? (list as { items: unknown[] }).items : [];
  for (const item of items) {
    const m = asMap(item);
    const action = getString(m, 'action');
    if (!m || !action) continue;
    const ec = asMap(get(m, 'exitCodes'));
    const values = ec ? get(ec, 'values') : null;
    const vals =
      values && 'items' in values ? ((values as { items: unknown[] }).items.map((v) => asScalar(v)?.value).filter((v) => v !== undefined) as unknown[]) : [];
    out.push({ action, codes: `${getString(ec, 'operator') ?? '?'} ${vals.join(', ')}`.trim() });
  }
  return out;
}

/**
 * Adds what the container's restart rules do on exit to its failure path, at the target version:
 * unknown before 1.34, dropped at 1.34 (the ContainerRestartRules gate is off), in force from 1.35;
 * `RestartAllContainers` from 1.36 (the API server rejects it at 1.35: restart-rules-invalid).
 */
function withRestartRules(f: FailurePath, c: Container, version: KubeVersion | null): FailurePath {
  const rules = restartRules(c);
  if (rules.length === 0) return f;
  const details = [...f.details];
  if (!version) {
    // no target known: say from which version each rule works
    for (const r of rules) {
      if (r.action === 'Restart') {
        details.push(t("From Kubernetes 1.35, an exit with a code {0} restarts it in place, whatever its restartPolicy or the Pod's.", r.codes));
      } else if (r.action === 'RestartAllContainers') {
        details.push(t('From Kubernetes 1.36, an exit with a code {0} restarts the whole Pod in place: every init container runs again.', r.codes));
      }
    }
    return { ...f, details };
  }
  const v = `${version.major}.${version.minor}`;
  if (!atLeast(version, 1, 35)) {
    details.push(
      atLeast(version, 1, 34)
        ? t('Kubernetes 1.34 accepts restartPolicyRules and drops them: no exit code changes how this container restarts.')
        : t('Kubernetes {0} does not know restartPolicyRules: the field is dropped and no exit code changes how this container restarts.', v),
    );
    return { ...f, details };
  }
  for (const r of rules) {
    if (r.action === 'Restart') {
      details.push(t("An exit with a code {0} restarts it in place, whatever its restartPolicy or the Pod's.", r.codes));
    } else if (r.action === 'RestartAllContainers') {
      details.push(
        atLeast(version, 1, 36)
          ? t('An exit with a code {0} restarts the whole Pod in place: every init container runs again.', r.codes)
          : t('RestartAllContainers needs Kubernetes 1.36: at {0} the API server rejects the rule.', v),
      );
    }
  }
  return { ...f, details };
}

export function failurePath(pod: PodSpec, c: Container, backoffLimit: number | null, role: Container['role'] = c.role): FailurePath {
  const job = pod.workload === 'job';
  const podRP = pod.effectiveRestartPolicy;
  const jobLine = backoffLimit !== null ? t("The Job's backoffLimit is {0}; once it is spent the Job fails with BackoffLimitExceeded.", backoffLimit) : null;
  if (role === 'sidecar') {
    return {
      outcome: 'sidecar-restart',
      summary: t("Restarted with back-off ({0}) whatever the Pod's restartPolicy; containers listed after it wait until it is started again.", backoffText()),
      status: 'Init:CrashLoopBackOff',
      backoff: [...BACKOFF_SECONDS],
      details: [
        t('While the Pod initialises, the status shows Init:CrashLoopBackOff; later, only this container restarts.'),
        ...(job ? [t('A sidecar never keeps a Job from completing.')] : []),
      ],
    };
  }
  if (role === 'init') {
    const own = c.restartPolicy === 'OnFailure' || c.restartPolicy === 'Never' ? c.restartPolicy : null;
    const eff = own ?? (podRP === 'Never' ? 'Never' : 'OnFailure');
    if (eff === 'Never') {
      if (job) {
        return {
          outcome: 'job-retry',
          summary: t('The Pod is marked Failed (Init:Error); the Job counts a failure and creates a new Pod, with back-off, until backoffLimit is spent.'),
          status: 'Init:Error',
          backoff: jobBackoff(backoffLimit),
          details: [jobLine ?? '', jobBackoffLine(backoffLimit), t('Every new Pod runs all init containers again from the start.')].filter(Boolean),
        };
      }
      return {
        outcome: 'pod-failed',
        summary: own
          ? t('The Pod is marked Failed (Init:Error): with restartPolicy Never on this container a failed init container is not retried.')
          : t('The Pod is marked Failed (Init:Error): with restartPolicy Never a failed init container is not retried.'),
        status: 'Init:Error',
        backoff: null,
        details: pod.workload === 'pod' ? [t('Nothing recreates a bare Pod: delete and re-create it.')] : [],
      };
    }
    const details = [t('Containers listed after it never start while it fails.')];
    if (job && jobLine) details.push(t('With restartPolicy OnFailure each restart counts toward backoffLimit. {0}', jobLine));
    if (pod.workload === 'replicated') {
      details.push(t('The controller does not replace the Pod; a rollout waits until its progress deadline passes.'));
    }
    return {
      outcome: 'restart-backoff',
      summary: t('Restarted in place with back-off ({0}); the Pod stays Pending with status Init:CrashLoopBackOff.', backoffText()),
      status: 'Init:CrashLoopBackOff',
      backoff: [...BACKOFF_SECONDS],
      details,
    };
  }
  const eff = c.restartPolicy === 'Always' || c.restartPolicy === 'OnFailure' || c.restartPolicy === 'Never' ? c.restartPolicy : podRP;
  if (eff === 'Never') {
    if (job) {
      return {
        outcome: 'job-retry',
        summary: t('The Pod is marked Failed; the Job creates a new Pod, with back-off, until backoffLimit is spent.'),
        status: 'Error',
        backoff: jobBackoff(backoffLimit),
        details: [jobLine ?? '', jobBackoffLine(backoffLimit), t('The new Pod runs every init container again.')].filter(Boolean),
      };
    }
    return {
      outcome: 'pod-failed',
      summary: t('The container is not restarted; the Pod becomes Failed once its app containers have all ended.'),
      status: 'Error',
      backoff: null,
      details: [],
    };
  }
  return {
    outcome: 'restart-backoff',
    summary:
      eff === 'OnFailure'
        ? t('Restarted in place with back-off ({0}); status CrashLoopBackOff (only after a non-zero exit). Init containers do not run again.', backoffText())
        : t('Restarted in place with back-off ({0}); status CrashLoopBackOff. Init containers do not run again.', backoffText()),
    status: 'CrashLoopBackOff',
    backoff: [...BACKOFF_SECONDS],
    details: job && jobLine ? [t('Each restart counts toward backoffLimit. {0}', jobLine)] : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Choosing the Pod

export interface PodChoice {
  document: DocumentAnalysis;
  pod: PodSpec;
  /** Over all documents. */
  podIndex: number;
  podCount: number;
}

/** The Pod under `offset` (the closest one in its document), else the first Pod of the file. */
export function choosePod(result: AnalysisResult, offset?: number): PodChoice | null {
  const all: Array<{ document: DocumentAnalysis; pod: PodSpec; index: number }> = [];
  for (const d of result.documents) for (const pod of d.pods) all.push({ document: d, pod, index: all.length });
  if (all.length === 0) return null;
  let pick = all[0];
  if (offset !== undefined) {
    const dist = (x: (typeof all)[number]): number => {
      const r = rangeOf(x.pod.objectNode) ?? rangeOf(x.pod.node);
      if (!r) return Infinity;
      const { start: s, end: e } = x.document.toFile(r);
      return offset < s ? s - offset : offset > e ? offset - e : 0;
    };
    const inDoc = all.filter((x) => x.document.contains(offset));
    const pool = inDoc.length ? inDoc : all;
    let best = Infinity;
    for (const x of pool) {
      // in a List, several objects share the document: the one containing the offset, else the closest
      const d = Math.min(dist(x), specDistance(x, offset));
      if (d < best) {
        best = d;
        pick = x;
      }
    }
  }
  return { document: pick.document, pod: pick.pod, podIndex: pick.index, podCount: all.length };
}

function specDistance(x: { document: DocumentAnalysis; pod: PodSpec }, offset: number): number {
  const r = rangeOf(x.pod.node);
  if (!r) return Infinity;
  const { start: s, end: e } = x.document.toFile(r);
  return offset < s ? s - offset : offset > e ? offset - e : 0;
}

// ---------------------------------------------------------------------------------------------
// Building the model

const READ_ONLY_SOURCES = new Set(['configMap', 'secret', 'downwardAPI', 'projected']);

/** Where each Pod spec's `initContainers` key is (file offsets): the timeline's code lenses sit there. */
export function initContainersKeys(result: AnalysisResult): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const d of result.documents) {
    for (const pod of d.pods) {
      const r = keyRange(pod.node, 'initContainers');
      if (r) out.push(d.toFile(r));
    }
  }
  return out;
}

/** The timeline of the Pod under `offset` in an analysed file, or null when the file has none. */
export function buildTimeline(result: AnalysisResult, offset?: number, version?: KubeVersion | null): TimelineModel | null {
  const choice = choosePod(result, offset);
  if (!choice) return null;
  let services: Set<string> | null = null;
  return timelineForPod(choice, result.findings, version, () => (services ??= serviceNames(result.documents.map((d) => d.text))));
}

/** What every part of the build shares: the Pod, its document, the slots and lanes so far. */
interface Build {
  pod: PodSpec;
  text: string;
  abs: (r: readonly [number, number] | null) => [number, number] | null;
  podRange: [number, number];
  job: boolean;
  backoffLimit: number | null;
  gracePeriod: TimelineModel['gracePeriod'];
  graceNode: ReturnType<typeof asScalar>;
  graceBasis: string;
  deadline: TimelineModel['deadline'];
  version: KubeVersion | null;
  slots: Slot[];
  lanes: Lane[];
  laneOf: Map<Container, Lane>;
}

interface SidecarStop {
  c: Container;
  lane: Lane;
  startSlot: number;
}

/**
 * The timeline of one Pod: lanes for its containers, slots for the init phase, the app start,
 * the running Pod and the stop, the hand-offs through volumes, and the findings on their lanes.
 */
export function timelineForPod(
  choice: PodChoice,
  findings: readonly Finding[],
  version?: KubeVersion | null,
  /** Names of the Services the file declares (read only when the Pod carries a status). */
  services: () => ReadonlySet<string> = () => serviceNames([choice.document.text]),
): TimelineModel {
  const b = startBuild(choice, version ?? null);
  const sidecarStops = addInitSlots(b);
  addAppSlots(b, sidecarStops);
  const model: TimelineModel = {
    object: b.pod.object,
    kind: b.pod.kind,
    workload: b.pod.workload,
    partial: b.pod.partial,
    documentIndex: choice.document.index,
    podIndex: choice.podIndex,
    podCount: choice.podCount,
    restartPolicy: b.pod.effectiveRestartPolicy,
    restartPolicyDefaulted: b.pod.restartPolicy === null,
    range: b.podRange,
    slots: b.slots,
    lanes: b.lanes,
    handoffs: handoffsOf(b),
    deadline: b.deadline,
    gracePeriod: b.gracePeriod,
    backoffLimit: b.backoffLimit,
    podFindings: placeFindings(b, choice, findings),
    notes: notesOf(b),
    mermaid: '',
    summary: summarize(b.pod, b.text, (c) => {
      const lane = b.laneOf.get(c)!;
      return { id: lane.id, name: lane.name, role: lane.role, pulls: lane.bars.some((x) => x.kind === 'pull' && x.duration.max === null) };
    }),
    observed: null,
  };
  model.mermaid = toMermaid(model);
  model.observed = readObserved(b.pod, { document: choice.document, laneIds: laneIdsByName(b), services });
  return model;
}

/** The predicted lanes' ids by container name, for the observed containers to line up with. */
function laneIdsByName(b: Build): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [c, lane] of b.laneOf) if (c.name && !ids.has(c.name)) ids.set(c.name, lane.id);
  return ids;
}

/** The Pod's settings (grace period, deadline, backoffLimit) and one lane per container. */
function startBuild(choice: PodChoice, version: KubeVersion | null): Build {
  const { pod, document } = choice;
  const abs = (r: readonly [number, number] | null): [number, number] | null => {
    if (!r) return null;
    const f = document.toFile(r);
    return [f.start, f.end];
  };
  const podRange = abs(rangeOf(pod.node)) ?? abs([0, document.text.length])!;
  const job = pod.workload === 'job';
  const jobSpec = job ? pod.workloadSpecNode : null;
  const graceSeconds = getNumber(pod.node, 'terminationGracePeriodSeconds');
  const gracePeriod = { seconds: graceSeconds ?? 30, defaulted: graceSeconds === null };
  let deadline: TimelineModel['deadline'] = null;
  const podDeadline = getNumber(pod.node, 'activeDeadlineSeconds');
  const jobDeadline = jobSpec ? getNumber(jobSpec, 'activeDeadlineSeconds') : null;
  if (podDeadline !== null) deadline = { seconds: podDeadline, scope: 'pod', range: abs(rangeOf(get(pod.node, 'activeDeadlineSeconds'))) };
  else if (jobDeadline !== null) deadline = { seconds: jobDeadline, scope: 'job', range: abs(rangeOf(get(jobSpec, 'activeDeadlineSeconds'))) };
  const b: Build = {
    pod,
    text: document.text,
    abs,
    podRange,
    job,
    backoffLimit: job ? (getNumber(jobSpec, 'backoffLimit') ?? 6) : null,
    gracePeriod,
    graceNode: asScalar(get(pod.node, 'terminationGracePeriodSeconds')),
    graceBasis: gracePeriod.defaulted
      ? t('terminationGracePeriodSeconds {0} (default)', gracePeriod.seconds)
      : `terminationGracePeriodSeconds ${gracePeriod.seconds}`,
    deadline,
    version,
    slots: [],
    lanes: [],
    laneOf: new Map(),
  };
  [...pod.initContainers, ...pod.containers].forEach((c, i) => {
    const lane = makeLane(b, c, i);
    b.lanes.push(lane);
    b.laneOf.set(c, lane);
  });
  return b;
}

function makeLane(b: Build, c: Container, i: number): Lane {
  const written = getString(c.node, 'imagePullPolicy');
  const range = b.abs(rangeOf(c.node)) ?? b.podRange;
  const role = effectiveRole(c, b.version);
  return {
    id: `c${i}`,
    name: containerLabel(c),
    role: role === 'ephemeral' ? 'app' : role,
    list: c.list === 'initContainers' ? 'initContainers' : 'containers',
    index: c.index,
    image: c.image,
    pullPolicy: written ?? defaultPullPolicy(c.image),
    pullPolicyDefaulted: written === null,
    range,
    selection: b.abs(rangeOf(c.nameNode)) ?? [range[0], range[0]],
    bars: [],
    probes: [],
    failure: withRestartRules(failurePath(b.pod, c, b.backoffLimit, role), c, b.version),
    findings: [],
  };
}

function pullBar(b: Build, c: Container, lane: Lane, slot: number): void {
  const pull = factsOf(c, b.text).timing.pull;
  if (lane.pullPolicy === 'Never' || !c.image || !pull) return;
  const why = lane.pullPolicy === 'Always' ? t('pulled at every start') : t('pulled if not on the node');
  lane.bars.push({
    kind: 'pull',
    label: lane.pullPolicyDefaulted
      ? t('pull {0} ({1}, default): {2}', c.image, lane.pullPolicy, why)
      : t('pull {0} ({1}): {2}', c.image, lane.pullPolicy, why),
    from: slot,
    to: slot,
    duration: pull.duration,
    gates: false,
    range: b.abs(rangeOf(c.imageNode)),
  });
}

function probeList(c: Container, lane: Lane, text: string): void {
  const timing = factsOf(c, text).timing;
  for (const p of [timing.startup, timing.readiness, timing.liveness]) {
    if (!p) continue;
    const { kind, delay, period, threshold } = p;
    const text =
      kind === 'startupProbe'
        ? t(
            'startupProbe: started within {0} ({1} s + {2} s × {3}) or the container is restarted',
            formatSeconds(delay + period * threshold),
            delay,
            period,
            threshold,
          )
        : kind === 'readinessProbe'
          ? t('readinessProbe every {0} from {1}: Ready after the first success', formatSeconds(period), formatSeconds(delay))
          : t('livenessProbe every {0} from {1}: restarted after {2} failures', formatSeconds(period), formatSeconds(delay), threshold);
    lane.probes.push({ kind, text });
  }
}

/** One slot per init container: a plain one runs (its lifetime from the facts), a sidecar starts. */
function addInitSlots(b: Build): SidecarStop[] {
  const sidecarStops: SidecarStop[] = [];
  for (const c of b.pod.initContainers) {
    const lane = b.laneOf.get(c)!;
    const slot = b.slots.length;
    if (lane.role === 'sidecar') {
      addSidecarStart(b, c, lane, slot);
      sidecarStops.push({ c, lane, startSlot: slot });
      continue;
    }
    const d = programDuration(c, b.text);
    b.slots.push({ id: `init-${c.index}`, kind: 'init', label: lane.name, duration: d });
    pullBar(b, c, lane, slot);
    lane.bars.push({
      kind: 'run',
      label: d.never ? t('runs: {0} — nothing after it starts', d.text) : t('runs to completion: {0}', d.text),
      from: slot,
      to: slot,
      duration: d,
      gates: true,
      range: b.abs(rangeOf(get(c.node, 'command') ?? get(c.node, 'args') ?? c.node)),
    });
  }
  return sidecarStops;
}

function addSidecarStart(b: Build, c: Container, lane: Lane, slot: number): void {
  const timing = factsOf(c, b.text).timing;
  const started = timing.started;
  const startup: Duration = { ...started };
  if (timing.startup) startup.text = started.max !== null ? t('{0} until started', started.text) : started.text;
  else if (!timing.postStart) startup.text = t('started at once (no startupProbe)');
  b.slots.push({ id: `init-${c.index}`, kind: 'sidecar', label: t('{0} starts', lane.name), duration: startup });
  pullBar(b, c, lane, slot);
  if (timing.postStart) {
    lane.bars.push({
      kind: 'postStart',
      label: t('postStart hook'),
      from: slot,
      to: slot,
      duration: timing.postStart.duration,
      gates: true,
      range: b.abs(timing.postStart.range),
    });
  }
  lane.bars.push({
    kind: 'startup',
    label: timing.startup ? t('startupProbe gates what follows: {0}', startup.text) : startup.text,
    from: slot,
    to: slot,
    duration: startup,
    gates: true,
    range: b.abs(timing.startup?.range ?? null),
  });
  probeList(c, lane, b.text);
}

/** The app start, running and stop slots, the app lanes' bars, then the sidecars' stop in reverse order. */
function addAppSlots(b: Build, sidecarStops: SidecarStop[]): void {
  const apps = b.pod.containers;
  const appStart = b.slots.length;
  // the app containers start together: the slot ends when the last of them counts as started
  const started = apps.map((c) => factsOf(c, b.text).timing.started);
  const startMin = Math.max(0, ...started.map((d) => d.min));
  const startMax = started.some((d) => d.max === null) ? null : Math.max(0, ...started.map((d) => d.max ?? 0));
  const open = started.find((d) => d.max === null);
  b.slots.push({
    id: 'app-start',
    kind: 'app-start',
    label: apps.length === 1 ? t('app container starts') : t('app containers start together'),
    duration: duration(
      startMin,
      startMax,
      open
        ? open.basis
        : startMax
          ? started
              .map((d) => d.basis)
              .filter(Boolean)
              .join('; ')
          : null,
    ),
  });
  const running = b.slots.length;
  const runDuration = b.job ? jobRunDuration(apps, b.text, b.deadline) : duration(0, null, t('until the Pod is deleted or replaced'), false);
  if (!b.job) runDuration.text = t('until the Pod is stopped');
  b.slots.push({ id: 'running', kind: 'running', label: b.job ? t('main containers run to completion') : t('running'), duration: runDuration });
  const stopApp = b.slots.length;
  b.slots.push({
    id: 'stop-app',
    kind: 'stop-app',
    label: b.job ? t('main containers have exited') : t('app containers stop (preStop, SIGTERM)'),
    duration: b.job ? duration(0, 0) : duration(0, b.gracePeriod.seconds, b.graceBasis),
  });
  const stopSlot = new Map<Lane, number>();
  for (const s of [...sidecarStops].reverse()) {
    stopSlot.set(s.lane, b.slots.length);
    b.slots.push({
      id: `stop-${s.c.index}`,
      kind: 'stop-sidecar',
      label: t('{0} stops', s.lane.name),
      duration: duration(0, b.gracePeriod.seconds, t('within what is left of the grace period')),
    });
  }
  for (const c of apps) addAppBars(b, c, { appStart, running, stopApp }, runDuration);
  for (const s of sidecarStops) addSidecarBars(b, s, stopSlot.get(s.lane)!);
}

function addAppBars(b: Build, c: Container, at: { appStart: number; running: number; stopApp: number }, runDuration: Duration): void {
  const lane = b.laneOf.get(c)!;
  pullBar(b, c, lane, at.appStart);
  const timing = factsOf(c, b.text).timing;
  if (timing.postStart) {
    lane.bars.push({
      kind: 'postStart',
      label: t('postStart hook (runs beside the container; it is not Running until the hook ends)'),
      from: at.appStart,
      to: at.appStart,
      duration: timing.postStart.duration,
      gates: false,
      range: b.abs(timing.postStart.range),
    });
  }
  const sp = timing.startup;
  lane.bars.push({
    kind: 'startup',
    label: sp ? t('startupProbe: {0} until started', sp.window.text) : t('starts'),
    from: at.appStart,
    to: at.appStart,
    duration: sp ? sp.window : duration(0, 0),
    gates: false,
    range: b.abs(sp?.range ?? null),
  });
  const d = b.job ? programDuration(c, b.text) : runDuration;
  lane.bars.push({
    kind: 'running',
    label: !b.job
      ? t('running (readiness and liveness probes)')
      : d.never
        ? t('runs: {0} — the Job never completes', d.text)
        : t('runs to completion: {0}', d.text),
    from: at.running,
    to: at.running,
    duration: d,
    gates: false,
    range: b.abs(rangeOf(get(c.node, 'command') ?? get(c.node, 'args') ?? c.nameNode)),
  });
  const preStop = timing.preStop;
  if (!b.job) {
    lane.bars.push({
      kind: 'stop',
      label: preStop
        ? t('preStop hook, then SIGTERM; SIGKILL after {0}', formatSeconds(b.gracePeriod.seconds))
        : t('SIGTERM; SIGKILL after {0}', formatSeconds(b.gracePeriod.seconds)),
      from: at.stopApp,
      to: at.stopApp,
      duration: stopDuration(b, preStop?.duration ?? null),
      gates: true,
      range: b.abs(preStop ? preStop.range : rangeOf(b.graceNode)),
    });
  }
  probeList(c, lane, b.text);
}

/**
 * A container's stop: its preStop hook first (a `sleep 5` makes it at least 5 s), then SIGTERM;
 * the grace period is the bound (SIGKILL), counted from the start of the hook.
 */
function stopDuration(b: Build, preStop: Duration | null): Duration {
  const grace = b.gracePeriod.seconds;
  if (!preStop) return duration(0, grace, b.graceBasis);
  const min = Math.min(preStop.min, grace);
  return duration(min, grace, preStop.basis ? `${preStop.basis}; ${b.graceBasis}` : b.graceBasis);
}

function addSidecarBars(b: Build, s: SidecarStop, stop: number): void {
  s.lane.bars.push({
    kind: 'running',
    label: b.job ? t('runs beside the containers after it; does not block completion') : t("runs for the Pod's whole life"),
    from: s.startSlot + 1,
    to: stop - 1,
    duration: { ...duration(0, null), text: b.job ? t('until the main containers exit') : t('until the Pod stops') },
    gates: false,
    range: null,
  });
  const preStop = factsOf(s.c, b.text).timing.preStop;
  const slot = b.slots[stop].duration;
  s.lane.bars.push({
    kind: 'stop',
    label: preStop ? t('preStop hook, then SIGTERM after the app containers, in reverse order') : t('SIGTERM after the app containers, in reverse order'),
    from: stop,
    to: stop,
    duration: preStop
      ? duration(Math.min(preStop.duration.min, slot.max ?? Infinity), slot.max, [preStop.duration.basis, slot.basis].filter(Boolean).join('; '))
      : slot,
    gates: true,
    range: b.abs(preStop?.range ?? null),
  });
}

/** Volumes an init container mounts read-write, with the later lanes that mount them too. */
function handoffsOf(b: Build): Handoff[] {
  const { pod } = b;
  const handoffs: Handoff[] = [];
  for (const w of pod.initContainers) {
    const writes = factsOf(w, b.text).volumeWrites;
    for (const m of w.mounts) {
      if (!m.name || m.readOnly) continue;
      const vol = pod.volumes?.get(m.name) ?? null;
      if (vol?.source && READ_ONLY_SOURCES.has(vol.source)) continue;
      const later = pod.all.slice(pod.all.indexOf(w) + 1).filter((c) => c.mounts.some((x) => x.name === m.name));
      handoffs.push({
        volume: m.name,
        source: vol?.source ?? null,
        from: b.laneOf.get(w)!.id,
        mountPath: m.mountPath,
        writes: writes.some((e) => e.hit.mount === m),
        to: later.map((c) => b.laneOf.get(c)!.id),
      });
    }
  }
  return handoffs;
}

/** Each finding on its container's lane (by range, else by name), the rest on the Pod. */
function placeFindings(b: Build, choice: PodChoice, findings: readonly Finding[]): TimelineFinding[] {
  const podFindings: TimelineFinding[] = [];
  const objectRange = b.abs(rangeOf(b.pod.objectNode)) ?? b.podRange;
  for (const f of findings) {
    if (f.document !== choice.document.index) continue;
    if (!inRange(f.start, objectRange) && !inRange(f.start, b.podRange)) continue;
    const tf: TimelineFinding = { rule: f.rule, severity: f.severity, message: f.message, start: f.start, end: f.end };
    const byRange = b.lanes.find((l) => f.start >= l.range[0] && f.start < l.range[1]);
    const byName = !byRange && f.container !== null && f.object === b.pod.object ? b.lanes.find((l) => l.name === f.container) : undefined;
    const lane = byRange ?? byName;
    if (lane) lane.findings.push(tf);
    else podFindings.push(tf);
    if (lane) lane.failure = securityFailurePath(f, lane.failure);
  }
  return podFindings;
}

function notesOf(b: Build): string[] {
  const notes: string[] = [];
  const { pod, deadline } = b;
  if (pod.partial) notes.push(t('This is a fragment, a template or has syntax errors: parts of the Pod may be missing here.'));
  if (deadline) {
    notes.push(
      deadline.scope === 'job'
        ? t('activeDeadlineSeconds {0}: the Job is failed after {1}, init containers included.', deadline.seconds, formatSeconds(deadline.seconds))
        : t('activeDeadlineSeconds {0}: the Pod is failed after {1}, init containers included.', deadline.seconds, formatSeconds(deadline.seconds)),
    );
  }
  if (b.lanes.some((l) => l.role === 'init')) notes.push(t('If the Pod sandbox restarts, every init container runs again: init work must be safe to repeat.'));
  if (pod.initContainers.some((c) => c.role === 'sidecar' && effectiveRole(c, b.version) !== 'sidecar')) {
    notes.push(
      t(
        'Native sidecars need Kubernetes 1.29 or later: at the target version "restartPolicy: Always" is dropped and these containers run as plain init containers.',
      ),
    );
  }
  const restartAll = [...pod.initContainers, ...pod.containers].find((c) => restartRules(c).some((r) => r.action === 'RestartAllContainers'));
  if (restartAll && (!b.version || atLeast(b.version, 1, 36))) {
    notes.push(
      t(
        'A RestartAllContainers rule on {0} restarts the whole Pod in place: every init container runs again, in order, and volumes keep what the first run wrote.',
        restartAll.name ?? '?',
      ),
    );
  }
  return notes;
}

function inRange(x: number, r: [number, number] | null): boolean {
  return !!r && x >= r[0] && x <= r[1];
}

function jobRunDuration(apps: Container[], text: string, deadline: TimelineModel['deadline']): Duration {
  let min = 0;
  let max: number | null = 0;
  let never = false;
  for (const c of apps) {
    const d = programDuration(c, text);
    min = Math.max(min, d.min);
    max = max === null || d.max === null ? null : Math.max(max, d.max);
    never ||= d.never;
  }
  if (never && !deadline) return duration(min, null, null, true);
  if ((max === null || never) && deadline) return duration(min, deadline.seconds, `activeDeadlineSeconds ${deadline.seconds}`);
  return duration(min, max);
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/**
 * Text Mermaid shows as written: line breaks become spaces and the characters its sequence-diagram
 * grammar reads as syntax (`;` ends a statement, `#` starts an entity, `%%` a comment, `<`/`>`
 * markup, `:` ends a participant alias) become Mermaid's own entity codes, which it turns back into
 * the same characters when it draws. Nothing is dropped or replaced by another character.
 */
export function mermaidText(s: string, alias = false): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ').trim();
  const cut = flat.length > 200 ? flat.slice(0, 199) + '…' : flat;
  return cut.replace(/[#;%<>]|:/g, (c) => (c === ':' && !alias ? c : MERMAID_ENTITY[c]));
}

const MERMAID_ENTITY: Record<string, string> = { '#': '#35;', ';': '#59;', '%': '#37;', '<': '#lt;', '>': '#gt;', ':': '#58;' };

function toMermaid(m: TimelineModel): string {
  const out: string[] = ['sequenceDiagram'];
  out.push('  participant K as kubelet');
  for (const l of m.lanes) out.push(`  participant ${l.id} as ${mermaidText(l.name, true)} (${mermaidText(roleName(l.role), true)})`);
  out.push(`  Note over K: ${mermaidText(m.object ?? t('Pod spec'))} — restartPolicy ${mermaidText(m.restartPolicy)}`);
  const start = (l: Lane): string => mermaidText(t('start (image {0}, pull {1})', l.image ?? '?', l.pullPolicy));
  const byId = new Map(m.lanes.map((l) => [l.id, l] as const));
  const laneBySlot = (i: number, kind: BarKind): Lane[] => m.lanes.filter((l) => l.bars.some((b) => b.kind === kind && b.from === i));
  m.slots.forEach((slot, i) => {
    if (slot.kind === 'init' || slot.kind === 'sidecar') {
      for (const l of laneBySlot(i, slot.kind === 'init' ? 'run' : 'startup')) {
        out.push(`  K->>${l.id}: ${start(l)}`);
        if (slot.kind === 'init') out.push(`  ${l.id}-->>K: ${mermaidText(t('exits 0 after {0}', slot.duration.text))}`);
        else out.push(`  ${l.id}-->>K: ${mermaidText(t('{0}, then keeps running', slot.duration.text))}`);
      }
    } else if (slot.kind === 'app-start') {
      const apps = laneBySlot(i, 'startup');
      if (apps.length > 1) {
        out.push(`  par ${mermaidText(t('app containers start together'))}`);
        apps.forEach((l, k) => {
          if (k > 0) out.push('  and');
          out.push(`    K->>${l.id}: ${start(l)}`);
        });
        out.push('  end');
      } else {
        for (const l of apps) out.push(`  K->>${l.id}: ${start(l)}`);
      }
    } else if (slot.kind === 'running') {
      out.push(`  Note over K: ${mermaidText(slot.label)} (${mermaidText(slot.duration.text)})`);
    } else if (slot.kind === 'stop-app') {
      for (const l of laneBySlot(i, 'stop')) out.push(`  K->>${l.id}: ${mermaidText(l.bars.find((b) => b.kind === 'stop')!.label)}`);
    } else if (slot.kind === 'stop-sidecar') {
      for (const l of laneBySlot(i, 'stop')) out.push(`  K->>${l.id}: ${mermaidText(t('SIGTERM (sidecars stop in reverse order)'))}`);
    }
  });
  for (const h of m.handoffs) {
    const from = byId.get(h.from);
    if (!from) continue;
    for (const to of h.to) {
      out.push(`  ${h.from}-)${to}: ${mermaidText(h.mountPath ? t('volume {0} at {1}', h.volume, h.mountPath) : t('volume {0}', h.volume))}`);
    }
  }
  return out.join('\n') + '\n';
}

/** A lane's role in words. */
export function roleName(role: Lane['role']): string {
  return role === 'init' ? t('init container') : role === 'sidecar' ? t('native sidecar') : t('app container');
}
