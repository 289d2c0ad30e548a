/**
 * What completion offers in each context (server/src/features/completion.ts with the real
 * snippets/ file): one entry per snippet, whole objects only at the top of a document, list items
 * only inside their list, the likeliest first — and nothing elsewhere. The counts are the contract:
 * before, an empty file offered 31 items (each snippet under every prefix, list items included, and
 * VS Code's own copy of the contributed snippets on top).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSnippets, snippetCompletions } from '../../server/src/features/completion';
import { LineIndex } from '../../server/src/analysis';
import { root } from '../helpers/built';

const entries = loadSnippets(path.join(root, 'snippets', 'kubernetes-init.code-snippets'));

/** Labels offered with the cursor at `|`, in the order the editor sorts them (sortText). */
function offered(src: string): string[] {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  const lines = new LineIndex(text);
  const items = snippetCompletions(entries, text, offset, (o) => lines.positionAt(o));
  return [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => String(i.label));
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
`;

const POD = (init: string, containers: string, volumes: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
${init}
  containers:
${containers}
  volumes:
${volumes}
`;

const TOP = [
  'k8s-deployment-init-sidecar',
  'k8s-pod-init',
  'k8s-job-sidecar',
  'k8s-init-download',
  'k8s-init-config',
  'k8s-init-fix-permissions',
  'k8s-cni-daemonset',
];

describe('completion per context', () => {
  test('the snippet file: every snippet has one place', () => {
    const file = JSON.parse(fs.readFileSync(path.join(root, 'snippets', 'kubernetes-init.code-snippets'), 'utf8')) as object;
    assert.equal(entries.length, Object.keys(file).length);
  });

  test('an empty file: the 7 whole objects, once each, a Deployment first', () => {
    assert.deepEqual(offered('|'), TOP);
    assert.deepEqual(offered('k8s|'), TOP, 'a typed prefix: the same items (the editor filters)');
    assert.equal(new Set(offered('|')).size, offered('|').length, 'no duplicates');
  });

  test('the top of a second document: the whole objects, another of the kind before it first', () => {
    const got = offered(DEPLOYMENT + '---\n|');
    assert.equal(got.length, 7);
    assert.equal(got[0], 'k8s-deployment-init-sidecar');
    const afterJob = offered(DEPLOYMENT.replace('kind: Deployment', 'kind: Job') + '---\n|');
    assert.equal(afterJob[0], 'k8s-job-sidecar');
    const afterDaemonSet = offered(DEPLOYMENT.replace('kind: Deployment', 'kind: DaemonSet') + '---\n|');
    assert.equal(afterDaemonSet[0], 'k8s-cni-daemonset');
  });

  test('inside initContainers: the 4 init-container items; an empty list starts with a wait', () => {
    assert.deepEqual(offered(POD('    |', '    - name: app\n      image: nginx:1.27.0', '    - name: shared\n      emptyDir: {}')), [
      'init-wait-for-service',
      'init-container',
      'sidecar',
      'init-db-migrate',
    ]);
    assert.deepEqual(
      offered(POD('    - name: a\n      image: busybox:1.36.1\n    |', '    - name: app\n      image: nginx:1.27.0', '    - name: shared\n      emptyDir: {}')),
      ['init-container', 'sidecar', 'init-wait-for-service', 'init-db-migrate'],
    );
  });

  test('inside containers: the app container only', () => {
    assert.deepEqual(
      offered(POD('    - name: a\n      image: busybox:1.36.1', '    - name: app\n      image: nginx:1.27.0\n    |', '    - name: shared\n      emptyDir: {}')),
      ['app-container'],
    );
  });

  test('inside volumes: the 2 volume items, emptyDir first', () => {
    assert.deepEqual(
      offered(POD('    - name: a\n      image: busybox:1.36.1', '    - name: app\n      image: nginx:1.27.0', '    - name: shared\n      emptyDir: {}\n    |')),
      ['volume-emptydir', 'volume-configmap'],
    );
  });

  test('elsewhere: nothing', () => {
    const pod = POD('    - name: a\n      image: busybox:1.36.1', '    - name: app\n      image: nginx:1.27.0', '    - name: shared\n      emptyDir: {}');
    for (const [what, src] of [
      ['after the whole manifest', pod + '|'],
      ['in metadata', pod.replace('  name: web\n', '  name: web\n  |\n')],
      ['inside an init container', pod.replace('      image: busybox:1.36.1', '      image: busybox:1.36.1\n      |')],
      ['a value', pod.replace('image: busybox', 'image: |busybox')],
      ['before the manifest', '|\n' + pod],
    ]) {
      assert.deepEqual(offered(src), [], what);
    }
  });

  test('the first item is preselected; labels are the first prefix, the others still match', () => {
    const offset = 0;
    const items = snippetCompletions(entries, '', offset, () => ({ line: 0, character: 0 }));
    assert.equal(items.filter((i) => i.preselect).length, 1);
    const pod = items.find((i) => i.label === 'k8s-pod-init');
    assert.match(String(pod?.filterText), /\bpod-init\b/);
  });
});
