/**
 * Quick fixes on the YAML that tools and people really write (issue 11): lists that are null
 * (`volumes: null`, `initContainers: ~` — what `helm template` renders for `toYaml nil`), aliases and
 * anchors, merge keys, keys that need quoting and tagged values. An edit never goes through an alias
 * or rewrites a node it did not parse as plain data.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyze, type Finding } from '../../server/src/analysis';
import { applyEdits, fixesFor } from '../../server/src/analysis/fixes';
import { renameVolume } from '../../server/src/analysis/navigation';
import { HOSTILE_MANIFESTS } from '../helpers/hostile';

/** A finding of `rule` on the `nth` occurrence of `needle`. */
function finding(text: string, rule: string, needle: string, data?: Record<string, unknown>, nth = 1): Finding {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in text`);
  const r = analyze(text);
  const doc = r.documents.find((d) => d.contains(at))!;
  return { rule, severity: 'error', message: 'm', start: at, end: at + needle.length, document: doc.index, object: null, container: null, related: [], data };
}

function fixed(text: string, f: Finding, title: RegExp): string {
  const fixes = fixesFor(text, analyze(text), f);
  const chosen = fixes.find((x) => title.test(x.title));
  assert.ok(chosen, `no fix matching ${title}; got: ${fixes.map((x) => x.title).join(' | ')}`);
  return applyEdits(text, chosen.edits);
}

function titles(text: string, f: Finding): string[] {
  return fixesFor(text, analyze(text), f)
    .filter((x) => !x.suppression)
    .map((x) => x.title);
}

const pod = (body: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${body}`;

describe('null lists', () => {
  for (const nul of ['null', '~', 'Null', '!!null ""']) {
    test(`volumes: ${nul} — the new volume replaces the null`, () => {
      const text = pod(`  containers:\n  - name: app\n    image: app:1\n    volumeMounts:\n    - name: data\n      mountPath: /d\n  volumes: ${nul}\n`);
      const out = fixed(text, finding(text, 'undeclared-volume', 'data', { volume: 'data' }, 2), /Declare volume "data"/);
      assert.equal(out, text.replace(`  volumes: ${nul}\n`, '  volumes:\n  - name: data\n    emptyDir: {}\n'));
      assert.deepEqual(parse(out).spec.volumes, [{ name: 'data', emptyDir: {} }]);
    });
  }

  test('a comment after the null stays', () => {
    const text = pod(
      `  containers:\n  - name: app\n    image: app:1\n    volumeMounts:\n    - name: data\n      mountPath: /d\n  volumes: ~   # rendered by helm\n`,
    );
    const out = fixed(text, finding(text, 'undeclared-volume', 'data', { volume: 'data' }, 2), /Declare/);
    assert.equal(out, text.replace('  volumes: ~   # rendered by helm\n', '  volumes: # rendered by helm\n  - name: data\n    emptyDir: {}\n'));
  });

  test('initContainers: ~ — a container moved in replaces the null', () => {
    const text = pod(
      `  initContainers: ~\n  containers:\n  - name: app\n    image: app:1\n  - name: shipper\n    image: fluent-bit:3\n    restartPolicy: Always\n`,
    );
    const out = fixed(text, finding(text, 'container-restart-policy', 'restartPolicy'), /Move "shipper"/);
    assert.equal(
      out,
      pod(`  initContainers:\n  - name: shipper\n    image: fluent-bit:3\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: app:1\n`),
    );
  });

  test('volumeMounts: ~ and env: null in a container', () => {
    const text = pod(`  initContainers:
  - name: fetch
    image: busybox:1.36
    volumeMounts: [{name: work, mountPath: /work}]
    command: ["sh", "-c", "echo $MODE"]
    env: null
  containers:
  - name: app
    image: app:1
    volumeMounts: ~
    env:
    - name: MODE
      value: fast
  volumes:
  - name: work
    emptyDir: {}
`);
    const mounted = fixed(text, finding(text, 'init-volume-not-consumed', 'work', { volume: 'work' }, 2), /Mount volume "work" at \/work in app/);
    assert.ok(mounted.includes('    volumeMounts:\n    - name: work\n      mountPath: /work\n    env:\n'), mounted);
    assert.deepEqual(parse(mounted).spec.containers[0].volumeMounts, [{ name: 'work', mountPath: '/work' }]);
    const copied = fixed(text, finding(text, 'init-env-not-inherited', '$MODE', { name: 'MODE', fromContainer: 'app' }), /Copy the definition of MODE/);
    assert.deepEqual(parse(copied).spec.initContainers[0].env, [{ name: 'MODE', value: 'fast' }]);
  });

  test('a flow map with a null list', () => {
    const text = pod(`  containers: [{name: app, image: app:1, volumeMounts: [{name: data, mountPath: /d}]}]\n  volumes: null\n`);
    const out = fixed(text, finding(text, 'undeclared-volume', 'data', { volume: 'data' }, 2), /Declare/);
    assert.deepEqual(parse(out).spec.volumes, [{ name: 'data', emptyDir: {} }]);
    void titles;
  });
});

describe('merge keys (`<<`), resolved as Kubernetes reads them', () => {
  const base = `apiVersion: v1
kind: Pod
metadata:
  name: merged
x-base: &app
  image: nginx:1.27.0
  ports: [{containerPort: 8080}]
x-init: &init
  image: busybox:1.36.1
  command: ["sh", "-c", "echo ok"]
spec:
`;
  test('a container built from a merged base has its image (no false "image: Required value")', () => {
    const text =
      base + `  initContainers:\n    - <<: *init\n      name: setup\n  containers:\n    - <<: *app\n      name: web\n    - name: other\n      <<: [*app]\n`;
    const r = analyze(text);
    assert.deepEqual(
      r.findings.filter((f) => f.rule === 'missing-image').map((f) => f.message),
      [],
    );
    const p = r.documents[0].pods[0];
    assert.deepEqual(
      p.all.map((c) => [c.name, c.image]),
      [
        ['setup', 'busybox:1.36.1'],
        ['web', 'nginx:1.27.0'],
        ['other', 'nginx:1.27.0'],
      ],
    );
    assert.equal(p.initContainers[0].program !== null, true, 'the merged command is read');
    assert.deepEqual(
      p.containers[0].ports.map((x) => x.containerPort),
      [8080],
    );
  });

  test('precedence: a later key overrides a merge, a later merge overrides an earlier key, the first of a list wins', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: m}
a: &a {image: a:1, restartPolicy: Always}
b: &b {image: b:1}
spec:
  initContainers:
    - {name: one, <<: *a, image: own:1}
    - {name: two, image: own:2, <<: *b}
    - {name: three, <<: [*b, *a]}
    - {name: four, "<<": *a}
  containers:
    - {name: app, image: app:1}
`;
    const p = analyze(text).documents[0].pods[0];
    assert.deepEqual(
      p.initContainers.map((c) => [c.name, c.image, c.role]),
      [
        ['one', 'own:1', 'sidecar'],
        ['two', 'b:1', 'init'],
        ['three', 'b:1', 'sidecar'],
        // a quoted "<<" is an ordinary key
        ['four', null, 'init'],
      ],
    );
  });

  test('merged volumes and resources are read; a merge bomb stays bounded', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: m}
r: &r {cpu: 100m, memory: 64Mi}
v: &v {emptyDir: {}}
spec:
  containers:
    - name: app
      image: app:1
      resources: {requests: {<<: *r, cpu: 200m}}
      volumeMounts: [{name: work, mountPath: /w}]
  volumes:
    - {name: work, <<: *v}
`;
    const r = analyze(text);
    assert.equal(r.documents[0].pods[0].volumes?.get('work')?.source, 'emptyDir');
    assert.deepEqual(
      r.findings.filter((f) => f.rule === 'undeclared-volume'),
      [],
    );
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: bomb}', 'm0: &m0 {image: x:1}'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `m${i}: &m${i} {<<: [${Array(9)
          .fill(`*m${i - 1}`)
          .join(', ')}]}`,
      );
    lines.push('spec:', '  containers:', '    - {name: app, <<: *m11}');
    const started = performance.now();
    analyze(lines.join('\n') + '\n');
    assert.ok(performance.now() - started < 2000);
  });
});

/** Every fix offered for every finding, applied: [finding rule, fix title, result]. */
function allFixes(text: string): Array<{ rule: string; title: string; out: string; suppression: boolean }> {
  const r = analyze(text);
  const out: Array<{ rule: string; title: string; out: string; suppression: boolean }> = [];
  for (const f of r.findings)
    for (const x of fixesFor(text, r, f)) out.push({ rule: f.rule, title: x.title, out: applyEdits(text, x.edits), suppression: !!x.suppression });
  return out;
}

describe('aliases and anchors: no edit goes through an alias', () => {
  test('a container written as `- *proxy` is reported there, and no fix moves or edits the anchored block', () => {
    const text = HOSTILE_MANIFESTS['container through an alias (- *proxy)'];
    const r = analyze(text);
    const f = r.findings.find((x) => x.rule === 'job-blocking-sidecar');
    assert.ok(f, r.findings.map((x) => x.rule).join());
    assert.equal(text.slice(f.start, f.end), '*proxy', 'reported where the Pod names the container');
    for (const fix of allFixes(text)) {
      assert.ok(fix.suppression, `${fix.rule}: "${fix.title}" offered`);
      assert.ok(fix.out.includes('x-proxy: &proxy\n  name: cloudsql\n  image: cloud-sql-proxy:2\n'), fix.out);
      assert.deepEqual(parse(fix.out), parse(text));
    }
  });

  test('a flow container with `env: *envs` is not re-serialised (the variables are not lost)', () => {
    const text = HOSTILE_MANIFESTS['flow container with env: *envs'];
    for (const fix of allFixes(text)) {
      assert.ok(!fix.out.includes('source'), fix.out);
      const data = parse(fix.out) as { spec: { template: { spec: { containers: Array<{ env?: unknown }>; initContainers?: Array<{ env?: unknown }> } } } };
      for (const c of [...data.spec.template.spec.containers, ...(data.spec.template.spec.initContainers ?? [])]) {
        if (c.env !== undefined) assert.deepEqual(c.env, [{ name: 'A', value: '1' }]);
      }
    }
  });

  test('a flow container without aliases is moved from its own source: quoted keys, numbers as written, no tags lost', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: task:1}, {name: cloudsql, image: "cloud-sql-proxy:2", args: ["a: b", 0777, 1.0], ports: [{containerPort: 5432}], resources: {limits: {"example.com/x: y": 1}}}]
`;
    const f = analyze(text).findings.find((x) => x.rule === 'job-blocking-sidecar')!;
    const out = applyEdits(text, fixesFor(text, analyze(text), f).find((x) => /^Move/.test(x.title))!.edits);
    assert.ok(
      out.includes(
        '{name: cloudsql, image: "cloud-sql-proxy:2", args: ["a: b", 0777, 1.0], ports: [{containerPort: 5432}], resources: {limits: {"example.com/x: y": 1}}, restartPolicy: Always, startupProbe: {tcpSocket: {port: 5432}, periodSeconds: 1, failureThreshold: 30}}',
      ),
      out,
    );
    const c = (parse(out) as { spec: { template: { spec: { initContainers: Array<Record<string, unknown>> } } } }).spec.template.spec.initContainers[0];
    assert.deepEqual(c.resources, { limits: { 'example.com/x: y': 1 } });
  });

  test('a tagged value (`!!binary`) is not rewritten', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: task:1}, {name: cloudsql, image: cloud-sql-proxy:2, workingDir: !!binary aGk=, ports: [{containerPort: 5432}]}]
`;
    const fixes = allFixes(text);
    assert.ok(fixes.length > 0);
    for (const fix of fixes) {
      assert.ok(!fix.out.includes('Buffer'), fix.out);
      assert.ok(fix.out.includes('!!binary aGk='), fix.out);
    }
  });

  test('`restartPolicy: *policy` is reported on the alias, and its fix replaces the alias, not the anchor', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    policy: &policy Never
spec:
  initContainers:
    - name: init
      image: busybox:1.36.1
      restartPolicy: *policy
  containers:
    - name: app
      image: app:1
`;
    const r = analyze(text, { kubernetesVersion: '1.33' });
    const f = r.findings.find((x) => x.rule === 'init-restart-policy-value');
    assert.ok(f, r.findings.map((x) => x.rule).join());
    assert.equal(text.slice(f.start, f.end), '*policy');
    const fixes = fixesFor(text, r, f).filter((x) => !x.suppression);
    assert.ok(fixes.length > 0);
    for (const fix of fixes) {
      const out = applyEdits(text, fix.edits);
      assert.ok(out.includes('policy: &policy Never'), `"${fix.title}" changed the anchor:\n${out}`);
      assert.equal((parse(out) as { metadata: { annotations: { policy: string } } }).metadata.annotations.policy, 'Never');
    }
    const always = fixes.find((x) => /Always/.test(x.title))!;
    assert.equal(applyEdits(text, always.edits), text.replace('restartPolicy: *policy', 'restartPolicy: Always'));
  });

  test('text shared through an alias is never edited by a fix (only suppression is offered there)', () => {
    const one = `apiVersion: v1
kind: List
items:
  - kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
        - &init
          name: Init_DB
          image: busybox:1.36.1
      containers:
        - name: app
          image: app:1
`;
    const text =
      one +
      `  - kind: Pod
    metadata: {name: q}
    spec:
      initContainers: [*init]
      containers: [{name: app, image: app:1}]
`;
    assert.ok(
      allFixes(one).some((x) => x.rule === 'invalid-container-name' && !x.suppression),
      'without the alias the rename is offered',
    );
    const fixes = allFixes(text).filter((x) => x.rule === 'invalid-container-name');
    assert.ok(fixes.length >= 2);
    for (const fix of fixes) {
      assert.ok(fix.suppression, `"${fix.title}" edits the anchored container`);
      assert.deepEqual(parse(fix.out), parse(text));
    }
  });

  test('renaming a volume mounted through an alias: one edit per place the name is written', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: a
      image: busybox:1.36.1
      volumeMounts: &mounts
        - name: work
          mountPath: /work
  containers:
    - name: b
      image: app:1
      volumeMounts: *mounts
    - name: c
      image: app:1
      volumeMounts: *mounts
  volumes:
    - name: work
      emptyDir: {}
`;
    const r = analyze(text);
    const res = renameVolume(r, text.indexOf('work'), 'data');
    assert.ok('edits' in res, JSON.stringify(res));
    assert.equal(res.edits.length, 2);
    const out = applyEdits(text, res.edits);
    assert.equal(out, text.replace(/name: work/g, 'name: data'));
    // the same anchored mounts used by another Pod: refused, with a reason
    const shared = `apiVersion: v1
kind: List
items:
  - kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: a
          image: app:1
          volumeMounts: &mounts [{name: work, mountPath: /w}]
      volumes: [{name: work, emptyDir: {}}]
  - kind: Pod
    metadata: {name: q}
    spec:
      containers: [{name: b, image: app:1, volumeMounts: *mounts}]
      volumes: [{name: work, emptyDir: {}}]
`;
    const rs = analyze(shared);
    const refused = renameVolume(rs, shared.indexOf('work'), 'data');
    assert.ok('error' in refused, JSON.stringify(refused));
  });
});
