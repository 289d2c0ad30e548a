import { t } from '../i18n';
import { containerLabel } from '../model';
import { asScalar, get, rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { atLeast } from '../version';
import { listNames } from './util';

/** The Job's `backoffLimit` as written (a number), or null when absent or not a plain number. */
function backoffLimit(jobSpec: unknown): { value: number; written: boolean } {
  const s = asScalar(get(jobSpec, 'backoffLimit'));
  if (s && typeof s.value === 'number' && Number.isInteger(s.value) && s.value >= 0) return { value: s.value, written: true };
  return { value: 6, written: false };
}

/** What a finding of `restart-never-init-failure` tells its fixes. */
export interface RestartNeverInitFailureData {
  backoffLimit?: number;
  initContainers: string[];
}

export const restartNeverInitFailure: Rule<RestartNeverInitFailureData> = {
  id: 'restart-never-init-failure',
  defaultSeverity: 'info',
  summary:
    'With `restartPolicy: Never` a failed init container is not retried: one failed run fails the whole Pod (in a Job, it spends one of `backoffLimit`).',
  catalogue: 'INIT203',
  check({ pod, version, report }) {
    if (pod.restartPolicy !== 'Never' || !pod.restartPolicyNode) return;
    // a Deployment/StatefulSet/DaemonSet template with `Never` is rejected outright: another rule says so
    if (pod.workload === 'replicated') return;
    // From 1.35 an init container's own `restartPolicy` overrides the Pod's (INIT311): `OnFailure` is
    // retried in place, and an explicit `Never` is the container's own choice, not the Pod's surprise.
    const ownHonoured = atLeast(version, 1, 35);
    const plain = pod.initContainers.filter((c) => c.role === 'init' && !(ownHonoured && (c.restartPolicy === 'Never' || c.restartPolicy === 'OnFailure')));
    if (plain.length === 0) return;
    const names = listNames(
      plain.map((c) => `\`${containerLabel(c)}\``),
      t('and'),
    );
    const range = rangeOf(pod.restartPolicyNode);
    if (pod.workload === 'job') {
      const limit = backoffLimit(pod.workloadSpecNode);
      report({
        range,
        message: t('restartPolicy Never: one failed init container run fails the Pod and spends a Job retry'),
        detail: t(
          "With `restartPolicy: Never` the kubelet does not retry a failed init container ({0}): one non-zero exit (a DNS hiccup in a wait loop, a download that times out once) marks the whole Pod `Failed`, and the Job counts it against `backoffLimit` ({1}) and starts a new Pod from the first init container. Make each init step retry on its own with a bound, so that a passing hiccup does not spend one of the Job's retries (`restartPolicy: OnFailure` retries in place, but those restarts count against `backoffLimit` too).",
          names,
          limit.written ? String(limit.value) : t('{0}, the default', String(limit.value)),
        ),
        data: { backoffLimit: limit.value, initContainers: plain.map((c) => containerLabel(c)) },
      });
      return;
    }
    report({
      range,
      message: t('restartPolicy Never: one failed init container run fails the whole Pod for good'),
      detail: t(
        'With `restartPolicy: Never` the kubelet does not retry a failed init container ({0}): one non-zero exit (a DNS hiccup in a wait loop, a download that times out once) marks the whole Pod `Failed` for good, and its app containers never start. Make each init step retry on its own with a bound, or use `restartPolicy: OnFailure` (or the default `Always`) so the kubelet restarts the failed init container.',
        names,
      ),
      data: { initContainers: plain.map((c) => containerLabel(c)) },
    });
  },
};
