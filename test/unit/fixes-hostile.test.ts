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
    const text = pod(`  containers:\n  - name: app\n    image: app:1\n    volumeMounts:\n    - name: data\n      mountPath: /d\n  volumes: ~   # rendered by helm\n`);
    const out = fixed(text, finding(text, 'undeclared-volume', 'data', { volume: 'data' }, 2), /Declare/);
    assert.equal(out, text.replace('  volumes: ~   # rendered by helm\n', '  volumes: # rendered by helm\n  - name: data\n    emptyDir: {}\n'));
  });

  test('initContainers: ~ — a container moved in replaces the null', () => {
    const text = pod(`  initContainers: ~\n  containers:\n  - name: app\n    image: app:1\n  - name: shipper\n    image: fluent-bit:3\n    restartPolicy: Always\n`);
    const out = fixed(text, finding(text, 'container-restart-policy', 'restartPolicy'), /Move "shipper"/);
    assert.equal(out, pod(`  initContainers:\n  - name: shipper\n    image: fluent-bit:3\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: app:1\n`));
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
    const copied = fixed(text, finding(text, 'init-env-not-inherited', '$MODE', { name: 'MODE', fromContainer: 'app' }), /Copy the definition of `MODE`/);
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
    const text = base + `  initContainers:\n    - <<: *init\n      name: setup\n  containers:\n    - <<: *app\n      name: web\n    - name: other\n      <<: [*app]\n`;
    const r = analyze(text);
    assert.deepEqual(r.findings.filter((f) => f.rule === 'missing-image').map((f) => f.message), []);
    const p = r.documents[0].pods[0];
    assert.deepEqual(p.all.map((c) => [c.name, c.image]), [['setup', 'busybox:1.36.1'], ['web', 'nginx:1.27.0'], ['other', 'nginx:1.27.0']]);
    assert.equal(p.initContainers[0].program !== null, true, 'the merged command is read');
    assert.deepEqual(p.containers[0].ports.map((x) => x.containerPort), [8080]);
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
    assert.deepEqual(r.findings.filter((f) => f.rule === 'undeclared-volume'), []);
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: bomb}', 'm0: &m0 {image: x:1}'];
    for (let i = 1; i < 12; i++) lines.push(`m${i}: &m${i} {<<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]}`);
    lines.push('spec:', '  containers:', '    - {name: app, <<: *m11}');
    const started = performance.now();
    analyze(lines.join('\n') + '\n');
    assert.ok(performance.now() - started < 2000);
  });
});
