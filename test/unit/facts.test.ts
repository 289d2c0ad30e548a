/**
 * The facts layer: one lifetime per container, and the contradictions of issue 10 that it removes
 * (each checked on the timeline and on the facts, which must say the same).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { defaultPullPolicy, factsOf, parseImage, skipWrappers, sleepSeconds } from '../../server/src/analysis/facts';
import { buildTimeline } from '../../server/src/analysis/timeline';
import { resolveSettings } from '../../server/src/analysis/settings';

function pod(init: string, apps = '    - name: app\n      image: registry.example.com/app:1.0\n', extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${extra}  initContainers:\n${init}  containers:\n${apps}`;
}

function lifetimeOf(text: string, name: string): string {
  const r = analyze(text, null);
  const c = r.documents[0].pods[0].all.find((x) => x.name === name)!;
  return factsOf(c, r.documents[0].text).lifetime.kind;
}

test('image references are split once: registry port, tag, digest', () => {
  assert.deepEqual(parseImage('localhost:5000/team/app:1.2@sha256:abc'), {
    raw: 'localhost:5000/team/app:1.2@sha256:abc',
    path: 'localhost:5000/team/app',
    repository: 'localhost:5000/team/app',
    name: 'app',
    tag: '1.2',
    digest: 'sha256:abc',
  });
  assert.equal(parseImage('  '), null);
  assert.equal(defaultPullPolicy('localhost:5000/nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx@sha256:abc'), 'IfNotPresent');
});

test('wrappers are skipped by one list: exec, env, timeout, tini, gosu, busybox', () => {
  assert.equal(skipWrappers(['exec', 'env', 'A=b', 'tini', '--', 'gosu', 'app', 'nginx']), 7);
  assert.equal(skipWrappers(['timeout', '-s', 'KILL', '30', 'nc', '-z', 'db', '5432']), 4);
  assert.equal(skipWrappers(['timeout', '30', 'nc'], 0, { stopAtTimeout: true }), 0);
  assert.equal(skipWrappers(['busybox', 'nslookup', 'db']), 1);
});

test('sleep 5 10 is 15 s for the facts and on the timeline', () => {
  assert.equal(
    sleepSeconds([
      { text: '5', literal: true },
      { text: '10', literal: true },
    ]),
    15,
  );
  const text = pod('    - name: wait\n      image: busybox:1.36\n      command: ["sh", "-c", "sleep 5 10"]\n');
  const m = buildTimeline(analyze(text, null))!;
  const run = m.lanes[0].bars.find((b) => b.kind === 'run')!;
  assert.equal(run.duration.max, 15);
  assert.equal(lifetimeOf(text, 'wait'), 'exits');
});

test("an envoy or `nginx -g 'daemon off;'` init container: flagged, and its bar never ends", () => {
  for (const init of [
    '    - name: proxy\n      image: envoyproxy/envoy:v1.31.0\n',
    '    - name: proxy\n      image: nginx:1.27.2\n      command: ["nginx", "-g", "daemon off;"]\n',
  ]) {
    const text = pod(init);
    const r = analyze(text, null);
    assert.ok(
      r.findings.some((f) => f.rule === 'init-never-exits'),
      init,
    );
    const run = buildTimeline(r)!.lanes[0].bars.find((b) => b.kind === 'run')!;
    assert.equal(run.duration.never, true, init);
    assert.match(run.label, /never ends/);
  }
});

test('a Job whose log shipper sits in containers: flagged, and its bar runs forever', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: export
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: export
          image: registry.example.com/export:1.0
          command: ["sh", "-c", "echo exported > /logs/export.log"]
        - name: shipper
          image: fluent/fluent-bit:3.1.9
`;
  const r = analyze(text, null);
  assert.ok(r.findings.some((f) => f.rule === 'job-blocking-sidecar'));
  const m = buildTimeline(r)!;
  const shipper = m.lanes.find((l) => l.name === 'shipper')!.bars.find((b) => b.kind === 'running')!;
  assert.equal(shipper.duration.never, true);
  assert.doesNotMatch(shipper.label, /runs to completion/);
  assert.equal(m.slots.find((s) => s.kind === 'running')!.duration.never, true);
});

test('openssl … -out is a hand-off on the timeline, as it is a write for the file effects', () => {
  const text = pod(
    '    - name: certs\n      image: alpine/openssl:3.3.2\n      command: ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "/certs/tls.key", "-out", "/certs/tls.crt", "-subj", "/CN=app"]\n      volumeMounts:\n        - { name: certs, mountPath: /certs }\n',
    '    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - { name: certs, mountPath: /certs }\n  volumes:\n    - { name: certs, emptyDir: {} }\n',
  );
  const m = buildTimeline(analyze(text, null))!;
  assert.deepEqual(
    m.handoffs.map((h) => [h.volume, h.writes, h.to]),
    [['certs', true, ['c1']]],
  );
});

test('at target 1.28 a restartPolicy Always init container is drawn as the plain init container it is', () => {
  const text = pod('    - name: proxy\n      image: envoyproxy/envoy:v1.31.0\n      restartPolicy: Always\n');
  const r = analyze(text, resolveSettings({ kubernetesVersion: '1.28' }));
  const old = buildTimeline(r, 0, resolveSettings({ kubernetesVersion: '1.28' }).version)!;
  assert.equal(old.lanes[0].role, 'init');
  assert.equal(old.lanes[0].bars.find((b) => b.kind === 'run')!.duration.never, true);
  assert.ok(old.notes.some((n) => /1\.29/.test(n)));
  const now = buildTimeline(r, 0, resolveSettings({ kubernetesVersion: '1.30' }).version)!;
  assert.equal(now.lanes[0].role, 'sidecar');
});

test('servers by behaviour and syncers: listen flags, declared ports, proxy names, git-sync', () => {
  const text = pod(
    [
      '    - name: a\n      image: registry.example.com/bridge:1\n      ports:\n        - containerPort: 9102\n',
      '    - name: b\n      image: registry.example.com/gw:1\n      command: ["/gw", "--bind", "0.0.0.0:8443"]\n',
      '    - name: c-proxy\n      image: registry.example.com/c:1\n',
      '    - name: d\n      image: registry.k8s.io/git-sync/git-sync:v4.2.4\n      args: ["--repo=https://example.com/r", "--root=/git"]\n',
      '    - name: e\n      image: registry.k8s.io/git-sync/git-sync:v4.2.4\n      args: ["--repo=https://example.com/r", "--one-time"]\n',
      '    - name: f\n      image: registry.example.com/proxy-init:1\n      ports:\n        - containerPort: 15001\n',
    ].join(''),
  );
  assert.deepEqual(
    ['a', 'b', 'c-proxy', 'd', 'e', 'f'].map((n) => lifetimeOf(text, n)),
    ['runs-until-stopped', 'runs-until-stopped', 'runs-until-stopped', 'runs-until-stopped', 'unknown', 'unknown'],
  );
});

test('lifetimes: exits, bounded wait with its bound, unknown', () => {
  const text = pod(
    [
      '    - name: quick\n      image: busybox:1.36\n      command: ["sh", "-c", "echo hi; cp /a /b"]\n',
      '    - name: bounded\n      image: busybox:1.36\n      command: ["sh", "-c", "for i in $(seq 1 30); do nc -z db 5432 && exit 0; sleep 2; done; exit 1"]\n',
      '    - name: timed\n      image: busybox:1.36\n      command: ["timeout", "300", "sh", "-c", "until nc -z db 5432; do sleep 2; done"]\n',
      '    - name: unknown\n      image: registry.example.com/tool:1\n      command: ["/tool", "run"]\n',
    ].join(''),
  );
  assert.deepEqual(
    ['quick', 'bounded', 'timed', 'unknown'].map((n) => lifetimeOf(text, n)),
    ['exits', 'bounded', 'bounded', 'unknown'],
  );
  const r = analyze(text, null);
  const timed = r.documents[0].pods[0].all.find((c) => c.name === 'timed')!;
  assert.equal(factsOf(timed, r.documents[0].text).lifetime.max, 300);
});

test('facts are computed once per container and shared by every reader', () => {
  const text = pod('    - name: w\n      image: busybox:1.36\n      command: ["sh", "-c", "sleep 5"]\n');
  const r = analyze(text, null);
  const c = r.documents[0].pods[0].all[0];
  assert.equal(factsOf(c, r.documents[0].text), factsOf(c, r.documents[0].text));
});
