/**
 * A `sleep` lifecycle hook longer than the Pod's grace period (catalogue INIT313, INIT002's sleep
 * range): `validateSleepAction` rejects `seconds` above `terminationGracePeriodSeconds` (defaulted
 * to 30) on sidecars and regular containers. From 1.33 (PodLifecycleSleepActionAllowZero beta, GA-locked
 * in 1.34) 0 is allowed and the text is the "non-negative" one; before, 0 is rejected too. The sleep
 * action itself is beta from 1.30. On a plain init container any `lifecycle` is already forbidden
 * (`init-lifecycle-or-probe`), so it is not checked here.
 */
import { t } from '../i18n';
import { containerLabel } from '../model';
import { asScalar, get, getPath, has, rangeOf } from '../nodes';
import { containerRule, type Rule } from '../rule';
import { atLeast } from '../version';
import { apiPath } from './util';

export const lifecycleSleepTooLong: Rule = containerRule({
  id: 'lifecycle-sleep-too-long',
  lists: ['initContainers', 'containers'],
  defaultSeverity: 'error',
  summary:
    'A `sleep` preStop/postStart hook longer than `terminationGracePeriodSeconds` (30 when unset) on a sidecar or app container: the API server rejects it.',
  catalogue: 'INIT313',
  checkContainer({ pod, version, report }, c) {
    if (!atLeast(version, 1, 30)) return;
    // the container's own questions first: most have no `lifecycle` (and init containers none to check)
    if (c.role === 'init' || get(c.node, 'lifecycle') === null) return;
    // A grace period written but not as a number (a template, a string) gives nothing to compare.
    if (has(pod.node, 'terminationGracePeriodSeconds') && pod.terminationGracePeriodSeconds === null) return;
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    const zeroOk = atLeast(version, 1, 33);
    for (const hook of ['preStop', 'postStart']) {
      const node = asScalar(getPath(c.node, ['lifecycle', hook, 'sleep', 'seconds']));
      if (!node || typeof node.value !== 'number' || !Number.isInteger(node.value)) continue;
      const seconds = node.value;
      if (seconds <= grace && (seconds > 0 || (zeroOk && seconds === 0))) continue;
      const path = apiPath(pod, c, 'lifecycle', hook, 'sleep');
      report({
        range: rangeOf(node),
        container: c,
        message:
          seconds > grace
            ? t('{0} sleep of {1}s on "{2}" is longer than the {3}s grace period', hook, seconds, containerLabel(c), grace)
            : t('{0} sleep of {1}s on "{2}" is not allowed', hook, seconds, containerLabel(c)),
        detail:
          (zeroOk
            ? t(
                'The API server rejects this Pod: `{0}: Invalid value: {1}: must be non-negative and less than terminationGracePeriodSeconds ({2})`.',
                path,
                seconds,
                grace,
              )
            : t(
                'The API server rejects this Pod: `{0}: Invalid value: {1}: must be greater than 0 and less than terminationGracePeriodSeconds ({2}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`',
                path,
                seconds,
                grace,
              )) +
          ' ' +
          t(
            'The kubelet kills the container when the grace period ends, so a longer sleep could never finish. Shorten the sleep, or raise `terminationGracePeriodSeconds` on the Pod (it is {0}{1}).',
            grace,
            pod.terminationGracePeriodSeconds === null ? t(' by default') : '',
          ),
        data: { seconds, grace },
      });
    }
  },
});
