import { t } from '../i18n';
import { pairsFor, rangeOf } from '../nodes';
import { containerLabel } from '../model';
import { containerRule, type Rule } from '../rule';
import { fixInitLifecycleOrProbe } from '../fixes/containers';
import { apiPath } from './util';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** What a finding of `init-lifecycle-or-probe` tells its fixes. */
export interface InitLifecycleOrProbeData {
  /** `lifecycle`, `livenessProbe`, `readinessProbe` or `startupProbe`. */
  field: string;
}

export const initLifecycleOrProbe: Rule<InitLifecycleOrProbeData> = containerRule({
  id: 'init-lifecycle-or-probe',
  lists: ['initContainers'],
  defaultSeverity: 'error',
  summary: 'Hooks or probes on an init container that is not a native sidecar: the API server rejects the Pod.',
  catalogue: 'INIT001',
  fixes: fixInitLifecycleOrProbe,
  checkContainer({ pod, report }, c) {
    if (c.role !== 'init') return;
    // the four keys found in one walk of the container map
    const pairs = pairsFor(c.node, FIELDS);
    for (let i = 0; i < FIELDS.length; i++) {
      const pair = pairs[i];
      if (!pair) continue;
      const field = FIELDS[i];
      const range = rangeOf(pair.key);
      if (!range) continue;
      report({
        range,
        container: c,
        message: t('{0} on plain init container "{1}" is rejected: only sidecars may have it', field, containerLabel(c)),
        detail: t(
          'The API server rejects this Pod: {0}: Forbidden: may not be set for init containers without restartPolicy=Always. A plain init container is done when it exits 0, so it never runs hooks or probes. Remove `{1}`, or add `restartPolicy: Always` to make it a native sidecar.',
          apiPath(pod, c, field),
          field,
        ),
        data: { field },
      });
    }
  },
});
