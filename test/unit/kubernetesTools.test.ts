/**
 * The optional Kubernetes-extension integration: a Clusters-view node resolved to a Pod's namespace
 * and name through the extension's Cluster Explorer API v1, here a fake broker object shaped as
 * vscode-kubernetes-tools documents it (docs/extending/README.md, src/api/contract/cluster-explorer/v1.ts).
 * The extension itself is not installed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { podOfExplorerTarget } from '../../client/src/kubernetesTools';

/** A broker whose Cluster Explorer v1 resolves `target` to `node` (and anything else to undefined). */
function broker(target: unknown, node: unknown, available = true): unknown {
  return {
    get(component: string, version: string) {
      if (component !== 'clusterexplorer' || version !== 'v1') return { available: false, reason: 'version-unknown' };
      if (!available) return { available: false, reason: 'extension-not-available' };
      return { available: true, api: { resolveCommandTarget: (t: unknown) => (t === target ? node : undefined), registerNodeContributor() {}, refresh() {} } };
    },
  };
}

const target = { opaque: 'tree node' };
const podNode = (namespace: string | null, name: string) => ({
  nodeType: 'resource',
  namespace,
  name,
  resourceKind: { manifestKind: 'Pod', abbreviation: 'po' },
});

test('a Pod node resolves to its namespace and name', () => {
  assert.deepEqual(podOfExplorerTarget(broker(target, podNode('shop', 'shop-api-7d9c6b5f4-x2kq8')), target), {
    namespace: 'shop',
    name: 'shop-api-7d9c6b5f4-x2kq8',
  });
});

test('no namespace on the node: default', () => {
  assert.deepEqual(podOfExplorerTarget(broker(target, podNode(null, 'web-0')), target), { namespace: 'default', name: 'web-0' });
});

test('anything else resolves to nothing', () => {
  assert.equal(
    podOfExplorerTarget(
      broker(target, { nodeType: 'resource', namespace: 'x', name: 'n', resourceKind: { manifestKind: 'Deployment', abbreviation: 'deploy' } }),
      target,
    ),
    null,
  );
  assert.equal(podOfExplorerTarget(broker(target, { nodeType: 'context', name: 'kind-kind' }), target), null);
  assert.equal(podOfExplorerTarget(broker(target, podNode('shop', 'x')), { other: true }), null, 'not a node of its tree');
  assert.equal(podOfExplorerTarget(broker(target, podNode('shop', 'x'), false), target), null, 'API not available');
  assert.equal(podOfExplorerTarget(undefined, target), null, 'extension not installed');
  assert.equal(
    podOfExplorerTarget(
      {
        get() {
          throw new Error('boom');
        },
      },
      target,
    ),
    null,
  );
  assert.equal(podOfExplorerTarget(broker(target, podNode('shop', '--kubeconfig=/tmp/x')), target), null, 'a name kubectl would read as an option');
});

test('the menu entry matches the Clusters view and its Pod items only', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const entry = pkg.contributes.menus['view/item/context'].find((m: { command: string }) => m.command === 'initlens.showPodInitTimeline');
  assert.ok(entry);
  assert.match(entry.when, /^view == extension\.vsKubernetesExplorer && viewItem =~ \/vsKubernetes\\\.resource\\\.pod\/i$/);
  const m = /viewItem =~ \/(.*)\/i$/.exec(entry.when)!;
  const re = new RegExp(m[1], 'i');
  assert.ok(re.test('vsKubernetes.resource.pod'));
  assert.ok(!re.test('vsKubernetes.resource.node'));
  assert.ok(
    pkg.contributes.menus.commandPalette.some((c: { command: string; when: string }) => c.command === 'initlens.showPodInitTimeline' && c.when === 'false'),
  );
  const setting = pkg.contributes.configuration.properties['initlens.kubectlPath'];
  assert.equal(setting.scope, 'machine', 'a workspace cannot choose the program that runs');
  assert.equal(setting.default, 'kubectl');
});
