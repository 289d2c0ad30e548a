/**
 * Finds every Pod spec in a parsed document (bare Pods, workload templates, `List` items, and
 * fragments that are plainly a Pod spec) and builds the model the rules read: containers in start
 * order with their role, volumes, mounts, env, ports and what they run.
 */
import { type Document, isMap, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  asMap,
  asScalar,
  asSeq,
  deref,
  get,
  getPair,
  getPath,
  getString,
  has,
  isMergeKey,
  isTemplated,
  mapPairs,
  movedSpan,
  pairScalar,
  pairsFor,
  pairValue,
  type Range,
  rangeOf,
  scalarAt,
  scalarText,
  seqItems,
  stringValue,
  TAG,
  tagOf,
} from './nodes';
import { type ArgvItem, type LoopInfo, type Program, readProgram, type SimpleCommand, type Word } from './shell';
import { movedBy } from './reparse';
import { carryFacts, carryMovedFacts, type PodSettingsKept } from './facts';
import { MEMO, type Memoized } from './memo';

export type WorkloadKind = 'Pod' | 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'ReplicationController' | 'Job' | 'CronJob' | 'PodTemplate';

/** How the object treats the Pod's `restartPolicy`. */
export type WorkloadClass = 'pod' | 'job' | 'replicated' | 'template' | 'fragment';

export type ContainerRole = 'init' | 'sidecar' | 'app' | 'ephemeral';
export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface Mount {
  node: YAMLMap;
  name: string | null;
  nameNode: Scalar | null;
  mountPath: string | null;
  mountPathNode: Scalar | null;
  subPath: string | null;
  readOnly: boolean;
}

export interface EnvVar {
  name: string;
  node: YAMLMap;
  nameNode: Scalar | null;
}

export interface Port {
  node: YAMLMap;
  containerPort: number | null;
  containerPortNode: Scalar | null;
  protocol: string;
  name: string | null;
}

export interface Container extends Memoized {
  pod: PodSpec;
  list: ContainerList;
  role: ContainerRole;
  /** Index in its own list. */
  index: number;
  /** Position in start order among init containers (0-based), -1 for app/ephemeral. */
  initOrder: number;
  node: YAMLMap;
  name: string | null;
  nameNode: Scalar | null;
  image: string | null;
  imageNode: Scalar | null;
  restartPolicy: string | null;
  restartPolicyNode: Scalar | null;
  /** `restartPolicyRules` as written (a list when well-formed), or null (KEP-5307, 1.34+). */
  restartPolicyRulesNode: Node | null;
  /** `resizePolicy` as written, or null. */
  resizePolicyNode: Node | null;
  mounts: Mount[];
  /** Names defined in `env` (empty when `env` is missing; shared between containers then: read only). */
  env: ReadonlyMap<string, EnvVar>;
  /** Has `envFrom`: any variable may be defined. */
  hasEnvFrom: boolean;
  ports: Port[];
  /** command + args as one list, each item a string scalar. */
  argv: ArgvItem[];
  hasCommand: boolean;
  hasArgs: boolean;
  /** What it runs (null when neither command nor args is given: the image's entrypoint). */
  program: Program | null;
  /** Something in the container is a template action or not a plain value. */
  templated: boolean;
  /** The `*alias` the list names this container with (its map is anchored elsewhere), else null. */
  aliasSite: readonly [number, number] | null;
}

export interface Volume {
  node: YAMLMap;
  name: string;
  nameNode: Scalar | null;
  /** `emptyDir`, `hostPath`, `configMap`, … (the first source key), or null. */
  source: string | null;
  fromClaimTemplate: boolean;
}

export interface PodSpec extends Memoized {
  /** The object's kind, or null for a fragment. */
  kind: WorkloadKind | null;
  workload: WorkloadClass;
  objectName: string | null;
  /** `Kind/name` or null. */
  object: string | null;
  /** Where the spec sits in the object: `spec`, `spec.template.spec`, … */
  path: string;
  node: YAMLMap;
  /** The top-level object map (Job for `backoffLimit`, `podFailurePolicy`…), or the spec itself. */
  objectNode: YAMLMap;
  /** The workload's own spec (Job spec for CronJob/Job; Deployment spec…), when there is one. */
  workloadSpecNode: YAMLMap | null;
  /** A fragment, a Helm template or a document with syntax errors: absence proves nothing. */
  partial: boolean;
  fragment: boolean;
  templated: boolean;
  initContainers: Container[];
  containers: Container[];
  ephemeralContainers: Container[];
  /** In start order: init containers and sidecars in list order, then app containers. */
  all: Container[];
  /** Declared volumes; null when the spec has no `volumes` key. */
  volumes: Map<string, Volume> | null;
  /** StatefulSet `volumeClaimTemplates` by name (empty, and shared, for any other Pod: read only). */
  volumeClaimTemplates: ReadonlyMap<string, Volume>;
  /** Pod-level restartPolicy as written, or null (defaulted to Always by the API server). */
  restartPolicy: string | null;
  restartPolicyNode: Scalar | null;
  /** restartPolicy after defaulting. */
  effectiveRestartPolicy: string;
  hostNetwork: boolean;
  dnsPolicy: string | null;
  /** The object's `apiVersion` (null for a fragment or when missing). */
  apiVersion: string | null;
  apiVersionNode: Scalar | null;
  /** The Pod's own metadata: the Pod's, or the template's (`spec.template.metadata`); null when absent. */
  metadataNode: YAMLMap | null;
  /** `terminationGracePeriodSeconds` when written as a number, else null (the API server defaults it to 30). */
  terminationGracePeriodSeconds: number | null;
}

/**
 * The kinds whose Pod is `spec.template.spec`. A Map, not an object: `kind` is a string from the
 * parse, and an object's keyed lookup of it went through the string table on every document (and
 * answered `kind: constructor` with `Object`'s constructor).
 */
const TEMPLATE_KINDS: ReadonlyMap<string, WorkloadKind> = new Map<string, WorkloadKind>([
  ['Deployment', 'Deployment'],
  ['ReplicaSet', 'ReplicaSet'],
  ['StatefulSet', 'StatefulSet'],
  ['DaemonSet', 'DaemonSet'],
  ['ReplicationController', 'ReplicationController'],
  ['Job', 'Job'],
]);

export interface DocumentContext {
  /** The chunk text the document's ranges refer to. */
  text: string;
  doc: Document.Parsed;
  hasErrors: boolean;
  templated: boolean;
  /**
   * The Pods of the previous version of this document when `doc` is its incremental re-parse
   * (`reparse.ts`): a container whose map is the very node the previous tree had (the edit did not
   * touch it, and nothing before it moved) is reused from them rather than read again.
   */
  previous?: readonly PodSpec[] | null;
}

/** Every Pod spec in a document. */
export function findPodSpecs(ctx: DocumentContext): PodSpec[] {
  const root = asMap(ctx.doc.contents);
  if (!root) return [];
  const out: PodSpec[] = [];
  collect(ctx, root, out, 0);
  return out;
}

function collect(ctx: DocumentContext, obj: YAMLMap, out: PodSpec[], depth: number): void {
  const kind = getString(obj, 'kind');
  const name = getString(get(obj, 'metadata'), 'name');
  const partialDoc = ctx.hasErrors || ctx.templated;
  if (kind === 'List' || (kind?.endsWith('List') && has(obj, 'items'))) {
    if (depth > 4) return;
    for (const item of seqItems(get(obj, 'items'))) {
      const m = asMap(item);
      if (m) collect(ctx, m, out, depth + 1);
    }
    return;
  }
  const make = (k: WorkloadKind | null, spec: Node | null, path: string, workloadSpec: Node | null): void => {
    const m = asMap(spec);
    if (!m) return;
    out.push(buildPod(ctx, k, k ? name : null, m, path, obj, asMap(workloadSpec), partialDoc || k === null, out.length));
  };
  if (kind === 'Pod') {
    make('Pod', get(obj, 'spec'), 'spec', null);
  } else if (kind && TEMPLATE_KINDS.has(kind)) {
    const spec = get(obj, 'spec');
    make(TEMPLATE_KINDS.get(kind) as WorkloadKind, get(get(spec, 'template'), 'spec'), 'spec.template.spec', spec);
  } else if (kind === 'CronJob') {
    const jobSpec = getPath(obj, ['spec', 'jobTemplate', 'spec']);
    make('CronJob', getPath(jobSpec, ['template', 'spec']), 'spec.jobTemplate.spec.template.spec', jobSpec);
  } else if (kind === 'PodTemplate') {
    make('PodTemplate', getPath(obj, ['template', 'spec']), 'template.spec', null);
  } else if (kind === null && !has(obj, 'apiVersion')) {
    // a fragment: a bare Pod spec, or something that holds one under `spec`/`template.spec`
    if (looksLikePodSpec(obj)) make(null, obj, '', null);
    else if (looksLikePodSpec(get(obj, 'spec'))) make(null, get(obj, 'spec'), 'spec', null);
    else if (looksLikePodSpec(getPath(obj, ['template', 'spec']))) make(null, getPath(obj, ['template', 'spec']), 'template.spec', null);
    else if (looksLikePodSpec(getPath(obj, ['spec', 'template', 'spec']))) {
      make(null, getPath(obj, ['spec', 'template', 'spec']), 'spec.template.spec', get(obj, 'spec'));
    }
  }
}

function looksLikePodSpec(node: unknown): boolean {
  const m = asMap(node);
  if (!m) return false;
  const ic = get(m, 'initContainers');
  const c = get(m, 'containers');
  return (ic !== null && seqItems(ic).some((x) => isMap(x))) || (c !== null && seqItems(c).some((x) => isMap(x)));
}

function workloadClass(kind: WorkloadKind | null): WorkloadClass {
  switch (kind) {
    case 'Pod':
      return 'pod';
    case 'Job':
    case 'CronJob':
      return 'job';
    case 'PodTemplate':
      return 'template';
    case null:
      return 'fragment';
    default:
      return 'replicated';
  }
}

function buildPod(
  ctx: DocumentContext,
  kind: WorkloadKind | null,
  objectName: string | null,
  spec: YAMLMap,
  path: string,
  objectNode: YAMLMap,
  workloadSpecNode: YAMLMap | null,
  partial: boolean,
  /** The Pod's position among the document's Pods. */
  at: number,
): PodSpec {
  // every key of the spec the model reads, found in one pass
  const [rpPair, hostNetworkPair, dnsPolicyPair, gracePair, volPair, initPair, containersPair, ephemeralPair] = pairsFor(spec, POD_KEYS);
  const rpNode = pairScalar(rpPair);
  const restartPolicy = scalarText(rpNode);
  const apiVersionNode = kind ? asScalar(get(objectNode, 'apiVersion')) : null;
  const grace = asScalar(pairValue(gracePair));
  const pod: PodSpec = {
    kind,
    workload: workloadClass(kind),
    objectName,
    object: kind ? `${kind}/${objectName ?? ''}` : null,
    path,
    node: spec,
    objectNode,
    workloadSpecNode,
    partial: partial || kind === null,
    fragment: kind === null,
    templated: ctx.templated,
    initContainers: [],
    containers: [],
    ephemeralContainers: [],
    all: [],
    volumes: null,
    volumeClaimTemplates: NO_VOLUMES,
    restartPolicy,
    restartPolicyNode: rpNode,
    effectiveRestartPolicy: restartPolicy ?? 'Always',
    hostNetwork: asScalar(pairValue(hostNetworkPair))?.value === true,
    dnsPolicy: stringValue(pairValue(dnsPolicyPair)),
    apiVersion: stringValue(apiVersionNode),
    apiVersionNode,
    metadataNode: podMetadata(objectNode, path),
    terminationGracePeriodSeconds: grace && typeof grace.value === 'number' && Number.isFinite(grace.value) ? grace.value : null,
    [MEMO]: undefined,
  };
  if (volPair) {
    const volumes = new Map<string, Volume>();
    pod.volumes = volumes;
    const seq = asSeq(pairValue(volPair));
    if (seq) {
      for (const v of seq.items) {
        const vm = asMap(v);
        if (!vm) continue;
        const vol = buildVolume(vm, false);
        if (vol && !volumes.has(vol.name)) volumes.set(vol.name, vol);
      }
    }
  }
  if (kind === 'StatefulSet' && workloadSpecNode) {
    const claims = new Map<string, Volume>();
    pod.volumeClaimTemplates = claims;
    for (const t of seqItems(get(workloadSpecNode, 'volumeClaimTemplates'))) {
      const name = getString(get(t, 'metadata'), 'name');
      const tm = asMap(t);
      if (name && tm) {
        claims.set(name, {
          node: tm,
          name,
          nameNode: scalarAt(get(t, 'metadata'), 'name'),
          source: 'persistentVolumeClaim',
          fromClaimTemplate: true,
        });
      }
    }
  }
  const before = previousPod(ctx, pod, at);
  const same = before ? samePodSettings(before, pod) : null;
  const make = (m: YAMLMap, list: ContainerList, i: number): Container => {
    const old = before?.[list][i];
    if (!old) return buildContainer(ctx, pod, m, list, i, null);
    if (same && old.node === m) return reusedContainer(ctx, old, pod, same);
    // a container after the edit: the same text, moved
    const delta = movedBy(m, old.node);
    return buildContainer(ctx, pod, m, list, i, delta === null ? null : { old, delta });
  };
  readContainers(asSeq(pairValue(initPair)), 'initContainers', pod.initContainers, make);
  // an init container's start order: its place among the init containers (items that are no map left out)
  for (let k = 0; k < pod.initContainers.length; k++) pod.initContainers[k].initOrder = k;
  readContainers(asSeq(pairValue(containersPair)), 'containers', pod.containers, make);
  readContainers(asSeq(pairValue(ephemeralPair)), 'ephemeralContainers', pod.ephemeralContainers, make);
  // a copy of the init list with the app containers pushed on (`concat` and a spread both cost more)
  const all = pod.initContainers.slice();
  for (const c of pod.containers) all.push(c);
  pod.all = all;
  return pod;
}

/**
 * The empty tables of a Pod with no claim templates and a container with no `env`: one each for
 * every model (read only: the model's types say `ReadonlyMap`), where each Pod and container made its own.
 */
const NO_VOLUMES: ReadonlyMap<string, Volume> = new Map();
const NO_ENV: ReadonlyMap<string, EnvVar> = new Map();

/** The keys of a Pod spec the model reads, in the order `pairsFor` answers them. */
const POD_KEYS = [
  'restartPolicy',
  'hostNetwork',
  'dnsPolicy',
  'terminationGracePeriodSeconds',
  'volumes',
  'initContainers',
  'containers',
  'ephemeralContainers',
] as const;

/** The range of the `*alias` a list item is written as, or null when it is written in place. */
function aliasSiteOf(item: unknown): Range | null {
  return tagOf(item) === TAG.alias ? rangeOf(item) : null;
}

/**
 * The maps of a container list, each made into a container with its alias site. A container's index
 * counts the items that name a node (as `seqItems` lists them), maps or not.
 */
function readContainers(
  seq: YAMLSeq<unknown> | null,
  list: ContainerList,
  out: Container[],
  make: (m: YAMLMap, list: ContainerList, i: number) => Container,
): void {
  if (!seq) return;
  let i = 0;
  for (const item of seq.items) {
    const n = deref(item);
    if (!n) continue;
    const m = asMap(n);
    if (m) {
      const c = make(m, list, i);
      c.aliasSite = aliasSiteOf(item);
      out.push(c);
    }
    i++;
  }
}

/**
 * The previous version's Pod in the same place as `pod` (the same position among the document's
 * Pods, the same path, kind and partiality), whose containers may be reused; null when there is none.
 */
function previousPod(ctx: DocumentContext, pod: PodSpec, at: number): PodSpec | null {
  if (!ctx.previous) return null;
  const old = ctx.previous[at];
  if (!old || old.path !== pod.path || old.kind !== pod.kind || old.partial !== pod.partial || old.templated !== pod.templated) return null;
  return old;
}

/**
 * A container of the previous version whose map node the new tree shares: every node it holds is
 * the same object at the same offsets, so its model is the same but for the Pod it belongs to (its
 * list, index and init order are the same too: the edit lies after it). Its facts that read only the
 * container come along (`carryFacts`); those that read the Pod are worked out again for the new one.
 */
function reusedContainer(ctx: DocumentContext, old: Container, pod: PodSpec, same: PodSettingsKept): Container {
  const c: Container = { ...old, pod, initOrder: -1, aliasSite: null, [MEMO]: undefined };
  carryFacts(old, c, ctx.text, same);
  return c;
}

/**
 * Which of the Pod-level settings that facts read are the same in the previous version: the Pod's
 * `securityContext` (the very pair: its nodes did not move), and the kind of every volume by name.
 */
function samePodSettings(old: PodSpec, pod: PodSpec): PodSettingsKept {
  const security = getPair(old.node, 'securityContext') === getPair(pod.node, 'securityContext');
  return { security, volumes: sameVolumeKinds(old.volumes, pod.volumes) && sameVolumeKinds(old.volumeClaimTemplates, pod.volumeClaimTemplates) };
}

function sameVolumeKinds(a: ReadonlyMap<string, Volume> | null, b: ReadonlyMap<string, Volume> | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const [name, v] of a) {
    const w = b.get(name);
    if (!w || w.source !== v.source || w.fromClaimTemplate !== v.fromClaimTemplate) return false;
  }
  return true;
}

/** The metadata beside the Pod spec at `path` (`spec` → the object's, `….template.spec` → the template's). */
function podMetadata(objectNode: YAMLMap, path: string): YAMLMap | null {
  if (path === 'spec') return asMap(get(objectNode, 'metadata'));
  const known = METADATA_PATHS[path];
  if (known) return asMap(getPath(objectNode, known));
  if (!path.endsWith('.spec')) return null;
  return asMap(getPath(objectNode, [...path.slice(0, -'.spec'.length).split('.'), 'metadata']));
}

/** The metadata paths of the Pod spec paths `collect` makes, worked out once rather than per Pod. */
const METADATA_PATHS: Readonly<Record<string, readonly string[]>> = {
  'spec.template.spec': ['spec', 'template', 'metadata'],
  'spec.jobTemplate.spec.template.spec': ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  'template.spec': ['template', 'metadata'],
};

const VOLUME_META = new Set(['name']);

function buildVolume(vm: YAMLMap, fromClaimTemplate: boolean): Volume | null {
  const namePair = getPair(vm, 'name');
  const name = scalarText(pairValue(namePair));
  if (name === null) return null;
  return { node: vm, name, nameNode: pairScalar(namePair), source: volumeSource(vm), fromClaimTemplate };
}

/** The first key of a volume that is not `name` (its source: `emptyDir`, `configMap`, …), or null. */
function volumeSource(vm: YAMLMap): string | null {
  // without a merge the keys in first-seen order are the map's own, in order: no table of them needed
  const items = vm.items;
  for (let i = 0; i < items.length; i++) {
    const k = (items[i] as Pair | undefined)?.key;
    if (tagOf(k) === TAG.scalar && (k as Scalar).value === '<<' && isMergeKey(k)) return volumeSourceMerged(vm);
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (tagOf(item) !== TAG.pair) continue;
    const k = scalarText((item as Pair).key);
    if (k && !VOLUME_META.has(k)) return k;
  }
  return null;
}

function volumeSourceMerged(vm: YAMLMap): string | null {
  for (const item of mapPairs(vm)) {
    const k = scalarText((item as Pair).key);
    if (k && !VOLUME_META.has(k)) return k;
  }
  return null;
}

/** The previous version of a container whose map the re-parse copied with its offsets moved by `delta`. */
interface Moved {
  old: Container;
  delta: number;
}

/** The keys of a container map the model reads, in the order `pairsFor` answers them. */
const CONTAINER_KEYS = [
  'restartPolicy',
  'name',
  'image',
  'volumeMounts',
  'env',
  'ports',
  'command',
  'args',
  'restartPolicyRules',
  'resizePolicy',
  'envFrom',
] as const;
const MOUNT_KEYS = ['name', 'mountPath', 'subPath', 'subPathExpr', 'readOnly'] as const;
const PORT_KEYS = ['containerPort', 'protocol', 'name'] as const;

function buildContainer(ctx: DocumentContext, pod: PodSpec, m: YAMLMap, list: ContainerList, index: number, moved: Moved | null): Container {
  // every key of the container map found in one pass (a dozen lookups per container)
  const [rpPair, namePair, imagePair, mountsPair, envPair, portsPair, commandPair, argsPair, rulesPair, resizePair, envFromPair] = pairsFor(m, CONTAINER_KEYS);
  const rpNode = pairScalar(rpPair);
  const restartPolicy = scalarText(rpNode);
  const role: ContainerRole = list === 'ephemeralContainers' ? 'ephemeral' : list === 'containers' ? 'app' : restartPolicy === 'Always' ? 'sidecar' : 'init';
  const nameNode = pairScalar(namePair);
  const imageNode = pairScalar(imagePair);
  const mounts: Mount[] = [];
  const mountSeq = asSeq(pairValue(mountsPair));
  if (mountSeq) {
    for (const mn of mountSeq.items) {
      const mm = asMap(mn);
      if (!mm) continue;
      const [mNamePair, pathPair, subPathPair, subPathExprPair, readOnlyPair] = pairsFor(mm, MOUNT_KEYS);
      mounts.push({
        node: mm,
        name: scalarText(pairValue(mNamePair)),
        nameNode: pairScalar(mNamePair),
        mountPath: scalarText(pairValue(pathPair)),
        mountPathNode: pairScalar(pathPair),
        subPath: scalarText(pairValue(subPathPair)) ?? scalarText(pairValue(subPathExprPair)),
        readOnly: asScalar(pairValue(readOnlyPair))?.value === true,
      });
    }
  }
  // most containers have no `env`: they share one empty table rather than each making one
  let env: ReadonlyMap<string, EnvVar> = NO_ENV;
  const envSeq = asSeq(pairValue(envPair));
  if (envSeq) {
    const own = new Map<string, EnvVar>();
    env = own;
    for (const en of envSeq.items) {
      const em = asMap(en);
      if (!em) continue;
      const eNamePair = getPair(em, 'name');
      const n = scalarText(pairValue(eNamePair));
      if (n !== null) own.set(n, { name: n, node: em, nameNode: pairScalar(eNamePair) });
    }
  }
  const ports: Port[] = [];
  const portSeq = asSeq(pairValue(portsPair));
  if (portSeq) {
    for (const pn of portSeq.items) {
      const pm = asMap(pn);
      if (!pm) continue;
      const [cpPair, protocolPair, pNamePair] = pairsFor(pm, PORT_KEYS);
      const cpNode = pairScalar(cpPair);
      const cp = cpNode && typeof cpNode.value === 'number' ? cpNode.value : null;
      ports.push({
        node: pm,
        containerPort: cp,
        containerPortNode: cpNode,
        protocol: stringValue(pairValue(protocolPair)) ?? 'TCP',
        name: stringValue(pairValue(pNamePair)),
      });
    }
  }
  const argv: ArgvItem[] = [];
  // both lists read even when the first has a bad item: the args still say what the container runs
  const commandOk = readArgv(pairValue(commandPair), argv);
  const argvOk = readArgv(pairValue(argsPair), argv) && commandOk;
  const templated = ctx.templated && (argv.some((a) => isTemplated(a.value)) || isTemplated(stringValue(imageNode)));
  const c: Container = {
    pod,
    list,
    role,
    index,
    initOrder: -1,
    node: m,
    name: scalarText(nameNode),
    nameNode,
    image: scalarText(imageNode),
    imageNode,
    restartPolicy,
    restartPolicyNode: rpNode,
    restartPolicyRulesNode: pairValue(rulesPair),
    resizePolicyNode: pairValue(resizePair),
    mounts,
    env,
    hasEnvFrom: envFromPair !== null,
    ports,
    argv,
    hasCommand: commandPair !== null,
    hasArgs: argsPair !== null,
    program: null,
    templated: templated || !argvOk,
    aliasSite: null,
    [MEMO]: undefined,
  };
  if (argv.length > 0 && argvOk && !templated) {
    // the old container read the same argv from the same text (its map is the one this one is a
    // moved copy of), and read its program when the same test let it (whether the document is
    // templated may have changed): that program, moved, is what reading it again gives
    if (moved && !moved.old.templated && moved.old.argv.length === argv.length) {
      c.program = moved.old.program && movedProgram(moved.old.program, moved.delta);
    } else {
      try {
        c.program = readProgram(ctx.text, argv);
      } catch {
        c.program = null;
      }
    }
  }
  // as templated as it was (so its program is the old one moved, or none in both): its facts that
  // read only the container come along, moved
  if (moved && c.templated === moved.old.templated) carryMovedFacts(moved.old, c, ctx.text, moved.delta);
  return c;
}

/**
 * Appends the string items of a `command` or `args` list to `argv`; false when an item is no scalar
 * (a map, a null, an alias to nothing): the argv is then not what the container runs.
 */
function readArgv(value: Node | null, argv: ArgvItem[]): boolean {
  const seq = asSeq(value);
  if (!seq) return true;
  let ok = true;
  for (const item of seq.items) {
    const n = deref(item);
    if (!n) continue;
    const s = asScalar(n);
    const v = s ? scalarText(s) : null;
    if (!s || v === null) {
      ok = false;
      continue;
    }
    argv.push({ node: s, value: v });
  }
  return ok;
}

/**
 * A copy of a program with every offset moved by `delta` (its words, commands, loops and script
 * range), objects shared inside it shared in the copy too: a command's `loops` are the program's
 * loops, a loop's condition holds its commands, and an exec program's argv is its command's words.
 * Everything else in it (texts, flags) is copied as it is.
 */
function movedProgram(p: Program, delta: number): Program {
  const done = new Map<object, unknown>();
  const word = (w: Word): Word => {
    let c = done.get(w) as Word | undefined;
    if (!c) {
      c = movedSpan(w, delta);
      done.set(w, c);
    }
    return c;
  };
  const list = <T extends object>(a: T[], each: (x: T) => T): T[] => {
    let c = done.get(a) as T[] | undefined;
    if (!c) {
      c = [];
      done.set(a, c);
      for (const x of a) c.push(each(x));
    }
    return c;
  };
  const loop = (l: LoopInfo): LoopInfo => {
    let c = done.get(l) as LoopInfo | undefined;
    if (!c) {
      c = { ...l, start: l.start + delta, end: l.end + delta, fullStart: l.fullStart + delta, fullEnd: l.fullEnd + delta };
      done.set(l, c);
      c.condition = list(l.condition, command);
    }
    return c;
  };
  const command = (x: SimpleCommand): SimpleCommand => {
    let c = done.get(x) as SimpleCommand | undefined;
    if (!c) {
      c = movedSpan(x, delta);
      done.set(x, c);
      c.words = list(x.words, word);
      c.redirects = list(x.redirects, (r) => ({ ...r, target: word(r.target) }));
      c.loops = list(x.loops, loop);
    }
    return c;
  };
  return {
    ...p,
    argv: list(p.argv, word),
    commands: list(p.commands, command),
    loops: list(p.loops, loop),
    scriptStart: p.scriptStart + delta,
    scriptEnd: p.scriptEnd + delta,
    wrappers: list(p.wrappers, word),
  };
}

/** `name` of a container for messages (see facts/names). */
export { containerLabel } from './facts/names';
