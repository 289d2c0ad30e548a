import { t } from '../i18n';
import { rangeOf } from '../nodes';
import { containerLabel } from '../model';
import { containerRule, type Rule } from '../rule';
import { fixInitRestartPolicyValue } from '../fixes/containers';
import { atLeast } from '../version';
import { apiPath } from './util';

const BEFORE_135 = ['Always'];
const FROM_135 = ['Always', 'Never', 'OnFailure'];

/** What a finding of `init-restart-policy-value` tells its fixes. */
export interface InitRestartPolicyValueData {
  value: string;
  /** The allowed value this one differs from only in case. */
  suggestion: string | null;
}

export const initRestartPolicyValue: Rule<InitRestartPolicyValueData> = containerRule({
  id: 'init-restart-policy-value',
  lists: ['initContainers'],
  defaultSeverity: 'error',
  summary: 'An init container `restartPolicy` the target API server does not accept (only `Always` before 1.34; any other value is dropped at 1.34).',
  catalogue: 'INIT003',
  fixes: fixInitRestartPolicyValue,
  checkContainer({ pod, version, report }, c) {
    // 1.34 drops a non-`Always` value instead (ContainerRestartRules off): restart-fields-ignored warns.
    if (!atLeast(version, 1, 35) && atLeast(version, 1, 34)) return;
    const allowed = atLeast(version, 1, 35) ? FROM_135 : BEFORE_135;
    const value = c.restartPolicy;
    // a number or boolean fails to decode (not a string): no validation message to quote
    if (value === null || !c.restartPolicyNode || typeof c.restartPolicyNode.value !== 'string' || value.includes('{{')) return;
    if (allowed.includes(value)) return;
    const supported = allowed.map((v) => `"${v}"`).join(', ');
    const caseFix = FROM_135.find((v) => v.toLowerCase() === value.trim().toLowerCase());
    let advice: string;
    if (caseFix && caseFix !== value && allowed.includes(caseFix)) {
      advice = t('Values are case-sensitive: write `{0}`.', caseFix);
    } else if (caseFix && !allowed.includes(caseFix)) {
      advice = t(
        '`Never` and `OnFailure` on a container are accepted only from Kubernetes 1.35 (ContainerRestartRules). Remove the field (an init container then follows the Pod), or use `Always` only if it is meant as a native sidecar that runs beside the app.',
      );
    } else {
      advice = t('Remove the field, or use `Always` to make it a native sidecar.');
    }
    report({
      range: rangeOf(c.restartPolicyNode),
      container: c,
      message:
        caseFix && caseFix !== value && allowed.includes(caseFix)
          ? t('restartPolicy "{0}" is rejected: values are case-sensitive, write "{1}"', value, caseFix)
          : caseFix && !allowed.includes(caseFix)
            ? t('restartPolicy "{0}" on init container "{1}" needs Kubernetes 1.35 or later', value, containerLabel(c))
            : t('restartPolicy "{0}" is not a supported value: the API server rejects the Pod', value),
      detail: t(
        'The API server rejects this Pod: {0}: Unsupported value: "{1}": supported values: {2}. {3}',
        apiPath(pod, c, 'restartPolicy'),
        value,
        supported,
        advice,
      ),
      data: { value, suggestion: caseFix && allowed.includes(caseFix) ? caseFix : null },
    });
  },
});
