/**
 * Container restart fields a target API server accepts and throws away (catalogue INIT301).
 *
 * At 1.34 the `ContainerRestartRules` gate is alpha and off: before validation, the API server's
 * `dropDisabledFields` removes `restartPolicy` from regular containers, a non-`Always` `restartPolicy`
 * from init containers, and `restartPolicyRules` from every container. No error, no API warning — the
 * manifest is applied and the fields do nothing. Before 1.34 `restartPolicyRules` is not part of the API
 * at all: an unknown field, dropped with a warning (or refused by `kubectl apply`'s strict field
 * validation). The other cases before 1.34 are rejections, reported by `container-restart-policy`
 * and `init-restart-policy-value`.
 */
import { t } from '../i18n';
import { type Container, containerLabel } from '../model';
import { keyRange } from '../nodes';
import { containerRule, type Rule, type RuleReport } from '../rule';
import { fixRestartFieldsIgnored } from '../fixes/versions';
import { atLeast, formatKubeVersion } from '../version';
import { apiPath } from './util';

/** What a finding of `restart-fields-ignored` tells its fixes. */
export interface RestartFieldsIgnoredData {
  /** The field the target drops. */
  dropped: 'restartPolicy' | 'restartPolicyRules';
  value?: string;
}

export const restartFieldsIgnored: Rule<RestartFieldsIgnoredData> = containerRule({
  id: 'restart-fields-ignored',
  lists: ['initContainers', 'containers'],
  defaultSeverity: 'warning',
  fixes: fixRestartFieldsIgnored,
  summary:
    'Container `restartPolicy` or `restartPolicyRules` that the target API server accepts and drops (1.34: ContainerRestartRules is off; before 1.34 the rules do not exist).',
  catalogue: 'INIT301',
  checkContainer({ pod, version, report }, c) {
    if (atLeast(version, 1, 35)) return;
    const v = formatKubeVersion(version);
    const is134 = atLeast(version, 1, 34);
    const emit = (c: Container, r: RuleReport<RestartFieldsIgnoredData>): void => report({ ...r, container: c });
    const name = containerLabel(c);
    if (is134 && c.restartPolicy !== null && !c.restartPolicy.includes('{{')) {
      if (c.role === 'app') {
        emit(c, {
          range: keyRange(c.node, 'restartPolicy'),
          message: t('Kubernetes 1.34 drops restartPolicy on app container "{0}": it follows the Pod\'s policy', name),
          detail: t(
            "With default feature gates (ContainerRestartRules is alpha and off in 1.34) the API server removes `{0}` before validating: the Pod is accepted and the container restarts as the Pod's `restartPolicy` ({1}) says. A per-container policy works from Kubernetes 1.35. A sidecar belongs in `initContainers` with `restartPolicy: Always`. Remove the field, or target 1.35.",
            apiPath(pod, c, 'restartPolicy'),
            pod.effectiveRestartPolicy,
          ),
          data: { dropped: 'restartPolicy', value: c.restartPolicy },
        });
      } else if (c.role === 'init') {
        emit(c, {
          range: keyRange(c.node, 'restartPolicy'),
          message: t('Kubernetes 1.34 drops restartPolicy: {0} on "{1}": it runs as a plain init container', c.restartPolicy, name),
          detail: t(
            "With default feature gates (ContainerRestartRules is alpha and off in 1.34) the API server keeps an init container's `restartPolicy` only when it is `Always` (a native sidecar) and removes any other value from `{0}` before validating. The Pod is accepted; the init container follows the Pod's `restartPolicy` ({1}). Per-container `Never`/`OnFailure` work from Kubernetes 1.35. Remove the field, or target 1.35.",
            apiPath(pod, c, 'restartPolicy'),
            pod.effectiveRestartPolicy,
          ),
          data: { dropped: 'restartPolicy', value: c.restartPolicy },
        });
      }
    }
    if (c.restartPolicyRulesNode) {
      // A sidecar keeps its `restartPolicy: Always` at 1.34 and restarts on every exit; rules on a
      // sidecar are accepted only from 1.36 (1.35 rejects them, INIT307).
      const sidecar = c.role === 'sidecar';
      const target = sidecar ? '1.36' : '1.35';
      emit(c, {
        range: keyRange(c.node, 'restartPolicyRules'),
        message: is134
          ? sidecar
            ? t('Kubernetes 1.34 drops restartPolicyRules on sidecar "{0}": it restarts on every exit', name)
            : t('Kubernetes 1.34 drops restartPolicyRules on "{0}": the Pod\'s restartPolicy ({1}) applies', name, pod.effectiveRestartPolicy)
          : t('Kubernetes {0} has no restartPolicyRules: the rules on "{1}" are dropped', v, name),
        detail: is134
          ? sidecar
            ? t(
                'With default feature gates (ContainerRestartRules is alpha and off in 1.34) the API server removes `{0}` before validating: the Pod is accepted, silently, and the sidecar restarts on every exit as its `restartPolicy: Always` says. Restart rules on a sidecar are accepted from Kubernetes 1.36 (1.35 rejects them: `restartPolicyRules are not allowed for init containers with restart policy Always`). Remove the rules, or target 1.36.',
                apiPath(pod, c, 'restartPolicyRules'),
              )
            : t(
                "With default feature gates (ContainerRestartRules is alpha and off in 1.34) the API server removes `{0}` before validating, together with the container's own `restartPolicy`: the Pod is accepted, silently, and the container restarts as the Pod's `restartPolicy` ({1}) says. Restart rules work from Kubernetes 1.35 (beta, on by default). Remove the rules, or target 1.35.",
                apiPath(pod, c, 'restartPolicyRules'),
                pod.effectiveRestartPolicy,
              )
          : t(
              'Container restart rules arrived in Kubernetes 1.34 (KEP-5307). A {0} API server does not know `{1}`: it drops the unknown field with a warning, and `kubectl apply` (strict field validation) refuses the manifest with `strict decoding error: unknown field "{1}"`. Remove the rules, or target {2}.',
              v,
              apiPath(pod, c, 'restartPolicyRules'),
              target,
            ),
        data: { dropped: 'restartPolicyRules' },
      });
    }
  },
});
