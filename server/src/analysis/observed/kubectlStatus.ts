/**
 * The STATUS, READY and RESTARTS columns of `kubectl get pods`, computed the way kubectl's pod
 * printer does (kubernetes `pkg/printers/internalversion/printers.go`, `printPod`, read for this
 * and written again here):
 *
 * - STATUS starts as the phase (or `status.reason`, or `SchedulingGated` when the PodScheduled
 *   condition says so).
 * - Init containers are walked in order. One that exited 0 is passed over; so is a restartable one
 *   (a native sidecar, `restartPolicy: Always`) with `started: true` — it no longer holds the Pod in
 *   Init, and it counts in READY when ready. The first other one decides: terminated →
 *   `Init:<reason>` (or `Init:Signal:N` / `Init:ExitCode:N` without a reason), waiting with a reason
 *   other than PodInitializing → `Init:<reason>`, else `Init:<i>/<n>`.
 * - Unless that made the Pod "initializing" (and the Initialized condition is not True), the app
 *   containers are walked from the last to the first: a waiting or terminated reason replaces the
 *   STATUS (`Signal:N` / `ExitCode:N` without one); a ready running one counts in READY; `Completed`
 *   with a container still running reads `Running` (Ready condition True) or `NotReady`.
 * - A Pod being deleted reads `Terminating` (`Unknown` when its node is lost).
 * - READY's total is the app containers plus the restartable init containers. RESTARTS adds every
 *   init container's restarts while initializing, else only the sidecars' and the app containers'.
 */

export interface StateInput {
  kind: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason: string | null;
  exitCode: number | null;
  signal: number | null;
}

export interface ContainerStatusInput {
  name: string;
  ready: boolean;
  started: boolean | null;
  restartCount: number;
  state: StateInput;
}

export interface PodStatusInput {
  phase: string | null;
  /** `status.reason` (Evicted, NodeLost, …). */
  reason: string | null;
  /** `metadata.deletionTimestamp` is set. */
  deleting: boolean;
  conditions: ReadonlyArray<{ type: string; status: boolean; reason: string | null }>;
  /** The spec's init containers in order: name and whether it is restartable (`restartPolicy: Always`). */
  initSpec: ReadonlyArray<{ name: string; restartable: boolean }>;
  /** How many app containers the spec lists. */
  appCount: number;
  initStatuses: readonly ContainerStatusInput[];
  appStatuses: readonly ContainerStatusInput[];
  /**
   * Whether the Pod is initialized when the status has no `conditions` at all (a trimmed copy):
   * kubectl reads the Initialized condition; without it, the caller says what the rest shows.
   */
  initializedWithoutConditions?: boolean;
}

export interface KubectlColumns {
  status: string;
  ready: string;
  restarts: number;
  /**
   * The init container that holds the Pod in Init (index in `initStatuses`), or null — also null
   * when the Initialized condition overrules it (a sidecar stopped at the end of a Job's Pod).
   */
  blockingInit: number | null;
  /** The STATUS came from the init containers. */
  initializing: boolean;
  /** The app container whose state set the STATUS (index in `appStatuses`), or null. */
  decidingApp: number | null;
}

const TERMINAL_PHASES = new Set(['Succeeded', 'Failed']);

export function kubectlColumns(pod: PodStatusInput): KubectlColumns {
  let status = pod.phase ?? '';
  if (pod.reason) status = pod.reason;
  if (pod.conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) status = 'SchedulingGated';

  const restartable = new Map(pod.initSpec.map((c) => [c.name, c.restartable] as const));
  const total = pod.appCount + pod.initSpec.filter((c) => c.restartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let initializing = false;
  let blockingInit: number | null = null;

  for (let i = 0; i < pod.initStatuses.length; i++) {
    const c = pod.initStatuses[i];
    restarts += c.restartCount;
    const isSidecar = restartable.get(c.name) === true;
    if (isSidecar) sidecarRestarts += c.restartCount;
    if (c.state.kind === 'terminated' && c.state.exitCode === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (c.state.kind === 'terminated') {
      status = c.state.reason ? `Init:${c.state.reason}` : c.state.signal ? `Init:Signal:${c.state.signal}` : `Init:ExitCode:${c.state.exitCode ?? 0}`;
    } else if (c.state.kind === 'waiting' && c.state.reason && c.state.reason !== 'PodInitializing') {
      status = `Init:${c.state.reason}`;
    } else {
      status = `Init:${i}/${pod.initSpec.length}`;
    }
    initializing = true;
    blockingInit = i;
    break;
  }

  const initializedCondition = pod.conditions.find((c) => c.type === 'Initialized');
  const initialized = initializedCondition ? initializedCondition.status : pod.conditions.length === 0 && pod.initializedWithoutConditions === true;
  let decidingApp: number | null = null;
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    for (let i = pod.appStatuses.length - 1; i >= 0; i--) {
      const c = pod.appStatuses[i];
      restarts += c.restartCount;
      if (c.state.kind === 'waiting' && c.state.reason) {
        status = c.state.reason;
        decidingApp = i;
      } else if (c.state.kind === 'terminated' && c.state.reason) {
        status = c.state.reason;
        decidingApp = i;
      } else if (c.state.kind === 'terminated') {
        status = c.state.signal ? `Signal:${c.state.signal}` : `ExitCode:${c.state.exitCode ?? 0}`;
        decidingApp = i;
      } else if (c.ready && c.state.kind === 'running') {
        hasRunning = true;
        ready++;
      }
    }
    if (status === 'Completed' && hasRunning) {
      status = pod.conditions.some((c) => c.type === 'Ready' && c.status) ? 'Running' : 'NotReady';
    }
  }

  if (initializing && initialized) blockingInit = null;
  if (pod.deleting && pod.reason === 'NodeLost') status = 'Unknown';
  else if (pod.deleting && !TERMINAL_PHASES.has(pod.phase ?? '')) status = 'Terminating';

  return { status, ready: `${ready}/${total}`, restarts, blockingInit, initializing, decidingApp };
}
