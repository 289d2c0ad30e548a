/**
 * Exact output of each quick fix: indentation width, list style, flow maps, CRLF and comments kept.
 * Findings are made by hand (rule id + range + data) so the fixes are tested apart from the rules.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type Finding } from '../../server/src/analysis';
import { applyEdits, fixAll, fixesFor } from '../../server/src/analysis/fixes';
import { detectStyle } from '../../server/src/analysis/fixes/edits';

/** A finding of `rule` on the `nth` occurrence of `needle`. */
function finding(text: string, rule: string, needle: string, data?: Record<string, unknown>, nth = 1): Finding {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in text`);
  const r = analyze(text);
  const doc = r.documents.find((d) => d.contains(at))!;
  return { rule, severity: 'error', message: 'm', start: at, end: at + needle.length, document: doc.index, object: null, container: null, related: [], data };
}

function fix(text: string, f: Finding, title: RegExp): string {
  const fixes = fixesFor(text, analyze(text), f);
  const chosen = fixes.find((x) => title.test(x.title));
  assert.ok(chosen, `no fix matching ${title}; got: ${fixes.map((x) => x.title).join(' | ')}`);
  return applyEdits(text, chosen.edits);
}

function titles(text: string, f: Finding): string[] {
  return fixesFor(text, analyze(text), f).map((x) => x.title);
}

const pod = (body: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${body}`;

describe('edit style detection', () => {
  test('indent width and list style', () => {
    assert.deepEqual(detectStyle('a:\n    b:\n        - c\n'), { eol: '\n', unit: 4, seqIndent: true });
    assert.deepEqual(detectStyle('a:\r\n  b:\r\n  - c\r\n'), { eol: '\r\n', unit: 2, seqIndent: false });
  });
});

describe('undeclared-volume', () => {
  const text = pod(`  initContainers:
  - name: fetch
    image: busybox:1.36
    volumeMounts:
    - name: workdir   # the mount
      mountPath: /work
  containers:
  - name: app
    image: app:1
  volumes:
  - name: work-dir
    emptyDir: {}
`);
  const f = finding(text, 'undeclared-volume', 'workdir');
  test('declare as emptyDir appends to volumes', () => {
    assert.equal(fix(text, f, /Declare volume "workdir"/), text.replace('    emptyDir: {}\n', '    emptyDir: {}\n  - name: workdir\n    emptyDir: {}\n'));
  });
  test('rename to the closest declared volume keeps the comment', () => {
    assert.equal(fix(text, f, /Change the mount to volume "work-dir"/), text.replace('- name: workdir   # the mount', '- name: work-dir   # the mount'));
  });
  test('creates volumes: at the end of the spec, 4-space indented lists', () => {
    const t4 =
      'kind: Pod\nspec:\n    containers:\n        - name: app\n          image: app:1\n          volumeMounts:\n              - {name: data, mountPath: /data}\n';
    const out = fix(t4, finding(t4, 'undeclared-volume', 'data'), /Declare/);
    assert.equal(out, t4 + '    volumes:\n        - name: data\n          emptyDir: {}\n');
  });
  test('a flow volumes list gets a flow item', () => {
    const tf =
      'kind: Pod\nspec:\n  containers: [{name: app, image: app:1, volumeMounts: [{name: data, mountPath: /d}]}]\n  volumes: [{name: other, emptyDir: {}}]\n';
    assert.equal(
      fix(tf, finding(tf, 'undeclared-volume', 'data'), /Declare/),
      tf.replace('volumes: [{name: other, emptyDir: {}}]', 'volumes: [{name: other, emptyDir: {}}, {name: data, emptyDir: {}}]'),
    );
  });
});

describe('init-lifecycle-or-probe', () => {
  test('removes the field (block) and keeps CRLF', () => {
    const text = pod(
      `  initContainers:\n  - name: migrate\n    image: app:1\n    readinessProbe:\n      exec: {command: ["true"]}\n    command: ["./migrate"]\n  containers:\n  - name: app\n    image: app:1\n`,
    ).replace(/\n/g, '\r\n');
    const f = finding(text, 'init-lifecycle-or-probe', 'readinessProbe', { field: 'readinessProbe' });
    assert.equal(fix(text, f, /Remove readinessProbe/), text.replace('    readinessProbe:\r\n      exec: {command: ["true"]}\r\n', ''));
  });
  test('removes the first key of a list item without losing the dash', () => {
    const text = pod(
      `  initContainers:\n  - lifecycle:\n      postStart: {exec: {command: ["true"]}}\n    name: migrate\n    image: app:1\n  containers:\n  - name: app\n    image: app:1\n`,
    );
    const f = finding(text, 'init-lifecycle-or-probe', 'lifecycle', { field: 'lifecycle' });
    assert.equal(
      fix(text, f, /Remove lifecycle/),
      text.replace('  - lifecycle:\n      postStart: {exec: {command: ["true"]}}\n    name: migrate', '  - name: migrate'),
    );
  });
  test('flow container gets a flow edit', () => {
    const text = pod(
      `  initContainers:\n  - {name: proxy, image: envoy:1, ports: [{containerPort: 9901}], readinessProbe: {tcpSocket: {port: 9901}}}\n  containers:\n  - {name: app, image: app:1}\n`,
    );
    const f = finding(text, 'init-lifecycle-or-probe', 'readinessProbe', { field: 'readinessProbe' });
    assert.equal(fix(text, f, /Remove/), text.replace(', readinessProbe: {tcpSocket: {port: 9901}}', ''));
    assert.equal(
      fix(text, f, /native sidecar/),
      text.replace(
        'readinessProbe: {tcpSocket: {port: 9901}}}',
        'readinessProbe: {tcpSocket: {port: 9901}}, restartPolicy: Always, startupProbe: {tcpSocket: {port: 9901}, periodSeconds: 1, failureThreshold: 30}}',
      ),
    );
  });
});

describe('init-never-exits and job-blocking-sidecar', () => {
  test('plain init container becomes a sidecar in place, startupProbe on its first port', () => {
    const text = pod(
      `  initContainers:\n    - name: proxy\n      image: cloud-sql-proxy:2\n      ports:\n        - containerPort: 5432\n  containers:\n    - name: app\n      image: app:1\n`,
    );
    const f = finding(text, 'init-never-exits', 'proxy');
    assert.deepEqual(titles(text, f)[0], 'Make "proxy" a native sidecar with a startupProbe on port 5432');
    assert.equal(
      fix(text, f, /native sidecar/),
      text.replace(
        '        - containerPort: 5432\n',
        '        - containerPort: 5432\n      restartPolicy: Always\n      startupProbe:\n        tcpSocket:\n          port: 5432\n        periodSeconds: 1\n        failureThreshold: 30\n',
      ),
    );
  });
  const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: task:1
      # the proxy keeps running
      - name: cloudsql
        image: cloud-sql-proxy:2   # pinned
        args: ["proj:reg:db"]
`;
  test('an app container moves into a new initContainers list before containers', () => {
    const f = finding(job, 'job-blocking-sidecar', 'cloudsql');
    assert.equal(
      fix(job, f, /Move "cloudsql" to initContainers/),
      `apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: cloudsql
        image: cloud-sql-proxy:2   # pinned
        args: ["proj:reg:db"]
        restartPolicy: Always
      containers:
      - name: main
        image: task:1
      # the proxy keeps running
`,
    );
  });
  test('appended to an existing initContainers list, re-indented to its style', () => {
    const text = job.replace('      containers:\n', '      initContainers:\n        - name: wait\n          image: busybox:1.36\n      containers:\n');
    const out = fix(text, finding(text, 'job-blocking-sidecar', 'cloudsql'), /Move/);
    assert.ok(
      out.includes(
        '        - name: wait\n          image: busybox:1.36\n        - name: cloudsql\n          image: cloud-sql-proxy:2   # pinned\n          args: ["proj:reg:db"]\n          restartPolicy: Always\n      containers:\n',
      ),
      out,
    );
  });
  test('not offered for the only app container', () => {
    const text = job.replace(/ {6}- name: main\n {8}image: task:1\n/, '');
    assert.ok(!titles(text, finding(text, 'job-blocking-sidecar', 'cloudsql')).some((x) => x.startsWith('Move')));
  });
});

describe('restart policies', () => {
  test('container-restart-policy: move or drop', () => {
    const text = pod(`  containers:\n  - name: app\n    image: app:1\n  - name: shipper\n    image: fluent-bit:3\n    restartPolicy: Always\n`);
    const f = finding(text, 'container-restart-policy', 'restartPolicy');
    assert.deepEqual(titles(text, f).slice(0, 2), [
      'Move "shipper" to initContainers as a native sidecar',
      'Remove restartPolicy from "shipper" (it follows the Pod\'s restartPolicy)',
    ]);
    assert.equal(
      fix(text, f, /Move/),
      pod(`  initContainers:\n  - name: shipper\n    image: fluent-bit:3\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: app:1\n`),
    );
  });
  test('job-restart-policy: one action per value, inserted at the end of the spec', () => {
    const text = 'kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: run\n        image: task:1\n';
    const f = finding(text, 'job-restart-policy', 'spec:\n      containers', undefined, 1);
    assert.deepEqual(titles(text, f).slice(0, 2), ["Set the Pod template's restartPolicy to Never", "Set the Pod template's restartPolicy to OnFailure"]);
    assert.equal(fix(text, f, /Never/), text + '      restartPolicy: Never\n');
  });
  test('job-restart-policy: quoting kept when replacing', () => {
    const text = 'kind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: "Always"\n      containers: [{name: run, image: task:1}]\n';
    assert.equal(fix(text, finding(text, 'job-restart-policy', '"Always"'), /OnFailure/), text.replace('"Always"', '"OnFailure"'));
  });
  test('template-restart-policy is safe: fix-all applies it', () => {
    const text = 'kind: Deployment\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: run, image: task:1}]\n';
    const f = finding(text, 'template-restart-policy', 'Never');
    const fx = fixesFor(text, analyze(text), f);
    assert.equal(fx[0].title, "Set the Pod template's restartPolicy to Always");
    assert.equal(fx[0].safe, true);
  });
});

describe('sidecars', () => {
  const text = pod(`  initContainers:
  - name: migrate
    image: app:1
    command: ["./migrate", "--db=127.0.0.1:5432"]
  # the proxy
  - name: proxy
    image: cloud-sql-proxy:2
    restartPolicy: Always
    ports: [{containerPort: 5432}]
  containers:
  - name: app
    image: app:1
`);
  test('sidecar-after-dependent moves the sidecar before its first dependent', () => {
    const f = finding(text, 'sidecar-after-dependent', 'proxy', { sidecarIndex: 1, dependentIndex: 0, port: 5432 }, 2);
    assert.equal(
      fix(text, f, /Move sidecar "proxy" before "migrate"/),
      pod(`  initContainers:
  - name: proxy
    image: cloud-sql-proxy:2
    restartPolicy: Always
    ports: [{containerPort: 5432}]
  - name: migrate
    image: app:1
    command: ["./migrate", "--db=127.0.0.1:5432"]
  # the proxy
  containers:
  - name: app
    image: app:1
`),
    );
  });
  test('sidecar-without-startup-probe adds one after restartPolicy', () => {
    const f = finding(text, 'sidecar-without-startup-probe', 'proxy', undefined, 2);
    assert.equal(
      fix(text, f, /Add a startupProbe to "proxy" that waits for port 5432/),
      text.replace(
        '    restartPolicy: Always\n',
        '    restartPolicy: Always\n    startupProbe:\n      tcpSocket:\n        port: 5432\n      periodSeconds: 1\n      failureThreshold: 30\n',
      ),
    );
  });
});

describe('names, images, DNS, env', () => {
  test('duplicate-container-name renames the init container with a suffix', () => {
    const text = pod(`  initContainers:\n  - name: 'app'\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: app:1\n`);
    assert.equal(fix(text, finding(text, 'duplicate-container-name', "'app'"), /Rename container "app" to "app-init"/), text.replace("'app'", "'app-init'"));
  });
  test('invalid-container-name uses the suggestion, made unique', () => {
    const text = pod(`  initContainers:\n  - name: Init_DB\n    image: busybox:1.36\n  containers:\n  - name: init-db\n    image: app:1\n`);
    assert.equal(fix(text, finding(text, 'invalid-container-name', 'Init_DB', { suggestion: 'init-db' }), /Rename/), text.replace('Init_DB', 'init-db-2'));
  });
  test('missing-image trims the padding', () => {
    const text = pod(`  containers:\n  - name: app\n    image: " app:1 "\n`);
    assert.equal(fix(text, finding(text, 'missing-image', '" app:1 "'), /Remove the spaces/), text.replace('" app:1 "', '"app:1"'));
  });
  test('hostnetwork-dns-policy adds dnsPolicy after hostNetwork', () => {
    const text = pod(
      `  hostNetwork: true   # node agent\n  initContainers:\n  - name: wait\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: app:1\n`,
    );
    assert.equal(
      fix(text, finding(text, 'hostnetwork-dns-policy', 'hostNetwork'), /ClusterFirstWithHostNet/),
      text.replace('  hostNetwork: true   # node agent\n', '  hostNetwork: true   # node agent\n  dnsPolicy: ClusterFirstWithHostNet\n'),
    );
  });
  test('busybox-nslookup-short-name replaces the word with data.fqdn', () => {
    const text = pod(
      `  initContainers:\n  - name: wait\n    image: busybox:1.36\n    command: ["sh", "-c", "until nslookup mydb; do sleep 2; done"]\n  containers:\n  - name: app\n    image: app:1\n`,
    );
    const f = finding(text, 'busybox-nslookup-short-name', 'mydb', { fqdn: 'mydb.default.svc.cluster.local' });
    assert.equal(fix(text, f, /fully qualified/), text.replace('nslookup mydb;', 'nslookup mydb.default.svc.cluster.local;'));
  });
  test('init-env-not-inherited copies the definition with its comments, creating env:', () => {
    const text = pod(`  initContainers:
  - name: migrate
    image: app:1
    command: ["sh", "-c", "migrate --host $DB_HOST"]
  containers:
  - name: app
    image: app:1
    env:
    - name: DB_HOST   # primary
      value: db.prod
`);
    const f = finding(text, 'init-env-not-inherited', '$DB_HOST', { name: 'DB_HOST', fromContainer: 'app' });
    assert.equal(
      fix(text, f, /Copy the definition of DB_HOST from "app" into "migrate"/),
      text.replace('migrate --host $DB_HOST"]\n', 'migrate --host $DB_HOST"]\n    env:\n    - name: DB_HOST   # primary\n      value: db.prod\n'),
    );
  });
});

describe('volumes shared by init containers', () => {
  test('init-output-not-shared adds the emptyDir and both mounts', () => {
    const text = pod(`  initContainers:
  - name: render
    image: gomplate:3
    command: ["gomplate", "-f", "/t/app.tmpl", "-o", "/etc/app/app.conf"]
  containers:
  - name: app
    image: app:1
`);
    const f = finding(text, 'init-output-not-shared', '/etc/app/app.conf');
    assert.equal(
      fix(text, f, /Add emptyDir volume "app" and mount it at \/etc\/app in render, app/),
      pod(`  initContainers:
  - name: render
    image: gomplate:3
    command: ["gomplate", "-f", "/t/app.tmpl", "-o", "/etc/app/app.conf"]
    volumeMounts:
    - name: app
      mountPath: /etc/app
  containers:
  - name: app
    image: app:1
    volumeMounts:
    - name: app
      mountPath: /etc/app
  volumes:
  - name: app
    emptyDir: {}
`),
    );
  });
  test('init-volume-not-consumed mounts the volume in the app at the init path', () => {
    const text = pod(`  initContainers:
  - name: fetch
    image: busybox:1.36
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - {name: app, image: app:1}
  volumes:
  - name: work
    emptyDir: {}
`);
    const f = finding(text, 'init-volume-not-consumed', 'work', { volume: 'work' }, 2);
    assert.equal(
      fix(text, f, /Mount volume "work" at \/work in app/),
      text.replace('{name: app, image: app:1}', '{name: app, image: app:1, volumeMounts: [{name: work, mountPath: /work}]}'),
    );
  });
});

describe('suppression comments', () => {
  test('next-line above the line at its indentation, joining an existing directive', () => {
    const text = pod(`  initContainers:\n  - name: Init_DB\n    image: busybox:1.36\n`);
    const f = finding(text, 'invalid-container-name', 'Init_DB');
    assert.equal(fix(text, f, /for this line/), text.replace('  - name: Init_DB', '  # initlens-disable-next-line invalid-container-name\n  - name: Init_DB'));
    const withDirective = text.replace('  - name: Init_DB', '  # initlens-disable-next-line other-rule\n  - name: Init_DB');
    assert.equal(
      fix(withDirective, finding(withDirective, 'invalid-container-name', 'Init_DB'), /for this line/),
      withDirective.replace('other-rule', 'other-rule, invalid-container-name'),
    );
  });
  test('document comment after the --- line of the second document', () => {
    const text = `kind: ConfigMap\n---\n${pod('  containers:\n  - name: Bad\n    image: a:1\n')}`;
    const f = finding(text, 'invalid-container-name', 'Bad');
    assert.equal(fix(text, f, /for this document/), text.replace('---\n', '---\n# initlens-disable invalid-container-name\n'));
  });
  test('no line comment for a finding inside a block scalar', () => {
    const text = pod(
      `  initContainers:\n  - name: wait\n    image: busybox:1.36\n    command:\n    - sh\n    - -c\n    - |\n      echo start\n      until nslookup mydb; do sleep 2; done\n`,
    );
    const t = titles(text, finding(text, 'busybox-nslookup-short-name', 'mydb'));
    assert.ok(!t.some((x) => /for this line/.test(x)));
    assert.ok(t.some((x) => /for this document/.test(x)));
  });
});

describe('fix-all', () => {
  test('applies the safe fixes only, as one edit', () => {
    const text = pod(
      `  initContainers:\n  - name: Init_DB\n    image: busybox:1.36\n    readinessProbe: {exec: {command: ["true"]}}\n  containers:\n  - name: app\n    image: app:1\n`,
    );
    const r = fixAll(text);
    assert.deepEqual(r.fixed, ['invalid-container-name']);
    assert.equal(r.text, text.replace('Init_DB', 'init-db'));
    assert.deepEqual(r.edit, { start: text.indexOf('Init_DB'), end: text.indexOf('Init_DB') + 7, newText: 'init-db' });
  });
});
