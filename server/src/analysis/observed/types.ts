/**
 * The observed start-up of a Pod: what its `status` (the output of `kubectl get pod … -o yaml`,
 * pasted or saved) says happened, beside the predicted timeline. Shared contract with the timeline
 * webview (`media/observed.js`); times are seconds relative to `ObservedPod.startTime`.
 */
export interface ObservedRun {
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  reason: string | null;
}

export interface ObservedContainer {
  /** Id of the predicted Lane with the same name, null if the spec has no such container. */
  laneId: string | null;
  name: string;
  role: 'init' | 'sidecar' | 'app';
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  /** Waiting/terminated reason. */
  reason: string | null;
  exitCode: number | null;
  started: boolean | null;
  ready: boolean;
  restartCount: number;
  /** Seconds relative to ObservedPod.startTime. */
  current: ObservedRun | null;
  /** lastState.terminated. */
  last: ObservedRun | null;
  /** Absolute offsets of its status entry. */
  range: [number, number] | null;
}

export interface ObservedPod {
  phase: string | null;
  /** What `kubectl get pods` prints in STATUS: Init:1/3, Init:CrashLoopBackOff, PodInitializing, Running… */
  status: string;
  /** READY column, e.g. "1/2". */
  ready: string;
  restarts: number;
  /** Localized sentences explaining the status from the facts. */
  explanation: string[];
  /** status.startTime (ISO). */
  startTime: string | null;
  /** Seconds after startTime the status was captured (or latest timestamp in it). */
  now: number | null;
  containers: ObservedContainer[];
  conditions: { type: string; status: boolean; at: number | null; reason: string | null }[];
}
