import { t } from '../i18n';
import { fixWaitLoopWithoutTimeout } from '../fixes/scripts';
import { Rule } from '../rule';
import { clip } from './headline';
import { baseName, LoopInfo, Program, SimpleCommand } from '../shell';
import { CHECK_PROGRAMS, hasActiveDeadline, initStatus, isFileTest, programName } from './scriptFacts';

/** Commands of the loop's condition, with the commands inside `$(…)` in it. */
function conditionCommands(program: Program, loop: LoopInfo): SimpleCommand[] {
  const direct = loop.condition.filter((c) => c.words.length > 0);
  const nested = program.commands.filter(
    (c) => c.inSubstitution && c.loops.includes(loop) && direct.some((d) => c.start >= d.start && c.end <= d.end),
  );
  return [...direct, ...nested];
}

/**
 * What the loop waits on (`nslookup`, `nc`, `a file`), or null when it is not a wait loop. A wait
 * loop runs until a check succeeds: `until X`, `while ! X`, or `while [ … ]` over a check's output
 * (`while [ "$(curl …)" != 200 ]`) or over a file (`until [ -f /shared/ready ]`).
 */
function waitsOn(program: Program, loop: LoopInfo): string | null {
  if (loop.kind === 'for') return null;
  const first = loop.condition.find((c) => c.words.length > 0);
  if (!first) return null;
  const firstName = programName(first) ?? '';
  const testCond = firstName === '[' || firstName === 'test' || firstName === '[[';
  const negated = loop.condition.some((c) => c.negated);
  if (!(loop.kind === 'until' || negated || testCond)) return null;
  const check = conditionCommands(program, loop).find((c) => CHECK_PROGRAMS.has(programName(c) ?? ''));
  if (check) return programName(check);
  if (testCond) return isFileTest(first) ? first.words.map((w) => w.text).join(' ') : null; // `while [ -z "$X" ]` checks a variable
  // `until ./ready.sh; do sleep 2; done`: a poll when the body sleeps
  const sleeps = program.commands.some((c) => c.loops.includes(loop) && !c.inCondition && programName(c) === 'sleep');
  return sleeps ? firstName : null;
}

/** What a finding of `wait-loop-without-timeout` tells its fixes. */
export interface WaitLoopWithoutTimeoutData {
  keyword: string;
  check: string;
}

export const waitLoopWithoutTimeout: Rule<WaitLoopWithoutTimeoutData> = {
  id: 'wait-loop-without-timeout',
  defaultSeverity: 'warning',
  summary: 'An init container polls for a dependency (`until nslookup …; do sleep 2; done`) with no limit: if it never appears the Pod waits in Init forever without an error.',
  catalogue: 'INIT108',
  fixes: fixWaitLoopWithoutTimeout,
  check({ pod, report }) {
    if (hasActiveDeadline(pod)) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init' || c.templated) continue;
      const p = c.program;
      if (!p || p.kind !== 'shell' || p.unreadable) continue;
      if (p.wrappers.some((w) => baseName(w.text) === 'timeout')) continue;
      for (const loop of p.loops) {
        if (loop.infinite || loop.finite || loop.counted || loop.hasExit || loop.background) continue;
        // nested in a bounded loop: the outer loop gives up
        const inner = p.commands.find((x) => x.loops.includes(loop));
        if (inner && inner.loops.slice(0, inner.loops.indexOf(loop)).some((o) => o.finite || o.counted || o.background)) continue;
        const what = waitsOn(p, loop);
        if (!what) continue;
        const name = c.name ?? `initContainers[${c.index}]`;
        const message = t('Wait loop on {0} in "{1}" has no limit: the Pod may stay in {2} forever', /^(?:\[\[?|test)\s/.test(what) ? t('a file') : clip(what, 20), name, initStatus(c));
        const detail =
          pod.workload === 'pod' || pod.workload === 'job'
            ? t(
                'This `{0}` loop waits on `{1}` with no limit: if it never succeeds, the init container `{2}` never exits and the Pod stays in `{3}` with no error to see. Give up after a number of tries and `exit 1` (for example `for i in $(seq 1 60); do … && exit 0; sleep 2; done; exit 1`) so the Pod shows `Init:Error`/`Init:CrashLoopBackOff`, wrap the script in `timeout`, or set `activeDeadlineSeconds`.',
                loop.kind,
                what,
                name,
                initStatus(c),
              )
            : t(
                'This `{0}` loop waits on `{1}` with no limit: if it never succeeds, the init container `{2}` never exits and the Pod stays in `{3}` with no error to see. Give up after a number of tries and `exit 1` (for example `for i in $(seq 1 60); do … && exit 0; sleep 2; done; exit 1`) so the Pod shows `Init:Error`/`Init:CrashLoopBackOff`, or wrap the script in `timeout`.',
                loop.kind,
                what,
                name,
                initStatus(c),
              );
        report({
          range: [loop.start, loop.end],
          container: c,
          message,
          detail,
          data: { keyword: loop.kind, check: what },
        });
      }
    }
  },
};
