/**
 * How long a container's steps around its program take, from what the YAML says: the image pull
 * (known only to be nothing when the policy is `Never`, or `IfNotPresent` with the image on the
 * node), its `startupProbe` window, its `readinessProbe`'s first success, its `postStart` and
 * `preStop` hooks (a `sleep` action, or an exec command whose length is known), and from these
 * when it counts as started and when as Ready. Pod-level times (the grace period, the deadline,
 * the back-off series) stay with the Pod.
 */
import type { Scalar } from 'yaml';
import type { Container } from '../model';
import { asMap, asScalar, get, getNumber, getPath, getString, isTemplated, type Range, rangeOf, seqItems } from '../nodes';
import { type ArgvItem, readProgram } from '../shell';
import { t } from '../i18n';
import { defaultPullPolicy, parseImage } from './image';
import { walkCommands } from './lifetime';
import { type Duration, duration, openStepText } from './durations';

export interface ProbeWindow {
  kind: 'startupProbe' | 'readinessProbe' | 'livenessProbe';
  delay: number;
  period: number;
  threshold: number;
  /**
   * startupProbe: started between the first probe (`initialDelaySeconds`) and the last one it may
   * fail (`initialDelaySeconds + periodSeconds × failureThreshold`, then it is restarted).
   * readinessProbe: the first success, between `initialDelaySeconds` and one period later.
   */
  window: Duration;
  range: Range | null;
}

export interface HookTiming {
  hook: 'postStart' | 'preStop';
  /** `exec`, `httpGet`, `tcpSocket`, `sleep`, or null when the handler is not one of them. */
  handler: string | null;
  duration: Duration;
  range: Range | null;
}

export interface PullTiming {
  policy: string;
  /** The policy is the API server's default. */
  defaulted: boolean;
  /** Nothing to pull when the image is on the node (min 0); the download itself is never known. */
  duration: Duration;
}

export interface ContainerTiming {
  pull: PullTiming | null;
  startup: ProbeWindow | null;
  readiness: ProbeWindow | null;
  liveness: ProbeWindow | null;
  postStart: HookTiming | null;
  preStop: HookTiming | null;
  /** From its start until it counts as started: its postStart hook and its startupProbe, whichever ends later. */
  started: Duration;
  /** From its start until it is Ready: started, then its readinessProbe's first success. */
  ready: Duration;
}

/** API defaults: `initialDelaySeconds` 0, `periodSeconds` 10, `failureThreshold` 3. */
function probeWindow(c: Container, kind: ProbeWindow['kind']): ProbeWindow | null {
  const node = get(c.node, kind);
  const m = asMap(node);
  if (!m) return null;
  const delay = getNumber(m, 'initialDelaySeconds') ?? 0;
  const period = getNumber(m, 'periodSeconds') ?? 10;
  const threshold = getNumber(m, 'failureThreshold') ?? 3;
  const window =
    kind === 'readinessProbe'
      ? duration(delay, delay + period, t('readinessProbe: first success from {0} s, probed every {1} s', delay, period))
      : duration(delay, delay + period * threshold, t('{0}: {1} s + {2} s × {3}', kind, delay, period, threshold));
  return { kind, delay, period, threshold, window, range: rangeOf(node) };
}

/** The hook's handler and how long it takes: `sleep.seconds` exactly, an exec command as far as its program says. */
function hookTiming(c: Container, hook: HookTiming['hook'], text: string): HookTiming | null {
  const node = getPath(c.node, ['lifecycle', hook]);
  const m = asMap(node);
  if (!m) return null;
  const range = rangeOf(node);
  const sleep = asMap(get(m, 'sleep'));
  if (sleep) {
    const s = getNumber(sleep, 'seconds');
    return {
      hook,
      handler: 'sleep',
      duration: s === null ? duration(0, null, t('{0} sleep: no seconds', hook)) : duration(s, s, `${hook} sleep ${s} s`),
      range,
    };
  }
  const exec = asMap(get(m, 'exec'));
  if (exec) return { hook, handler: 'exec', duration: execHookDuration(hook, seqItems(get(exec, 'command')), c, text), range };
  const handler = ['httpGet', 'tcpSocket'].find((k) => asMap(get(m, k))) ?? null;
  return { hook, handler, duration: duration(0, null, t('{0} {1}: no time limit of its own', hook, handler ?? '?')), range };
}

function execHookDuration(hook: string, items: unknown[], c: Container, text: string): Duration {
  const argv: ArgvItem[] = [];
  for (const item of items) {
    const s = asScalar(item);
    if (!s || (typeof s.value !== 'string' && typeof s.value !== 'number')) return duration(0, null, t('{0} exec: the command could not be read', hook));
    argv.push({ node: s as Scalar, value: String(s.value) });
  }
  const templated = c.templated || argv.some((a) => isTemplated(a.value));
  const p = templated ? null : readProgram(text, argv);
  if (!p) return duration(0, null, t('{0} exec: the command could not be read', hook));
  const w = walkCommands(p, { entrypointArgs: false, imageName: '', templated }, text);
  const basis = w.basis.length ? `${hook} ${w.basis.join(' + ')}` : null;
  if (w.max === null) return duration(w.min, null, [basis, w.openStep ? openStepText(w.openStep) : null].filter(Boolean).join('; ') || t('{0} exec', hook));
  return duration(w.min, w.max, basis ?? t('{0} exec: quick commands', hook));
}

function pullTiming(c: Container): PullTiming | null {
  if (!parseImage(c.image)) return null;
  const written = getString(c.node, 'imagePullPolicy');
  const policy = written ?? defaultPullPolicy(c.image);
  const d =
    policy === 'Never'
      ? duration(0, 0, t('imagePullPolicy Never: the image must be on the node'))
      : policy === 'IfNotPresent'
        ? duration(0, null, t('IfNotPresent: nothing to pull when the image is on the node; otherwise as long as the download'))
        : duration(0, null, t('Always: the registry is asked at every start; a download takes as long as it takes'));
  return { policy, defaulted: written === null, duration: d };
}

/** Whichever of two steps that run side by side ends later. */
function later(a: Duration | null, b: Duration | null): Duration {
  const parts = [a, b].filter((x): x is Duration => x !== null);
  if (parts.length === 0) return duration(0, 0);
  const min = Math.max(...parts.map((p) => p.min));
  const max = parts.some((p) => p.max === null) ? null : Math.max(...parts.map((p) => p.max ?? 0));
  return duration(
    min,
    max,
    parts
      .map((p) => p.basis)
      .filter(Boolean)
      .join('; ') || null,
  );
}

export function computeTiming(c: Container, text: string): ContainerTiming {
  const startup = probeWindow(c, 'startupProbe');
  const readiness = probeWindow(c, 'readinessProbe');
  const postStart = hookTiming(c, 'postStart', text);
  const started = later(postStart?.duration ?? null, startup?.window ?? null);
  let ready = started;
  if (readiness) {
    // the kubelet probes readiness only once the container is started and its initialDelaySeconds are over
    const min = Math.max(started.min, readiness.delay);
    const max = started.max === null ? null : Math.max(started.max, readiness.delay) + readiness.period;
    ready = duration(min, max, [started.basis, readiness.window.basis].filter(Boolean).join('; '));
  }
  return {
    pull: pullTiming(c),
    startup,
    readiness,
    liveness: probeWindow(c, 'livenessProbe'),
    postStart,
    preStop: hookTiming(c, 'preStop', text),
    started,
    ready,
  };
}
