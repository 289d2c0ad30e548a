/**
 * Fixes that change one container: hooks and probes on init containers, turning a container into a
 * native sidecar (moving it into `initContainers` when it is an app container), restart policies,
 * names, images, and the order and startup probe of sidecars.
 */
import { isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { t } from '../i18n';
import type { Container } from '../model';
import type { DuplicateContainerNameData } from '../rules/duplicate-container-name';
import type { InitLifecycleOrProbeData } from '../rules/init-lifecycle-or-probe';
import type { InitOrderDependencyData } from '../rules/init-order-dependency';
import type { InvalidContainerNameData } from '../rules/invalid-container-name';
import type { RequestExceedsLimitData } from '../rules/request-exceeds-limit';
import type { SidecarAfterDependentData } from '../rules/sidecar-after-dependent';
import type { SidecarWithoutStartupProbeData } from '../rules/sidecar-without-startup-probe';
import { asScalar, get, getPair, keyRange, scalarText } from '../nodes';
import { containerAt, containerNames, type Fix, type FixContext, type FixProvider, isDnsLabel, label, listOf, str, uniqueName } from './context';
import { clipMiddle } from '../rules/headline';
import { type Editor, flow, RawFlow, type TextEdit, type YValue } from './edits';
import { flowSource, hasAnchorsOrAliases } from './source';
import { atLeast } from '../version';

/** The first TCP port a container declares. */
export function firstTcpPort(c: Container): number | null {
  const p = c.ports.find((x) => x.containerPort !== null && x.protocol.toUpperCase() === 'TCP');
  return p?.containerPort ?? null;
}

export function startupProbe(port: number): YValue {
  return { tcpSocket: { port }, periodSeconds: 1, failureThreshold: 30 };
}

/** Pairs that turn a container into a native sidecar (and the restartPolicy value to replace, if any). */
function sidecarPairs(c: Container): { pairs: Array<[string, YValue]>; port: number | null } {
  const pairs: Array<[string, YValue]> = [];
  if (c.restartPolicy === null && !getPair(c.node, 'restartPolicy')) pairs.push(['restartPolicy', 'Always']);
  const port = getPair(c.node, 'startupProbe') ? null : firstTcpPort(c);
  if (port !== null) pairs.push(['startupProbe', startupProbe(port)]);
  return { pairs, port };
}

/** In-place edits that make `c` a sidecar (restartPolicy: Always + startupProbe on its first port). */
function sidecarEdits(ed: Editor, c: Container): { edits: TextEdit[]; port: number | null } {
  const { pairs, port } = sidecarPairs(c);
  const edits: TextEdit[] = [];
  if (c.restartPolicyNode && c.restartPolicy !== 'Always') edits.push(ed.replaceScalar(c.restartPolicyNode, 'Always'));
  else if (!c.restartPolicyNode && getPair(c.node, 'restartPolicy')) return { edits: [], port: null };
  if (pairs.length) edits.push(ed.addPairs(c.node, pairs, { after: 'restartPolicy' }));
  return { edits, port };
}

/**
 * Native sidecars are on by default from Kubernetes 1.29: below that target a fix that makes one
 * would trade the finding for `sidecar-unsupported-version`, so it is not offered.
 */
export function sidecarsSupported(ctx: FixContext): boolean {
  return atLeast(ctx.version, 1, 29);
}

/** A port of `c` that a container running beside it as a sidecar (an app container or sidecar) declares too. */
function portTakenBeside(c: Container): boolean {
  const beside = c.pod.all.filter((x) => x !== c && (x.role === 'app' || x.role === 'sidecar'));
  return c.ports.some(
    (p) => p.containerPort !== null && beside.some((o) => o.ports.some((q) => q.containerPort === p.containerPort && q.protocol === p.protocol)),
  );
}

/** Turns a plain init container into a native sidecar where it stands. */
export function makeSidecarInPlace(ctx: FixContext, c: Container): Fix | null {
  if (c.list !== 'initContainers' || !sidecarsSupported(ctx) || portTakenBeside(c)) return null;
  const { edits, port } = sidecarEdits(ctx.ed, c);
  if (edits.length === 0) return null;
  return {
    rule: ctx.finding.rule,
    title:
      port !== null
        ? t('Make "{0}" a native sidecar with a startupProbe on port {1}', label(c), port)
        : t('Make "{0}" a native sidecar (restartPolicy: Always)', label(c)),
    edits,
    safe: false,
  };
}

/**
 * Moves an app container into `initContainers` (at its end, creating the list before `containers`
 * when there is none) as a native sidecar.
 */
export function moveToSidecar(ctx: FixContext, c: Container): Fix | null {
  return moveIntoInitContainers(ctx, c, true);
}

/**
 * Moves an app container into `initContainers` (at its end) as a plain init container: one-shot
 * work that prepares something for the app containers runs once, before them.
 */
export function moveToInitContainer(ctx: FixContext, c: Container): Fix | null {
  return moveIntoInitContainers(ctx, c, false);
}

function moveIntoInitContainers(ctx: FixContext, c: Container, sidecar: boolean): Fix | null {
  const { ed } = ctx;
  if (c.list !== 'containers' || c.pod.containers.length < 2 || (sidecar && !sidecarsSupported(ctx))) return null;
  const from = listOf(c);
  // text with an anchor or alias is not moved: an alias before its anchor breaks the file
  if (!from || hasAnchorsOrAliases(c.node)) return null;
  const { edits: local, port } = sidecar ? sidecarEdits(ed, c) : { edits: [] as TextEdit[], port: null };
  if (getPair(c.node, 'restartPolicy') && !c.restartPolicyNode) return null;
  const initPair = getPair(c.pod.node, 'initContainers');
  if (initPair && initPair.value != null && !isSeq(initPair.value) && !(isScalar(initPair.value) && initPair.value.value === null)) return null;
  const target = initPair && isSeq(initPair.value) ? (initPair.value as YAMLSeq) : null;

  let item: (col: number) => string[];
  let value: YValue;
  if (from.flow || target?.flow || (!target && c.pod.node.flow)) {
    // flow on either side: write the container as flow text, from its own source
    const fields: string[] = [];
    let hasPolicy = false;
    for (const p of c.node.items) {
      const k = flowSource(p.key, ed.text);
      const isPolicy = sidecar && isScalar(p.key) && p.key.value === 'restartPolicy';
      hasPolicy ||= isPolicy;
      const v = isPolicy ? 'Always' : flowSource(p.value, ed.text);
      if (k === null || v === null) return null;
      fields.push(`${k}: ${v}`);
    }
    if (sidecar) for (const [k, v] of sidecarPairs(c).pairs) if (k !== 'restartPolicy' || !hasPolicy) fields.push(`${k}: ${flow(v)}`);
    const raw = new RawFlow(`{${fields.join(', ')}}`);
    value = raw;
    item = (col) => [`${' '.repeat(col)}- ${raw.text}`];
  } else {
    // block: the container's own text (comments and all), with the edits applied, re-indented
    const [s, e] = ed.itemLines(from, c.node);
    const chunk = ed.applied(local);
    const grow = local.reduce((n, x) => n + x.newText.length - (x.end - x.start), 0);
    const body = chunk.slice(s, e + grow).replace(/(\r?\n|\r)$/, '');
    const dashCol = ed.column(ed.itemStart(from, c.node));
    const lines = body.split(/\r?\n|\r/);
    item = (col) => lines.map((l) => shift(l, col - dashCol));
    value = {};
  }
  const insert = target
    ? ed.appendItem(target, value, target.flow ? undefined : item)
    : ed.addToList(c.pod.node, 'initContainers', value, { before: 'containers' }, c.pod.node.flow ? undefined : item);
  return {
    rule: ctx.finding.rule,
    title: !sidecar
      ? t('Move "{0}" to initContainers: it runs once, before the app containers', label(c))
      : port !== null
        ? t('Move "{0}" to initContainers as a native sidecar with a startupProbe on port {1}', label(c), port)
        : t('Move "{0}" to initContainers as a native sidecar', label(c)),
    edits: [ed.removeItem(from, c.node), insert],
    safe: false,
  };
}

function shift(line: string, delta: number): string {
  if (delta === 0 || line.trim() === '') return line;
  if (delta > 0) return ' '.repeat(delta) + line;
  let n = 0;
  while (n < -delta && line[n] === ' ') n++;
  return line.slice(n);
}

function removeField(ctx: FixContext, c: Container, field: string, title: string): Fix | null {
  const e = ctx.ed.removePair(c.node, field);
  return e ? { rule: ctx.finding.rule, title, edits: [e], safe: false } : null;
}

/** The fixes that could be made. */
export function compactFixes(fixes: Array<Fix | null>): Fix[] {
  return compact(fixes);
}

function compact(fixes: Array<Fix | null>): Fix[] {
  return fixes.filter((f): f is Fix => f !== null);
}

export const fixInitLifecycleOrProbe: FixProvider<InitLifecycleOrProbeData> = (ctx) => {
  const c = ctx.container;
  if (c?.list !== 'initContainers') return [];
  const field = str(ctx.data.field) ?? fieldAt(ctx, c, ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']);
  if (!field) return [];
  return compact([removeField(ctx, c, field, t('Remove {0} from init container "{1}"', field, label(c))), makeSidecarInPlace(ctx, c)]);
};

/** The key of `c` the finding points at. */
function fieldAt(ctx: FixContext, c: Container, fields: string[]): string | null {
  const at = ctx.rel(ctx.finding.start);
  for (const f of fields) {
    const r = keyRange(c.node, f);
    if (r && at >= r[0] && at <= r[1]) return f;
  }
  return null;
}

/** `init-never-exits` and `job-blocking-sidecar`: make the container a native sidecar. */
export const fixInitNeverExits: FixProvider = (ctx) => {
  const c = ctx.container;
  if (!c) return [];
  return compact([c.list === 'initContainers' ? makeSidecarInPlace(ctx, c) : moveToSidecar(ctx, c)]);
};

export const fixContainerRestartPolicy: FixProvider = (ctx) => {
  const c = ctx.container;
  if (c?.list !== 'containers') return [];
  return compact([
    moveToSidecar(ctx, c),
    removeField(ctx, c, 'restartPolicy', t('Remove restartPolicy from "{0}" (it follows the Pod\'s restartPolicy)', label(c))),
  ]);
};

export const fixInitRestartPolicyValue: FixProvider = (ctx) => {
  const c = ctx.container;
  if (c?.list !== 'initContainers') return [];
  const fixes = [removeField(ctx, c, 'restartPolicy', t('Remove restartPolicy from "{0}" (a plain init container)', label(c)))];
  if (c.restartPolicyNode && sidecarsSupported(ctx)) {
    fixes.push({
      rule: ctx.finding.rule,
      title: t('Set restartPolicy: Always on "{0}" (a native sidecar)', label(c)),
      edits: [ctx.ed.replaceScalar(c.restartPolicyNode, 'Always')],
      safe: false,
    });
  }
  return compact(fixes);
};

function rename(ctx: FixContext, c: Container, to: string, safe: boolean): Fix | null {
  if (!c.nameNode || !isDnsLabel(to)) return null;
  const fix: Fix = {
    rule: ctx.finding.rule,
    title: t('Rename container "{0}" to "{1}"', clipMiddle(c.name ?? ''), clipMiddle(to)),
    edits: [ctx.ed.replaceScalar(c.nameNode, to)],
    safe,
    preferred: true,
  };
  // Self-contained: the name is one scalar, rewritten as a string (`scalar` quotes what would read
  // as a number or boolean), to a DNS label no container of the Pod has. Two renames in one Pod
  // could still pick the same new name, or both rename the two holders of a duplicate name: each
  // claims the name it gives and the one it takes, so such a pair is split over two rounds.
  const pod = `${c.pod.node.range?.[0] ?? -1}`;
  if (safe) fix.selfContained = [`name ${pod} ${to}`, `name ${pod} ${c.name ?? ''}`];
  return fix;
}

export const fixInvalidContainerName: FixProvider<InvalidContainerNameData> = (ctx) => {
  const c = ctx.container;
  if (!c || !ctx.pod || !c.name) return [];
  const taken = containerNames(ctx.pod);
  taken.delete(c.name);
  const to = uniqueName(str(ctx.data.suggestion) ?? c.name, taken);
  return compact([rename(ctx, c, to, true)]);
};

export const fixDuplicateContainerName: FixProvider<DuplicateContainerNameData> = (ctx) => {
  const c = ctx.container;
  if (!c || !ctx.pod || !c.name) return [];
  const taken = containerNames(ctx.pod);
  const suffix = c.role === 'init' ? '-init' : c.role === 'sidecar' ? '-sidecar' : '';
  const base = str(ctx.data.suggestion) ?? (suffix && !c.name.endsWith(suffix) ? c.name + suffix : c.name);
  return compact([rename(ctx, c, uniqueName(base, taken), true)]);
};

export const fixMissingImage: FixProvider = (ctx) => {
  const c = ctx.container;
  if (!c?.imageNode || c.image === null || c.image.trim() === c.image || c.image.trim() === '') return [];
  return [
    {
      rule: ctx.finding.rule,
      title: t('Remove the spaces around image "{0}"', c.image.trim()),
      edits: [ctx.ed.replaceScalar(c.imageNode, c.image.trim())],
      safe: true,
      preferred: true,
    },
  ];
};

/** The sidecar and the container that needs it, from the finding's data, else its related ranges. */
function sidecarAndDependent(ctx: FixContext<SidecarAfterDependentData>): { sidecar: Container; dependent: Container } | null {
  const pod = ctx.pod;
  if (!pod) return null;
  const d = ctx.data;
  const found = [ctx.container, ...ctx.finding.related.map((r) => containerAt(pod, ctx.rel(r.start)))];
  const all = found.filter((c): c is Container => c !== null && c.list === 'initContainers');
  const sidecar = pod.initContainers.find((c) => c.index === d.sidecarIndex) ?? all.find((c) => c.role === 'sidecar') ?? null;
  if (!sidecar) return null;
  const dependent =
    pod.initContainers.find((c) => c.index === d.dependentIndex) ??
    all.filter((c) => c !== sidecar && c.index < sidecar.index).sort((a, b) => a.index - b.index)[0] ??
    null;
  if (dependent?.list !== 'initContainers' || dependent.index >= sidecar.index) return null;
  return { sidecar, dependent };
}

export const fixSidecarAfterDependent: FixProvider<SidecarAfterDependentData> = (ctx) => {
  const pair = sidecarAndDependent(ctx);
  if (!pair) return [];
  const fix = moveBefore(ctx, pair.sidecar, pair.dependent, t('Move sidecar "{0}" before "{1}"', label(pair.sidecar), label(pair.dependent)));
  return fix ? [fix] : [];
};

/** Moves a container before another one of the same list (its text, comments included). */
function moveBefore(ctx: FixContext, moving: Container, before: Container, title: string): Fix | null {
  const seq = listOf(moving);
  if (!seq || listOf(before) !== seq || before.index >= moving.index || hasAnchorsOrAliases(moving.node)) return null;
  const { ed } = ctx;
  const sidecar = moving;
  const dependent = before;
  let insert: TextEdit;
  if (seq.flow) {
    const source = flowSource(sidecar.node, ed.text);
    if (source === null) return null;
    insert = ed.insertItemBefore(seq, dependent.node, new RawFlow(source));
  } else {
    const col = ed.dashColumn(seq);
    const lines = ed.itemText(seq, sidecar.node, col);
    insert = ed.insertItemBefore(seq, dependent.node, {}, () => lines);
  }
  return { rule: ctx.finding.rule, title, edits: [insert, ed.removeItem(seq, sidecar.node)], safe: false, preferred: true };
}

export const fixInitOrderDependency: FixProvider<InitOrderDependencyData> = (ctx) => {
  const pod = ctx.pod;
  const d = ctx.data;
  if (!pod || typeof d.readerIndex !== 'number' || typeof d.writerIndex !== 'number') return [];
  const reader = pod.initContainers.find((c) => c.index === d.readerIndex);
  const writer = pod.initContainers.find((c) => c.index === d.writerIndex);
  if (!reader || !writer) return [];
  const fix = moveBefore(ctx, writer, reader, t('Move "{0}" before "{1}"', label(writer), label(reader)));
  return fix ? [fix] : [];
};

export const fixRequestExceedsLimit: FixProvider<RequestExceedsLimitData> = (ctx) => {
  const c = ctx.container;
  const resource = str(ctx.data.resource);
  if (!c || !resource) return [];
  const res = get(c.node, 'resources');
  const req = asScalar(get(get(res, 'requests'), resource));
  const lim = asScalar(get(get(res, 'limits'), resource));
  const reqText = scalarText(req);
  const limText = scalarText(lim);
  if (!req || !lim || reqText === null || limText === null) return [];
  return [
    {
      rule: ctx.finding.rule,
      title: t('Set the {0} request of "{1}" to its limit ({2})', resource, label(c), limText),
      edits: [ctx.ed.replaceScalar(req, limText)],
      safe: false,
    },
    {
      rule: ctx.finding.rule,
      title: t('Set the {0} limit of "{1}" to its request ({2})', resource, label(c), reqText),
      edits: [ctx.ed.replaceScalar(lim, reqText)],
      safe: false,
    },
  ];
};

export const fixSidecarWithoutStartupProbe: FixProvider<SidecarWithoutStartupProbeData> = (ctx) => {
  const pod = ctx.pod;
  if (!pod) return [];
  const d = ctx.data;
  const c = ctx.container?.role === 'sidecar' ? ctx.container : null;
  if (!c || getPair(c.node, 'startupProbe')) return [];
  const port = typeof d.port === 'number' ? d.port : firstTcpPort(c);
  if (port === null) return [];
  return [
    {
      rule: ctx.finding.rule,
      title: t('Add a startupProbe to "{0}" that waits for port {1}', label(c), port),
      edits: [ctx.ed.addPair(c.node, 'startupProbe', startupProbe(port), { after: 'restartPolicy' })],
      safe: false,
      preferred: true,
    },
  ];
};

export function setPodRestartPolicy(ctx: FixContext, value: string, safe: boolean): Fix | null {
  const pod = ctx.pod;
  if (!pod) return null;
  if (pod.restartPolicy === value) return null;
  let edit: TextEdit;
  if (pod.restartPolicyNode) edit = ctx.ed.replaceScalar(pod.restartPolicyNode, value);
  else if (getPair(pod.node, 'restartPolicy')) return null;
  else edit = ctx.ed.addPair(pod.node, 'restartPolicy', value);
  return { rule: ctx.finding.rule, title: t("Set the Pod template's restartPolicy to {0}", value), edits: [edit], safe };
}

export const fixJobRestartPolicy: FixProvider = (ctx) => {
  const pod = ctx.pod;
  if (!pod) return [];
  const onlyNever = !!get(pod.workloadSpecNode, 'podFailurePolicy');
  const values = onlyNever ? ['Never'] : ['Never', 'OnFailure'];
  return compact(values.map((v) => setPodRestartPolicy(ctx, v, values.length === 1)));
};

export const fixTemplateRestartPolicy: FixProvider = (ctx) => compact([setPodRestartPolicy(ctx, 'Always', true)]);

export const fixHostnetworkDnsPolicy: FixProvider = (ctx) => {
  const pod = ctx.pod;
  if (!pod) return [];
  const node = get(pod.node, 'dnsPolicy');
  let edit: TextEdit;
  if (node) {
    const s = node as unknown as { type?: string; value?: unknown };
    if (typeof s.value !== 'string') return [];
    edit = ctx.ed.replaceScalar(node as never, 'ClusterFirstWithHostNet');
  } else edit = ctx.ed.addPair(pod.node, 'dnsPolicy', 'ClusterFirstWithHostNet', { after: 'hostNetwork' });
  return [{ rule: ctx.finding.rule, title: t('Set dnsPolicy: ClusterFirstWithHostNet'), edits: [edit], safe: false, preferred: true }];
};

export const fixDuplicateMountPath: FixProvider = (ctx) => {
  const c = ctx.container;
  if (!c) return [];
  const at = ctx.rel(ctx.finding.start);
  const m = c.mounts.find((x) => {
    const r = (x.node as YAMLMap).range;
    return !!r && at >= r[0] && at < r[1];
  });
  const seq = get(c.node, 'volumeMounts');
  if (!m || !seq || !isSeq(seq)) return [];
  const first = c.mounts.find((x) => x !== m && x.mountPath === m.mountPath);
  const same = !!first && first.name === m.name && first.subPath === m.subPath && first.readOnly === m.readOnly;
  const fix: Fix = {
    rule: ctx.finding.rule,
    title: t('Remove this mount of "{0}" at {1} from "{2}"', m.name ?? '', m.mountPath ?? '', label(c)),
    edits: [ctx.ed.removeItem(seq as YAMLSeq, m.node as Node)],
    safe: same,
  };
  // Self-contained when it removes an exact copy: a whole list item goes (its lines, or its comma in
  // a flow list) and the copy stays, so the container mounts what it mounted before. It claims the
  // container's path, so that of three copies one goes per round and one always stays.
  if (same) fix.selfContained = [`mount ${c.node.range?.[0] ?? -1} ${m.mountPath ?? ''}`];
  return [fix];
};
