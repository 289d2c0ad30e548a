import { baseName, effectPath, factsOf, isKubeletManagedFile, isOutputWrite, isUnder, type PathEffect, resolveMount, type SimpleCommand } from '../facts';
import { t } from '../i18n';
import { type Container, containerLabel } from '../model';
import type { Rule } from '../rule';
import { shortPath } from './headline';
import { fixOutputNotShared } from '../fixes/volumes';
import { readOnlyRootWrites } from './init-readonly-root-write';
import { effectiveSecurityContext } from '../facts/securityContext';

/** Paths that are scratch or kernel interfaces, never output meant for another container. */
const SCRATCH = ['/dev', '/proc', '/sys', '/tmp', '/var/tmp'];

/** Commands after which a written file is still only "handed over", not used in the same container. */
const FILE_ONLY = new Set([
  'echo',
  'printf',
  'cat',
  'cp',
  'mv',
  'ln',
  'chmod',
  'chown',
  'chgrp',
  'mkdir',
  'touch',
  'rm',
  'ls',
  'sync',
  'sleep',
  'true',
  'false',
  ':',
  'exit',
  'set',
  'export',
  'test',
  '[',
  '[[',
  'tee',
  'sed',
  'envsubst',
  'install',
  'date',
  'find',
  'stat',
  'wc',
  'head',
  'tail',
  'sha256sum',
  'md5sum',
  'base64',
  'exec',
]);

/** Something after the write may use the file inside this same container. */
function maybeUsedLater(c: Container, e: PathEffect, text: string): boolean {
  const fx = factsOf(c, text).fileEffects;
  const p = effectPath(e);
  if (
    fx.reads.some(
      (r) => r.commandIndex > e.commandIndex && (isUnder(r.exact ? r.path : r.dir, p) || (isUnder(p, r.exact ? r.path : r.dir) && r.target === 'dir')),
    )
  ) {
    return true;
  }
  const cmds: SimpleCommand[] = c.program?.commands ?? [];
  for (let i = e.commandIndex + 1; i < cmds.length; i++) {
    const w0 = cmds[i].words[0];
    if (!w0) continue;
    if (!FILE_ONLY.has(baseName(w0.text))) return true;
  }
  return false;
}

/** What a finding of `init-output-not-shared` tells its fixes. */
export interface InitOutputNotSharedData {
  /** The file written, when its path is known exactly. */
  path: string | null;
  /** The directory to share, or null for `/`. */
  dir: string | null;
}

export const initOutputNotShared: Rule<InitOutputNotSharedData> = {
  id: 'init-output-not-shared',
  defaultSeverity: 'warning',
  summary: 'An init container writes a file outside its volume mounts: the file is gone when it exits.',
  catalogue: 'INIT106',
  fixes: fixOutputNotShared,
  check({ pod, text, report }) {
    if (pod.partial) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init' || c.templated || !c.program || c.program.unreadable) continue;
      // a securityContext the API server refuses (`readOnlyRootFilesystem: "yes"`): the Pod never runs,
      // and whether the write is lost or refused is unknown
      if (effectiveSecurityContext(c).uncertain) continue;
      const fx = factsOf(c, text).fileEffects;
      if (fx.writes.length === 0) continue;
      // with a read-only root the write fails outright: init-readonly-root-write reports it
      const refused = readOnlyRootWrites(c, text);
      for (const e of fx.writes) {
        if (refused.length > 0 && refused.includes(e)) continue;
        if (!isOutputWrite(e)) continue;
        const p = effectPath(e);
        if (p === '/' || SCRATCH.some((s) => isUnder(p, s))) continue;
        // /etc/hosts, /etc/resolv.conf, the termination message file …: mounted by the kubelet, not lost on exit
        if (isKubeletManagedFile(c, e)) continue;
        if (resolveMount(c, p)) continue;
        // a mount below the write target (`cp -r x /` …) or a write that only prepares the same container
        if (c.mounts.some((m) => m.mountPath && isUnder(m.mountPath, p))) continue;
        if (maybeUsedLater(c, e, text)) continue;
        const dir = e.exact && e.target === 'dir' ? e.path : e.dir;
        const related: Array<{ range: [number, number]; message: string }> = [];
        for (const other of pod.all) {
          if (other.role === 'init' || !other.program) continue;
          const use = [...other.program.commands.flatMap((x) => x.words), ...factsOf(other, text).fileEffects.reads.map((r) => r.word)].find(
            (w) => e.exact && w.text.includes(e.path),
          );
          if (use) {
            related.push({
              range: [use.start, use.end],
              message: t('"{0}" expects the file here, but does not see what "{1}" wrote.', containerLabel(other), containerLabel(c)),
            });
            break;
          }
        }
        report({
          range: [e.word.start, e.word.end],
          container: c,
          message: t('"{0}" writes {1} outside its volume mounts: the file is lost on exit', containerLabel(c), shortPath(e.exact ? e.path : e.path + '…')),
          detail: t(
            "`{0}` writes `{1}`, which is not under any of its `volumeMounts`: the file stays in the init container's own filesystem and is gone when it exits, so no other container ever sees it. Mount a shared volume (for example an `emptyDir`) at `{2}` in this container and in the containers that need the file.",
            containerLabel(c),
            e.exact ? e.path : e.path + '…',
            dir,
          ),
          related,
          data: { path: e.exact ? e.path : null, dir: dir === '/' ? null : dir },
        });
      }
    }
  },
};
