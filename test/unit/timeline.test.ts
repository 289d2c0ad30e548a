/** The init timeline model: order, durations from the YAML only, hand-offs, failure paths. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { parseKubeVersion } from '../../server/src/analysis/version';
import { buildTimeline, defaultPullPolicy, formatSeconds, mermaidText, sleepSeconds, type TimelineModel } from '../../server/src/analysis/timeline';

function model(text: string, offset?: number): TimelineModel {
  const m = buildTimeline(analyze(text, { kubernetesVersion: '1.33' }), offset);
  assert.ok(m, 'a timeline');
  return m;
}

function tenInit(): string {
  const items = Array.from({ length: 10 }, (_, i) =>
    i === 3
      ? `    - name: step-${i}\n      image: registry.example.com/tool\n      command: ['sh', '-c', 'cp /src/* /work/']\n      volumeMounts:\n        - name: work\n          mountPath: /work\n`
      : `    - name: step-${i}\n      image: busybox:1.36.1\n      command: ['sh', '-c', 'echo step ${i} && sleep ${i + 1}']\n`,
  ).join('');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ten
spec:
  initContainers:
${items}  containers:
    - name: app
      image: nginx:1.27.2
      volumeMounts:
        - name: work
          mountPath: /usr/share/nginx/html
  volumes:
    - name: work
      emptyDir: {}
`;
}

describe('timeline model', () => {
  test('10 init containers: one slot each, strictly in list order, then the app', () => {
    const text = tenInit();
    const m = model(text);
    assert.equal(m.object, 'Pod/ten');
    assert.deepEqual(
      m.slots.map((s) => s.kind),
      ['init', 'init', 'init', 'init', 'init', 'init', 'init', 'init', 'init', 'init', 'app-start', 'running', 'stop-app'],
    );
    assert.deepEqual(
      m.slots.slice(0, 10).map((s) => s.label),
      Array.from({ length: 10 }, (_, i) => `step-${i}`),
    );
    m.lanes.slice(0, 10).forEach((lane, i) => {
      const run = lane.bars.find((b) => b.kind === 'run')!;
      assert.equal(run.from, i);
      assert.equal(run.to, i);
      assert.ok(run.gates);
    });
    // durations only from the YAML: `sleep N` after an echo is exactly N s; `cp` is unknown
    assert.equal(m.slots[0].duration.text, '1 s');
    assert.equal(m.slots[9].duration.text, '10 s');
    assert.equal(m.slots[3].duration.text, 'unknown length');
    assert.equal(m.slots[3].duration.max, null);
    // pull policy defaulting: no tag → Always, pinned tag → IfNotPresent
    assert.equal(m.lanes[3].pullPolicy, 'Always');
    assert.ok(m.lanes[3].pullPolicyDefaulted);
    assert.equal(m.lanes[0].pullPolicy, 'IfNotPresent');
    // the hand-off: step-3 writes /work (cp … /work/), the app mounts it
    assert.deepEqual(m.handoffs, [{ volume: 'work', source: 'emptyDir', from: 'c3', mountPath: '/work', writes: true, to: ['c10'] }]);
    // ranges are absolute and point at the container
    assert.equal(text.slice(m.lanes[5].selection[0], m.lanes[5].selection[1]), 'step-5');
    assert.ok(text.slice(m.lanes[5].range[0], m.lanes[5].range[1]).startsWith('name: step-5'));
    // failure path under restartPolicy Always (defaulted)
    assert.equal(m.restartPolicy, 'Always');
    assert.ok(m.restartPolicyDefaulted);
    assert.equal(m.lanes[0].failure.outcome, 'restart-backoff');
    assert.equal(m.lanes[0].failure.status, 'Init:CrashLoopBackOff');
    assert.deepEqual(m.lanes[0].failure.backoff, [10, 20, 40, 80, 160, 300]);
    assert.equal(m.lanes[10].failure.status, 'CrashLoopBackOff');
    // termination: default grace period
    assert.deepEqual(m.gracePeriod, { seconds: 30, defaulted: true });
    assert.equal(m.slots[12].duration.text, '≤ 30 s');
  });

  test('sidecars start in place, are gated by their startupProbe, run to the end and stop in reverse order', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 45
      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.2
          restartPolicy: Always
          startupProbe:
            tcpSocket: {port: 9901}
            initialDelaySeconds: 2
            periodSeconds: 1
            failureThreshold: 30
        - name: migrate
          image: registry.example.com/migrate:1.0.0
        - name: logs
          image: busybox:1.36.1
          restartPolicy: Always
          command: ['sh', '-c', 'tail -F /var/log/app.log']
      containers:
        - name: app
          image: registry.example.com/web:2.0.0
          imagePullPolicy: Always
          lifecycle:
            preStop:
              exec: {command: ['sleep', '5']}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
`;
    const m = model(text);
    assert.deepEqual(
      m.slots.map((s) => s.kind),
      ['sidecar', 'init', 'sidecar', 'app-start', 'running', 'stop-app', 'stop-sidecar', 'stop-sidecar'],
    );
    // the probe bounds the startup: 2 + 1 × 30
    assert.equal(m.slots[0].duration.max, 32);
    // started at the first probe at best (2 s), at the last one it may fail at worst
    assert.equal(m.slots[0].duration.text, '2 s – 32 s until started');
    assert.equal(m.slots[2].duration.text, 'started at once (no startupProbe)');
    // the image entrypoint: unknown
    assert.equal(m.slots[1].duration.text, 'unknown length');
    const proxy = m.lanes[0];
    const running = proxy.bars.find((b) => b.kind === 'running')!;
    assert.equal(running.from, 1);
    // sidecars stop after the app, in reverse order: logs first, then proxy
    assert.equal(m.slots[6].label, 'logs stops');
    assert.equal(m.slots[7].label, 'proxy stops');
    assert.equal(proxy.bars.find((b) => b.kind === 'stop')!.from, 7);
    assert.equal(m.lanes[2].bars.find((b) => b.kind === 'stop')!.from, 6);
    assert.equal(running.to, 6);
    // app container: written pull policy, preStop, grace 45 s, probes
    const app = m.lanes[3];
    assert.equal(app.pullPolicy, 'Always');
    assert.equal(app.pullPolicyDefaulted, false);
    assert.match(app.bars.find((b) => b.kind === 'stop')!.label, /preStop hook, then SIGTERM; SIGKILL after 45 s/);
    assert.equal(m.gracePeriod.seconds, 45);
    assert.ok(app.probes.some((p) => p.kind === 'readinessProbe'));
    assert.equal(proxy.failure.outcome, 'sidecar-restart');
    assert.match(m.lanes[1].failure.details.join(' '), /rollout/);
  });

  test('Job: backoffLimit, restartPolicy Never, deadline, run to completion', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  backoffLimit: 2
  activeDeadlineSeconds: 600
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait
          image: busybox:1.36.1
          command:
            - sh
            - -c
            - |
              for i in $(seq 1 30); do
                nslookup db.default.svc.cluster.local && exit 0
                sleep 2
              done
              exit 1
        - name: sql-proxy
          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.13.0
          restartPolicy: Always
      containers:
        - name: task
          image: registry.example.com/report:1.0.0
          command: ['sh', '-c', 'sleep 20']
`;
    const m = model(text);
    assert.equal(m.kind, 'Job');
    assert.equal(m.backoffLimit, 2);
    assert.equal(m.restartPolicy, 'Never');
    assert.deepEqual(m.deadline && { seconds: m.deadline.seconds, scope: m.deadline.scope }, { seconds: 600, scope: 'job' });
    // the wait loop's bound: 30 × sleep 2
    assert.equal(m.slots[0].duration.text, '≤ 60 s');
    assert.match(m.slots[0].duration.basis ?? '', /30 × sleep 2 s/);
    assert.equal(m.lanes[0].failure.outcome, 'job-retry');
    assert.match(m.lanes[0].failure.details.join(' '), /backoffLimit is 2/);
    assert.equal(m.lanes[2].failure.outcome, 'job-retry');
    // the task runs 20 s, the sidecar does not block completion
    assert.equal(m.slots.find((s) => s.kind === 'running')!.duration.text, '20 s');
    assert.match(m.lanes[1].bars.find((b) => b.kind === 'running')!.label, /does not block completion/);
    assert.ok(m.notes.some((n) => /activeDeadlineSeconds 600/.test(n)));
  });

  test('unknown lengths and endless commands are never given a number', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  initContainers:
    - {name: a, image: 'busybox:1.36.1', command: ['sh', '-c', 'until nslookup db; do sleep 2; done']}
    - {name: b, image: 'busybox:1.36.1', command: ['sh', '-c', 'sleep 3; wget -O /x http://example.com/x']}
    - {name: c, image: 'busybox:1.36.1', command: ['sleep', 'infinity']}
    - {name: d, image: 'busybox:1.36.1', command: ['sh', '-c', 'timeout 90 sh -c "until nc -z db 5432; do sleep 1; done"']}
    - {name: e, image: 'busybox:1.36.1', command: ['sh', '-c', 'i=0; until nslookup db || [ $i -ge 20 ]; do i=$((i+1)); sleep 3; done']}
  containers:
    - {name: app, image: 'nginx:1.27.2'}
`;
    const m = model(text);
    assert.equal(m.slots[0].duration.text, 'unknown length');
    assert.equal(m.slots[1].duration.text, '≥ 3 s, unknown length');
    assert.equal(m.slots[2].duration.text, 'never ends');
    assert.ok(m.slots[2].duration.never);
    assert.equal(m.slots[3].duration.text, '≤ 90 s');
    assert.equal(m.slots[4].duration.text, '≤ 63 s');
    assert.equal(m.lanes[0].failure.outcome, 'pod-failed');
    assert.equal(m.lanes[5].failure.outcome, 'pod-failed');
  });

  test('the Pod under the cursor in a multi-document file and in a List', () => {
    const a = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: x, image: "nginx:1.27.2"}]\n';
    const b = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: y, image: "nginx:1.27.2"}]\n';
    const text = a + '---\n' + b;
    assert.equal(model(text, 3).object, 'Pod/a');
    assert.equal(model(text, text.length - 3).object, 'Pod/b');
    assert.equal(model(text).object, 'Pod/a');
    assert.equal(model(text, text.length - 3).podIndex, 1);
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: first}
    spec:
      containers: [{name: x, image: "nginx:1.27.2"}]
  - apiVersion: v1
    kind: Pod
    metadata: {name: second}
    spec:
      containers: [{name: y, image: "nginx:1.27.2"}]
`;
    assert.equal(model(list, list.indexOf('second')).object, 'Pod/second');
    assert.equal(model(list, list.indexOf('first')).object, 'Pod/first');
    assert.equal(model(list, 5).podCount, 2);
    assert.equal(buildTimeline(analyze('a: 1\n'), 0), null);
  });

  test('findings are attached to the lane they concern', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: bad
      image: busybox:1.36.1
      readinessProbe:
        exec: {command: ['true']}
  containers:
    - {name: app, image: 'nginx:1.27.2'}
`;
    const m = model(text);
    const f = m.lanes[0].findings.find((x) => x.rule === 'init-lifecycle-or-probe');
    assert.ok(f, JSON.stringify(m.lanes[0].findings));
    assert.equal(text.slice(f.start, f.end), 'readinessProbe');
    assert.equal(m.lanes[1].findings.filter((x) => x.rule === 'init-lifecycle-or-probe').length, 0);
  });

  test('Mermaid text: a sequence diagram with nothing from YAML able to break out', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: "x"}
spec:
  initContainers:
    - {name: "a;b#c<d>\\nNote over K: x", image: 'busybox:1.36.1', command: ['sleep', '5']}
  containers:
    - {name: app, image: 'nginx:1.27.2'}
`;
    const m = model(text);
    assert.match(m.mermaid, /^sequenceDiagram\n/);
    for (const line of m.mermaid.trim().split('\n').slice(1)) {
      assert.match(line, /^\s+(participant|Note|K->>|c\d|par|and|end)/, line);
    }
    // every `;`, `<`, `>` and `#` from the YAML is one of Mermaid's entity codes, which it draws as the character
    const bare = m.mermaid.replace(/->>|-->>|-\)/g, '').replace(/#(\d+|lt|gt);/g, '');
    assert.ok(!/[<>;#%]/.test(bare), m.mermaid);
    assert.ok(m.mermaid.includes('participant c0 as a#59;b#35;c#lt;d#gt; Note over K#58; x (init container)'), m.mermaid);
    assert.ok(m.mermaid.includes('c0-->>K: exits 0 after 5 s'));
    assert.equal(mermaidText('a\nb;c'), 'a b#59;c');
    assert.equal(mermaidText('SIGTERM; SIGKILL after 30 s'), 'SIGTERM#59; SIGKILL after 30 s');
    assert.equal(mermaidText('x: y'), 'x: y');
    assert.equal(mermaidText('x: y', true), 'x#58; y');
  });

  test('helpers', () => {
    assert.equal(sleepSeconds('5'), 5);
    assert.equal(sleepSeconds('2m'), 120);
    assert.equal(sleepSeconds('infinity'), Infinity);
    assert.equal(sleepSeconds('$X'), null);
    assert.equal(defaultPullPolicy('nginx'), 'Always');
    assert.equal(defaultPullPolicy('nginx:latest'), 'Always');
    assert.equal(defaultPullPolicy('localhost:5000/nginx'), 'Always');
    assert.equal(defaultPullPolicy('localhost:5000/nginx:1.2'), 'IfNotPresent');
    assert.equal(defaultPullPolicy('nginx@sha256:abc'), 'IfNotPresent');
    assert.equal(formatSeconds(300), '5 min');
    assert.equal(formatSeconds(45), '45 s');
  });
});

describe('restart rules on the timeline (1.35+ / 1.36+)', () => {
  test('a Restart rule and a RestartAllContainers rule show in the failure path and the notes', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: trainer}
spec:
  restartPolicy: Never
  initContainers:
    - name: prepare
      image: busybox:1.36
      command: ['sh', '-c', 'mkdir -p /work/x']
  containers:
    - name: trainer
      image: registry.example.com/trainer:1.0
      restartPolicy: Never
      restartPolicyRules:
        - action: Restart
          exitCodes: {operator: In, values: [75]}
        - action: RestartAllContainers
          exitCodes: {operator: In, values: [42, 43]}
`;
    const m = model(text);
    const lane = m.lanes.find((l) => l.name === 'trainer')!;
    assert.ok(
      lane.failure.details.some((d) => /code In 75 restarts it in place/.test(d)),
      lane.failure.details.join(' | '),
    );
    assert.ok(
      lane.failure.details.some((d) => /code In 42, 43 restarts the whole Pod in place/.test(d)),
      lane.failure.details.join(' | '),
    );
    assert.ok(
      m.notes.some((n) => /RestartAllContainers rule on trainer restarts the whole Pod in place/.test(n)),
      m.notes.join(' | '),
    );
    const plain = model(text.replace(/ {6}restartPolicyRules:[\s\S]*$/, ''));
    assert.ok(!plain.notes.some((n) => /RestartAllContainers/.test(n)));
    // at a target version, the failure path says what that version does with the rules
    const at = (v: string): TimelineModel => buildTimeline(analyze(text, { kubernetesVersion: v }), undefined, parseKubeVersion(v))!;
    const details = (v: string): string =>
      at(v)
        .lanes.find((l) => l.name === 'trainer')!
        .failure.details.join(' | ');
    assert.match(details('1.33'), /Kubernetes 1\.33 does not know restartPolicyRules/);
    assert.match(details('1.34'), /Kubernetes 1\.34 accepts restartPolicyRules and drops them/);
    assert.doesNotMatch(details('1.34'), /restarts it in place/);
    assert.match(details('1.35'), /^(?!.*From Kubernetes).*code In 75 restarts it in place/);
    assert.match(details('1.35'), /RestartAllContainers needs Kubernetes 1\.36: at 1\.35 the API server rejects the rule/);
    assert.ok(!at('1.35').notes.some((n) => /RestartAllContainers rule on trainer/.test(n)));
    assert.match(details('1.36'), /code In 42, 43 restarts the whole Pod in place/);
    assert.ok(at('1.36').notes.some((n) => /^A RestartAllContainers rule on trainer restarts the whole Pod in place/.test(n)));
  });
});
