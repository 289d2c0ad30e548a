import { t } from '../i18n';
import { get, has, keyRange, rangeOf } from '../nodes';
import type { Range } from '../nodes';
import type { Rule } from '../rule';
import { fixJobRestartPolicy } from '../fixes/containers';
import { absenceUnknown } from './incomplete';
import { apiPath } from './util';

/**
 * A Job's Pod template must say `restartPolicy: Never` or `OnFailure` (only `Never` with a
 * `podFailurePolicy`). When the field is missing, the finding sits on the Pod spec's `containers`
 * key: it is a sibling of where `restartPolicy` goes, unique in the object, and visible at a glance
 * (the template's `spec` key, the fallback, shares its name with two other `spec` keys).
 */
/** What a finding of `job-restart-policy` tells its fixes. */
export interface JobRestartPolicyData {
  value: string | null;
  suggestion: string;
  /** No `restartPolicy` is written (the default, Always, is rejected for a Job). */
  missing?: boolean;
}

export const jobRestartPolicy: Rule<JobRestartPolicyData> = {
  id: 'job-restart-policy',
  defaultSeverity: 'error',
  summary: 'A Job or CronJob Pod template whose `restartPolicy` is missing or `Always` (must be `Never` or `OnFailure`).',
  catalogue: 'INIT020',
  fixes: fixJobRestartPolicy,
  check({ pod, report }) {
    if (pod.workload !== 'job' || pod.partial) return;
    const absenceKnown = !absenceUnknown(pod);
    const path = apiPath(pod, null, 'restartPolicy');
    const kind = pod.kind ?? 'Job';
    const withPfp = has(pod.workloadSpecNode, 'podFailurePolicy');
    const value = pod.restartPolicy;
    if (value?.includes('{{')) return;
    if (has(pod.node, 'restartPolicy') && value === null && !pod.restartPolicyNode) return; // not a scalar: can't tell
    if ((value === null && absenceKnown) || value === 'Always') {
      const range: Range | null =
        value !== null
          ? rangeOf(pod.restartPolicyNode)
          : (keyRange(pod.node, 'containers') ?? keyRange(get(pod.workloadSpecNode, 'template'), 'spec') ?? keyRange(pod.workloadSpecNode, 'template'));
      report({
        range,
        message:
          value === null
            ? t('{0} Pod template has no restartPolicy: it must be Never or OnFailure', kind)
            : t('{0} Pod template cannot use restartPolicy Always: use Never or OnFailure', kind),
        detail:
          value === null
            ? t(
                'The API server rejects this {0}: {1}: Required value: valid values: "OnFailure", "Never". A Pod defaults to `restartPolicy: Always`, which a {0} cannot use because its Pods must be able to finish. Add `restartPolicy: Never` (or `OnFailure`) to the Pod template spec.',
                kind,
                path,
              )
            : t(
                'The API server rejects this {0}: {1}: Required value: valid values: "OnFailure", "Never". A {0}\'s Pods must be able to finish, so they cannot restart `Always`; use `Never` (a new Pod per retry) or `OnFailure` (restart in place). A native sidecar\'s own `restartPolicy: Always` on an init container is fine.',
                kind,
                path,
              ),
        data: { value, suggestion: 'Never', missing: value === null },
      });
      return;
    }
    if (value === null) return;
    if (value !== 'Never' && value !== 'OnFailure') {
      const caseFix = ['Never', 'OnFailure'].find((v) => v.toLowerCase() === value.trim().toLowerCase()) ?? null;
      report({
        range: rangeOf(pod.restartPolicyNode),
        message: caseFix
          ? t('restartPolicy "{0}" is rejected: values are case-sensitive, write "{1}"', value, caseFix)
          : t('restartPolicy "{0}" is not valid for a {1}: use Never or OnFailure', value, kind),
        detail: t(
          'The API server rejects this {0}: {1}: Unsupported value: "{2}": supported values: "OnFailure", "Never". {3}',
          kind,
          path,
          value,
          caseFix ? t('Values are case-sensitive: write `{0}`.', caseFix) : t('Use `Never` (a new Pod per retry) or `OnFailure` (restart in place).'),
        ),
        data: { value, suggestion: caseFix ?? 'Never' },
      });
      return;
    }
    if (value === 'OnFailure' && withPfp) {
      report({
        range: rangeOf(pod.restartPolicyNode),
        message: t('restartPolicy OnFailure is rejected with a podFailurePolicy: use Never'),
        detail: t(
          'The API server rejects this {0}: {1}: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified. The pod failure policy judges failed Pods, so the kubelet must not restart their containers in place; use `restartPolicy: Never`.',
          kind,
          path,
        ),
        related: [{ range: keyRange(pod.workloadSpecNode, 'podFailurePolicy'), message: t("The Job's podFailurePolicy.") }],
        data: { value, suggestion: 'Never' },
      });
    }
  },
};
