import { t } from '../i18n';
import { keyRange, rangeOf } from '../nodes';
import { containerLabel } from '../model';
import { containerRule, type Rule } from '../rule';
import { fixContainerRestartPolicy } from '../fixes/containers';
import { atLeast } from '../version';
import { apiPath } from './util';

const FROM_135 = ['Always', 'Never', 'OnFailure'];

/** What a finding of `container-restart-policy` tells its fixes. */
export interface ContainerRestartPolicyData {
  value: string;
  /** `Always`: the container is a sidecar that belongs in `initContainers`. */
  moveToInitContainers?: boolean;
  /** The allowed value this one differs from only in case. */
  suggestion?: string | null;
}

export const containerRestartPolicy: Rule<ContainerRestartPolicyData> = containerRule({
  id: 'container-restart-policy',
  lists: ['containers'],
  defaultSeverity: 'error',
  summary:
    '`restartPolicy` on a regular container: forbidden before Kubernetes 1.34 (dropped at 1.34; from 1.35 only `Always`, `Never`, `OnFailure`); a sidecar belongs in `initContainers`.',
  catalogue: 'INIT004',
  fixes: fixContainerRestartPolicy,
  checkContainer({ pod, version, report }, c) {
    const gateOn = atLeast(version, 1, 35);
    // 1.34 drops the field instead (ContainerRestartRules off): restart-fields-ignored warns.
    if (!gateOn && atLeast(version, 1, 34)) return;
    const value = c.restartPolicy;
    // a number or boolean fails to decode (not a string): no validation message to quote
    if (value === null || !c.restartPolicyNode || typeof c.restartPolicyNode.value !== 'string' || value.includes('{{')) return;
    if (!gateOn) {
      report({
        range: keyRange(c.node, 'restartPolicy'),
        container: c,
        message:
          value === 'Always'
            ? t('restartPolicy on app container "{0}" is rejected: sidecars go in initContainers', containerLabel(c))
            : t('restartPolicy on app container "{0}" is rejected before Kubernetes 1.35', containerLabel(c)),
        detail:
          value === 'Always'
            ? t(
                'The API server rejects this Pod: {0}: Forbidden: may not be set for non-init containers. `restartPolicy: Always` does not make a container in `containers` a sidecar: native sidecars are declared in `initContainers` with `restartPolicy: Always`. Move this container to `initContainers` (before the containers that need it), or remove the field.',
                apiPath(pod, c, 'restartPolicy'),
              )
            : t(
                "The API server rejects this Pod: {0}: Forbidden: may not be set for non-init containers. A per-container `restartPolicy` is accepted only from Kubernetes 1.35 (ContainerRestartRules); before that app containers follow the Pod's `restartPolicy`. Remove the field (a sidecar belongs in `initContainers` with `restartPolicy: Always`).",
                apiPath(pod, c, 'restartPolicy'),
              ),
        data: { value, moveToInitContainers: value === 'Always' },
      });
      return;
    }
    if (value === 'Always') {
      // Accepted from 1.35, but it is only the container's own restart policy (INIT302): not a sidecar.
      report({
        range: keyRange(c.node, 'restartPolicy'),
        container: c,
        severity: 'warning',
        message: t('restartPolicy: Always does not make app container "{0}" a sidecar', containerLabel(c)),
        detail: t(
          "Accepted from Kubernetes 1.35, but in `containers` `restartPolicy: Always` is only this container's own restart policy (it restarts on every exit, whatever the Pod's `restartPolicy`): it is not a sidecar. It is not started before the other containers, and in a Job it keeps the Pod from completing. Native sidecars are declared in `initContainers` with `restartPolicy: Always`: move this container to `initContainers` (before the containers that need it), or remove the field.",
        ),
        data: { value, moveToInitContainers: true },
      });
      return;
    }
    if (FROM_135.includes(value)) return;
    const caseFix = FROM_135.find((v) => v.toLowerCase() === value.trim().toLowerCase()) ?? null;
    report({
      range: rangeOf(c.restartPolicyNode),
      container: c,
      message: caseFix
        ? t('restartPolicy "{0}" is rejected: values are case-sensitive, write "{1}"', value, caseFix)
        : t('restartPolicy "{0}" is not a supported value: the API server rejects the Pod', value),
      detail: t(
        'The API server rejects this Pod: {0}: Unsupported value: "{1}": supported values: "Always", "Never", "OnFailure". {2}',
        apiPath(pod, c, 'restartPolicy'),
        value,
        caseFix
          ? t('Values are case-sensitive: write `{0}`.', caseFix)
          : t("Use one of the supported values or remove the field (the container then follows the Pod's `restartPolicy`)."),
      ),
      data: { value, suggestion: caseFix },
    });
  },
});
