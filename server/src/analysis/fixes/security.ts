/**
 * Fixes for the security-context rules, each one edit of one `securityContext` (or one `emptyDir`):
 * a non-root `runAsUser` (or root, with `runAsNonRoot: false`, for an init container whose chore needs
 * it), `privileged: true`, the missing capabilities, an `emptyDir` where a read-only root refuses a
 * write. None is safe for fix-all: each widens or narrows what a container may do.
 */
import { isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { factsOf } from '../facts';
import { t } from '../i18n';
import type { Container, PodSpec } from '../model';
import { asMap, asScalar, getPair } from '../nodes';
import { trimEndChar } from '../text';
import type { InitMissingPrivilegeData } from '../rules/init-missing-privilege';
import type { InitReadonlyRootWriteData } from '../rules/init-readonly-root-write';
import type { InitRunAsRootBlockedData } from '../rules/init-run-as-root-blocked';
import { containerByName, type Fix, type FixContext, type FixProvider, label, str, uniqueName, volumeNames } from './context';
import type { TextEdit, YValue } from './edits';
import { fixOutputNotShared } from './volumes';

type Pairs = Array<[string, YValue]>;

/** Sets `pairs` in the `securityContext` of `owner` (a container or the Pod spec): replaces what is there, adds the rest. */
function setSecurity<D extends object>(ctx: FixContext<D>, owner: YAMLMap, pairs: Pairs): TextEdit[] | null {
  const pair = getPair(owner, 'securityContext');
  if (!pair) return [ctx.ed.addPair(owner, 'securityContext', Object.fromEntries(pairs))];
  const sc = asMap(pair.value);
  if (!sc || pair.value !== sc) return null;
  const edits: TextEdit[] = [];
  const add: Pairs = [];
  for (const [k, v] of pairs) {
    const existing = getPair(sc, k);
    const s = existing ? asScalar(existing.value) : null;
    if (existing && s && existing.value === s && s.range) {
      edits.push(ctx.ed.edit(s.range[0], s.range[1], String(v)));
    } else if (existing) {
      return null;
    } else add.push([k, v]);
  }
  if (add.length) edits.push(ctx.ed.addPairs(sc, add));
  return edits;
}

/** A non-root uid for an init container: the one the app containers run as, so files they share stay theirs. */
function nonRootUid(pod: PodSpec, text: string): number {
  for (const c of pod.containers) {
    const uid = factsOf(c, text).security.runAsUser?.value;
    if (uid !== undefined && uid > 0) return uid;
  }
  return 1000;
}

function needsRoot(c: Container, text: string): boolean {
  return factsOf(c, text).chores.length > 0;
}

function target<D extends { container: string | null }>(ctx: FixContext<D>): Container | null {
  if (!ctx.pod) return null;
  return containerByName(ctx.pod, ctx.data.container) ?? ctx.container;
}

export const fixRunAsRootBlocked: FixProvider<InitRunAsRootBlockedData> = (ctx) => {
  const pod = ctx.pod;
  const c = target(ctx);
  if (!pod || !c || c.list !== 'initContainers') return [];
  const d = ctx.data;
  const fixes: Fix[] = [];
  const rule = ctx.finding.rule;
  if (d.cause === 'runAsUser' && d.level === 'pod') {
    const sc = factsOf(c, ctx.text).security;
    const uid = nonRootUid(pod, ctx.text);
    if (sc.runAsUser && sc.runAsUser.level === 'pod' && sc.runAsUser.node.range) {
      const r = sc.runAsUser.node.range;
      fixes.push({ rule, title: t("Change the Pod's runAsUser to {0}", uid), edits: [ctx.ed.edit(r[0], r[1], String(uid))], safe: false, preferred: true });
    }
    return fixes;
  }
  if (needsRoot(c, ctx.text) || d.cause === 'runAsUser') {
    const edits = setSecurity(ctx, c.node, [
      ['runAsUser', 0],
      ['runAsNonRoot', false],
    ]);
    if (edits) fixes.push({ rule, title: t('Run {0} as root on purpose: runAsUser: 0, runAsNonRoot: false', label(c)), edits, safe: false, preferred: true });
    return fixes;
  }
  const uid = nonRootUid(pod, ctx.text);
  const edits = setSecurity(ctx, c.node, [['runAsUser', uid]]);
  if (edits) fixes.push({ rule, title: t('Run {0} as user {1} (runAsUser: {1})', label(c), uid), edits, safe: false, preferred: true });
  return fixes;
};

function addCapabilities<D extends object>(ctx: FixContext<D>, c: Container, caps: string[]): TextEdit[] | null {
  const scPair = getPair(c.node, 'securityContext');
  const sc = scPair ? asMap(scPair.value) : null;
  if (!scPair) return [ctx.ed.addPair(c.node, 'securityContext', { capabilities: { add: caps } })];
  if (!sc || scPair.value !== sc) return null;
  const capPair = getPair(sc, 'capabilities');
  if (!capPair) return [ctx.ed.addPair(sc, 'capabilities', { add: caps })];
  const capMap = asMap(capPair.value);
  if (!capMap || capPair.value !== capMap) return null;
  const addPair = getPair(capMap, 'add');
  if (!addPair) return [ctx.ed.addPair(capMap, 'add', caps)];
  const seq = addPair.value;
  if (!seq || !isSeq(seq)) return null;
  return caps.map((cap) => ctx.ed.appendItem(seq as YAMLSeq, cap));
}

export const fixMissingPrivilege: FixProvider<InitMissingPrivilegeData> = (ctx) => {
  const c = target(ctx);
  if (c?.list !== 'initContainers') return [];
  const d = ctx.data;
  const rule = ctx.finding.rule;
  const sc = factsOf(c, ctx.text).security;
  if (d.root === true) {
    const pairs: Pairs = [['runAsUser', 0]];
    if (sc.runAsNonRoot?.value === true) pairs.push(['runAsNonRoot', false]);
    const edits = setSecurity(ctx, c.node, pairs);
    return edits
      ? [{ rule, title: t('Run {0} as root (runAsUser: 0); the app containers keep their user', label(c)), edits, safe: false, preferred: true }]
      : [];
  }
  if (d.privileged === true && d.namespaced !== true) {
    // the API server rejects privileged together with allowPrivilegeEscalation: false
    if (sc.allowPrivilegeEscalation?.value === false) return [];
    const edits = setSecurity(ctx, c.node, [['privileged', true]]);
    return edits ? [{ rule, title: t('Make {0} privileged (privileged: true)', label(c)), edits, safe: false, preferred: true }] : [];
  }
  const caps = Array.isArray(d.addCapabilities) ? d.addCapabilities.filter((x) => typeof x === 'string') : [];
  if (caps.length && !caps.some((cap) => sc.capabilities.drop.includes(cap))) {
    const edits = addCapabilities(ctx, c, caps);
    if (edits) return [{ rule, title: t('Add capability {0} to {1}', caps.join(', '), label(c)), edits, safe: false, preferred: true }];
  }
  return [];
};

/** Directories an `emptyDir` must not hide. */
const SYSTEM_DIRS = new Set(['/', '/bin', '/sbin', '/usr', '/lib', '/lib64', '/etc', '/var', '/proc', '/sys', '/dev', '/run', '/boot', '/home', '/root']);

export const fixReadonlyRootWrite: FixProvider<InitReadonlyRootWriteData> = (ctx) => {
  const pod = ctx.pod;
  const c = target(ctx);
  if (!pod || !c || c.list !== 'initContainers') return [];
  // a write into a read-only volume mount: no emptyDir to add over it
  if (ctx.data.readOnlyMount !== undefined) return [];
  const dir = trimEndChar(str(ctx.data.dir) ?? '', '/');
  if (!dir.startsWith('/') || SYSTEM_DIRS.has(dir) || /[$*?{}\s]/.test(dir)) return [];
  if (c.mounts.some((m) => m.mountPath && trimEndChar(m.mountPath, '/') === dir)) return [];
  const scratch = dir === '/tmp' || dir === '/var/tmp' || dir.startsWith('/tmp/') || dir.startsWith('/var/tmp/');
  if (!scratch) {
    // output for other containers: share it with them, as for init-output-not-shared
    return fixOutputNotShared({ ...ctx, container: c, data: { path: ctx.data.path ?? null, dir } }).map((f) => ({ ...f, rule: ctx.finding.rule }));
  }
  const name = uniqueName(dir.slice(dir.lastIndexOf('/') + 1), volumeNames(pod));
  return [
    {
      rule: ctx.finding.rule,
      title: t('Add emptyDir volume "{0}" and mount it at {1} in {2}', name, dir, label(c)),
      edits: [ctx.ed.addToList(c.node, 'volumeMounts', { name, mountPath: dir }), ctx.ed.addToList(pod.node, 'volumes', { name, emptyDir: {} })],
      safe: false,
      preferred: true,
    },
  ];
};
