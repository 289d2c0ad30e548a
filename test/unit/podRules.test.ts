/** Related locations and quick-fix data of the Pod-family rules (the fixtures check ranges only). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type Finding } from '../../server/src/analysis';
import { findingData } from '../../server/src/analysis/rule';
import { initEnvNotInherited } from '../../server/src/analysis/rules/init-env-not-inherited';
import { restartNeverInitFailure } from '../../server/src/analysis/rules/restart-never-init-failure';

function run(text: string, rule: string): Finding[] {
  return analyze(text, {}, { onRuleError: (id, e) => assert.fail(`rule ${id} threw: ${String(e)}`) }).findings.filter((f) => f.rule === rule);
}
const slice = (text: string, a: { start: number; end: number }): string => text.slice(a.start, a.end);

test('sidecar-port-conflict points at the sidecar port as related', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - {name: proxy, image: envoyproxy/envoy:v1.31.0, restartPolicy: Always, ports: [{containerPort: 8080}]}
  containers:
    - {name: app, image: nginx:1.27.3, ports: [{containerPort: 8080, protocol: TCP}]}
`;
  const [f, ...rest] = run(text, 'sidecar-port-conflict');
  assert.equal(rest.length, 0);
  assert.equal(f.container, 'app');
  assert.equal(f.start, text.lastIndexOf('8080'));
  assert.equal(f.related.length, 1);
  assert.equal(f.related[0].start, text.indexOf('8080'));
  assert.deepEqual(f.data, { port: 8080, protocol: 'TCP', otherContainer: 'proxy' });
});

test('init-env-not-inherited gives the name, the defining container and its env entry', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: wait
      image: busybox:1.36.1
      command: ["sh", "-c", "until nc -z \\"$DB_HOST\\" 5432; do sleep 1; done; echo $DB_HOST"]
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      env:
        - name: DB_HOST
          value: db
`;
  const found = run(text, 'init-env-not-inherited');
  assert.equal(found.length, 1, 'one finding per variable and container');
  const f = found[0];
  assert.equal(slice(text, f), '$DB_HOST');
  assert.equal(f.container, 'wait');
  assert.deepEqual(findingData(initEnvNotInherited, f), { name: 'DB_HOST', fromContainer: 'app' });
  assert.equal(f.related.length, 1);
  assert.equal(slice(text, f.related[0]).trim(), 'name: DB_HOST\n          value: db');
});

test('init-env-not-inherited maps offsets through escapes and multi-byte text', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: wait
      image: busybox:1.36.1
      command: ["sh", "-c", "echo \\"héllo ✓\\" && echo \\"\${API_URL}\\""]
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      env: [{name: API_URL, value: "http://api"}]
`;
  const [f] = run(text, 'init-env-not-inherited');
  assert.equal(slice(text, f), '${API_URL}');
});

test('restart-never-init-failure reads the Job backoffLimit and stays quiet for Deployments', () => {
  const job = (limit: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
${limit}  template:
    spec:
      restartPolicy: Never
      initContainers: [{name: wait, image: busybox:1.36.1, command: ["sleep", "1"]}]
      containers: [{name: main, image: busybox:1.36.1}]
`;
  const [a] = run(job('  backoffLimit: 3\n'), 'restart-never-init-failure');
  assert.equal(findingData(restartNeverInitFailure, a)?.backoffLimit, 3);
  assert.match(a.detail ?? '', /`backoffLimit` \(3\)/);
  const [b] = run(job(''), 'restart-never-init-failure');
  assert.equal(findingData(restartNeverInitFailure, b)?.backoffLimit, 6);
  const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers: [{name: wait, image: busybox:1.36.1}]
      containers: [{name: main, image: busybox:1.36.1}]
`;
  assert.equal(run(deploy, 'restart-never-init-failure').length, 0);
});
