/**
 * Fixes for volumes: declare an undeclared volume or rename the mount to the closest declared one,
 * and share what an init container writes (add the `emptyDir` and the mounts in the init container
 * and the app containers, at the path it writes to).
 */
import { t } from '../i18n';
import type { Container, PodSpec } from '../model';
import { trimEndChar } from '../text';
import type { UndeclaredVolumeData } from '../rules/undeclared-volume';
import { editDistance, type Fix, type FixContext, type FixProvider, isDnsLabel, label, mountAt, str, uniqueName, volumeNames } from './context';
import type { TextEdit, YValue } from './edits';

function names(cs: Container[]): string {
  return cs.map(label).join(', ');
}

/** The declared volume (or claim template) name closest to `name`, if it is close. */
export function closestVolume(pod: PodSpec, name: string): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const v of [...(pod.volumes?.keys() ?? []), ...pod.volumeClaimTemplates.keys()]) {
    const d = editDistance(name.toLowerCase(), v.toLowerCase());
    if (d < bestD) {
      best = v;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

export const fixUndeclaredVolume: FixProvider<UndeclaredVolumeData> = (ctx) => {
  const { pod, ed } = ctx;
  const m = mountAt(ctx.container, ctx.rel(ctx.finding.start));
  const name = str(ctx.data.volume) ?? m?.name ?? null;
  if (!pod || !name) return [];
  const fixes: Fix[] = [];
  if (isDnsLabel(name) && !pod.volumes?.has(name)) {
    fixes.push({
      rule: ctx.finding.rule,
      title: t('Declare volume "{0}" as an emptyDir in volumes', name),
      edits: [ed.addToList(pod.node, 'volumes', { name, emptyDir: {} })],
      safe: false,
    });
  }
  const suggestion = str(ctx.data.suggestion) ?? closestVolume(pod, name);
  if (suggestion && suggestion !== name && m?.nameNode) {
    fixes.push({
      rule: ctx.finding.rule,
      title: t('Change the mount to volume "{0}"', suggestion),
      edits: [ed.replaceScalar(m.nameNode, suggestion)],
      safe: false,
      preferred: true,
    });
  }
  return fixes;
};

/** Mount `volume` at `mountPath` in each of `targets` that has nothing at that path yet. */
function mountEdits(ctx: FixContext, targets: Container[], mount: { [k: string]: YValue }, mountPath: string): { edits: TextEdit[]; into: Container[] } {
  const edits: TextEdit[] = [];
  const into: Container[] = [];
  for (const c of targets) {
    if (c.mounts.some((m) => m.mountPath === mountPath || (m.name === mount.name && !m.subPath))) continue;
    edits.push(ctx.ed.addToList(c.node, 'volumeMounts', mount));
    into.push(c);
  }
  return { edits, into };
}

/**
 * What the volume fixes read from a finding's data (`init-volume-not-consumed`,
 * `init-mount-path-mismatch`, `init-output-not-shared`): each field is optional.
 */
export interface VolumeHint {
  /** The volume the init container fills. */
  volume?: string;
  /** The file it writes, when known exactly. */
  path?: string | null;
  /** The directory to share. */
  dir?: string | null;
  /** The one container to mount the volume in (the classic hand-off's consumer). */
  into?: string;
  /** Where to mount it there (where that container's image serves from), else the init container's path. */
  at?: string;
}

/** The app containers that should see what init containers write. */
function consumers(pod: PodSpec): Container[] {
  return pod.containers;
}

/** The init container's mount of the volume the finding is about (by data, by range, or by path). */
function initMount(ctx: FixContext<VolumeHint>): { c: Container; volume: string; mountPath: string; subPath: string | null } | null {
  const pod = ctx.pod;
  if (!pod) return null;
  const d = ctx.data;
  const at = ctx.rel(ctx.finding.start);
  let volume = str(d.volume);
  if (!volume) {
    const m = mountAt(ctx.container, at);
    if (m?.name) volume = m.name;
  }
  if (!volume && pod.volumes) {
    for (const v of pod.volumes.values()) {
      const r = v.node.range;
      if (r && at >= r[0] && at < r[1]) volume = v.name;
    }
  }
  const path = str(d.path);
  const candidates = [ctx.container, ...pod.initContainers].filter((c): c is Container => !!c && c.list === 'initContainers');
  for (const c of candidates) {
    for (const m of c.mounts) {
      if (!m.name || !m.mountPath) continue;
      if (volume ? m.name === volume : path !== null && under(path, m.mountPath)) {
        return { c, volume: m.name, mountPath: m.mountPath, subPath: m.subPath };
      }
    }
  }
  return null;
}

function under(path: string, dir: string): boolean {
  const d = trimEndChar(dir, '/');
  return path === d || path.startsWith(d + '/');
}

/**
 * Mount the volume an init container fills into the app containers, at the init container's path
 * (with its `subPath` when `keepSubPath`).
 */
function shareWithApps(ctx: FixContext<VolumeHint>, keepSubPath: boolean): Fix[] {
  const pod = ctx.pod;
  const im = initMount(ctx);
  if (!pod || !im) return [];
  const at = str(ctx.data.at) ?? im.mountPath;
  const mount: { [k: string]: YValue } = { name: im.volume, mountPath: at };
  if (im.subPath && keepSubPath) mount.subPath = im.subPath;
  const only = str(ctx.data.into) ? pod.containers.filter((c) => c.name === ctx.data.into) : null;
  const { edits, into } = mountEdits(ctx, only ?? consumers(pod).filter((c) => c.list === 'containers'), mount, at);
  if (edits.length === 0) {
    // an app container mounts another volume at that path: point that mount at this volume
    const fixes: Fix[] = [];
    for (const c of consumers(pod).filter((x) => x.list === 'containers')) {
      const m = c.mounts.find((x) => x.mountPath === im.mountPath && x.name !== im.volume && x.nameNode);
      if (!m?.nameNode || c.mounts.some((x) => x.name === im.volume)) continue;
      fixes.push({
        rule: ctx.finding.rule,
        title: t('Mount volume "{0}" instead of "{1}" at {2} in {3}', im.volume, m.name ?? '', im.mountPath, label(c)),
        edits: [ctx.ed.replaceScalar(m.nameNode, im.volume)],
        safe: false,
      });
    }
    return fixes;
  }
  return [
    {
      rule: ctx.finding.rule,
      title: t('Mount volume "{0}" at {1} in {2}', im.volume, at, names(into)),
      edits,
      safe: false,
      preferred: true,
    },
  ];
}

/** Directories an `emptyDir` must not hide. */
const SYSTEM_DIRS = new Set(['/', '/bin', '/sbin', '/usr', '/lib', '/lib64', '/etc', '/var', '/proc', '/sys', '/dev', '/run', '/boot']);

/** The directory to mount for a written path: data.dir, else the file's directory. */
function targetDir(ctx: FixContext<VolumeHint>): string | null {
  const d = ctx.data;
  let dir = str(d.dir);
  if (!dir) {
    let path = str(d.path);
    if (!path) {
      const s = ctx.text.slice(ctx.finding.start, ctx.finding.end);
      if (/^\/[A-Za-z0-9._/-]*$/.test(s)) path = s;
    }
    if (!path) return null;
    dir = path.endsWith('/') ? path : path.replace(/\/[^/]*$/, '');
  }
  dir = trimEndChar(dir, '/');
  if (!dir.startsWith('/') || SYSTEM_DIRS.has(dir || '/') || /[$*?{}\s]/.test(dir)) return null;
  return dir;
}

export const fixOutputNotShared: FixProvider<VolumeHint> = (ctx) => {
  const { pod, ed } = ctx;
  const c = ctx.container;
  if (!pod || !c || c.list !== 'initContainers') return [];
  const dir = targetDir(ctx);
  if (!dir || c.mounts.some((m) => m.mountPath && trimEndChar(m.mountPath, '/') === dir)) return [];
  const base = dir.slice(dir.lastIndexOf('/') + 1);
  const name = uniqueName(base, volumeNames(pod));
  const mount = { name, mountPath: dir };
  const inInit = ed.addToList(c.node, 'volumeMounts', mount);
  const apps = mountEdits(
    ctx,
    consumers(pod).filter((x) => x.list === 'containers'),
    mount,
    dir,
  );
  return [
    {
      rule: ctx.finding.rule,
      title: t('Add emptyDir volume "{0}" and mount it at {1} in {2}', name, dir, names([c, ...apps.into])),
      // container edits first: when `volumes:` goes at the end of the spec, it lands after them
      edits: [inInit, ...apps.edits, ed.addToList(pod.node, 'volumes', { name, emptyDir: {} })],
      safe: false,
      preferred: true,
    },
  ];
};

/** `init-volume-not-consumed`: mount the volume, as the init container does, into the app containers. */
export const fixShareWithApps: FixProvider<VolumeHint> = (ctx) => shareWithApps(ctx, true);

/** `init-mount-path-mismatch`: mount the whole volume where the init container writes, else share the directory. */
export const fixMountPathMismatch: FixProvider<VolumeHint> = (ctx) => {
  const fixes = shareWithApps(ctx, false);
  if (fixes.length) return fixes;
  return fixOutputNotShared(ctx);
};
