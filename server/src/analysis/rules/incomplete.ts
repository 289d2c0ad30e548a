/**
 * Whether absence in a Pod spec proves anything. `pod.partial` covers fragments, Helm templates
 * and documents with syntax errors; this also treats as incomplete the objects that cannot be
 * applied as written because they are patches or test assertions: no `metadata.name` (nor
 * `generateName`) — a strategic-merge patch or a chainsaw/kuttl assert — or an apps/v1 workload
 * without `spec.selector`, which apps/v1 requires.
 */
import type { PodSpec } from '../model';
import { get, getPath, has } from '../nodes';

const NEEDS_SELECTOR = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

export function absenceUnknown(pod: PodSpec): boolean {
  if (pod.partial) return true;
  const meta = get(pod.objectNode, 'metadata');
  if (!has(meta, 'name') && !has(meta, 'generateName')) return true;
  if (pod.kind && NEEDS_SELECTOR.has(pod.kind) && !getPath(pod.objectNode, ['spec', 'selector'])) return true;
  return false;
}
