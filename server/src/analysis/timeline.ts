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
import { asMap, asScalar, get, getNumber, getPath, getString, keyRange, rangeOf } from './nodes';
import type { Finding, Severity } from './rule';
import { t } from './i18n';
import { baseName, SimpleCommand, LoopInfo } from './shell';

export interface Duration {
  /** Lower bound in seconds. */
  min: number;
  /** Upper bound in seconds; null when the YAML does not bound it. */
  max: number | null;
  /** Runs forever (`sleep infinity`, `tail -f`, a server): it never ends by itself. */
  never: boolean;
  /** Human text: `5 s`, `≤ 60 s`, `unknown length`, `never ends`. */
  text: string;
  /** What the number comes from (`sleep 5`, `30 × sleep 2`, `startupProbe 0 s + 1 s × 30`). */
  basis: string | null;
}

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
}

export const BACKOFF_SECONDS: readonly number[] = [10, 20, 40, 80, 160, 300];

// ---------------------------------------------------------------------------------------------
// Durations

export function formatSeconds(s: number): string {
  if (s < 120 || s % 60 !== 0 && s < 600) {
    return t('{0} s', Number.isInteger(s) ? s : Math.round(s * 10) / 10);
  }
  if (s < 7200) {
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return r ? t('{0} min {1} s', m, r) : t('{0} min', m);
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s - h * 3600) / 60);
  return m ? t('{0} h {1} min', h, m) : t('{0} h', h);
}

export function duration(min: number, max: number | null, basis: string | null = null, never = false): Duration {
  let text: string;
  if (never) text = t('never ends');
  else if (max === null) text = min > 0 ? t('≥ {0}, unknown length', formatSeconds(min)) : t('unknown length');
  else if (min === max) text = max === 0 ? t('at once') : formatSeconds(max);
  else if (min === 0) text = `≤ ${formatSeconds(max)}`;
  else text = `${formatSeconds(min)} – ${formatSeconds(max)}`;
  return { min, max: never ? null : max, never, text, basis };
}

/** Seconds of a `sleep` argument (`5`, `5s`, `2m`, `0.5`); Infinity for `infinity`; null if unknown. */
export function sleepSeconds(arg: string): number | null {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] === 'm' ? 60 : m[2] === 'h' ? 3600 : m[2] === 'd' ? 86400 : 1;
  return n * unit;
}

/** Commands that take no noticeable time. */
const QUICK = new Set([
  'echo', 'printf', 'true', 'false', ':', 'set', 'export', 'cd', 'test', '[', '[[', '((', 'let', 'mkdir', 'touch', 'ln',
  'chmod', 'date', 'hostname', 'env', 'id', 'whoami', 'pwd', 'exit', 'return', 'break', 'continue', 'unset', 'local',
  'readonly', 'umask', 'trap', 'shift', 'expr', 'basename', 'dirname',
]);

/** Commands that never end by themselves. */
function runsForever(cmd: SimpleCommand): boolean {
  const name = baseName(cmd.words[0]?.text ?? '');
  const args = cmd.words.slice(1).map((w) => w.text);
  if (name === 'tail' && args.some((a) => /^-[a-zA-Z]*[fF]/.test(a) || a === '--follow')) return true;
  return false;
}

/**
 * How long a container's command runs, from what it says: sleeps, bounded loops, `timeout`. Any
 * other command makes the length unknown (its sleeps still give a lower bound).
 */
export function programDuration(c: Container, text: string): Duration {
  const p = c.program;
  if (c.templated) return duration(0, null, t('templated command'));
  if (!p) return duration(0, null, c.argv.length === 0 ? t("the image's entrypoint") : null);
  if (p.unreadable) return duration(0, null);
  let min = 0;
  let max: number | null = 0;
  const basis: string[] = [];
  const loopsDone = new Set<LoopInfo>();
  for (const cmd of p.commands) {
    if (cmd.inSubstitution || cmd.background) continue;
    const outer = cmd.loops[0];
    if (outer) {
      if (loopsDone.has(outer)) continue;
      loopsDone.add(outer);
      if (outer.infinite && !outer.hasExit) return duration(min, null, t('endless loop'), true);
      const bound = loopBound(outer, p.commands, text);
      if (bound === null) max = null;
      else {
        if (max !== null) max += bound.seconds;
        basis.push(bound.basis);
      }
      continue;
    }
    if (cmd.words.length === 0) continue;
    const name = baseName(cmd.words[0].text);
    if (name === 'sleep') {
      const s = cmd.words[1] ? sleepSeconds(cmd.words[1].text) : null;
      if (s === Infinity) return duration(min, null, 'sleep infinity', true);
      if (s === null) {
        max = null;
        continue;
      }
      min += s;
      if (max !== null) max += s;
      basis.push(`sleep ${cmd.words[1].text}`);
      continue;
    }
    if (name === 'timeout') {
      const s = cmd.words[1] ? sleepSeconds(cmd.words[1].text.replace(/^-.*/, '')) : null;
      if (s !== null && s !== Infinity) {
        if (max !== null) max += s;
        basis.push(`timeout ${cmd.words[1].text}`);
        continue;
      }
      max = null;
      continue;
    }
    if (runsForever(cmd)) return duration(min, null, cmd.words.map((w) => w.text).join(' '), true);
    if (name === 'exit' && !cmd.inCondition) break;
    if (QUICK.has(name) || (name === 'chown' && !cmd.words.some((w) => /^-[a-zA-Z]*R/.test(w.text)))) continue;
    max = null;
  }
  return duration(min, max, basis.length ? basis.join(' + ') : null);
}

/** The bound of a loop from its header and the sleeps in its body; null when unbounded. */
function loopBound(loop: LoopInfo, commands: SimpleCommand[], text: string): { seconds: number; basis: string } | null {
  if (loop.infinite && !loop.hasExit) return null;
  const body = commands.filter((c) => c.loops[0] === loop);
  let perIteration = 0;
  let sleeps = 0;
  for (const c of body) {
    if (c.words.length === 0 || c.inSubstitution || c.background) continue;
    const name = baseName(c.words[0].text);
    if (name === 'sleep') {
      const s = c.words[1] ? sleepSeconds(c.words[1].text) : null;
      if (s === null || s === Infinity) return null;
      perIteration += s;
      sleeps++;
    }
  }
  const src = text.slice(loop.fullStart, loop.fullEnd);
  let iterations: number | null = null;
  let how = '';
  if (loop.kind === 'for') {
    const head = /^for\s+\w+\s+in\s+([\s\S]*?)(?:;|\n)\s*do\b/.exec(src);
    if (head) {
      const items = head[1].trim();
      const seq = /^\$\(\s*seq\s+(?:(-?\d+)\s+(?:(\d+)\s+)?)?(\d+)\s*\)$/.exec(items);
      const brace = /^\{(\d+)\.\.(\d+)\}$/.exec(items);
      if (seq) {
        const first = seq[1] !== undefined ? Number(seq[1]) : 1;
        const step = seq[2] !== undefined ? Number(seq[2]) : 1;
        const last = Number(seq[3]);
        iterations = step > 0 ? Math.max(0, Math.floor((last - first) / step) + 1) : null;
        how = `seq ${items.slice(2, -1).trim().replace(/^seq\s+/, '')}`;
      } else if (brace) {
        iterations = Math.max(0, Number(brace[2]) - Number(brace[1]) + 1);
        how = items;
      } else if (!/[$`{*?[]/.test(items)) {
        iterations = items.split(/\s+/).filter(Boolean).length;
        how = t('{0} items', iterations);
      }
    } else {
      const cstyle = /^for\s*\(\(\s*\w+\s*=\s*(\d+)\s*;\s*\w+\s*(<=?)\s*(\d+)\s*;/.exec(src);
      if (cstyle) {
        iterations = Number(cstyle[3]) - Number(cstyle[1]) + (cstyle[2] === '<=' ? 1 : 0);
        how = t('counter');
      }
    }
  } else if (loop.counted) {
    // `until check || [ $i -ge 30 ]` … a counter compared with a number
    const cmp = /-(lt|le|ge|gt)\s+(\d+)/.exec(src);
    if (cmp) {
      iterations = Number(cmp[2]) + (cmp[1] === 'le' || cmp[1] === 'ge' ? 1 : 0);
      how = t('counter to {0}', cmp[2]);
    }
  }
  if (iterations === null) return null;
  if (sleeps === 0) return null;
  const seconds = iterations * perIteration;
  return { seconds, basis: `${how ? how + ': ' : ''}${iterations} × sleep ${formatSeconds(perIteration)}` };
}

/** A probe's bound: initialDelaySeconds + periodSeconds × failureThreshold (API defaults 0, 10, 3). */
export function probeBound(probe: unknown, kind: string): Duration | null {
  const m = asMap(probe);
  if (!m) return null;
  const delay = getNumber(m, 'initialDelaySeconds') ?? 0;
  const period = getNumber(m, 'periodSeconds') ?? 10;
  const threshold = getNumber(m, 'failureThreshold') ?? 3;
  return duration(delay, delay + period * threshold, t('{0}: {1} s + {2} s × {3}', kind, delay, period, threshold));
}

// ---------------------------------------------------------------------------------------------
// Pull policy

export function defaultPullPolicy(image: string | null): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

// ---------------------------------------------------------------------------------------------
// Failure paths

function backoffText(): string {
  return t('10 s, 20 s, 40 s … capped at 5 min');
}

export function failurePath(pod: PodSpec, c: Container, backoffLimit: number | null): FailurePath {
  const job = pod.workload === 'job';
  const podRP = pod.effectiveRestartPolicy;
  const jobLine =
    backoffLimit !== null ? t("The Job's backoffLimit is {0}; once it is spent the Job fails with BackoffLimitExceeded.", backoffLimit) : null;
  if (c.role === 'sidecar') {
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
  if (c.role === 'init') {
    const own = c.restartPolicy === 'OnFailure' || c.restartPolicy === 'Never' ? c.restartPolicy : null;
    const eff = own ?? (podRP === 'Never' ? 'Never' : 'OnFailure');
    if (eff === 'Never') {
      if (job) {
        return {
          outcome: 'job-retry',
          summary: t('The Pod is marked Failed (Init:Error); the Job counts a failure and creates a new Pod, with back-off, until backoffLimit is spent.'),
          status: 'Init:Error',
          backoff: [...BACKOFF_SECONDS],
          details: [jobLine ?? '', t('Every new Pod runs all init containers again from the start.')].filter(Boolean),
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
        backoff: [...BACKOFF_SECONDS],
        details: [jobLine ?? '', t('The new Pod runs every init container again.')].filter(Boolean),
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
export function buildTimeline(result: AnalysisResult, offset?: number): TimelineModel | null {
  const choice = choosePod(result, offset);
  if (!choice) return null;
  return timelineForPod(choice, result.findings);
}

export function timelineForPod(choice: PodChoice, findings: readonly Finding[]): TimelineModel {
  const { pod, document } = choice;
  const text = document.text;
  const abs = (r: readonly [number, number] | null): [number, number] | null => {
    if (!r) return null;
    const f = document.toFile(r);
    return [f.start, f.end];
  };
  const podRange = abs(rangeOf(pod.node)) ?? abs([0, text.length])!;

  const job = pod.workload === 'job';
  const jobSpec = job ? pod.workloadSpecNode : null;
  const backoffLimit = job ? (getNumber(jobSpec, 'backoffLimit') ?? 6) : null;
  const graceNode = asScalar(get(pod.node, 'terminationGracePeriodSeconds'));
  const graceSeconds = getNumber(pod.node, 'terminationGracePeriodSeconds');
  const gracePeriod = { seconds: graceSeconds ?? 30, defaulted: graceSeconds === null };
  let deadline: TimelineModel['deadline'] = null;
  const podDeadline = getNumber(pod.node, 'activeDeadlineSeconds');
  const jobDeadline = jobSpec ? getNumber(jobSpec, 'activeDeadlineSeconds') : null;
  if (podDeadline !== null) deadline = { seconds: podDeadline, scope: 'pod', range: abs(rangeOf(get(pod.node, 'activeDeadlineSeconds'))) };
  else if (jobDeadline !== null) deadline = { seconds: jobDeadline, scope: 'job', range: abs(rangeOf(get(jobSpec, 'activeDeadlineSeconds'))) };

  // slots
  const slots: Slot[] = [];
  const lanes: Lane[] = [];
  const laneOf = new Map<Container, Lane>();
  const containers = [...pod.initContainers, ...pod.containers];
  containers.forEach((c, i) => {
    const image = c.image;
    const written = getString(c.node, 'imagePullPolicy');
    const range = abs(rangeOf(c.node)) ?? podRange;
    const lane: Lane = {
      id: `c${i}`,
      name: c.name ?? `${c.list}[${c.index}]`,
      role: c.role === 'ephemeral' ? 'app' : c.role,
      list: c.list === 'initContainers' ? 'initContainers' : 'containers',
      index: c.index,
      image,
      pullPolicy: written ?? defaultPullPolicy(image),
      pullPolicyDefaulted: written === null,
      range,
      selection: abs(rangeOf(c.nameNode)) ?? [range[0], range[0]],
      bars: [],
      probes: [],
      failure: failurePath(pod, c, backoffLimit),
      findings: [],
    };
    lanes.push(lane);
    laneOf.set(c, lane);
  });

  const pullBar = (c: Container, lane: Lane, slot: number): void => {
    if (lane.pullPolicy === 'Never' || !c.image) return;
    const why = lane.pullPolicy === 'Always' ? t('pulled at every start') : t('pulled if not on the node');
    lane.bars.push({
      kind: 'pull',
      label: lane.pullPolicyDefaulted ? t('pull {0} ({1}, default): {2}', c.image, lane.pullPolicy, why) : t('pull {0} ({1}): {2}', c.image, lane.pullPolicy, why),
      from: slot,
      to: slot,
      duration: duration(0, null),
      gates: false,
      range: abs(rangeOf(c.imageNode)),
    });
  };

  const probeList = (c: Container, lane: Lane): void => {
    for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      const p = get(c.node, kind);
      if (!asMap(p)) continue;
      const period = getNumber(p, 'periodSeconds') ?? 10;
      const delay = getNumber(p, 'initialDelaySeconds') ?? 0;
      const threshold = getNumber(p, 'failureThreshold') ?? 3;
      const text =
        kind === 'startupProbe'
          ? t('startupProbe: started within {0} ({1} s + {2} s × {3}) or the container is restarted', formatSeconds(delay + period * threshold), delay, period, threshold)
          : kind === 'readinessProbe'
            ? t('readinessProbe every {0} from {1}: Ready after the first success', formatSeconds(period), formatSeconds(delay))
            : t('livenessProbe every {0} from {1}: restarted after {2} failures', formatSeconds(period), formatSeconds(delay), threshold);
      lane.probes.push({ kind, text });
    }
  };

  const sidecarStops: Array<{ c: Container; lane: Lane; startSlot: number }> = [];
  for (const c of pod.initContainers) {
    const lane = laneOf.get(c)!;
    const slot = slots.length;
    if (c.role === 'sidecar') {
      const probe = probeBound(get(c.node, 'startupProbe'), 'startupProbe');
      const postStart = asMap(getPath(c.node, ['lifecycle', 'postStart']));
      const startup: Duration = probe
        ? { ...probe, min: 0, text: probe.max !== null ? t('≤ {0} until started', formatSeconds(probe.max)) : probe.text }
        : postStart
          ? duration(0, null, t('postStart hook'))
          : duration(0, 0);
      if (!probe && !postStart) startup.text = t('started at once (no startupProbe)');
      slots.push({ id: `init-${c.index}`, kind: 'sidecar', label: t('{0} starts', lane.name), duration: startup });
      pullBar(c, lane, slot);
      if (postStart) {
        lane.bars.push({ kind: 'postStart', label: t('postStart hook'), from: slot, to: slot, duration: duration(0, null), gates: true, range: abs(rangeOf(getPath(c.node, ['lifecycle', 'postStart']))) });
      }
      lane.bars.push({
        kind: 'startup',
        label: probe ? t('startupProbe gates what follows: {0}', startup.text) : startup.text,
        from: slot,
        to: slot,
        duration: startup,
        gates: true,
        range: abs(rangeOf(get(c.node, 'startupProbe'))),
      });
      probeList(c, lane);
      sidecarStops.push({ c, lane, startSlot: slot });
    } else {
      const d = programDuration(c, text);
      slots.push({ id: `init-${c.index}`, kind: 'init', label: lane.name, duration: d });
      pullBar(c, lane, slot);
      lane.bars.push({
        kind: 'run',
        label: d.never ? t('runs: {0} — nothing after it starts', d.text) : t('runs to completion: {0}', d.text),
        from: slot,
        to: slot,
        duration: d,
        gates: true,
        range: abs(rangeOf(get(c.node, 'command') ?? get(c.node, 'args') ?? c.node)),
      });
    }
  }

  // app containers
  const apps = pod.containers;
  const appStart = slots.length;
  let startMax: number | null = 0;
  for (const c of apps) {
    const sp = probeBound(get(c.node, 'startupProbe'), 'startupProbe');
    const ps = asMap(getPath(c.node, ['lifecycle', 'postStart']));
    if (ps) startMax = null;
    else if (sp && startMax !== null && sp.max !== null) startMax = Math.max(startMax, sp.max);
  }
  slots.push({
    id: 'app-start',
    kind: 'app-start',
    label: apps.length === 1 ? t('app container starts') : t('app containers start together'),
    duration: startMax === null ? duration(0, null, t('postStart hook')) : startMax > 0 ? duration(0, startMax, 'startupProbe') : duration(0, 0),
  });
  const running = slots.length;
  const runDuration = job ? jobRunDuration(apps, text, deadline) : duration(0, null, t('until the Pod is deleted or replaced'), false);
  if (!job) runDuration.text = t('until the Pod is stopped');
  slots.push({ id: 'running', kind: 'running', label: job ? t('main containers run to completion') : t('running'), duration: runDuration });
  const graceBasis = gracePeriod.defaulted
    ? t('terminationGracePeriodSeconds {0} (default)', gracePeriod.seconds)
    : `terminationGracePeriodSeconds ${gracePeriod.seconds}`;
  const stopApp = slots.length;
  slots.push({
    id: 'stop-app',
    kind: 'stop-app',
    label: job ? t('main containers have exited') : t('app containers stop (preStop, SIGTERM)'),
    duration: job ? duration(0, 0) : duration(0, gracePeriod.seconds, graceBasis),
  });
  const reversed = [...sidecarStops].reverse();
  const stopSlot = new Map<Lane, number>();
  for (const s of reversed) {
    stopSlot.set(s.lane, slots.length);
    slots.push({
      id: `stop-${s.c.index}`,
      kind: 'stop-sidecar',
      label: t('{0} stops', s.lane.name),
      duration: duration(0, gracePeriod.seconds, t('within what is left of the grace period')),
    });
  }

  for (const c of apps) {
    const lane = laneOf.get(c)!;
    pullBar(c, lane, appStart);
    const ps = getPath(c.node, ['lifecycle', 'postStart']);
    if (asMap(ps)) {
      lane.bars.push({
        kind: 'postStart',
        label: t('postStart hook (runs beside the container; it is not Running until the hook ends)'),
        from: appStart,
        to: appStart,
        duration: duration(0, null),
        gates: false,
        range: abs(rangeOf(ps)),
      });
    }
    const sp = probeBound(get(c.node, 'startupProbe'), 'startupProbe');
    lane.bars.push({
      kind: 'startup',
      label: sp ? t('startupProbe: ≤ {0} until started', formatSeconds(sp.max ?? 0)) : t('starts'),
      from: appStart,
      to: appStart,
      duration: sp ? { ...sp, min: 0, text: `≤ ${formatSeconds(sp.max ?? 0)}` } : duration(0, 0),
      gates: false,
      range: abs(rangeOf(get(c.node, 'startupProbe'))),
    });
    const d = job ? programDuration(c, text) : runDuration;
    lane.bars.push({
      kind: 'running',
      label: job ? t('runs to completion: {0}', d.text) : t('running (readiness and liveness probes)'),
      from: running,
      to: running,
      duration: d,
      gates: false,
      range: abs(rangeOf(get(c.node, 'command') ?? get(c.node, 'args') ?? c.nameNode)),
    });
    const preStop = getPath(c.node, ['lifecycle', 'preStop']);
    if (!job) {
      lane.bars.push({
        kind: 'stop',
        label: asMap(preStop)
          ? t('preStop hook, then SIGTERM; SIGKILL after {0}', formatSeconds(gracePeriod.seconds))
          : t('SIGTERM; SIGKILL after {0}', formatSeconds(gracePeriod.seconds)),
        from: stopApp,
        to: stopApp,
        duration: duration(0, gracePeriod.seconds, graceBasis),
        gates: true,
        range: abs(rangeOf(asMap(preStop) ? preStop : graceNode)),
      });
    }
    probeList(c, lane);
  }
  for (const s of sidecarStops) {
    const stop = stopSlot.get(s.lane)!;
    s.lane.bars.push({
      kind: 'running',
      label: job ? t('runs beside the containers after it; does not block completion') : t("runs for the Pod's whole life"),
      from: s.startSlot + 1,
      to: stop - 1,
      duration: { ...duration(0, null), text: job ? t('until the main containers exit') : t('until the Pod stops') },
      gates: false,
      range: null,
    });
    const preStop = getPath(s.c.node, ['lifecycle', 'preStop']);
    s.lane.bars.push({
      kind: 'stop',
      label: asMap(preStop)
        ? t('preStop hook, then SIGTERM after the app containers, in reverse order')
        : t('SIGTERM after the app containers, in reverse order'),
      from: stop,
      to: stop,
      duration: slots[stop].duration,
      gates: true,
      range: abs(rangeOf(asMap(preStop) ? preStop : null)),
    });
  }

  // hand-offs
  const handoffs: Handoff[] = [];
  pod.initContainers.forEach((w) => {
    for (const m of w.mounts) {
      if (!m.name || m.readOnly) continue;
      const vol = pod.volumes?.get(m.name) ?? null;
      if (vol && vol.source && READ_ONLY_SOURCES.has(vol.source)) continue;
      const later = pod.all.slice(pod.all.indexOf(w) + 1).filter((c) => c.mounts.some((x) => x.name === m.name));
      handoffs.push({
        volume: m.name,
        source: vol?.source ?? null,
        from: laneOf.get(w)!.id,
        mountPath: m.mountPath,
        writes: writesUnder(w, m.mountPath),
        to: later.map((c) => laneOf.get(c)!.id),
      });
    }
  });

  // findings
  const podFindings: TimelineFinding[] = [];
  for (const f of findings) {
    if (f.document !== document.index) continue;
    if (!inRange(f.start, abs(rangeOf(pod.objectNode)) ?? podRange) && !inRange(f.start, podRange)) continue;
    const tf: TimelineFinding = { rule: f.rule, severity: f.severity, message: f.message, start: f.start, end: f.end };
    const byRange = lanes.find((l) => f.start >= l.range[0] && f.start < l.range[1]);
    const byName = !byRange && f.container !== null && f.object === pod.object ? lanes.find((l) => l.name === f.container) : undefined;
    const lane = byRange ?? byName;
    if (lane) lane.findings.push(tf);
    else podFindings.push(tf);
  }

  const notes: string[] = [];
  if (pod.partial) notes.push(t('This is a fragment, a template or has syntax errors: parts of the Pod may be missing here.'));
  if (deadline) {
    notes.push(
      deadline.scope === 'job'
        ? t('activeDeadlineSeconds {0}: the Job is failed after {1}, init containers included.', deadline.seconds, formatSeconds(deadline.seconds))
        : t('activeDeadlineSeconds {0}: the Pod is failed after {1}, init containers included.', deadline.seconds, formatSeconds(deadline.seconds)),
    );
  }
  if (pod.initContainers.some((c) => c.role === 'init')) notes.push(t('If the Pod sandbox restarts, every init container runs again: init work must be safe to repeat.'));

  const model: TimelineModel = {
    object: pod.object,
    kind: pod.kind,
    workload: pod.workload,
    partial: pod.partial,
    documentIndex: document.index,
    podIndex: choice.podIndex,
    podCount: choice.podCount,
    restartPolicy: pod.effectiveRestartPolicy,
    restartPolicyDefaulted: pod.restartPolicy === null,
    range: podRange,
    slots,
    lanes,
    handoffs,
    deadline,
    gracePeriod,
    backoffLimit,
    podFindings,
    notes,
    mermaid: '',
  };
  model.mermaid = toMermaid(model);
  return model;
}

function inRange(x: number, r: [number, number] | null): boolean {
  return !!r && x >= r[0] && x <= r[1];
}

function jobRunDuration(apps: Container[], text: string, deadline: TimelineModel['deadline']): Duration {
  let min = 0;
  let max: number | null = 0;
  for (const c of apps) {
    const d = programDuration(c, text);
    min = Math.max(min, d.min);
    max = max === null || d.max === null ? null : Math.max(max, d.max);
  }
  if (max === null && deadline) return duration(min, deadline.seconds, `activeDeadlineSeconds ${deadline.seconds}`);
  return duration(min, max);
}

/** The command names a path under the mount as an output (redirect, `-O`, `-o`, last arg of cp/mv…). */
function writesUnder(c: Container, mountPath: string | null): boolean {
  if (!mountPath || !c.program) return false;
  const root = mountPath.replace(/\/+$/, '') + '/';
  const under = (p: string): boolean => p === mountPath || (p + '/').startsWith(root) || p.startsWith(root);
  for (const cmd of c.program.commands) {
    if (cmd.redirects.some((r) => /^\d*(?:>|>>|&>)$/.test(r.op) && under(r.target.prefix))) return true;
    const words = cmd.words.map((w) => w.prefix);
    const name = baseName(cmd.words[0]?.text ?? '');
    if (['cp', 'mv', 'rsync', 'install', 'tar', 'unzip', 'git', 'wget', 'curl', 'tee', 'touch', 'mkdir', 'ln', 'chown', 'chmod', 'sed', 'gomplate', 'envsubst', 'helm', 'kubectl'].includes(name) && words.slice(1).some(under)) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** Text Mermaid reads literally: no statement separators, entities, comments or markup. */
export function mermaidText(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[;#%<>{}[\]"`\\|&]/g, '_')
    .slice(0, 200);
}

function toMermaid(m: TimelineModel): string {
  const out: string[] = ['sequenceDiagram'];
  out.push('  participant K as kubelet');
  for (const l of m.lanes) out.push(`  participant ${l.id} as ${mermaidText(l.name).replace(/:/g, '_')} (${mermaidText(roleName(l.role)).replace(/:/g, '_')})`);
  out.push(`  Note over K: ${mermaidText(m.object ?? t('Pod spec'))} — restartPolicy ${mermaidText(m.restartPolicy)}`);
  const start = (l: Lane): string => mermaidText(t('start (image {0}, pull {1})', l.image ?? '?', l.pullPolicy));
  const byId = new Map(m.lanes.map((l) => [l.id, l] as const));
  const laneBySlot = (i: number, kind: BarKind): Lane[] => m.lanes.filter((l) => l.bars.some((b) => b.kind === kind && b.from === i));
  m.slots.forEach((slot, i) => {
    if (slot.kind === 'init' || slot.kind === 'sidecar') {
      for (const l of laneBySlot(i, slot.kind === 'init' ? 'run' : 'startup')) {
        out.push(`  K->>${l.id}: ${start(l)}`);
        if (slot.kind === 'init') out.push(`  ${l.id}-->>K: ${mermaidText(t('exits 0 after {0}', slot.duration.text))}`);
        else out.push(`  ${l.id}-->>K: ${mermaidText(t('started ({0}), keeps running', slot.duration.text))}`);
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
