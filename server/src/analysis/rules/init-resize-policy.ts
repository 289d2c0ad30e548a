/**
 * `resizePolicy` on init containers (catalogue INIT018, INIT315): any value was rejected up to 1.32;
 * 1.33–1.35 accept it (InPlacePodVerticalScaling: sidecars can be resized); from 1.36 the API server
 * rejects `restartPolicy: RestartContainer` on an init container that is not a sidecar
 * (`validateInitContainers` at master before v1.36.0 and after v1.37.0-beta.0; init-rules.md §7.5).
 */
import { t } from '../i18n';
import { containerLabel } from '../model';
import { asMap, asScalar, get, keyRange, rangeOf, scalarText, seqItems } from '../nodes';
import type { Rule, RuleContext } from '../rule';
import { mdCode } from '../markdown';
import { fixInitResizePolicy } from '../fixes/versions';
import { atLeast, formatKubeVersion } from '../version';
import { apiPath } from './util';

/** What a finding of `init-resize-policy` tells its fixes. */
export interface InitResizePolicyData {
  problem: 'before-133' | 'restart-container' | 'pod-never';
  suggestion?: string;
}

export const initResizePolicy: Rule<InitResizePolicyData> = {
  id: 'init-resize-policy',
  defaultSeverity: 'error',
  fixes: fixInitResizePolicy,
  summary:
    '`resizePolicy` on an init container the target API server rejects: any before 1.33; `RestartContainer` on a non-sidecar init container from 1.36; `RestartContainer` on any container of a Pod with `restartPolicy: Never` (1.34+).',
  catalogue: 'INIT315',
  check({ pod, version, report }) {
    checkPodNever(pod, version, report);
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

/**
 * INIT316 (`validateResizePolicy`, 1.34+): in a Pod whose `restartPolicy` is `Never`, every
 * container's resize policy must be `NotRequired`. The check reads the Pod's policy, not the
 * container's own; the error names the list (no index), and 1.36 added the word "pod".
 */
function checkPodNever(
  pod: RuleContext<InitResizePolicyData>['pod'],
  version: RuleContext<InitResizePolicyData>['version'],
  report: RuleContext<InitResizePolicyData>['report'],
): void {
  if (!atLeast(version, 1, 34) || pod.restartPolicy !== 'Never') return;
  const from136 = atLeast(version, 1, 36);
  for (const c of [...pod.initContainers, ...pod.containers]) {
    if (!c.resizePolicyNode || c.templated) continue;
    const restarts = seqItems(c.resizePolicyNode).some((item) => scalarText(asScalar(get(asMap(item), 'restartPolicy'))) === 'RestartContainer');
    if (!restarts) continue;
    const path = apiPath(pod, c, 'resizePolicy');
    const error = from136
      ? `${path}: Invalid value: "RestartContainer": must be 'NotRequired' when pod \`restartPolicy\` is 'Never'`
      : `${path}: Invalid value: "RestartContainer": must be 'NotRequired' when \`restartPolicy\` is 'Never'`;
    report({
      range: keyRange(c.node, 'resizePolicy'),
      container: c,
      message: t('resizePolicy RestartContainer on "{0}" is rejected: the Pod\'s restartPolicy is Never', containerLabel(c)),
      detail: t(
        "The API server rejects this Pod: {0}. A Pod with `restartPolicy: Never` cannot restart a container to resize it, whatever the container's own `restartPolicy` says. Use `NotRequired` (or remove the `resizePolicy`), or give the Pod another `restartPolicy`.",
        mdCode(error),
      ),
      data: { problem: 'pod-never', suggestion: 'NotRequired' },
    });
  }
}
