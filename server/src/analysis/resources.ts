/**
 * What a Pod requests and is limited to as a whole, the sidecar-aware way the scheduler and the
 * kubelet compute it (component-helpers `aggregateContainerResourcesByFn`, "effective requests and
 * limits" in the Kubernetes docs):
 *
 *   InitContainerUse(i) = Σ(sidecars listed before i) + init(i)     (a sidecar: Σ sidecars up to itself)
 *   effective           = max( max_i InitContainerUse(i), Σ(app containers) + Σ(all sidecars) )
 *
 * A container's missing request defaults to its limit, as the API server defaults it. Pod-level
 * `spec.resources` replaces the aggregate for the resources it names. Pod overhead (RuntimeClass)
 * is not in a manifest and is left out.
 */
import type { Scalar } from 'yaml';
import type { Container, PodSpec } from './model';
import { asMap, asScalar, get, mapPairs, scalarText } from './nodes';
import { addQuantities, compareQuantities, formatQuantity, type Quantity, quantityFromValue, ZERO } from './quantity';
import { ObjectMemo } from './memo';

export interface ResourceValue {
  quantity: Quantity;
  /** The scalar the value was read from (the limit's, when the request defaulted to it). */
  node: Scalar;
  /** A request copied from the container's limit (the API server's defaulting). */
  fromLimit: boolean;
}

export interface ContainerResources {
  requests: Map<string, ResourceValue>;
  limits: Map<string, ResourceValue>;
  /** Resources whose value could not be read (templated, malformed). */
  unreadable: Set<string>;
}

export interface EffectiveResource {
  resource: string;
  /** The Pod's effective value. */
  quantity: Quantity;
  /** Its canonical text (`500m`, `1Gi`). */
  text: string;
  /** What sets it: an init container's phase, the steady state, or pod-level `spec.resources`. */
  phase: 'init' | 'steady' | 'pod';
  /** The init container whose phase sets it (phase `init`), else null. */
  setBy: Container | null;
  /** Σ(app containers) + Σ(all sidecars). */
  steady: Quantity;
  /** The largest InitContainerUse(i), and whose phase it is; null without init containers. */
  initPeak: Quantity | null;
  initPeakContainer: Container | null;
  /** Containers whose own value counts in the deciding phase. */
  contributors: Container[];
  /** Init, sidecar and app containers that give no value for this resource. */
  missing: Container[];
  /** Some container's value could not be read: the figure is a lower bound. */
  uncertain: boolean;
}

export interface EffectiveResources {
  requests: Map<string, EffectiveResource>;
  limits: Map<string, EffectiveResource>;
  /** The Pod has pod-level `spec.resources`. */
  podLevel: boolean;
}

const perContainer = new ObjectMemo<Container, ContainerResources>();

/**
 * A container's requests and limits, requests defaulted from limits. Read once per container (two
 * rules and the Pod's effective resources ask for it) and kept with it: callers only read it.
 */
export function containerResources(c: Container): ContainerResources {
  let r = perContainer.get(c);
  if (!r) {
    r = readContainerResources(c);
    perContainer.set(c, r);
  }
  return r;
}

function readContainerResources(c: Container): ContainerResources {
  const res = get(c.node, 'resources');
  const unreadable = new Set<string>();
  const limits = readList(get(res, 'limits'), unreadable);
  const requests = readList(get(res, 'requests'), unreadable);
  for (const [name, v] of limits) {
    if (!requests.has(name) && !unreadable.has(name)) requests.set(name, { ...v, fromLimit: true });
  }
  return { requests, limits, unreadable };
}

function readList(node: unknown, unreadable: Set<string>): Map<string, ResourceValue> {
  const out = new Map<string, ResourceValue>();
  const m = asMap(node);
  if (!m) return out;
  for (const item of mapPairs(m)) {
    const name = scalarText(item.key);
    if (name === null) continue;
    const s = asScalar(item.value);
    const q = s ? quantityFromValue(s.value) : null;
    if (!s || !q) {
      unreadable.add(name);
      continue;
    }
    out.set(name, { quantity: q, node: s, fromLimit: false });
  }
  return out;
}

/** The Pod's effective requests and limits per resource (cpu, memory and any other named). */
export function effectiveResources(pod: PodSpec): EffectiveResources {
  const per = new Map<Container, ContainerResources>();
  const names = new Set<string>();
  for (const c of pod.all) {
    const r = containerResources(c);
    per.set(c, r);
    for (const n of [...r.requests.keys(), ...r.limits.keys(), ...r.unreadable]) names.add(n);
  }
  const podRes = get(pod.node, 'resources');
  const podLevel = asMap(podRes) !== null;
  const podUnreadable = new Set<string>();
  const podLimits = readList(get(podRes, 'limits'), podUnreadable);
  const podRequests = readList(get(podRes, 'requests'), podUnreadable);
  for (const [n, v] of podLimits) if (!podRequests.has(n)) podRequests.set(n, { ...v, fromLimit: true });

  const build = (kind: 'requests' | 'limits', podValues: Map<string, ResourceValue>): Map<string, EffectiveResource> => {
    const out = new Map<string, EffectiveResource>();
    for (const name of [...names, ...podValues.keys()]) {
      if (out.has(name)) continue;
      const e = aggregate(pod, per, kind, name);
      const pv = podValues.get(name);
      if (pv) {
        e.quantity = pv.quantity;
        e.text = formatQuantity(pv.quantity);
        e.phase = 'pod';
        e.setBy = null;
        e.contributors = [];
      }
      out.set(name, e);
    }
    return out;
  };
  return { requests: build('requests', podRequests), limits: build('limits', podLimits), podLevel };
}

function aggregate(pod: PodSpec, per: Map<Container, ContainerResources>, kind: 'requests' | 'limits', name: string): EffectiveResource {
  let uncertain = false;
  const missing: Container[] = [];
  const quantityOf = (c: Container): Quantity | null => {
    const r = per.get(c);
    if (!r) return null;
    if (r.unreadable.has(name)) uncertain = true;
    const v = r[kind].get(name);
    if (!v) {
      if (!r.unreadable.has(name)) missing.push(c);
      return null;
    }
    return v.quantity;
  };

  let steady = ZERO;
  const steadyContributors: Container[] = [];
  let sidecarSum = ZERO;
  const sidecarsSoFar: Container[] = [];
  let initPeak: Quantity | null = null;
  let initPeakContainer: Container | null = null;
  let initPeakContributors: Container[] = [];

  for (const c of pod.initContainers) {
    const v = quantityOf(c);
    let use: Quantity;
    let contributors: Container[];
    if (c.role === 'sidecar') {
      if (v) {
        sidecarSum = addQuantities(sidecarSum, v);
        sidecarsSoFar.push(c);
        steady = addQuantities(steady, v);
        steadyContributors.push(c);
      }
      use = sidecarSum;
      contributors = [...sidecarsSoFar];
    } else {
      use = v ? addQuantities(v, sidecarSum) : sidecarSum;
      contributors = v ? [...sidecarsSoFar, c] : [...sidecarsSoFar];
    }
    if (initPeak === null || compareQuantities(use, initPeak) > 0) {
      initPeak = use;
      initPeakContainer = c;
      initPeakContributors = contributors;
    }
  }
  for (const c of pod.containers) {
    const v = quantityOf(c);
    if (v) {
      steady = addQuantities(steady, v);
      steadyContributors.push(c);
    }
  }
  const initWins = initPeak !== null && compareQuantities(initPeak, steady) > 0;
  const quantity = initWins ? initPeak! : steady;
  return {
    resource: name,
    quantity,
    text: formatQuantity(quantity),
    phase: initWins ? 'init' : 'steady',
    setBy: initWins ? initPeakContainer : null,
    steady,
    initPeak,
    initPeakContainer,
    contributors: initWins ? initPeakContributors : steadyContributors,
    missing,
    uncertain,
  };
}
