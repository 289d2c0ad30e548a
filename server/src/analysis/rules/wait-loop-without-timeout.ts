import { t } from '../i18n';
import { fixWaitLoopWithoutTimeout } from '../fixes/scripts';
import { containerRule, type Rule } from '../rule';
import { clip } from './headline';
import { baseName } from '../facts';
import { waitsOn } from '../facts/waits';
import { hasActiveDeadline, initStatus } from './scriptFacts';

/** What a finding of `wait-loop-without-timeout` tells its fixes. */
export interface WaitLoopWithoutTimeoutData {
  keyword: string;
  check: string;
}

export const waitLoopWithoutTimeout: Rule<WaitLoopWithoutTimeoutData> = containerRule({
  id: 'wait-loop-without-timeout',
  lists: ['initContainers'],
  defaultSeverity: 'warning',
  summary:
    'An init container polls for a dependency (`until nslookup …; do sleep 2; done`) with no limit: if it never appears the Pod waits in Init forever without an error.',
  catalogue: 'INIT108',
  fixes: fixWaitLoopWithoutTimeout,
  checkContainer({ pod, report }, c) {
    if (c.role !== 'init' || c.templated) return;
    const p = c.program;
    // the container's own questions first (most run no loop), the Pod's deadline after them
    if (p?.kind !== 'shell' || p.unreadable || p.loops.length === 0) return;
    if (p.wrappers.some((w) => baseName(w.text) === 'timeout')) return;
    if (hasActiveDeadline(pod)) return;
    for (const loop of p.loops) {
      if (loop.infinite || loop.finite || loop.counted || loop.hasExit || loop.background) continue;
      // nested in a bounded loop: the outer loop gives up
      const inner = p.commands.find((x) => x.loops.includes(loop));
      if (inner?.loops.slice(0, inner.loops.indexOf(loop)).some((o) => o.finite || o.counted || o.background)) continue;
      const what = waitsOn(p, loop);
      if (!what) continue;
      const name = c.name ?? `initContainers[${c.index}]`;
      const message = t(
        'Wait loop on {0} in "{1}" has no limit: the Pod may stay in {2} forever',
        /^(?:\[\[?|test)\s/.test(what) ? t('a file') : clip(what, 20),
        name,
        initStatus(c),
      );
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
  },
});
