import { factsOf } from '../facts';
import { compactFixes, moveToInitContainer, setPodRestartPolicy } from '../fixes/containers';
import type { Fix } from '../fixes/context';
import { t } from '../i18n';
import { containerLabel, type Container } from '../model';
import { Rule } from '../rule';
import { containerKeyRange } from './util';

/** What a finding of `one-shot-container-restarts` tells its fixes. */
export interface OneShotContainerRestartsData {
  /** The finding is on a bare Pod, whose `restartPolicy` may be changed. */
  barePod: boolean;
}

/** The container's own `restartPolicy` (Kubernetes ≥ 1.35) keeps it from being restarted after exit 0. */
function ownPolicyStops(c: Container): boolean {
  return c.restartPolicy === 'Never' || c.restartPolicy === 'OnFailure';
}

export const oneShotContainerRestarts: Rule<OneShotContainerRestartsData> = {
  id: 'one-shot-container-restarts',
  defaultSeverity: 'warning',
  summary: 'A one-shot program (a build, a migration, an `echo`) as an app container of a Pod that restarts it: it runs again and again, in back-off, forever.',
  fixes(ctx) {
    const c = ctx.container;
    if (!ctx.pod || !c || c.list !== 'containers') return [];
    const out: Array<Fix | null> = [];
    if (ctx.data.barePod) out.push(setPodRestartPolicy(ctx, 'OnFailure', false), setPodRestartPolicy(ctx, 'Never', false));
    out.push(moveToInitContainer(ctx, c));
    return compactFixes(out);
  },
  check({ pod, text, report }) {
    if (pod.partial) return;
    const bare = pod.workload === 'pod';
    if (!(bare && pod.effectiveRestartPolicy === 'Always') && pod.workload !== 'replicated') return;
    for (const c of pod.containers) {
      if (c.templated || ownPolicyStops(c)) continue;
      const life = factsOf(c, text).lifetime;
      if (life.kind !== 'exits' && life.kind !== 'bounded') continue;
      const name = containerLabel(c);
      const owner = bare ? t('restartPolicy Always') : (pod.kind ?? '');
      report({
        range: containerKeyRange(c, c.hasCommand ? 'command' : 'args'),
        container: c,
        message: t('{0} runs a one-shot command, and the {1} restarts it each time it exits', name, owner),
        detail: bare
          ? t(
              "`{0}` finishes its command and exits; with the Pod's `restartPolicy: Always` (the default) the kubelet starts it again, with back-off (10 s, 20 s, 40 s … up to 5 min), for ever: the Pod shows `CrashLoopBackOff` even though every run succeeded. Set the Pod's `restartPolicy` to `OnFailure` or `Never`, run the work as a Job, or, when it prepares something for the other containers, make it an init container.",
              name,
            )
          : t(
              '`{0}` finishes its command and exits; a {1} only allows `restartPolicy: Always`, so the kubelet starts it again, with back-off (10 s, 20 s, 40 s … up to 5 min), for ever: the Pod shows `CrashLoopBackOff` even though every run succeeded. Run one-shot work as a Job, or, when it prepares something for the other containers, make it an init container.',
              name,
              pod.kind ?? '',
            ),
        data: { barePod: bare },
      });
    }
  },
};
