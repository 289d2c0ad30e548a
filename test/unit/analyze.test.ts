import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, Analyzer, parseConfigFile, ruleIds, resolveSettings } from '../../server/src/analysis';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setMessageBundle } from '../../server/src/analysis/i18n';

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      initContainers:
        - name: Init_${name}
          image: busybox:1.36
          command: ["true"]
      containers:
        - name: app
          image: nginx:1.27
`;

test('finds Pod specs in every kind of object and in List items', () => {
  const text = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: A_, image: x:1}]}\n',
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: C_, image: x:1}]\n',
    'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: DaemonSet\n    metadata: {name: d}\n    spec: {template: {spec: {containers: [{name: D_, image: x:1}]}}}\n',
    'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate: {spec: {containers: [{name: T_, image: x:1}]}}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {containers: "x"}\n',
  ].join('---\n');
  const r = analyze(text);
  const objects = r.documents.flatMap((d) => d.pods.map((p) => `${d.index}:${p.object}:${p.path}`));
  assert.deepEqual(objects, [
    '0:Pod/a:spec',
    '1:CronJob/c:spec.jobTemplate.spec.template.spec',
    '2:DaemonSet/d:spec.template.spec',
    '3:PodTemplate/t:template.spec',
  ]);
  const containers = r.findings.filter((f) => f.rule === 'invalid-container-name').map((f) => f.container);
  assert.deepEqual(containers, ['A_', 'C_', 'D_', 'T_']);
});

test('a kind named like a property of every object (constructor, toString) is no workload', () => {
  for (const kind of ['constructor', 'toString', '__proto__']) {
    const r = analyze(`apiVersion: x/v1\nkind: ${kind}\nmetadata: {name: o}\nspec: {template: {spec: {containers: [{name: A_, image: x:1}]}}}\n`);
    assert.deepEqual(
      r.documents[0].pods.map((p) => p.object),
      [],
      kind,
    );
  }
});

test('a fragment that is plainly a Pod spec is analysed and marked partial', () => {
  const r = analyze('initContainers:\n  - name: Bad_One\n    image: busybox:1.36\n    volumeMounts: [{name: w, mountPath: /w}]\n');
  assert.equal(r.documents[0].pods.length, 1);
  assert.equal(r.documents[0].pods[0].partial, true);
  assert.ok(r.findings.some((f) => f.rule === 'invalid-container-name'));
  assert.ok(!r.findings.some((f) => f.rule === 'undeclared-volume'));
});

test('documents that are not Kubernetes objects give nothing', () => {
  for (const t of ['foo: bar\n', '- 1\n- 2\n', 'name: x\nsteps:\n  - run: echo\n', '', '%YAML 1.2\n---\n', ':::\n']) {
    const r = analyze(t);
    assert.equal(r.findings.length, 0, t);
  }
});

test('offsets and document indexes are absolute in a multi-document file', () => {
  const text = deployment('one') + '---\n' + deployment('two');
  const r = analyze(text);
  const f = r.findings.filter((x) => x.rule === 'invalid-container-name');
  assert.deepEqual(
    f.map((x) => [x.document, text.slice(x.start, x.end)]),
    [
      [0, 'Init_one'],
      [1, 'Init_two'],
    ],
  );
  assert.equal(f[1].object, 'Deployment/two');
});

test('the analyzer re-analyses only the documents that changed', () => {
  const docs = Array.from({ length: 20 }, (_, i) => deployment(`d${i}`));
  const a = new Analyzer();
  a.analyze(docs.join('---\n'));
  assert.equal(a.lastFresh, 20);
  docs[7] = docs[7].replace('nginx:1.27', 'nginx:1.28');
  const r = a.analyze(docs.join('---\n'));
  assert.equal(a.lastFresh, 1);
  assert.deepEqual(r, analyze(docs.join('---\n')));
});

test('per-rule settings turn rules off and change severity', () => {
  const text = deployment('x');
  assert.equal(analyze(text, { rules: { 'invalid-container-name': 'off' } }).findings.filter((f) => f.rule === 'invalid-container-name').length, 0);
  const w = analyze(text, { rules: { 'invalid-container-name': 'warning' } }).findings.find((f) => f.rule === 'invalid-container-name');
  assert.equal(w?.severity, 'warning');
});

test('a throwing rule is reported and the others still run', () => {
  const errors: string[] = [];
  const boom = {
    id: 'boom',
    defaultSeverity: 'error' as const,
    summary: 'always throws',
    check: () => {
      throw new Error('x');
    },
  };
  const ok = {
    id: 'ok',
    defaultSeverity: 'info' as const,
    summary: 'reports the spec',
    check: (c: { pod: { node: { range?: [number, number, number] } }; report: (r: { range: [number, number]; message: string }) => void }) =>
      c.report({ range: [c.pod.node.range![0], c.pod.node.range![1]], message: 'seen' }),
  };
  const r = analyze(deployment('x'), {}, { rules: [boom, ok] as never, onRuleError: (id) => errors.push(id) });
  assert.deepEqual(errors, ['boom']);
  assert.equal(r.findings.length, 1);
});

test('.initlens.yaml is read with clear problems for bad keys', () => {
  const ok = parseConfigFile('kubernetesVersion: "1.30"\nrules:\n  invalid-container-name: off\n', ruleIds);
  assert.deepEqual(ok.problems, []);
  assert.equal(resolveSettings(ok.settings).version.minor, 30);
  const bad = parseConfigFile('kubernetesVersion: banana\nrules:\n  no-such-rule: error\n  invalid-container-name: loud\nextra: 1\n', ruleIds);
  assert.equal(bad.problems.length, 4);
  assert.ok(parseConfigFile('rules: [\n', ruleIds).problems.length === 1);
});

test('the cache is bounded by the text it holds, least recently used first', () => {
  const docs = Array.from({ length: 10 }, (_, i) => deployment(`c${i}`));
  const each = docs[0].length + 4;
  const a = new Analyzer(1000, each * 4);
  a.analyze(docs.join('---\n'));
  assert.ok(a.cacheSize <= each * 4, `holds ${a.cacheSize} chars`);
  // the last documents analysed are still cached
  a.analyze(docs.slice(8).join('---\n'));
  assert.equal(a.lastFresh, 1); // the first chunk has no leading '---', so it is new text
});

test('one analyzer keeps a text analysed under other settings or in another language apart', () => {
  const text = deployment('Bad_Name');
  const a = new Analyzer();
  const severityOf = (r: ReturnType<Analyzer['analyze']>): string | undefined => r.findings.find((f) => f.rule === 'invalid-container-name')?.severity;
  assert.equal(severityOf(a.analyze(text)), 'error');
  assert.equal(severityOf(a.analyze(text, { rules: { 'invalid-container-name': 'info' } })), 'info');
  assert.equal(a.lastFresh, 1, 'other settings: analysed again');
  assert.equal(severityOf(a.analyze(text)), 'error');
  assert.equal(a.lastFresh, 1, 'back to the first settings: analysed again, not the other settings’ result');
  assert.equal(severityOf(a.analyze(text)), 'error');
  assert.equal(a.lastFresh, 0, 'the same settings again: from the cache');
  const zh = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const english = a.analyze(text).findings[0].message;
  try {
    setMessageBundle('zh-cn', zh);
    const chinese = a.analyze(text).findings[0].message;
    assert.equal(a.lastFresh, 1, 'another language: analysed again');
    assert.notEqual(chinese, english);
  } finally {
    setMessageBundle('en', undefined);
  }
  assert.equal(a.analyze(text).findings[0].message, english);
});
