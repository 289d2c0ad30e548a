import { factsOf } from '../facts';
import { compactFixes, moveToInitContainer, setPodRestartPolicy } from '../fixes/containers';
import type { Fix } from '../fixes/context';
import { t } from '../i18n';
import { containerLabel, type Container } from '../model';
import { containerRule, type Rule } from '../rule';
import { atLeast, formatKubeVersion, type KubeVersion } from '../version';
import { containerKeyRange } from './util';

/** What a finding of `one-shot-container-restarts` tells its fixes. */
export interface OneShotContainerRestartsData {
  /** The finding is on a bare Pod, whose `restartPolicy` may be changed. */
  barePod: boolean;
  /** The container's own `restartPolicy: Always` (Kubernetes ≥ 1.35) restarts it, not the Pod's. */
  ownAlways?: boolean;
}

const OWN_POLICIES = ['Always', 'Never', 'OnFailure'];

/**
 * The container's own `restartPolicy` when the target honours it (ContainerRestartRules, on from
 * 1.35; 1.34 drops the field), else null: the Pod's policy applies.
 */
function ownPolicy(c: Container, version: KubeVersion): string | null {
  return atLeast(version, 1, 35) && c.restartPolicy !== null && OWN_POLICIES.includes(c.restartPolicy) ? c.restartPolicy : null;
}

export const oneShotContainerRestarts: Rule<OneShotContainerRestartsData> = containerRule({
  id: 'one-shot-container-restarts',
  lists: ['containers'],
  defaultSeverity: 'warning',
  summary: 'A one-shot program (a build, a migration, an `echo`) as an app container of a Pod that restarts it: it runs again and again, in back-off, forever.',
  fixes(ctx) {
    const c = ctx.container;
    if (!ctx.pod || !c || c.list !== 'containers' || ctx.data.ownAlways) return [];
    const out: Array<Fix | null> = [];
    if (ctx.data.barePod) out.push(setPodRestartPolicy(ctx, 'OnFailure', false), setPodRestartPolicy(ctx, 'Never', false));
    // an init container keeps the container's own restartPolicy, which older targets reject there
    if (!c.restartPolicyNode) out.push(moveToInitContainer(ctx, c));
    return compactFixes(out);
  },
  checkContainer({ pod, text, version, report }, c) {
    if (pod.partial) return;
    const bare = pod.workload === 'pod';
    const podRestarts = (bare && pod.effectiveRestartPolicy === 'Always') || pod.workload === 'replicated';
    if (c.templated) return;
    const own = ownPolicy(c, version);
    if (own ? own !== 'Always' : !podRestarts) return;
    // only a program it runs (readable) can be seen to exit: the image's own entrypoint never is
    if (!c.program || c.program.unreadable) return;
    const life = factsOf(c, text).lifetime;
    if (life.kind !== 'exits' && life.kind !== 'bounded') return;
    const name = containerLabel(c);
    const owner = bare || own ? t('restartPolicy Always') : (pod.kind ?? '');
    // 1.34 drops a container's own Never/OnFailure (ContainerRestartRules off): the Pod's Always wins.
    const dropped =
      !own && c.restartPolicy !== null && OWN_POLICIES.includes(c.restartPolicy) && c.restartPolicy !== 'Always'
        ? ' ' +
          t(
            "Kubernetes {0} drops the container's own `restartPolicy: {1}` (per-container policies work from 1.35), so the Pod's policy applies.",
            formatKubeVersion(version),
            c.restartPolicy,
          )
        : '';
    report({
      range: containerKeyRange(c, c.hasCommand ? 'command' : 'args'),
      container: c,
      message: t('{0} runs a one-shot command, and the {1} restarts it each time it exits', name, owner),
      detail: own
        ? t(
            "`{0}` finishes its command and exits; its own `restartPolicy: Always` (honoured from Kubernetes 1.35, whatever the Pod's `restartPolicy`) makes the kubelet start it again, with back-off (10 s, 20 s, 40 s … up to 5 min), for ever: the Pod never completes (a Job never finishes) and shows `CrashLoopBackOff` even though every run succeeded. Remove the container's `restartPolicy` or set it to `Never` or `OnFailure`.",
            name,
          )
        : (bare
            ? t(
                "`{0}` finishes its command and exits; with the Pod's `restartPolicy: Always` (the default) the kubelet starts it again, with back-off (10 s, 20 s, 40 s … up to 5 min), for ever: the Pod shows `CrashLoopBackOff` even though every run succeeded. Set the Pod's `restartPolicy` to `OnFailure` or `Never`, run the work as a Job, or, when it prepares something for the other containers, make it an init container.",
                name,
              )
            : t(
                '`{0}` finishes its command and exits; a {1} only allows `restartPolicy: Always`, so the kubelet starts it again, with back-off (10 s, 20 s, 40 s … up to 5 min), for ever: the Pod shows `CrashLoopBackOff` even though every run succeeded. Run one-shot work as a Job, or, when it prepares something for the other containers, make it an init container.',
                name,
                pod.kind ?? '',
              )) + dropped,
      data: { barePod: bare, ...(own ? { ownAlways: true } : {}) },
    });
  },
});
