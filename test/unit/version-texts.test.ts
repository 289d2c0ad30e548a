/**
 * The exact API-server text each version rule quotes, at the versions where it changes
 * (init-rules.md §7): 1.35 "Too long: may not be more than 20 bytes" vs 1.36 "Too many: 21: must
 * have at most 20 items"; the action list "Restart" (1.35) vs "Restart", "RestartAllContainers"
 * (1.36+); the sleep range text before and from 1.33; paths in workloads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';
import { setMessageBundle } from '../../server/src/analysis/i18n';
import { fixtureVersions } from '../helpers/expect';

function details(text: string, version: string, rule: string): string[] {
  return analyze(text, { kubernetesVersion: version })
    .findings.filter((f) => f.rule === rule)
    .map((f) => `${f.message} || ${f.detail ?? ''}`);
}

const rules = (n: number): string =>
  Array.from({ length: n }, (_, i) => `        - { action: Restart, exitCodes: { operator: In, values: [${i + 1}] } }\n`).join('');

const POD = (body: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers:\n    - name: app\n      image: app:1\n      restartPolicy: Never\n${body}`;

test('more than 20 rules: "Too long … bytes" at 1.35, "Too many … items" from 1.36', () => {
  const text = POD(`      restartPolicyRules:\n${rules(21)}`);
  const d135 = details(text, '1.35', 'restart-rules-invalid');
  assert.equal(d135.length, 1);
  assert.match(d135[0]!, /`spec\.containers\[0\]\.restartPolicyRules: Too long: may not be more than 20 bytes`/);
  for (const v of ['1.36', '1.37']) {
    const d = details(text, v, 'restart-rules-invalid');
    assert.match(d[0]!, /`spec\.containers\[0\]\.restartPolicyRules: Too many: 21: must have at most 20 items`/);
  }
});

test('more than 255 exit codes, with the workload path', () => {
  const values = Array.from({ length: 256 }, (_, i) => i).join(', ');
  const text = `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: run\n          image: task:1\n          restartPolicy: Never\n          restartPolicyRules:\n            - action: Restart\n              exitCodes: { operator: NotIn, values: [${values}] }\n`;
  assert.match(
    details(text, '1.35', 'restart-rules-invalid')[0]!,
    /`spec\.template\.spec\.containers\[0\]\.restartPolicyRules\[0\]\.exitCodes\.values: Too long: may not be more than 255 bytes`/,
  );
  assert.match(
    details(text, '1.36', 'restart-rules-invalid')[0]!,
    /`spec\.template\.spec\.containers\[0\]\.restartPolicyRules\[0\]\.exitCodes\.values: Too many: 256: must have at most 255 items`/,
  );
});

test('unknown action: the supported list grows in 1.36', () => {
  const text = POD(`      restartPolicyRules:\n        - action: Terminate\n          exitCodes: { operator: In, values: [1] }\n`);
  assert.match(details(text, '1.35', 'restart-rules-invalid')[0]!, /action: Unsupported value: "Terminate": supported values: "Restart"`/);
  assert.match(
    details(text, '1.36', 'restart-rules-invalid')[0]!,
    /action: Unsupported value: "Terminate": supported values: "Restart", "RestartAllContainers"`/,
  );
});

test('rules without the container policy; sidecar rules Forbidden at 1.35', () => {
  const noPolicy = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: fetch\n      image: fetch:1\n      restartPolicyRules:\n        - action: Restart\n          exitCodes: { operator: In, values: [42] }\n    - name: proxy\n      image: envoy:1\n      restartPolicy: Always\n      restartPolicyRules:\n        - action: RestartAllContainers\n          exitCodes: { operator: In, values: [1] }\n  containers:\n    - name: app\n      image: app:1\n`;
  const d = details(noPolicy, '1.35', 'restart-rules-invalid').join('\n');
  assert.match(d, /`spec\.initContainers\[0\]\.restartPolicy: Required value: must specify restartPolicy when restart rules are used`/);
  assert.match(
    d,
    /`spec\.initContainers\[1\]\.restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always`/,
  );
  assert.doesNotMatch(details(noPolicy, '1.36', 'restart-rules-invalid').join('\n'), /Forbidden/);
});

test('1.34: dropped, a warning and no API error', () => {
  const text = POD(`      restartPolicyRules:\n${rules(1)}`);
  const all = analyze(text, { kubernetesVersion: '1.34' }).findings;
  assert.deepEqual(
    all.filter((f) => f.severity === 'error').map((f) => f.rule),
    [],
  );
  assert.deepEqual(
    all.filter((f) => f.rule === 'restart-fields-ignored').map((f) => f.severity),
    ['warning', 'warning'],
  );
  assert.match(details(text, '1.34', 'restart-fields-ignored').join('\n'), /Kubernetes 1\.34 drops restartPolicyRules on "app"/);
});

test('sleep range text: "greater than 0" before 1.33, "non-negative" from 1.33', () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      lifecycle:\n        preStop:\n          sleep: { seconds: 45 }\n`;
  assert.match(details(text, '1.32', 'lifecycle-sleep-too-long')[0]!, /must be greater than 0 and less than terminationGracePeriodSeconds \(30\)/);
  assert.match(
    details(text, '1.35', 'lifecycle-sleep-too-long')[0]!,
    /`spec\.containers\[0\]\.lifecycle\.preStop\.sleep: Invalid value: 45: must be non-negative and less than terminationGracePeriodSeconds \(30\)`/,
  );
});

test('resizePolicy RestartContainer on a plain init container: the 1.36 text', () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: warm\n      image: warm:1\n      resizePolicy:\n        - { resourceName: cpu, restartPolicy: NotRequired }\n        - { resourceName: memory, restartPolicy: RestartContainer }\n  containers:\n    - name: app\n      image: app:1\n`;
  assert.match(
    details(text, '1.36', 'init-resize-policy')[0]!,
    /`spec\.initContainers\[0\]\.resizePolicy\[1\]\.restartPolicy: Invalid value: "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`/,
  );
  assert.deepEqual(details(text, '1.35', 'init-resize-policy'), []);
});

/** The rules issue 12 added (the older rules' headlines are split by the messages work). */
const NEW_RULES = new Set([
  'restart-fields-ignored',
  'restart-rules-invalid',
  'init-resize-policy',
  'lifecycle-sleep-too-long',
  'ephemeral-restart-fields',
  'retired-api-version',
  'mesh-init-traffic',
  'init-not-rerunnable',
]);

test('headlines of the new rules stay within 100 characters with realistic names, plain text', () => {
  const text = POD(`      restartPolicyRules:\n${rules(21)}        - action: RestartAllContainers\n`);
  for (const v of ['1.33', '1.34', '1.35', '1.36']) {
    for (const f of analyze(text, { kubernetesVersion: v }).findings) {
      if (!NEW_RULES.has(f.rule)) continue;
      assert.ok(f.message.length <= 100, `${f.rule}@${v}: ${f.message.length}: ${f.message}`);
      assert.doesNotMatch(f.message, /`/, `${f.rule}: no Markdown in a headline`);
    }
  }
});

test('Chinese headlines of the new rules stay within 50 characters on their fixtures', () => {
  const root = path.resolve(__dirname, '..', '..');
  setMessageBundle('zh-cn', JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')));
  try {
    const long: string[] = [];
    for (const id of NEW_RULES) {
      const dir = path.join(root, 'test', 'fixtures', 'rules', id);
      for (const f of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        for (const v of fixtureVersions(text)) {
          for (const x of analyze(text, v ? { kubernetesVersion: v } : {}).findings) {
            if (x.rule === id && [...x.message].length > 50) long.push(`${[...x.message].length} ${x.message}`);
          }
        }
      }
    }
    assert.deepEqual(long, []);
  } finally {
    setMessageBundle('en', undefined);
  }
});

test('1.34 drops the rules: a sidecar still restarts on every exit, others follow the Pod (review item 1)', () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: sc\n      image: busybox\n      restartPolicy: Always\n      restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [1]}}]\n  containers:\n    - name: app\n      image: nginx\n      restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [1]}}]\n`;
  const d = details(text, '1.34', 'restart-fields-ignored');
  assert.equal(d.length, 2);
  assert.doesNotMatch(d.join('\n'), /no exit code restarts it/);
  assert.match(d[0]!, /on sidecar "sc": it restarts on every exit/);
  assert.match(d[0]!, /target 1\.36\.$/);
  assert.match(d[1]!, /on "app": the Pod's restartPolicy \(Always\) applies/);
  assert.match(details(text, '1.33', 'restart-fields-ignored')[0]!, /target 1\.36\.$/);
});

test('restartPolicy: Always on an app container is a warning from 1.35, an error before (review item 3)', () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx\n    - name: log-shipper\n      image: fluent/fluent-bit:3.1.9\n      restartPolicy: Always\n`;
  const sev = (v: string) =>
    analyze(text, { kubernetesVersion: v })
      .findings.filter((f) => f.rule === 'container-restart-policy')
      .map((f) => f.severity);
  assert.deepEqual(sev('1.33'), ['error']);
  assert.deepEqual(sev('1.34'), []);
  for (const v of ['1.35', '1.36', '1.37']) assert.deepEqual(sev(v), ['warning'], v);
  assert.match(details(text, '1.35', 'container-restart-policy')[0]!, /does not make app container "log-shipper" a sidecar/);
});

test('one-shot container: its own restartPolicy counts from 1.35 only (review item 4)', () => {
  const job = `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: a, image: busybox, restartPolicy: Always, command: [sh, -c, "echo hi"]}]\n`;
  assert.equal(details(job, '1.34', 'one-shot-container-restarts').length, 0);
  for (const v of ['1.35', '1.36']) assert.match(details(job, v, 'one-shot-container-restarts')[0]!, /its own `restartPolicy: Always`/);
  const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: nginx}\n    - {name: migrate, image: busybox, restartPolicy: Never, command: [sh, -c, "echo migrated"]}\n`;
  assert.match(details(pod, '1.34', 'one-shot-container-restarts')[0]!, /Kubernetes 1\.34 drops the container's own `restartPolicy: Never`/);
  assert.equal(details(pod, '1.35', 'one-shot-container-restarts').length, 0);
});

test('resizePolicy RestartContainer in a Never Pod: the 1.34/1.35 text and the 1.36 "pod" text (review item 6, INIT316)', () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  restartPolicy: Never\n  containers: [{name: app, image: app:1, resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]}]\n`;
  for (const v of ['1.34', '1.35']) {
    assert.match(
      details(text, v, 'init-resize-policy')[0]!,
      /``spec\.containers\[0\]\.resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when `restartPolicy` is 'Never'``/,
    );
  }
  for (const v of ['1.36', '1.37']) {
    assert.match(
      details(text, v, 'init-resize-policy')[0]!,
      /``spec\.containers\[0\]\.resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when pod `restartPolicy` is 'Never'``/,
    );
  }
});
