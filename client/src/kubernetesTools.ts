/**
 * The optional integration with Microsoft's Kubernetes extension
 * (`ms-kubernetes-tools.vscode-kubernetes-tools`): a Pod right-clicked in its Clusters view is
 * resolved to a namespace and name through its published Cluster Explorer API, v1. No `vscode`
 * import and no dependency on the extension or its npm package: the broker object is whatever the
 * extension's `activate()` returned, checked at run time.
 *
 * Where each name comes from (vscode-kubernetes-tools/vscode-kubernetes-tools):
 * - the extension id, the broker's `get(component, version)` returning `{available, api}`, and the
 *   component id `clusterexplorer` with version `v1`: docs/extending/README.md;
 * - `resolveCommandTarget(target)` and the node shape (`nodeType: 'resource'`, `namespace`, `name`,
 *   `resourceKind.manifestKind`): src/api/contract/cluster-explorer/v1.ts;
 * - the view id `extension.vsKubernetesExplorer` and the item context `vsKubernetes.resource.pod`
 *   (matched as a regular expression, as the docs ask): docs/extending/commandtargets.md. The menu
 *   entry itself is in package.json (`contributes.menus["view/item/context"]`).
 */
import { isNamespace, isPodName } from './kubectl';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

/** What the Kubernetes extension's `activate()` returns: a broker handing out versioned APIs. */
export interface ApiBroker {
  get(component: string, version: string): unknown;
}

/**
 * The namespace and name of the Pod a Clusters-view node stands for; null when the broker has no
 * Cluster Explorer v1, the target is not one of its nodes, or the node is not a Pod.
 */
export function podOfExplorerTarget(broker: unknown, target: unknown): { namespace: string; name: string } | null {
  if (!broker || typeof (broker as ApiBroker).get !== 'function') return null;
  let answer: unknown;
  try {
    answer = (broker as ApiBroker).get('clusterexplorer', 'v1');
  } catch {
    return null;
  }
  const a = answer as { available?: unknown; api?: { resolveCommandTarget?: unknown } } | null;
  if (a?.available !== true || !a.api || typeof a.api.resolveCommandTarget !== 'function') return null;
  let node: unknown;
  try {
    node = (a.api.resolveCommandTarget as (t: unknown) => unknown)(target);
  } catch {
    return null;
  }
  const n = node as { nodeType?: unknown; namespace?: unknown; name?: unknown; resourceKind?: { manifestKind?: unknown } } | undefined;
  if (n?.nodeType !== 'resource' || n.resourceKind?.manifestKind !== 'Pod' || typeof n.name !== 'string') return null;
  const namespace = typeof n.namespace === 'string' && n.namespace ? n.namespace : 'default';
  return isNamespace(namespace) && isPodName(n.name) ? { namespace, name: n.name } : null;
}
