import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import type { PodSpec } from '../../server/src/analysis/model';
import { formatQuantity } from '../../server/src/analysis/quantity';
import { effectiveResources } from '../../server/src/analysis/resources';

function pod(text: string): PodSpec {
  const pods = analyze(text).documents.flatMap((d) => d.pods);
  assert.equal(pods.length, 1);
  return pods[0];
}

describe('effectiveResources', () => {
  test('sidecars before an init container add to its phase; sidecars after it only to the steady state', () => {
    const p = pod(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: mesh
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
      resources: { requests: { cpu: 200m, memory: 128Mi } }
    - name: build
      image: registry.example.com/build:1
      resources: { requests: { cpu: "1", memory: 1Gi } }
    - name: logs
      image: fluent/fluent-bit:3.1.9
      restartPolicy: Always
      resources: { requests: { cpu: 100m, memory: 64Mi } }
  containers:
    - name: app
      image: registry.example.com/app:1
      resources: { requests: { cpu: 500m, memory: 2Gi } }
`);
    const e = effectiveResources(p);
    const cpu = e.requests.get('cpu')!;
    // init phase of build: mesh 200m + build 1 = 1200m; steady: 200m + 100m + 500m = 800m
    assert.equal(cpu.text, '1200m');
    assert.equal(cpu.phase, 'init');
    assert.equal(cpu.setBy?.name, 'build');
    assert.deepEqual(
      cpu.contributors.map((c) => c.name),
      ['mesh', 'build'],
    );
    assert.equal(formatQuantity(cpu.steady), '800m');
    assert.equal(formatQuantity(cpu.initPeak!), '1200m');
    const mem = e.requests.get('memory')!;
    // init: 128Mi + 1Gi = 1152Mi; steady: 128Mi + 64Mi + 2Gi = 2240Mi
    assert.equal(mem.text, '2240Mi');
    assert.equal(mem.phase, 'steady');
    assert.equal(mem.setBy, null);
    assert.deepEqual(
      mem.contributors.map((c) => c.name),
      ['mesh', 'logs', 'app'],
    );
  });

  test('requests default to limits; limits aggregate the same way; missing ones are listed', () => {
    const p = pod(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      resources: { limits: { cpu: "2", memory: 256Mi } }
  containers:
    - name: a
      image: registry.example.com/a:1
      resources: { requests: { cpu: 250m }, limits: { cpu: 500m } }
    - name: b
      image: registry.example.com/b:1
      resources: { requests: { cpu: 250m, example.com/dongle: 1 }, limits: { example.com/dongle: 1 } }
`);
    const e = effectiveResources(p);
    assert.equal(e.requests.get('cpu')!.text, '2');
    assert.equal(e.requests.get('cpu')!.setBy?.name, 'init');
    assert.equal(e.limits.get('cpu')!.text, '2');
    assert.deepEqual(
      e.limits.get('cpu')!.missing.map((c) => c.name),
      ['b'],
    );
    assert.equal(e.requests.get('memory')!.text, '256Mi');
    assert.deepEqual(
      e.requests.get('memory')!.missing.map((c) => c.name),
      ['a', 'b'],
    );
    assert.equal(e.requests.get('example.com/dongle')!.text, '1');
    assert.equal(e.podLevel, false);
  });

  test('pod-level resources override the aggregate', () => {
    const p = pod(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  resources: { requests: { cpu: "1" } }
  initContainers:
    - name: init
      image: busybox:1.36
      resources: { requests: { cpu: "2", memory: 1Gi } }
  containers:
    - name: a
      image: registry.example.com/a:1
`);
    const e = effectiveResources(p);
    assert.equal(e.podLevel, true);
    assert.equal(e.requests.get('cpu')!.phase, 'pod');
    assert.equal(e.requests.get('cpu')!.text, '1');
    assert.equal(e.requests.get('memory')!.phase, 'init');
  });

  test('unreadable values make the figure uncertain, not wrong', () => {
    const p = pod(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      resources: { requests: { cpu: lots } }
  containers:
    - name: a
      image: registry.example.com/a:1
      resources: { requests: { cpu: 100m } }
`);
    const cpu = effectiveResources(p).requests.get('cpu')!;
    assert.equal(cpu.uncertain, true);
    assert.equal(cpu.text, '100m');
  });
});
