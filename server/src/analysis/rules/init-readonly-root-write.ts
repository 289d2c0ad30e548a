/**
 * `readOnlyRootFilesystem: true` on an init container that writes outside its volume mounts: the
 * write fails with "Read-only file system" — not just lost when the container exits (that is
 * `init-output-not-shared`), but refused outright, `/tmp` included. The same failure for a write into
 * a read-only volume mount: `readOnly: true`, or a `configMap`/`secret`/`downwardAPI`/`projected`
 * volume, which the kubelet always mounts read-only.
 */
import { effectPath, factsOf, isKubeletManagedFile, isUnder, normalizePath, type PathEffect, resolveMount } from '../facts';
import { effectiveSecurityContext } from '../facts/securityContext';
import { fixReadonlyRootWrite } from '../fixes/security';
import { t } from '../i18n';
import { mdCodeContent } from '../markdown';
import { type Container, containerLabel, type Mount, type PodSpec } from '../model';
import { rangeOf, valueRange } from '../nodes';
import { containerRule, type Rule } from '../rule';
import { securityReadable } from './init-run-as-root-blocked';

/** Kernel and runtime file systems mounted over the root: writable (or not files at all) whatever the root is. */
const NOT_ROOT_FS = ['/dev', '/proc', '/sys'];

/** Whether the write lands on the container's own root file system. */
export function writesRootFs(c: Container, e: PathEffect): boolean {
  const p = effectPath(e);
  if (p === '/' || NOT_ROOT_FS.some((d) => isUnder(p, d))) return false;
  if (isKubeletManagedFile(c, e)) return false;
  if (resolveMount(c, p)) return false;
  // a mount below the target (`cp -r x /data` with /data/sub mounted): part of it may land there
  if (c.mounts.some((m) => m.mountPath && isUnder(m.mountPath, p))) return false;
  return true;
}

/** Volume sources the kubelet mounts read-only whatever the mount says. */
const READ_ONLY_SOURCES = new Set(['configMap', 'secret', 'downwardAPI', 'projected']);

/** The source of the volume named `name` when it is of a kind the kubelet always mounts read-only, else null. */
function readOnlySource(pod: PodSpec, name: string | null): string | null {
  const source = name === null ? null : (pod.volumes?.get(name)?.source ?? null);
  return source !== null && READ_ONLY_SOURCES.has(source) ? source : null;
}

/** The read-only volume mount a write lands in (`readOnly: true`, or a configMap/secret/… volume), or null. */
export function readOnlyMountOf(pod: PodSpec, c: Container, e: PathEffect): { mount: Mount; source: string | null } | null {
  if (e.test || isKubeletManagedFile(c, e)) return null;
  const p = effectPath(e);
  const hit = resolveMount(c, p);
  if (!hit?.mount.mountPath) return null;
  const mp = normalizePath(hit.mount.mountPath);
  // `mkdir -p /conf` on the mount point itself: it exists, nothing is written
  if (e.kind === 'create' && e.target === 'dir' && e.exact && p === mp) return null;
  // a writable mount below the target (`tar -C /conf` with /conf/out mounted): part of it may land there
  if (c.mounts.some((m) => m !== hit.mount && m.mountPath && isUnder(normalizePath(m.mountPath), p) && normalizePath(m.mountPath) !== mp)) return null;
  if (hit.mount.readOnly) return { mount: hit.mount, source: null };
  const source = readOnlySource(pod, hit.volume);
  return source ? { mount: hit.mount, source } : null;
}

/** The writes of an init container that a read-only root file system refuses (empty when its root is writable). */
export function readOnlyRootWrites(c: Container, text: string): PathEffect[] {
  if (c.templated || !c.program || c.program.unreadable) return [];
  const sc = factsOf(c, text).security;
  if (sc.uncertain || sc.readOnlyRootFilesystem?.value !== true) return [];
  // `chmod`/`chown` change an existing file: on a read-only root they fail too
  return factsOf(c, text).fileEffects.writes.filter((e) => !e.test && writesRootFs(c, e));
}

/** What a finding of `init-readonly-root-write` tells its fixes. */
export interface InitReadonlyRootWriteData {
  container: string | null;
  /** The file written, when known exactly. */
  path: string | null;
  /** The directory to mount an `emptyDir` at. */
  dir: string;
  isDirectory: boolean;
  /** The container runs and the write fails (the timeline's failure path says so). */
  failsAtRuntime: true;
  /** The write lands in this read-only volume mount (its `mountPath`), not on the root file system. */
  readOnlyMount?: string;
}

export const initReadonlyRootWrite: Rule<InitReadonlyRootWriteData> = containerRule({
  id: 'init-readonly-root-write',
  lists: ['initContainers'],
  defaultSeverity: 'error',
  summary:
    'An init container writes on its read-only root filesystem (readOnlyRootFilesystem: true) or into a read-only volume mount: the write fails with "Read-only file system".',
  fixes: fixReadonlyRootWrite,
  checkContainer({ pod, text, report }, c) {
    if (!securityReadable(pod)) return;
    // a write whose failure the script tolerates (`mkdir -p /x 2>/dev/null || true`, `if ! touch /x`)
    // fails too, but the script goes on by design: not reported
    const commands = c.program?.commands ?? [];
    const writes = readOnlyRootWrites(c, text).filter((e) => !commands[e.commandIndex]?.failureTolerated);
    // most init containers write nothing the root refuses: the table of directories is made for the first
    let seenDirs: Set<string> | undefined;
    for (const e of writes) {
      const dir = e.target === 'dir' ? e.path : e.dir;
      // one finding per directory: the first write there fails, one emptyDir fixes them all
      seenDirs ??= new Set<string>();
      if (seenDirs.has(dir)) continue;
      seenDirs.add(dir);
      const sc = effectiveSecurityContext(c);
      const name = containerLabel(c);
      const shown = e.exact ? e.path : e.path + '…';
      report({
        range: [e.word.start, e.word.end],
        container: c,
        message: t('{0} writes {1} on a read-only root filesystem: the write fails', name, shown),
        detail: t(
          '`{0}` sets `readOnlyRootFilesystem: true` and `{1}` is not under any of its `volumeMounts`, so the write fails with "Read-only file system"; the script stops there (or goes on without the file) and the Pod ends in `Init:Error`, then `Init:CrashLoopBackOff`. Mount an `emptyDir` at `{2}` in this init container (and in the containers that read the file).',
          mdCodeContent(name),
          mdCodeContent(shown),
          mdCodeContent(dir),
        ),
        related: sc.readOnlyRootFilesystem ? [{ range: sc.readOnlyRootFilesystem.range, message: t('the root filesystem is made read-only here') }] : [],
        data: { container: c.name, path: e.exact ? e.path : null, dir, isDirectory: e.target === 'dir', failsAtRuntime: true },
      });
    }
    // writes into a read-only volume mount fail the same way, whatever the root file system is
    if (pod.templated) return;
    if (c.templated || !c.program || c.program.unreadable) return;
    // only a mount that is read-only (or of a kind the kubelet mounts read-only) can refuse a write
    if (!c.mounts.some((m) => m.readOnly || readOnlySource(pod, m.name) !== null)) return;
    const seenMounts = new Set<Mount>();
    for (const e of factsOf(c, text).fileEffects.writes) {
      if (commands[e.commandIndex]?.failureTolerated) continue;
      const ro = readOnlyMountOf(pod, c, e);
      if (!ro || seenMounts.has(ro.mount)) continue;
      seenMounts.add(ro.mount);
      const name = containerLabel(c);
      const shown = e.exact ? e.path : e.path + '…';
      const mountPath = ro.mount.mountPath ?? '';
      const dir = e.target === 'dir' ? e.path : e.dir;
      report({
        range: [e.word.start, e.word.end],
        container: c,
        message: t('{0} writes {1} into a read-only volume mount: the write fails', name, shown),
        detail: ro.source
          ? t(
              '`{0}` writes `{1}` into the volume mounted at `{2}`, a `{3}` volume, which the kubelet always mounts read-only: the write fails with "Read-only file system" and the init container fails (`Init:Error`, then `Init:CrashLoopBackOff`). Copy the files into an `emptyDir` and write there.',
              mdCodeContent(name),
              mdCodeContent(shown),
              mdCodeContent(mountPath),
              ro.source,
            )
          : t(
              '`{0}` writes `{1}` into the volume mounted at `{2}` with `readOnly: true`: the write fails with "Read-only file system" and the init container fails (`Init:Error`, then `Init:CrashLoopBackOff`). Drop `readOnly: true` from this mount, or write somewhere else.',
              mdCodeContent(name),
              mdCodeContent(shown),
              mdCodeContent(mountPath),
            ),
        related: [
          { range: ro.source ? rangeOf(ro.mount.mountPathNode) : valueRange(ro.mount.node, 'readOnly'), message: t('the volume is mounted read-only here') },
        ],
        data: { container: c.name, path: e.exact ? e.path : null, dir, isDirectory: e.target === 'dir', failsAtRuntime: true, readOnlyMount: mountPath },
      });
    }
  },
});
