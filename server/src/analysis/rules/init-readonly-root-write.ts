/**
 * `readOnlyRootFilesystem: true` on an init container that writes outside its volume mounts: the
 * write fails with "Read-only file system" — not just lost when the container exits (that is
 * `init-output-not-shared`), but refused outright, `/tmp` included.
 */
import { containerFileEffects, effectPath, isKubeletManagedFile, isUnder, PathEffect, resolveMount } from '../fileEffects';
import { effectiveSecurityContext } from '../facts/securityContext';
import { fixReadonlyRootWrite } from '../fixes/security';
import { t } from '../i18n';
import { mdCodeContent } from '../markdown';
import { Container, containerLabel } from '../model';
import { Rule } from '../rule';
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

/** The writes of an init container that a read-only root file system refuses (empty when its root is writable). */
export function readOnlyRootWrites(c: Container, text?: string): PathEffect[] {
  if (c.templated || !c.program || c.program.unreadable) return [];
  const sc = effectiveSecurityContext(c);
  if (sc.uncertain || sc.readOnlyRootFilesystem?.value !== true) return [];
  // `chmod`/`chown` change an existing file: on a read-only root they fail too
  return containerFileEffects(c, text).writes.filter((e) => !e.test && writesRootFs(c, e));
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
}

export const initReadonlyRootWrite: Rule<InitReadonlyRootWriteData> = {
  id: 'init-readonly-root-write',
  defaultSeverity: 'error',
  summary: 'An init container with readOnlyRootFilesystem: true writes outside its volume mounts: the write fails with "Read-only file system".',
  fixes: fixReadonlyRootWrite,
  check({ pod, text, report }) {
    if (!securityReadable(pod)) return;
    for (const c of pod.initContainers) {
      // a write whose failure the script tolerates (`mkdir -p /x 2>/dev/null || true`, `if ! touch /x`)
      // fails too, but the script goes on by design: not reported
      const commands = c.program?.commands ?? [];
      const writes = readOnlyRootWrites(c, text).filter((e) => !commands[e.commandIndex]?.failureTolerated);
      const seenDirs = new Set<string>();
      for (const e of writes) {
        const dir = e.target === 'dir' ? e.path : e.dir;
        // one finding per directory: the first write there fails, one emptyDir fixes them all
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
    }
  },
};
