/**
 * Restart and resize fields on an ephemeral container (catalogue INIT309): `validateEphemeralContainers`
 * allows only a list of fields, and `restartPolicy`, `restartPolicyRules` and `resizePolicy` are not on it
 * (`Forbidden: cannot be set for an Ephemeral Container`, 1.34–1.37 alike). At 1.34 the restart fields are
 * dropped before validation (ContainerRestartRules off); before 1.35 `restartPolicyRules` is unknown or
 * dropped; `restartPolicy` exists from 1.28.
 */
import { t } from '../i18n';
import { containerLabel } from '../model';
import { keyRange } from '../nodes';
import { containerRule, type Rule } from '../rule';
import { fixEphemeralRestartFields } from '../fixes/versions';
import { atLeast } from '../version';
import { apiPath } from './util';

/** What a finding of `ephemeral-restart-fields` tells its fixes. */
export interface EphemeralRestartFieldsData {
  field: string;
}

export const ephemeralRestartFields: Rule<EphemeralRestartFieldsData> = containerRule({
  id: 'ephemeral-restart-fields',
  lists: ['ephemeralContainers'],
  defaultSeverity: 'error',
  fixes: fixEphemeralRestartFields,
  summary: '`restartPolicy`, `restartPolicyRules` or `resizePolicy` on an ephemeral container: the API server forbids them.',
  catalogue: 'INIT309',
  checkContainer({ pod, version, report }, c) {
    const is134 = atLeast(version, 1, 34) && !atLeast(version, 1, 35);
    const checked: string[] = ['resizePolicy'];
    if (atLeast(version, 1, 28) && !is134) checked.push('restartPolicy');
    if (atLeast(version, 1, 35)) checked.push('restartPolicyRules');
    for (const field of checked) {
      const range = keyRange(c.node, field);
      if (!range) continue;
      report({
        range,
        container: c,
        message: t('Ephemeral container "{0}" cannot set {1}', containerLabel(c), field),
        detail: t(
          'The API server rejects it: `{0}: Forbidden: cannot be set for an Ephemeral Container`. Ephemeral containers are never restarted or resized; they are added to a running Pod through the `ephemeralcontainers` subresource (`kubectl debug`), and a Pod created with `ephemeralContainers` is rejected anyway (`spec.ephemeralContainers: Forbidden: cannot be set on create`). Remove the field.',
          apiPath(pod, c, field),
        ),
        data: { field },
      });
    }
  },
});
