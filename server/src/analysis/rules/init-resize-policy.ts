/**
 * `resizePolicy` on init containers (catalogue INIT018, INIT315): any value was rejected up to 1.32;
 * 1.33–1.35 accept it (InPlacePodVerticalScaling: sidecars can be resized); from 1.36 the API server
 * rejects `restartPolicy: RestartContainer` on an init container that is not a sidecar
 * (`validateInitContainers` at master before v1.36.0 and after v1.37.0-beta.0; init-rules.md §7.5).
 */
import { t } from '../i18n';
import { containerLabel } from '../model';
import { asMap, asScalar, get, keyRange, rangeOf, scalarText, seqItems } from '../nodes';
import { Rule } from '../rule';
import { fixInitResizePolicy } from '../fixes/versions';
import { atLeast, formatKubeVersion } from '../version';
import { apiPath } from './util';

/** What a finding of `init-resize-policy` tells its fixes. */
export interface InitResizePolicyData {
  problem: 'before-133' | 'restart-container';
  suggestion?: string;
}

export const initResizePolicy: Rule<InitResizePolicyData> = {
  id: 'init-resize-policy',
  defaultSeverity: 'error',
  fixes: fixInitResizePolicy,
  summary:
    '`resizePolicy` on an init container the target API server rejects: any before 1.33; `RestartContainer` on a non-sidecar init container from 1.36.',
  catalogue: 'INIT315',
  check({ pod, version, report }) {
    for (const c of pod.initContainers) {
      if (!c.resizePolicyNode) continue;
      const name = containerLabel(c);
      if (!atLeast(version, 1, 33)) {
        report({
          range: keyRange(c.node, 'resizePolicy'),
          container: c,
          message: t('Kubernetes {0} rejects resizePolicy on init container "{1}" (allowed from 1.33)', formatKubeVersion(version), name),
          detail: t(
            'The API server rejects this Pod: `{0}: Invalid value: …: must not be set for init containers`. Up to 1.32 no init container can be resized in place; from 1.33 (InPlacePodVerticalScaling beta) a sidecar can. Remove the field, or target 1.33 or later.',
            apiPath(pod, c, 'resizePolicy'),
          ),
          data: { problem: 'before-133' },
        });
        continue;
      }
      if (!atLeast(version, 1, 36) || c.role === 'sidecar') continue;
      seqItems(c.resizePolicyNode).forEach((item, i) => {
        const node = asScalar(get(asMap(item), 'restartPolicy'));
        if (scalarText(node) !== 'RestartContainer') return;
        report({
          range: rangeOf(node),
          container: c,
          message: t('Kubernetes 1.36 rejects RestartContainer in the resizePolicy of init container "{0}"', name),
          detail: t(
            'The API server rejects this Pod: `{0}: Invalid value: "RestartContainer": must not be set to \'RestartContainer\' for non-sidecar initContainers`. A plain init container has exited before anything could resize it. Use `NotRequired`, remove the `resizePolicy`, or make the container a sidecar (`restartPolicy: Always`) if it keeps running. 1.33–1.35 accepted it.',
            apiPath(pod, c, `resizePolicy[${i}]`, 'restartPolicy'),
          ),
          data: { problem: 'restart-container', suggestion: 'NotRequired' },
        });
      });
    }
  },
};
