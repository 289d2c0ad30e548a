/**
 * An init container that is not safe to run twice, in a Pod where a `RestartAllContainers` rule
 * (KEP-5532, accepted from 1.36) can restart the whole Pod in place. The restart runs every init
 * container again in the same Pod, and volumes — `emptyDir` included — keep what the first run wrote
 * (KEP-5532: the Pod is restarted in place, not recreated). What breaks on the second run, read from
 * the script's file effects (`containerFileEffects`) on paths that live on a volume:
 *   - `>>` appends the same content again;
 *   - `mkdir` without `-p` fails with "File exists";
 *   - `git clone` into a directory that is now not empty fails;
 *   - busybox `wget -O` refuses a file that exists (GNU wget overwrites it).
 * A command that only runs on some paths (`[ -d x ] || git clone …`) is taken as guarded.
 */
import { t } from '../i18n';
import { type Container, containerLabel } from '../model';
import { asMap, get, scalarText, seqItems } from '../nodes';
import type { Rule } from '../rule';
import { atLeast } from '../version';
import { factsOf, type PathEffect, resolveMount } from '../facts';
import { imageName } from './util';

function hasRestartAll(c: Container): boolean {
  return seqItems(c.restartPolicyRulesNode).some((r) => scalarText(get(asMap(r), 'action')) === 'RestartAllContainers');
}

type Problem = 'append' | 'mkdir' | 'git-clone' | 'wget';

function problemOf(c: Container, e: PathEffect): Problem | null {
  const cmd = c.program?.commands[e.commandIndex];
  if (!cmd || cmd.conditional || cmd.inCondition) return null;
  if (e.via === '>>' || e.via === '&>>') return 'append';
  if (e.via === 'mkdir') {
    const parents = cmd.words.some((w) => /^-[a-zA-Z]*p/.test(w.text) || w.text === '--parents');
    return parents ? null : 'mkdir';
  }
  if (e.via === 'git clone') return 'git-clone';
  if (e.via === 'wget -O') {
    const image = imageName(c.image) ?? '';
    return /^(busybox|alpine)$/.test(image) ? 'wget' : null;
  }
  return null;
}

export const initNotRerunnable: Rule = {
  id: 'init-not-rerunnable',
  defaultSeverity: 'warning',
  summary:
    'A `RestartAllContainers` rule can re-run every init container in place (volumes kept), and this one is not safe to run twice (appends, `mkdir` without `-p`, `git clone`, busybox `wget -O`).',
  check({ pod, version, text, report }) {
    if (!atLeast(version, 1, 36)) return;
    const trigger = [...pod.initContainers, ...pod.containers].find(hasRestartAll);
    if (!trigger) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init' || !c.program || c.program.unreadable) continue;
      for (const e of factsOf(c, text).fileEffects.writes) {
        if (!e.exact || !resolveMount(c, e.path)) continue;
        const problem = problemOf(c, e);
        if (!problem) continue;
        const name = containerLabel(c);
        const why =
          problem === 'append'
            ? t('the second run appends to `{0}` again', e.path)
            : problem === 'mkdir'
              ? t('`mkdir {0}` fails the second time with "File exists" (use `mkdir -p`)', e.path)
              : problem === 'git-clone'
                ? t('`git clone` into `{0}` fails the second time: "destination path already exists and is not an empty directory"', e.path)
                : t('busybox `wget -O {0}` refuses to overwrite the file the first run left', e.path);
        report({
          range: [e.word.start, e.word.end],
          container: c,
          message: t('RestartAllContainers re-runs init container "{0}", which is not safe to repeat here', name),
          detail: t(
            'A `RestartAllContainers` rule on "{0}" restarts the whole Pod in place: every init container runs again, in order, and volumes (`emptyDir` too) keep what the first run wrote. Here {1}. Make the step idempotent (check before writing, `mkdir -p`, write to a temporary file and `mv` it into place), or clean the target first.',
            containerLabel(trigger),
            why,
          ),
        });
        break;
      }
    }
  },
};
