/**
 * A container's effective security context: the Pod's `spec.securityContext` merged with the
 * container's own `securityContext`, the way the kubelet merges them
 * (`securitycontext.DetermineEffectiveSecurityContext`, pkg/securitycontext/util.go): `runAsUser`,
 * `runAsGroup` and `runAsNonRoot` come from the container when it sets them, else from the Pod;
 * `privileged`, `allowPrivilegeEscalation`, `readOnlyRootFilesystem` and `capabilities` exist only on
 * the container. Plus what follows from it: the user the process starts as (with the image's default
 * user for known images) and whether a capability reaches the process.
 */
import { isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { t } from '../i18n';
import { mdCode } from '../markdown';
import type { Container, PodSpec } from '../model';
import type { Finding } from '../rule';
import type { FailurePath } from '../timeline';
import { asMap, asScalar, get, getPair, isTemplated, pairRange, type Range, rangeOf, scalarText, seqItems } from '../nodes';
import { type ImageUser, imageDefaultUser } from './imageUser';
import { ObjectMemo } from '../memo';

export type SecurityLevel = 'pod' | 'container';

/** One field as written, with where it was written. */
export interface SecuritySetting<T> {
  value: T;
  node: Scalar;
  /** The whole `key: value` entry. */
  range: Range;
  level: SecurityLevel;
}

export interface CapabilitySet {
  /** Upper-case names without `CAP_` (`NET_ADMIN`), as written in `add`. */
  add: string[];
  drop: string[];
  addAll: boolean;
  dropAll: boolean;
  /** The container's `capabilities` map and its `add` list, when written. */
  node: YAMLMap | null;
  addNode: YAMLSeq | null;
}

export interface EffectiveSecurityContext {
  /** `spec.securityContext` and the container's `securityContext`, when they are maps. */
  podNode: YAMLMap | null;
  containerNode: YAMLMap | null;
  runAsUser: SecuritySetting<number> | null;
  runAsGroup: SecuritySetting<number> | null;
  runAsNonRoot: SecuritySetting<boolean> | null;
  fsGroup: SecuritySetting<number> | null;
  privileged: SecuritySetting<boolean> | null;
  allowPrivilegeEscalation: SecuritySetting<boolean> | null;
  readOnlyRootFilesystem: SecuritySetting<boolean> | null;
  capabilities: CapabilitySet;
  /** Names in the Pod's `securityContext.sysctls`. */
  sysctls: string[];
  /** A field is written but cannot be read (a template, a string where a number belongs): conclude nothing from it. */
  uncertain: boolean;
  /** The image's default user, for images InitLens knows. */
  imageUser: ImageUser | null;
  /** The uid the process starts as: `runAsUser`, else the image's numeric user; null when unknown. */
  uid: number | null;
  /** Where `uid` comes from. */
  uidFrom: 'runAsUser' | 'image' | null;
}

/**
 * What a container runtime grants a root process when nothing is added or dropped (containerd's and
 * Docker's default set; CRI-O's default leaves out NET_RAW, MKNOD, SYS_CHROOT, AUDIT_WRITE, SETFCAP).
 */
export const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
]);

export function normalizeCapability(name: string): string {
  const up = name.trim().toUpperCase();
  return up.startsWith('CAP_') ? up.slice(4) : up;
}

interface Reader {
  uncertain: boolean;
}

/**
 * The numeric fields read here (`runAsUser`, `runAsGroup`, `fsGroup`) are int64 ids: a fraction or a
 * number beyond int64 is a decode error of the API server ("cannot unmarshal number … of type
 * int64"), and validation accepts 0 to 2147483647 only ("must be between 0 and 2147483647,
 * inclusive"). Either way the Pod is refused: nothing can be concluded from the value.
 */
function isValidId(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0 && v <= 2147483647;
}

function readScalar<T extends 'number' | 'boolean'>(
  r: Reader,
  map: YAMLMap | null,
  key: string,
  type: T,
  level: SecurityLevel,
): SecuritySetting<T extends 'number' ? number : boolean> | null {
  if (!map) return null;
  const pair = getPair(map, key);
  if (!pair) return null;
  const s = asScalar(pair.value);
  if (!s || s.value === null || s.value === undefined) {
    // `key:` with no value is null (unset); anything else unreadable is a doubt
    if (pair.value !== null && !(s && s.value === null)) r.uncertain = true;
    return null;
  }
  if (typeof s.value !== type || (type === 'number' && !isValidId(s.value as number))) {
    r.uncertain = true;
    return null;
  }
  const range = pairRange(pair) ?? rangeOf(s) ?? [0, 0];
  return { value: s.value as T extends 'number' ? number : boolean, node: s, range, level };
}

function securityMap(r: Reader, owner: YAMLMap): YAMLMap | null {
  const pair = getPair(owner, 'securityContext');
  if (!pair) return null;
  const m = asMap(pair.value);
  if (!m) {
    const s = asScalar(pair.value);
    if (!(s && s.value === null) && pair.value !== null) r.uncertain = true;
    return null;
  }
  return m;
}

function readCapabilities(r: Reader, sc: YAMLMap | null): CapabilitySet {
  const out: CapabilitySet = { add: [], drop: [], addAll: false, dropAll: false, node: null, addNode: null };
  const caps = sc ? asMap(get(sc, 'capabilities')) : null;
  if (!caps) {
    // `capabilities: NET_ADMIN`, `capabilities: []`: a decode error, not "nothing added"
    const pair = sc ? getPair(sc, 'capabilities') : null;
    const s = pair ? asScalar(pair.value) : null;
    if (pair && pair.value !== null && !(s && s.value === null)) r.uncertain = true;
    return out;
  }
  out.node = caps;
  const addNode = get(caps, 'add');
  out.addNode = addNode && isSeq(addNode) ? (addNode as YAMLSeq) : null;
  for (const [key, list] of [
    ['add', out.add],
    ['drop', out.drop],
  ] as const) {
    const n = get(caps, key);
    if (n && !isSeq(n) && !(asScalar(n) && asScalar(n)!.value === null)) r.uncertain = true;
    for (const item of seqItems(n)) {
      const v = scalarText(item);
      if (v === null || isTemplated(v)) {
        r.uncertain = true;
        continue;
      }
      list.push(normalizeCapability(v));
    }
  }
  out.addAll = out.add.includes('ALL');
  out.dropAll = out.drop.includes('ALL');
  return out;
}

const cache = new ObjectMemo<Container, EffectiveSecurityContext>();

/** The effective security context of a container (cached per container). */
export function effectiveSecurityContext(c: Container): EffectiveSecurityContext {
  const hit = cache.get(c);
  if (hit) return hit;
  const sc = computeSecurityContext(c.pod, c);
  cache.set(c, sc);
  return sc;
}

/** A Pod-level setting as read once for all its containers, with whether reading it raised a doubt. */
interface PodRead<T> {
  setting: SecuritySetting<T> | null;
  uncertain: boolean;
}

/** The Pod's own `securityContext`, read once for all its containers (each used to read it again). */
interface PodSecurity {
  node: YAMLMap | null;
  /** `securityContext` itself is there but not a map. */
  uncertain: boolean;
  runAsUser: PodRead<number>;
  runAsGroup: PodRead<number>;
  runAsNonRoot: PodRead<boolean>;
  fsGroup: PodRead<number>;
  sysctls: string[];
}

const podCache = new ObjectMemo<PodSpec, PodSecurity>();

function podSecurity(pod: PodSpec): PodSecurity {
  let ps = podCache.get(pod);
  if (ps) return ps;
  const r: Reader = { uncertain: false };
  const node = securityMap(r, pod.node);
  const read = <T extends 'number' | 'boolean'>(key: string, type: T): PodRead<T extends 'number' ? number : boolean> => {
    const own: Reader = { uncertain: false };
    const setting = readScalar(own, node, key, type, 'pod');
    return { setting, uncertain: own.uncertain };
  };
  const sysctls: string[] = [];
  for (const item of seqItems(node ? get(node, 'sysctls') : null)) {
    const n = scalarText(get(item, 'name'));
    if (n) sysctls.push(n);
  }
  ps = {
    node,
    uncertain: r.uncertain,
    runAsUser: read('runAsUser', 'number'),
    runAsGroup: read('runAsGroup', 'number'),
    runAsNonRoot: read('runAsNonRoot', 'boolean'),
    fsGroup: read('fsGroup', 'number'),
    sysctls,
  };
  podCache.set(pod, ps);
  return ps;
}

function computeSecurityContext(pod: PodSpec, c: Container): EffectiveSecurityContext {
  const ps = podSecurity(pod);
  const r: Reader = { uncertain: ps.uncertain };
  const podNode = ps.node;
  const containerNode = securityMap(r, c.node);
  // the container's value, else the Pod's (whose doubt counts only when it is the one read)
  const either = <T>(own: SecuritySetting<T> | null, fromPod: PodRead<T>): SecuritySetting<T> | null => {
    if (own) return own;
    if (fromPod.uncertain) r.uncertain = true;
    return fromPod.setting;
  };
  const runAsUser = either(readScalar(r, containerNode, 'runAsUser', 'number', 'container'), ps.runAsUser);
  const runAsGroup = either(readScalar(r, containerNode, 'runAsGroup', 'number', 'container'), ps.runAsGroup);
  const runAsNonRoot = either(readScalar(r, containerNode, 'runAsNonRoot', 'boolean', 'container'), ps.runAsNonRoot);
  if (ps.fsGroup.uncertain) r.uncertain = true;
  // a copy per container, as before (callers own their context)
  const sysctls = ps.sysctls.slice();
  const imageUser = imageDefaultUser(c.image);
  const uid = runAsUser ? runAsUser.value : imageUser && imageUser.uid !== null ? imageUser.uid : null;
  return {
    podNode,
    containerNode,
    runAsUser,
    runAsGroup,
    runAsNonRoot,
    fsGroup: ps.fsGroup.setting,
    privileged: readScalar(r, containerNode, 'privileged', 'boolean', 'container'),
    allowPrivilegeEscalation: readScalar(r, containerNode, 'allowPrivilegeEscalation', 'boolean', 'container'),
    readOnlyRootFilesystem: readScalar(r, containerNode, 'readOnlyRootFilesystem', 'boolean', 'container'),
    capabilities: readCapabilities(r, containerNode),
    sysctls,
    uncertain: r.uncertain || c.templated,
    imageUser,
    uid,
    uidFrom: runAsUser ? 'runAsUser' : uid !== null ? 'image' : null,
  };
}

export function isPrivileged(sc: EffectiveSecurityContext): boolean {
  return sc.privileged?.value === true;
}

/**
 * Whether a capability is in the container's set (what a root process holds): `privileged` grants
 * all; then, as containerd applies them, `drop: [X]` removes X, `add: [X]` adds it back over a
 * `drop: [ALL]`, and otherwise the runtime's default set decides.
 */
export function hasCapability(sc: EffectiveSecurityContext, cap: string): boolean {
  if (isPrivileged(sc)) return true;
  const name = normalizeCapability(cap);
  const caps = sc.capabilities;
  if (caps.drop.includes(name)) return false;
  if (caps.add.includes(name)) return true;
  if (caps.addAll && !caps.dropAll) return true;
  if (caps.dropAll) return false;
  return DEFAULT_CAPABILITIES.has(name);
}

/**
 * Whether the process starts as root: true (uid 0), false (a known non-zero uid), or null when the
 * image's user is unknown or a name.
 */
export function runsAsRoot(sc: EffectiveSecurityContext): boolean | null {
  return sc.uid === null ? null : sc.uid === 0;
}

/**
 * The capabilities a command needs that the process does not hold. A known non-root process holds
 * none at all: Kubernetes grants no ambient capabilities, so `capabilities.add` and even
 * `privileged: true` do not reach a process that is not uid 0.
 */
export function missingCapabilities(sc: EffectiveSecurityContext, needed: readonly string[]): string[] {
  if (runsAsRoot(sc) === false) return [...needed];
  return needed.filter((cap) => !hasCapability(sc, cap));
}

/** The effective context in one line, for the hover: user, non-root, privileged/capabilities, read-only root. */
export function securitySummaryParts(sc: EffectiveSecurityContext): {
  user: string;
  nonRoot: boolean | null;
  privileged: boolean;
  add: string[];
  drop: string[];
  readOnlyRoot: boolean;
  allowPrivilegeEscalation: boolean | null;
} {
  let user: string;
  if (sc.runAsUser) user = String(sc.runAsUser.value);
  else if (sc.imageUser) user = sc.imageUser.uid !== null ? String(sc.imageUser.uid) : (sc.imageUser.name ?? '?');
  else user = '';
  return {
    user,
    nonRoot: sc.runAsNonRoot ? sc.runAsNonRoot.value : null,
    privileged: isPrivileged(sc),
    add: sc.capabilities.add,
    drop: sc.capabilities.drop,
    readOnlyRoot: sc.readOnlyRootFilesystem?.value === true,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation ? sc.allowPrivilegeEscalation.value : null,
  };
}

/**
 * How a finding changes a container's failure path in the timeline, read from the finding's data:
 * a container the kubelet refuses (`data.status`: `Init:CreateContainerConfigError`) never runs and is
 * retried at every sync; one that lacks a privilege or writes on a read-only root
 * (`data.failsAtRuntime`) runs and fails (`Init:Error`, then `Init:CrashLoopBackOff`, or a failed Pod
 * under `restartPolicy: Never`).
 */
export function securityFailurePath(f: Finding, base: FailurePath): FailurePath {
  const d = (f.data ?? {}) as { status?: unknown; failsAtRuntime?: unknown };
  if (d.status === 'Init:CreateContainerConfigError') {
    return {
      outcome: base.outcome === 'sidecar-restart' ? 'sidecar-restart' : 'restart-backoff',
      summary: t(
        'The kubelet refuses to create it (runAsNonRoot): the Pod stays Pending in Init:CreateContainerConfigError, retried at every sync, and nothing after it starts.',
      ),
      status: 'Init:CreateContainerConfigError',
      backoff: null,
      details: [f.message],
    };
  }
  if (d.failsAtRuntime === true) {
    if (base.status === 'Init:CreateContainerConfigError' || base.details.some((x) => x.includes(f.message))) return base;
    const status = base.status === 'Init:CrashLoopBackOff' ? 'Init:Error → Init:CrashLoopBackOff' : base.status;
    return { ...base, status, details: [t('Expected to fail here: {0}', f.message), ...base.details] };
  }
  return base;
}

/**
 * The effective security context in one Markdown line for the hover on a container's name (user,
 * non-root, privileged/capabilities, read-only root), or null when neither the Pod nor the
 * container sets one and the image's user is unknown.
 */
export function securityHoverLine(c: Container): string | null {
  const sc = effectiveSecurityContext(c);
  if (!sc.podNode && !sc.containerNode && !sc.imageUser) return null;
  const parts: string[] = [];
  if (sc.runAsUser) {
    parts.push(sc.runAsUser.level === 'pod' ? t('user {0} (from the Pod)', sc.runAsUser.value) : t('user {0}', sc.runAsUser.value));
  } else if (sc.imageUser) {
    const u = sc.imageUser.uid !== null ? (sc.imageUser.uid === 0 ? t('root') : String(sc.imageUser.uid)) : mdCode(sc.imageUser.name ?? '?');
    parts.push(t('user {0} (image default)', u));
  } else {
    parts.push(t("the image's default user"));
  }
  if (sc.runAsNonRoot?.value === true) parts.push('`runAsNonRoot`');
  if (isPrivileged(sc)) parts.push('`privileged`');
  const caps = [...sc.capabilities.add.map((x) => '+' + x), ...sc.capabilities.drop.map((x) => '−' + x)];
  if (caps.length) parts.push(t('capabilities {0}', mdCode(caps.join(' '))));
  if (sc.readOnlyRootFilesystem?.value === true) parts.push(t('read-only root'));
  if (sc.allowPrivilegeEscalation?.value === false) parts.push(t('no privilege escalation'));
  if (sc.uncertain) parts.push(t('(some values are not plain: not all is known)'));
  return t('**Security context:** {0}', parts.join(' · '));
}
