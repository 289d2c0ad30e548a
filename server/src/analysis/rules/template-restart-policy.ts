import { t } from '../i18n';
import { rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { fixTemplateRestartPolicy } from '../fixes/containers';
import { apiPath } from './util';

/** What a finding of `template-restart-policy` tells its fixes. */
export interface TemplateRestartPolicyData {
  value: string | null;
  suggestion: 'Always';
}

export const templateRestartPolicy: Rule<TemplateRestartPolicyData> = {
  id: 'template-restart-policy',
  defaultSeverity: 'error',
  summary: 'A Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController template whose `restartPolicy` is not `Always`.',
  catalogue: 'INIT021',
  fixes: fixTemplateRestartPolicy,
  check({ pod, report }) {
    if (pod.workload !== 'replicated') return;
    const value = pod.restartPolicy;
    if (value === null || value === 'Always' || !pod.restartPolicyNode || value.includes('{{')) return;
    const kind = pod.kind ?? 'Deployment';
    const caseFix = value.trim().toLowerCase() === 'always';
    report({
      range: rangeOf(pod.restartPolicyNode),
      message: caseFix
        ? t('restartPolicy "{0}" is rejected: values are case-sensitive, write "{1}"', value, 'Always')
        : t('restartPolicy "{0}" is not valid for a {1}: its Pods always restart', value, kind),
      detail: t(
        'The API server rejects this {0}: {1}: Unsupported value: "{2}": supported values: "Always". {3}',
        kind,
        apiPath(pod, null, 'restartPolicy'),
        value,
        caseFix
          ? t('Values are case-sensitive: write `Always`.')
          : t(
              'A {0} keeps its Pods running, so their containers always restart (a failing init container is retried with back-off). Remove the field; for run-to-completion work use a Job.',
              kind,
            ),
      ),
      data: { value, suggestion: 'Always' },
    });
  },
};
