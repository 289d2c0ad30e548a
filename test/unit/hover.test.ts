/** Hover content: container role/order/volumes/failure, start order + effective resources, restartPolicy. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { detailMarkdown } from '../../server/src/analysis/detailMarkdown';
import { hoverAt } from '../../server/src/analysis/hover';
import { parseKubeVersion } from '../../server/src/analysis/version';
import { renderedProblems, renderMarkdown } from '../helpers/markdown';
import { mdText } from '../../server/src/analysis/markdown';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
      - name: wait-db
        image: busybox:1.36
        resources: {requests: {cpu: 100m, memory: 64Mi}}
      - name: proxy
        image: cloud-sql-proxy:2
        restartPolicy: Always
        resources: {requests: {cpu: 200m, memory: 128Mi}}
        volumeMounts: [{name: sock, mountPath: /sock}]
      - name: migrate
        image: app:1
        resources: {requests: {cpu: "2", memory: 256Mi}, limits: {memory: 512Mi}}
      containers:
      - name: app
        image: app:1
        resources: {requests: {cpu: 500m, memory: 256Mi}}
        volumeMounts: [{name: sock, mountPath: /cloudsql}]
      volumes:
      - name: sock
        emptyDir: {}
`;

function hover(text: string, needle: string, version = '1.33', nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  const r = hoverAt(analyze(text, { kubernetesVersion: version }), at + 1, parseKubeVersion(version)!);
  assert.ok(r, `no hover at ${needle}`);
  assert.equal(text.slice(r.start, r.end).length > 0, true);
  return r.contents;
}

describe('container hover', () => {
  test('plain init container: position, order, failure under a Deployment', () => {
    const h = hover(DEPLOYMENT, 'migrate');
    assert.match(h, /\*\*Init container 3 of 3\*\* `migrate`/);
    assert.match(h, /Runs after: `wait-db` → `proxy` \(sidecar\)/);
    assert.match(h, /Sidecars already running: `proxy`/);
    // the last init container: the app containers come next, said once ("Before: then app." read badly)
    assert.match(h, /Runs before the app containers: `app`\./);
    assert.doesNotMatch(h, /then `app`|Before: then/);
    assert.match(h, /Init:CrashLoopBackOff/);
  });
  test('an earlier init container: the init containers after it, then the app containers', () => {
    const h = hover(DEPLOYMENT, 'wait-db');
    assert.match(h, /Runs before: `proxy` \(sidecar\) → `migrate`, then the app containers `app`\./);
    assert.doesNotMatch(h, /→ then/);
  });
  test('sidecar: role and shared volumes', () => {
    const h = hover(DEPLOYMENT, 'proxy');
    assert.match(h, /\*\*Native sidecar\*\* `proxy` \(init container 2 of 3\)/);
    assert.match(h, /volume `sock` `emptyDir` at `\/sock`, shared with `app` \(`\/cloudsql`\)/);
    assert.match(h, /restarts it, whatever the Pod's `restartPolicy`/);
  });
  test('bare Pod with restartPolicy Never: the Pod fails', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  initContainers:\n  - name: init\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: app:1\n';
    assert.match(hover(text, 'name: init'), /the whole Pod fails/);
    assert.match(hover(text, 'name: app'), /not restarted/);
  });
  test('Job: backoffLimit', () => {
    const text =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      initContainers:\n      - name: init\n        image: busybox:1.36\n      containers:\n      - name: run\n        image: task:1\n';
    assert.match(hover(text, 'name: init'), /`backoffLimit` \(2\)/);
  });
});

describe('initContainers hover', () => {
  test('start order and sidecar-aware effective resources', () => {
    const h = hover(DEPLOYMENT, 'initContainers');
    assert.match(h, /\*\*Start order:\*\* `wait-db` → `proxy` \(sidecar\) → `migrate` → `app`/);
    // cpu: max(100m, 200m, 200m + 2) vs 500m + 200m → 2200m, set by migrate
    assert.match(h, /\| cpu \| 2200m \(set by `migrate`\)/);
    // memory: max(64, 128, 128+256=384) vs 256+128=384 → 384Mi
    assert.match(h, /\| memory \| 384Mi/);
  });
});

describe('restartPolicy hover', () => {
  test('container level, init: native sidecar by version', () => {
    assert.match(hover(DEPLOYMENT, 'restartPolicy'), /native sidecar/);
    assert.match(hover(DEPLOYMENT, 'restartPolicy', '1.27'), /does not know native sidecars/);
  });
  test('container level, app: rejected before 1.34, dropped at 1.34, override from 1.35', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: app:1\n    restartPolicy: Never\n';
    assert.match(hover(text, 'restartPolicy', '1.33'), /Rejected before Kubernetes 1\.34/);
    assert.match(hover(text, 'restartPolicy', '1.34'), /1\.34 accepts and drops it/);
    assert.match(hover(text, 'restartPolicy', '1.35'), /overrides the Pod's `restartPolicy` \(Always\)/);
    // a Never container in an Always Pod fails once and stays failed
    assert.match(hover(text, 'restartPolicy', '1.35'), /stays terminated while the rest of the Pod keeps running under `Always`/);
  });
  test('container level, init: dropped at 1.34', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: warm\n    image: busybox:1.36\n    restartPolicy: OnFailure\n  containers:\n  - name: app\n    image: app:1\n';
    assert.match(hover(text, 'restartPolicy', '1.33'), /Rejected before Kubernetes 1\.34/);
    assert.match(hover(text, 'restartPolicy', '1.34'), /runs as a plain init container/);
  });
  test('restartPolicyRules: by version, restart under a Never Pod, RestartAllContainers re-runs init containers', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: app\n    image: app:1\n    restartPolicy: Never\n    restartPolicyRules:\n    - action: RestartAllContainers\n      exitCodes: {operator: In, values: [42]}\n';
    assert.match(hover(text, 'restartPolicyRules', '1.33'), /has no container restart rules/);
    assert.match(hover(text, 'restartPolicyRules', '1.34'), /1\.34 drops the rules/);
    assert.match(hover(text, 'restartPolicyRules', '1.35'), /even under a Pod `restartPolicy: Never`/);
    assert.match(hover(text, 'restartPolicyRules', '1.35'), /rejected at 1\.35/);
    assert.match(hover(text, 'restartPolicyRules', '1.36'), /every init container runs again.*`emptyDir` contents are kept/);
  });
  test('Pod level in a Job', () => {
    const text =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: run, image: task:1}]\n';
    assert.match(hover(text, 'OnFailure'), /restarted in the same Pod/);
  });
});

/** Hover Markdown with its backslash escapes removed: the text a reader sees. */
const unescapeMarkdown = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('finding hover', () => {
  test("names from the file cannot turn a finding's explanation into links, images or HTML", () => {
    const evil = [
      'a`[x](https://evil.example)`b',
      'C <img src=x onerror=alert(1)>',
      '![i](https://evil.example/i.png)',
      'x``y` <b>z</b> `',
      'line\\n\\n# heading',
    ];
    for (const name of evil) {
      const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: ${JSON.stringify(name)}\n    image: busybox:1.36\n    readinessProbe: {exec: {command: ["true"]}}\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
      const analysis = analyze(text, {});
      for (const f of analysis.findings) {
        const r = hoverAt(analysis, f.start + 1, parseKubeVersion('1.33')!);
        assert.ok(r, `${f.rule} on ${name}`);
        assert.deepEqual(renderedProblems(r.contents), [], `${f.rule} with the name ${JSON.stringify(name)}:\n${r.contents}`);
        assert.doesNotMatch(renderMarkdown(r.contents), /<h1/);
      }
      assert.ok(analysis.findings.length >= 2, name);
    }
  });

  test("detailMarkdown keeps the template's code spans and escapes the text around them", () => {
    assert.equal(detailMarkdown('Remove `readinessProbe` from [x](y) <b>'), 'Remove `readinessProbe` from \\[x\\]\\(y\\) \\<b\\>');
    assert.equal(detailMarkdown('a ``b`c`` d'), 'a ``b`c`` d');
    assert.equal(detailMarkdown('one ` unmatched *x*'), 'one \\` unmatched \\*x\\*');
    assert.equal(detailMarkdown('see https://x.example'), 'see https\\:\\/\\/x\\.example');
    assert.equal(detailMarkdown('two\nlines'), 'two lines');
  });

  const BROKEN = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: Init_DB
    image: busybox:1.36
    command: ["sh", "-c", "echo ok"]
    readinessProbe: {exec: {command: ["true"]}}
  containers:
  - name: app
    image: nginx:1.27
`;

  test('on a finding range: the explanation with its code spans (the editor shows the headline above it)', () => {
    const at = BROKEN.indexOf('readinessProbe') + 3;
    const r = hoverAt(analyze(BROKEN, {}), at, parseKubeVersion('1.33')!);
    assert.ok(r);
    assert.equal(BROKEN.slice(r.start, r.end), 'readinessProbe');
    const body = unescapeMarkdown(r.contents);
    assert.match(
      body,
      /^The API server rejects this Pod: spec\.initContainers\[0\]\.readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always\./,
    );
    assert.match(body, /add `restartPolicy: Always`/);
    // the headline is the diagnostic's, shown by the editor in the same hover: not repeated here
    assert.ok(!body.includes('only sidecars may have it'), body);
  });

  test('a finding without a detail shows its headline', () => {
    const analysis = analyze(BROKEN, {});
    const f = analysis.findings.find((x) => x.rule === 'init-lifecycle-or-probe')!;
    const bare = { ...analysis, findings: [{ ...f, detail: undefined }] };
    const r = hoverAt(bare, f.start + 1, parseKubeVersion('1.33')!);
    assert.equal(r?.contents, mdText(f.message));
  });

  test('a finding on a container name comes first, then the container hover', () => {
    const r = hoverAt(analyze(BROKEN, {}), BROKEN.indexOf('Init_DB') + 2, parseKubeVersion('1.33')!);
    assert.ok(r);
    assert.match(unescapeMarkdown(r.contents), /^The API server rejects this Pod: spec\.initContainers\[0\]\.name: Invalid value: "Init_DB"/);
    const sep = r.contents.indexOf('\n\n---\n\n');
    assert.ok(sep > 0 && r.contents.indexOf('**Init container 1 of 1**') > sep, 'the container hover follows a rule');
    assert.equal(BROKEN.slice(r.start, r.end), 'Init_DB');
  });

  test('off a finding: no finding text; a finding switched off: none either', () => {
    const r = hoverAt(analyze(BROKEN, {}), BROKEN.indexOf('nginx') + 1, parseKubeVersion('1.33')!);
    assert.equal(r, null);
    const off = hoverAt(analyze(BROKEN, { rules: { 'init-lifecycle-or-probe': 'off' } }), BROKEN.indexOf('readinessProbe') + 3, parseKubeVersion('1.33')!);
    assert.equal(off, null);
  });
});
