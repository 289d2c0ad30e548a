/**
 * The version matrix (issue 12): for each version-dependent rule and a small manifest that shows
 * the case ("probe"), the verdict at each target 1.33 … 1.37 — the rule's severity when it fires,
 * `—` when it is silent. The expected matrix is the table in docs/versions.md, so the page cannot
 * drift from what InitLens does; the same table, in Chinese, is in docs/zh-cn/versions.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';

const root = path.resolve(__dirname, '..', '..');
const VERSIONS = ['1.33', '1.34', '1.35', '1.36', '1.37'];

function pod(spec: string, meta = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n${meta}spec:\n${spec}`;
}
const APP = '  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n';
const RULE = '        - action: Restart\n          exitCodes: { operator: In, values: [42] }\n';

/** Probe manifests by the name the table's second column uses. */
const PROBES: Record<string, string> = {
  'app container `restartPolicy: Never`': pod(`  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicy: Never\n`),
  'app container `restartPolicy: Sometimes`': pod(
    `  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicy: Sometimes\n`,
  ),
  'init container `restartPolicy: OnFailure`': pod(`  initContainers:\n    - name: warm\n      image: busybox:1.36\n      restartPolicy: OnFailure\n${APP}`),
  'init container `restartPolicy: Sometimes`': pod(`  initContainers:\n    - name: warm\n      image: busybox:1.36\n      restartPolicy: Sometimes\n${APP}`),
  "`restartPolicyRules` with the container's own `restartPolicy`": pod(
    `  restartPolicy: Never\n  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicy: Never\n      restartPolicyRules:\n${RULE}`,
  ),
  '`restartPolicyRules` without a container `restartPolicy`': pod(
    `  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicyRules:\n${RULE}`,
  ),
  '`restartPolicyRules` on a sidecar': pod(
    `  initContainers:\n    - name: proxy\n      image: envoyproxy/envoy:v1.31.0\n      restartPolicy: Always\n      restartPolicyRules:\n${RULE}${APP}`,
  ),
  '`action: RestartAllContainers`': pod(
    `  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicy: Never\n      restartPolicyRules:\n        - action: RestartAllContainers\n          exitCodes: { operator: In, values: [42] }\n`,
  ),
  '21 restart rules': pod(
    `  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicy: Never\n      restartPolicyRules:\n${Array.from({ length: 21 }, (_, i) => `        - { action: Restart, exitCodes: { operator: In, values: [${i + 1}] } }\n`).join('')}`,
  ),
  '`resizePolicy: RestartContainer` on a plain init container': pod(
    `  initContainers:\n    - name: warm\n      image: busybox:1.36\n      resizePolicy:\n        - { resourceName: memory, restartPolicy: RestartContainer }\n${APP}`,
  ),
  '`resizePolicy` on a sidecar': pod(
    `  initContainers:\n    - name: proxy\n      image: envoyproxy/envoy:v1.31.0\n      restartPolicy: Always\n      resizePolicy:\n        - { resourceName: memory, restartPolicy: RestartContainer }\n${APP}`,
  ),
  'sidecar `preStop` sleep 45 s, grace period 30 s': pod(
    `  initContainers:\n    - name: proxy\n      image: envoyproxy/envoy:v1.31.0\n      restartPolicy: Always\n      lifecycle:\n        preStop:\n          sleep: { seconds: 45 }\n${APP}`,
  ),
  'ephemeral container `restartPolicy: Never`': pod(`${APP}  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n      restartPolicy: Never\n`),
  'ephemeral container `resizePolicy`': pod(
    `${APP}  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n      resizePolicy:\n        - { resourceName: cpu, restartPolicy: NotRequired }\n`,
  ),
  '`batch/v1beta1` CronJob': `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: registry.example.com/job:1.0\n`,
  '`kind: Pod` under `apps/v1`': `apiVersion: apps/v1\nkind: Pod\nmetadata:\n  name: probe\nspec:\n${APP}`,
  '`curl` init container, classic Istio injection': pod(
    `  initContainers:\n    - name: fetch\n      image: curlimages/curl:8.10.1\n      command: ["curl", "-fsSL", "http://config.platform:8080/"]\n${APP}`,
    '  labels:\n    sidecar.istio.io/inject: "true"\n',
  ),
  '`mkdir` in an init container, `RestartAllContainers` rule': pod(
    `  restartPolicy: Never\n  initContainers:\n    - name: prepare\n      image: busybox:1.36\n      command: ["sh", "-c", "mkdir /work/x"]\n      volumeMounts: [{ name: work, mountPath: /work }]\n  containers:\n    - name: app\n      image: registry.example.com/app:1.2\n      restartPolicy: Never\n      restartPolicyRules:\n        - action: RestartAllContainers\n          exitCodes: { operator: In, values: [42] }\n  volumes:\n    - name: work\n      emptyDir: {}\n`,
  ),
  'a native sidecar': pod(`  initContainers:\n    - name: proxy\n      image: envoyproxy/envoy:v1.31.0\n      restartPolicy: Always\n${APP}`),
};

interface Row {
  rule: string;
  probe: string;
  cells: string[];
}

/** The rows of the first table in `file` whose header starts with `| rule | case |`. */
function readMatrix(file: string): Row[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^\|\s*(rule|规则)\s*\|/.test(l));
  assert.ok(start >= 0, `${path.relative(root, file)}: no matrix table`);
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const rule = /`([a-z0-9-]+)`/.exec(cells[0] ?? '')?.[1];
    assert.ok(rule, `bad row: ${line}`);
    rows.push({ rule, probe: cells[1]!, cells: cells.slice(2) });
  }
  return rows;
}

function verdict(rule: string, text: string, version: string): string {
  const findings = analyze(text, { kubernetesVersion: version }).findings.filter((f) => f.rule === rule);
  if (findings.length === 0) return '—';
  const severities = [...new Set(findings.map((f) => f.severity))];
  assert.equal(severities.length, 1);
  return severities[0]!;
}

test('docs/versions.md is the version matrix InitLens computes', () => {
  const rows = readMatrix(path.join(root, 'docs', 'versions.md'));
  assert.ok(rows.length >= 15);
  const problems: string[] = [];
  for (const row of rows) {
    const probe = PROBES[row.probe];
    assert.ok(probe, `no probe named ${row.probe}`);
    assert.equal(row.cells.length, VERSIONS.length, `${row.rule} / ${row.probe}: ${row.cells.length} cells`);
    VERSIONS.forEach((v, i) => {
      const got = verdict(row.rule, probe, v);
      const want = row.cells[i]!.replace(/\*/g, '');
      if (got !== want) problems.push(`${row.rule} / ${row.probe} @${v}: docs say ${want}, InitLens gives ${got}`);
    });
  }
  assert.deepEqual(problems, []);
});

test('docs/zh-cn/versions.md has the same matrix', () => {
  const en = readMatrix(path.join(root, 'docs', 'versions.md'));
  const zh = readMatrix(path.join(root, 'docs', 'zh-cn', 'versions.md'));
  assert.deepEqual(
    zh.map((r) => [r.rule, r.cells.join(' ')]),
    en.map((r) => [r.rule, r.cells.join(' ')]),
  );
});
