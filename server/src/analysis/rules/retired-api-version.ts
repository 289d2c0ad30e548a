/**
 * A Pod or workload under an apiVersion the target API server does not serve: the beta workload
 * APIs removed in 1.16 (`extensions/v1beta1`, `apps/v1beta1`, `apps/v1beta2`), `batch/v1beta1`
 * CronJob removed in 1.25, the alpha `batch/v2alpha1` CronJob (never served by default, gone in
 * 1.21), and any apiVersion that never had the kind (`kind: Pod` outside `v1`). Sources: the
 * Kubernetes deprecated API migration guide (kubernetes.io/docs/reference/using-api/deprecation-guide/),
 * "v1.16: removal of deprecated APIs" and "v1.25" sections.
 *
 * Only the built-in groups are judged (core, `apps`, `extensions`, `batch`): a custom resource may
 * reuse a kind name (Volcano's `batch.volcano.sh` Job) and is none of our business.
 */
import { t } from '../i18n';
import type { PodSpec, WorkloadKind } from '../model';
import { asMap, getPath, has, rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { fixRetiredApiVersion } from '../fixes/versions';
import { atLeast, formatKubeVersion, type KubeVersion } from '../version';

export const CURRENT_API_VERSION: Record<WorkloadKind, string> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  PodTemplate: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

interface Retired {
  kinds: readonly WorkloadKind[];
  /** The first minor that no longer serves it (0: never served by default). */
  removedIn: number;
  /** apps/v1 needs `spec.selector`, which these versions defaulted from the template's labels. */
  selectorDefaulted: boolean;
}

const RETIRED: Record<string, Retired> = {
  'extensions/v1beta1': { kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: 16, selectorDefaulted: true },
  'apps/v1beta1': { kinds: ['Deployment', 'StatefulSet'], removedIn: 16, selectorDefaulted: true },
  'apps/v1beta2': { kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], removedIn: 16, selectorDefaulted: false },
  'batch/v1beta1': { kinds: ['CronJob'], removedIn: 25, selectorDefaulted: false },
  'batch/v2alpha1': { kinds: ['CronJob'], removedIn: 0, selectorDefaulted: false },
};

/**
 * Current apiVersions that a kind got late: before `addedIn` the target does not serve the kind
 * there yet, and `previous` is the version it does serve (the deprecation guide; batch/v1 CronJob
 * is GA in 1.21, apps/v1 in 1.9).
 */
const INTRODUCED: Partial<Record<WorkloadKind, { addedIn: number; previous: string }>> = {
  CronJob: { addedIn: 21, previous: 'batch/v1beta1' },
  Deployment: { addedIn: 9, previous: 'apps/v1beta2' },
  ReplicaSet: { addedIn: 9, previous: 'apps/v1beta2' },
  StatefulSet: { addedIn: 9, previous: 'apps/v1beta2' },
  DaemonSet: { addedIn: 9, previous: 'apps/v1beta2' },
};

const BUILT_IN_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);

export interface ApiVersionVerdict {
  current: string;
  /** Set when the apiVersion once served the kind. */
  removedIn: number | null;
  /** Set when the apiVersion serves the kind only from this minor on (later than the target). */
  addedIn?: number;
  /** The fix must add `spec.selector` (apps/v1 requires it; the old version defaulted it). */
  needsSelector: boolean;
}

/** Whether the target serves `pod`'s apiVersion for its kind; null when it does (or we cannot tell). */
export function apiVersionVerdict(pod: PodSpec, version: KubeVersion): ApiVersionVerdict | null {
  const kind = pod.kind;
  const api = pod.apiVersion?.trim() ?? null;
  if (!kind || !api || api.includes('{{')) return null;
  // the apiVersion to use at the target: the current one, or the one before it on older targets
  const intro = INTRODUCED[kind];
  const early = intro !== undefined && version.major === 1 && !atLeast(version, 1, intro.addedIn);
  const current = early ? intro.previous : CURRENT_API_VERSION[kind];
  if (api === current) return null;
  if (early && api === CURRENT_API_VERSION[kind]) return { current, removedIn: null, addedIn: intro.addedIn, needsSelector: false };
  const group = api.includes('/') ? api.slice(0, api.indexOf('/')) : '';
  if (!BUILT_IN_GROUPS.has(group)) return null;
  const retired = RETIRED[api];
  if (retired?.kinds.includes(kind)) {
    if (retired.removedIn > 0 && !atLeast(version, 1, retired.removedIn)) return null;
    const ws = pod.workloadSpecNode;
    const needsSelector = retired.selectorDefaulted && ws !== null && !has(ws, 'selector');
    return { current, removedIn: retired.removedIn, needsSelector };
  }
  return { current, removedIn: null, needsSelector: false };
}

/** What a finding of `retired-api-version` tells its fixes. */
export interface RetiredApiVersionData {
  current: string;
  needsSelector: boolean;
  templateLabels: boolean;
}

export const retiredApiVersion: Rule<RetiredApiVersionData> = {
  id: 'retired-api-version',
  defaultSeverity: 'error',
  fixes: fixRetiredApiVersion,
  summary:
    'A Pod or workload under an apiVersion the target API server does not serve (`extensions/v1beta1`, `apps/v1beta1|2` since 1.16, `batch/v1beta1` CronJob since 1.25, `kind: Pod` outside `v1`), or not yet (`batch/v1` CronJob before 1.21, `apps/v1` before 1.9).',
  check({ pod, version, report }) {
    const verdict = apiVersionVerdict(pod, version);
    if (!verdict || !pod.apiVersionNode) return;
    const api = pod.apiVersion!.trim();
    const kind = pod.kind!;
    const notFound = t('`no matches for kind "{0}" in version "{1}"` (kubectl: `resource mapping not found`)', kind, api);
    let detail: string;
    if (verdict.addedIn !== undefined) {
      detail = t(
        'Kubernetes serves {0} in `{1}` only from 1.{2}; a {3} API server answers {4}. Use `apiVersion: {5}`, or target 1.{2} or later.',
        kind,
        api,
        verdict.addedIn,
        formatKubeVersion(version),
        notFound,
        verdict.current,
      );
    } else if (verdict.removedIn === null) {
      detail = t('The API server has no {0} resource in `{1}`, at any version: {2}. Use `apiVersion: {3}`.', kind, api, notFound, verdict.current);
    } else if (verdict.removedIn === 0) {
      detail = t(
        '`{0}` was an alpha API, never served unless enabled by hand, and removed in Kubernetes 1.21: {1}. Use `apiVersion: {2}` (the same fields).',
        api,
        notFound,
        verdict.current,
      );
    } else {
      detail = t('Kubernetes 1.{0} stopped serving {1} in `{2}`: {3}. Use `apiVersion: {4}`.', verdict.removedIn, kind, api, notFound, verdict.current);
      if (RETIRED[api]?.selectorDefaulted) {
        detail +=
          ' ' +
          t(
            "`{0}` requires `spec.selector` (the old API defaulted it from the template's labels) and changes some defaults (the update strategy of DaemonSets and StatefulSets becomes `RollingUpdate`).",
            verdict.current,
          );
      }
    }
    const labels = asMap(getPath(pod.workloadSpecNode, ['template', 'metadata', 'labels']));
    report({
      range: rangeOf(pod.apiVersionNode),
      message:
        verdict.addedIn !== undefined
          ? t('Kubernetes {0} does not serve {1} {2} yet: use {3}', formatKubeVersion(version), kind, api, verdict.current)
          : verdict.removedIn === null
            ? t('There is no {0} in apiVersion {1}: use {2}', kind, api, verdict.current)
            : verdict.removedIn === 0
              ? t('{0} {1} is not served by Kubernetes: use {2}', kind, api, verdict.current)
              : t('Kubernetes 1.{0}+ does not serve {1} {2}: use {3}', verdict.removedIn, kind, api, verdict.current),
      detail,
      data: {
        current: verdict.current,
        needsSelector: verdict.needsSelector,
        templateLabels: verdict.needsSelector && labels !== null && labels.items.length > 0,
      },
    });
  },
};
