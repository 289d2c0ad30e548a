/**
 * The `initlens` CLI as users run it: bin/initlens.js (→ the built dist/cli.js) on temporary files.
 * Output formats, exit codes, --fail-on, folders, config files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../server/src/analysis';
import { run as runInProcess } from '../../server/src/cli';
import { built, root } from '../helpers/built';

const MULTI = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
      command: ["sh", "-c", "echo ready"]
  containers:
    - name: app
      image: nginx:1.27.0
    - name: app
      image: nginx:1.27.0
`;

const WARN_ONLY = `apiVersion: v1
kind: Pod
metadata:
  name: ports
spec:
  initContainers:
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
      startupProbe: {tcpSocket: {port: 8080}}
      ports: [{containerPort: 8080}]
  containers:
    - name: app
      image: nginx:1.27.0
      ports: [{containerPort: 8080}]
`;

const CLEAN = `apiVersion: v1
kind: Pod
metadata:
  name: clean
spec:
  containers:
    - name: app
      image: nginx:1.27.0
`;

const BROKEN = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27.0
   - name: log
     image: busybox:1.36.1
`;

const HELM = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  {{- with .Values.initContainers }}
  initContainers:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: app
      image: nginx:1.27.0
`;

const JSON_KEYS = ['file', 'document', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'message', 'object', 'container', 'detail'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let bin: string;

/** As a user runs it: `node bin/initlens.js …` (the built bundle), in a child process. */
function spawnRun(args: string[], cwd = dir): Run {
  // English whatever the developer's locale: these tests assert English texts
  const env = { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same CLI code in this process (fast; most tests use it). */
function run(args: string[], cwd = dir): Run {
  let stdout = '';
  let stderr = '';
  const status = runInProcess(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: { LANG: 'C' } });
  return { status, stdout, stderr };
}

function json(args: string[], cwd = dir): Array<Record<string, unknown>> {
  const r = run(['--format', 'json', ...args], cwd);
  return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
}

/** 1-based line/column of the n-th occurrence of `needle`. */
function at(text: string, needle: string, nth = 1): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k < nth; k++) i = text.indexOf(needle, i + 1);
  const lines = text.slice(0, i).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

describe('initlens CLI', () => {
  before(() => {
    built('cli.js');
    bin = path.join(root, 'bin', 'initlens.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-cli-'));
    fs.writeFileSync(path.join(dir, 'multi.yaml'), MULTI);
    fs.writeFileSync(path.join(dir, 'warn.yaml'), WARN_ONLY);
    fs.writeFileSync(path.join(dir, 'clean.yaml'), CLEAN);
    fs.writeFileSync(path.join(dir, 'broken.yaml'), BROKEN);
    fs.writeFileSync(path.join(dir, 'helm.yaml'), HELM);
    for (const [f, text] of Object.entries({
      'tree/a.yaml': MULTI,
      'tree/sub/b.yml': WARN_ONLY,
      'tree/sub/notes.txt': MULTI,
      'tree/node_modules/c.yaml': MULTI,
      'tree/.git/d.yaml': MULTI,
    })) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('json: an array of objects with exactly the documented keys, 1-based positions', () => {
    const r = spawnRun(['--format', 'json', 'multi.yaml']);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(out) && out.length >= 2);
    for (const o of out) assert.deepEqual(Object.keys(o), JSON_KEYS);
    const name = out.find((o) => o.rule === 'invalid-container-name');
    const start = at(MULTI, 'Init_DB');
    assert.deepEqual(name, {
      file: 'multi.yaml',
      document: 1,
      line: start.line,
      column: start.column,
      endLine: start.line,
      endColumn: start.column + 'Init_DB'.length,
      severity: 'error',
      rule: 'invalid-container-name',
      message: name?.message,
      object: 'Pod/web',
      container: 'Init_DB',
      detail: name?.detail,
    });
    assert.ok(typeof name?.message === 'string' && name.message.length > 20);
    // the headline is plain; the explanation carries the API server's own error text
    assert.doesNotMatch(String(name?.message), /`/);
    assert.match(String(name?.detail), /Invalid value: "Init_DB"/);
    const dup = out.find((o) => o.rule === 'duplicate-container-name');
    assert.equal(dup?.line, at(MULTI, 'app', 2).line);
  });

  test('text: one line per finding, file:line:col severity rule message', () => {
    const r = run(['multi.yaml']);
    assert.equal(r.status, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, json(['multi.yaml']).length);
    for (const l of lines) assert.match(l, /^multi\.yaml:\d+:\d+ (error|warning|info) [a-z0-9-]+ \S.*$/);
    const start = at(MULTI, 'Init_DB');
    assert.ok(lines.some((l) => l.startsWith(`multi.yaml:${start.line}:${start.column} error invalid-container-name `)));
  });

  test('text: no Markdown backticks; --verbose prints the explanation under each finding', () => {
    const plain = run(['multi.yaml']);
    assert.doesNotMatch(plain.stdout, /`/);
    const verbose = run(['--verbose', 'multi.yaml']);
    assert.equal(verbose.status, 1);
    assert.doesNotMatch(verbose.stdout, /`/);
    const lines = verbose.stdout.trimEnd().split('\n');
    const findingLines = lines.filter((l) => !l.startsWith(' '));
    assert.deepEqual(findingLines, plain.stdout.trimEnd().split('\n'), 'the finding lines are the same as without --verbose');
    const start = at(MULTI, 'Init_DB');
    const i = lines.findIndex((l) => l.startsWith(`multi.yaml:${start.line}:${start.column} error invalid-container-name `));
    assert.ok(i >= 0);
    // the explanation follows, indented, with the API server's exact error
    assert.match(lines[i + 1], /^ {4}The API server rejects this Pod: spec\.initContainers\[0\]\.name: Invalid value: "Init_DB"/);
    for (const l of lines.filter((x) => x.startsWith(' '))) assert.ok(l.length <= 100, `not wrapped: ${l}`);
    assert.equal(run(['-v', 'multi.yaml']).stdout, verbose.stdout);
    const listed = run(['--list-rules']);
    assert.doesNotMatch(listed.stdout, /`/);
    assert.match(listed.stdout, /^busybox-nslookup-short-name +warning +"nslookup <short name>" in busybox/m);
  });

  test('sarif: SARIF 2.1.0 with rule metadata, regions and related locations', () => {
    const r = run(['--format', 'sarif', 'multi.yaml']);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      $schema: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<Record<string, any>> } };
        results: Array<Record<string, any>>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'InitLens');
    assert.deepEqual(
      driver.rules.map((x) => x.id),
      allRules.map((x) => x.id),
    );
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 10);
      assert.match(rule.helpUri, /^(https|file):\/\/.*docs\/rules\/[a-z0-9-]+\.md$/);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const results = log.runs[0].results;
    assert.equal(results.length, json(['multi.yaml']).length);
    for (const res of results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.message.text.length > 0);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'multi.yaml');
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(Object.keys(loc.region), ['startLine', 'startColumn', 'endLine', 'endColumn']);
    }
    for (const rule of driver.rules) {
      assert.doesNotMatch(rule.shortDescription.text, /`/, 'text is plain; Markdown goes in markdown');
      assert.ok(rule.fullDescription.text.length > 10 && rule.help.markdown.includes(rule.helpUri));
    }
    const name = results.find((x) => x.ruleId === 'invalid-container-name');
    assert.doesNotMatch(name?.message.text, /`/);
    const shown = String(name?.message.markdown).replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.ok(shown.includes('Invalid value: "Init_DB"'), 'the explanation is in message.markdown');
    assert.ok(name?.message.markdown.length > name?.message.text.length);
    const dup = results.find((x) => x.ruleId === 'duplicate-container-name');
    assert.equal(dup?.relatedLocations?.[0].physicalLocation.region.startLine, at(MULTI, 'app', 1).line);
    assert.ok(dup?.relatedLocations?.[0].message.text);
  });

  test('exit codes follow --fail-on', () => {
    assert.equal(spawnRun(['warn.yaml']).status, 0, 'warnings only: below the default error threshold');
    assert.equal(spawnRun(['--fail-on', 'warning', 'warn.yaml']).status, 1);
    assert.equal(run(['--fail-on=info', 'warn.yaml']).status, 1);
    assert.equal(run(['--fail-on', 'info', 'clean.yaml']).status, 0);
    const clean = run(['clean.yaml']);
    assert.equal(clean.stdout, '');
    assert.equal(run(['--format', 'json', 'clean.yaml']).stdout.trim(), '[]');
  });

  test('exit 2 on bad usage, with a message on stderr', () => {
    assert.equal(spawnRun(['--bogus']).status, 2);
    for (const args of [
      [],
      ['--format', 'xml', 'multi.yaml'],
      ['--kubernetes-version', 'latest', 'multi.yaml'],
      ['--fail-on', 'fatal', 'multi.yaml'],
      ['--bogus', 'multi.yaml'],
      ['--format'],
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^initlens: /, args.join(' '));
    }
  });

  test('an unreadable path gives exit 2 and the other files are still checked', () => {
    const r = spawnRun(['--format', 'json', 'missing.yaml', 'multi.yaml']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing\.yaml/);
    assert.ok((JSON.parse(r.stdout) as unknown[]).length >= 2);
  });

  test('folders are searched for *.yaml and *.yml, skipping node_modules and .git', () => {
    const files = new Set(json(['tree']).map((o) => o.file));
    assert.deepEqual([...files].sort(), [path.join('tree', 'a.yaml'), path.join('tree', 'sub', 'b.yml')].sort());
  });

  test('.initlens.yaml in the current folder, --config, and --kubernetes-version', () => {
    const cwd = fs.mkdtempSync(path.join(dir, 'cfg-'));
    fs.copyFileSync(path.join(dir, 'warn.yaml'), path.join(cwd, 'warn.yaml'));
    fs.copyFileSync(path.join(dir, 'multi.yaml'), path.join(cwd, 'multi.yaml'));
    const rules = (args: string[]): string[] => json(args, cwd).map((o) => String(o.rule));
    assert.ok(rules(['multi.yaml']).includes('invalid-container-name'));

    fs.writeFileSync(path.join(cwd, '.initlens.yaml'), 'kubernetesVersion: "1.28"\nrules:\n  invalid-container-name: off\n');
    assert.ok(!rules(['multi.yaml']).includes('invalid-container-name'), 'off in ./.initlens.yaml');
    assert.ok(rules(['warn.yaml']).includes('sidecar-unsupported-version'), '1.28 from ./.initlens.yaml');
    assert.ok(!rules(['--kubernetes-version', '1.33', 'warn.yaml']).includes('sidecar-unsupported-version'), 'the flag wins');

    fs.writeFileSync(path.join(cwd, 'other.yaml'), 'rules:\n  duplicate-container-name: warning\n');
    const out = json(['--config', 'other.yaml', 'multi.yaml'], cwd);
    assert.ok(
      out.some((o) => o.rule === 'invalid-container-name'),
      '--config replaces ./.initlens.yaml',
    );
    assert.equal(out.find((o) => o.rule === 'duplicate-container-name')?.severity, 'warning');

    assert.equal(run(['--config', 'nope.yaml', 'multi.yaml'], cwd).status, 2);
    fs.writeFileSync(path.join(cwd, 'bad.yaml'), 'rules:\n  no-such-rule: error\n');
    const bad = run(['--config', 'bad.yaml', 'multi.yaml'], cwd);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no-such-rule/);
  });

  test('--help, --version, --list-rules', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--fail-on/);
    const version = spawnRun(['--version']);
    assert.equal(version.stdout.trim(), (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version);
    const list = run(['--list-rules']);
    assert.equal(list.status, 0);
    for (const rule of allRules) assert.match(list.stdout, new RegExp(`^${rule.id} +${rule.defaultSeverity} `, 'm'));
  });

  test('a file that is not valid YAML is a yaml-syntax-error at the parse error, and fails the run', () => {
    const r = spawnRun(['broken.yaml']);
    assert.equal(r.status, 1, r.stderr);
    const start = at(BROKEN, '- name: log');
    assert.equal(r.stdout.split('\n')[0].startsWith(`broken.yaml:${start.line}:${start.column} error yaml-syntax-error `), true, r.stdout);
    const out = json(['broken.yaml']);
    const f = out.find((o) => o.rule === 'yaml-syntax-error');
    assert.deepEqual([f?.line, f?.column, f?.endColumn, f?.severity], [start.line, start.column, start.column + '- name: log'.length, 'error']);
    // like any rule: it can be lowered in .initlens.yaml
    const cwd = fs.mkdtempSync(path.join(dir, 'syntax-'));
    fs.copyFileSync(path.join(dir, 'broken.yaml'), path.join(cwd, 'broken.yaml'));
    fs.writeFileSync(path.join(cwd, '.initlens.yaml'), 'rules:\n  yaml-syntax-error: warning\n');
    assert.equal(run(['broken.yaml'], cwd).status, 0);
    assert.equal(run(['--fail-on', 'warning', 'broken.yaml'], cwd).status, 1);
  });

  test('a Helm template that does not parse is skipped, never an error: listed under --verbose, in JSON and SARIF', () => {
    const quiet = run(['helm.yaml']);
    assert.equal(quiet.status, 0, quiet.stdout);
    assert.equal(quiet.stdout, '');
    const verbose = run(['--verbose', 'helm.yaml']);
    assert.equal(verbose.status, 0);
    assert.match(verbose.stdout, /^helm\.yaml:1:1 skipped Helm\/Go template/m);
    const out = json(['helm.yaml']);
    assert.deepEqual(
      out.map((o) => [o.notification, o.rule, o.line]),
      [['template-skipped', undefined, 1]],
    );
    const log = JSON.parse(run(['--format', 'sarif', 'helm.yaml']).stdout) as {
      runs: Array<{ results: unknown[]; invocations: Array<{ toolExecutionNotifications: Array<Record<string, any>> }> }>;
    };
    assert.equal(log.runs[0].results.length, 0);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(notes.length, 1);
    assert.equal(notes[0].descriptor.id, 'template-skipped');
    assert.equal(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'helm.yaml');
    // a broken file next to it still fails the run
    assert.equal(run(['helm.yaml', 'broken.yaml']).status, 1);
  });
});
