/**
 * `.initlens.yaml` read as written (issue 11): an unquoted `1.30` is 1.30, not the float 1.3; each
 * problem carries the range of the key or value it is about; a folder named `..data` (how
 * Kubernetes mounts a ConfigMap) is inside the workspace folder.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseConfigFile, resolveSettings, ruleIds } from '../../server/src/analysis';
import { isInsideFolder } from '../../server/src/configFile';

function at(text: string, needle: string): [number, number] {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return [i, i + needle.length];
}

describe('.initlens.yaml', () => {
  test('an unquoted kubernetesVersion is read from its source text: 1.30 is 1.30, not 1.3', () => {
    for (const [text, minor] of [
      ['kubernetesVersion: 1.30\n', 30],
      ['kubernetesVersion: 1.10\n', 10],
      ['kubernetesVersion: "1.30"\n', 30],
      ["kubernetesVersion: '1.29'\n", 29],
      ['kubernetesVersion: v1.33.2\n', 33],
      ['kubernetesVersion: 1.3\n', 3],
    ] as const) {
      const r = parseConfigFile(text, ruleIds);
      assert.deepEqual(r.problems, [], text);
      assert.equal(resolveSettings(r.settings).version.minor, minor, text);
      assert.equal(r.settings.kubernetesVersionSource, '.initlens.yaml');
    }
  });

  test('each problem is on the key or value it is about', () => {
    const text = 'kubernetesVersion: "1.3x"\nrules:\n  no-such-rule: error\n  invalid-container-name: loud\nextra: 1\n';
    const r = parseConfigFile(text, ruleIds);
    const where = r.issues.map((i) => text.slice(i.start, i.end));
    assert.deepEqual(where, ['"1.3x"', 'no-such-rule', 'loud', 'extra']);
    assert.deepEqual(
      r.problems,
      r.issues.map((i) => i.message),
    );
    // a value that names another key is still reported on the value
    const t2 = 'rules: {}\nkubernetesVersion: rules\n';
    const r2 = parseConfigFile(t2, ruleIds);
    assert.equal(r2.issues.length, 1);
    assert.deepEqual([r2.issues[0].start, r2.issues[0].end], [t2.lastIndexOf('rules'), t2.lastIndexOf('rules') + 5]);
    // a list where a mapping belongs, a non-mapping file, a parse error with its position
    const t3 = 'rules: [a, b]\n';
    assert.deepEqual(
      parseConfigFile(t3, ruleIds).issues.map((i) => [i.start, i.end]),
      [at(t3, '[a, b]')],
    );
    const t4 = '- just\n- a list\n';
    assert.equal(parseConfigFile(t4, ruleIds).issues[0].start, 0);
    const t5 = 'rules:\n  a: 1\n  a: 2\n';
    const bad = parseConfigFile(t5, ruleIds).issues;
    assert.equal(bad.length, 1);
    assert.ok(bad[0].fatal);
    assert.ok(bad[0].start > 0, 'the duplicate key, not the top of the file');
    assert.deepEqual(parseConfigFile('', ruleIds).issues, []);
    assert.deepEqual(parseConfigFile('# only a comment\n', ruleIds).issues, []);
  });

  test('a folder whose name starts with `..` is inside the workspace folder', () => {
    assert.ok(isInsideFolder('/ws', '/ws/..data/pod.yaml'));
    assert.ok(isInsideFolder('/ws', '/ws/..2024_01_01/pod.yaml'));
    assert.ok(isInsideFolder('/ws', '/ws/a/..b/pod.yaml'));
    assert.ok(isInsideFolder('/ws', '/ws/pod.yaml'));
    assert.ok(!isInsideFolder('/ws', '/other/pod.yaml'));
    assert.ok(!isInsideFolder('/ws', '/ws2/pod.yaml'));
    assert.ok(!isInsideFolder('/ws/sub', '/ws/pod.yaml'));
    assert.ok(isInsideFolder('C:\\ws', 'C:\\ws\\..data\\pod.yaml', path.win32));
    assert.ok(!isInsideFolder('C:\\ws', 'D:\\ws\\pod.yaml', path.win32));
    assert.ok(!isInsideFolder('C:\\ws\\a', 'C:\\ws\\pod.yaml', path.win32));
  });
});
