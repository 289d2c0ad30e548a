/**
 * The timeline's summary line: how long until the Pod is Ready in the best case (every bounded
 * step takes its minimum) and in the worst bounded case (every step takes its bound), and which
 * container dominates — or which one leaves the time open. The steps are the containers' facts:
 * each init container's lifetime, each sidecar's start, then every app container's and sidecar's
 * readiness (a sidecar's readinessProbe counts toward the Pod's Ready too).
 * Image pulls are not counted: their length is never in the YAML.
 */
import type { Container, PodSpec } from './model';
import { duration, type Duration, factsOf, formatSeconds, lifetimeDuration } from './facts';
import { t } from './i18n';
import type { TimelineSummary } from './timeline';

/** One step on the path to Ready: its container's lane, its own length, and where it ends at best and worst. */
interface Step {
  lane: string;
  name: string;
  own: Duration;
  endMin: number;
  endMax: number | null;
}

export interface SummaryLane {
  id: string;
  name: string;
  /** The role the kubelet gives it at the target version. */
  role: 'init' | 'sidecar' | 'app';
  /** It has an image to pull whose length is unknown. */
  pulls: boolean;
}

const plus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

/** The summary of one Pod; `laneOf` gives each container's lane in the timeline. */
export function summarize(pod: PodSpec, text: string, laneOf: (c: Container) => SummaryLane): TimelineSummary {
  const path: Step[] = [];
  const readyAt: Step[] = [];
  let min = 0;
  let max: number | null = 0;
  for (const c of pod.initContainers) {
    const lane = laneOf(c);
    const timing = factsOf(c, text).timing;
    if (lane.role === 'sidecar') {
      // the next container waits until it is started; its readiness counts toward the Pod's
      const ready = timing.ready;
      readyAt.push({ lane: lane.id, name: lane.name, own: ready, endMin: min + ready.min, endMax: plus(max, ready.max) });
      const started = timing.started;
      path.push({ lane: lane.id, name: lane.name, own: started, endMin: min + started.min, endMax: plus(max, started.max) });
      min += started.min;
      max = plus(max, started.max);
      continue;
    }
    const own = lifetimeDuration(factsOf(c, text).lifetime);
    if (own.never)
      return finish(pod, laneOf, {
        bestSeconds: min,
        worstSeconds: null,
        dominant: lane.id,
        text: t('Never Ready: {0} never ends, and nothing after it starts', lane.name),
      });
    path.push({ lane: lane.id, name: lane.name, own, endMin: min + own.min, endMax: plus(max, own.max) });
    min += own.min;
    max = plus(max, own.max);
  }
  for (const c of pod.containers) {
    const lane = laneOf(c);
    const ready = factsOf(c, text).timing.ready;
    readyAt.push({ lane: lane.id, name: lane.name, own: ready, endMin: min + ready.min, endMax: plus(max, ready.max) });
  }
  const best = Math.max(min, ...readyAt.map((s) => s.endMin));
  const worst = max === null || readyAt.some((s) => s.endMax === null) ? null : Math.max(max, ...readyAt.map((s) => s.endMax ?? 0));
  if (worst === null) {
    // the first step on the path that has no bound
    const open = [...path, ...readyAt].find((s) => s.own.max === null);
    const why = open ? (open.own.basis ?? open.own.text) : '';
    const line = !open
      ? t('Ready after an unknown time')
      : best > 0
        ? t('Ready in {0} at best, no upper bound: {1} ({2})', formatSeconds(best), open.name, why)
        : t('Ready after an unknown time: {0} ({1})', open.name, why);
    return finish(pod, laneOf, { bestSeconds: best, worstSeconds: null, dominant: open?.lane ?? null, text: line });
  }
  // what dominates: the longest init step, or the container whose readiness comes last
  const last = readyAt.reduce<Step | null>((a, s) => (a === null || (s.endMax ?? 0) > (a.endMax ?? 0) ? s : a), null);
  const candidates = [...path, ...(last && (last.endMax ?? 0) > max! ? [last] : [])];
  const top = candidates.reduce<Step | null>((a, s) => ((s.own.max ?? 0) > (a?.own.max ?? 0) ? s : a), null);
  const range = duration(best, worst).text;
  const line = worst === 0 ? t('Ready at once') : top ? t('Ready in {0}; {1} dominates ({2})', range, top.name, top.own.text) : t('Ready in {0}', range);
  return finish(pod, laneOf, { bestSeconds: best, worstSeconds: worst, dominant: top?.lane ?? null, text: line });
}

/** Says so when image pulls of unknown length come on top. */
function finish(pod: PodSpec, laneOf: (c: Container) => SummaryLane, s: TimelineSummary): TimelineSummary {
  const pulls = pod.all.some((c) => laneOf(c).pulls);
  return pulls ? { ...s, text: t('{0}; image pulls not counted', s.text) } : s;
}
