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
  const doc = r.documents.find((d) => at >= d.start && at <= d.end)!;
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
