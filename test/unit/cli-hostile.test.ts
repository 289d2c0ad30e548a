/**
 * The CLI's promises on hostile files (issue 11): terminal control characters from a file never
 * reach the terminal as is (text output; JSON and SARIF stay exact), a closed pipe ends the command
 * quietly, and a huge manifest is analysed in bounded memory (or refused with exit 2).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run as runInProcess } from '../../server/src/cli';
import { terminalField, terminalLines } from '../../server/src/terminalText';
import { built, root } from '../helpers/built';

/** ESC, CR, BEL, an OSC title, a C1 CSI and a right-to-left override in a container name. */
const EVIL_NAME = 'x\u001b[2K\r\u001b[32mAll checks passed\u001b[0m\u001b]0;pwned\u0007\u009b31m\u202eevil';
const EVIL = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: ${JSON.stringify(EVIL_NAME)}
      image: nginx:1.27.0
`;

/** A warning-only Pod (exit 0 by default) repeated into many findings: more output than a pipe holds. */
const WARN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: ports-__N__
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

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters in the output
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

let dir: string;
let bin: string;

function run(args: string[], limits?: { maxFileBytes?: number; maxDocumentChars?: number }): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runInProcess(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir, env: { LANG: 'C' }, limits });
  return { status, stdout, stderr };
}

describe('CLI on hostile files', () => {
  before(() => {
    built('cli.js');
    bin = path.join(root, 'bin', 'initlens.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-cli-hostile-'));
    fs.writeFileSync(path.join(dir, 'evil.yaml'), EVIL);
    fs.writeFileSync(path.join(dir, 'many.yaml'), Array.from({ length: 600 }, (_, i) => WARN_POD.replace('__N__', String(i))).join('---\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('text output: control characters from the file are escaped, visibly', () => {
    const r = run(['evil.yaml']);
    assert.equal(r.status, 1);
    assert.ok(!RAW_CONTROL.test(r.stdout), `raw control character in ${JSON.stringify(r.stdout)}`);
    // the headline names the start of the container; the explanation (--verbose) all of it
    assert.match(r.stdout, /x\\e\[2K\\r\\e\[32mAll checks passed/);
    // still one line per finding
    assert.equal(r.stdout.trimEnd().split('\n').length, 1);
    const v = run(['--verbose', 'evil.yaml']);
    assert.ok(!RAW_CONTROL.test(v.stdout), `raw control character in ${JSON.stringify(v.stdout)}`);
    assert.match(v.stdout.replace(/\n {4}/g, ' '), /x\\e\[2K\\r\\e\[32mAll checks passed\\e\[0m\\e\]0;pwned\\x07\\x9B31m\\u202Eevil/);
    assert.equal(
      v.stdout
        .trimEnd()
        .split('\n')
        .filter((l) => !l.startsWith(' ')).length,
      1,
    );
  });

  test('a file name with control characters and line breaks cannot forge lines', () => {
    const evilFile = 'a\nevil.yaml:1:1 error fake\u001b[0m.yaml';
    fs.writeFileSync(path.join(dir, evilFile), EVIL);
    try {
      const r = run([evilFile]);
      assert.ok(!RAW_CONTROL.test(r.stdout));
      assert.equal(r.stdout.trimEnd().split('\n').length, 1);
      assert.ok(r.stdout.startsWith('a\\nevil.yaml:1:1 error fake\\e[0m.yaml:7:'), r.stdout);
    } finally {
      fs.rmSync(path.join(dir, evilFile));
    }
  });

  test('stderr is escaped too (an unreadable path with an escape sequence)', () => {
    const r = run(['no\u001b[2Jsuch.yaml']);
    assert.equal(r.status, 2);
    assert.ok(!RAW_CONTROL.test(r.stderr));
    assert.match(r.stderr, /no\\e\[2Jsuch\.yaml/);
  });

  test('JSON and SARIF stay exact', () => {
    const j = JSON.parse(run(['--format', 'json', 'evil.yaml']).stdout) as Array<{ container: string; message: string; detail: string }>;
    assert.equal(j[0].container, EVIL_NAME);
    assert.ok(j[0].detail.includes(EVIL_NAME));
    const s = JSON.parse(run(['--format', 'sarif', 'evil.yaml']).stdout) as {
      runs: Array<{ results: Array<{ message: { text: string }; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }> }>;
    };
    assert.ok(s.runs[0].results[0].message.text.includes(EVIL_NAME.slice(0, 20)));
    assert.equal(s.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName, `Pod/p/${EVIL_NAME}`);
  });

  test('the escaping functions', () => {
    assert.equal(terminalField('a\tb\nc\rd\u0007\u007f\u0085\u2028\u200f'), 'a\\tb\\nc\\rd\\x07\\x7F\\x85\\u2028\\u200F');
    assert.equal(terminalLines('line\u001b[1m\n\tnext\n'), 'line\\e[1m\n\tnext\n');
    assert.equal(terminalField('容器 ok — 名称'), '容器 ok — 名称');
  });

  test('`initlens … | head -1` through bin/initlens.js: a closed pipe ends it quietly', () => {
    const clean = run(['--verbose', 'many.yaml']);
    assert.equal(clean.status, 0, clean.stderr);
    assert.ok(clean.stdout.length > 200_000, 'more output than a pipe buffer holds');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" --verbose many.yaml | head -1 >/dev/null; echo "status=$?"`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C' },
    });
    assert.equal(r.stderr, '', 'no stack trace');
    assert.match(r.stdout, /status=0/);
  });

  test('a document above the size limit is refused with a clear message and exit 2; the others are checked', () => {
    const big = WARN_POD.replace('__N__', 'big') + '  # ' + 'x'.repeat(5000) + '\n';
    fs.writeFileSync(path.join(dir, 'mixed.yaml'), [WARN_POD.replace('__N__', 'a'), big, EVIL].join('---\n'));
    const r = run(['--format', 'json', 'mixed.yaml'], { maxDocumentChars: 4000 });
    assert.equal(r.status, 2);
    const lineOfBig = WARN_POD.split('\n').length; // the `---` line that starts it
    assert.match(
      r.stderr,
      new RegExp(`^initlens: mixed\\.yaml:${lineOfBig}: document 1 is 0\\.0 MB, more than the 0\\.0 MB a YAML document may have here: not checked$`, 'm'),
    );
    const findings = JSON.parse(r.stdout) as Array<{ document: number; rule: string }>;
    assert.deepEqual([...new Set(findings.map((f) => f.document))].sort(), [0, 2]);
  });

  test('a file above the size limit is not read: clear message, exit 2', () => {
    const r = run(['many.yaml', 'evil.yaml'], { maxFileBytes: 100_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^initlens: many\.yaml is 0\.\d MB, more than the 0\.1 MB initlens reads: not checked$/m);
    assert.match(r.stdout, /^evil\.yaml:7:/m);
  });

  test('a big multi-document file is analysed in bounded memory (one document at a time)', () => {
    // ~3 MB of workloads under a 64 MB heap: the whole file's trees would need ~30 bytes per character
    const unit = WARN_POD.replace('ports-__N__', 'p-__N__');
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 3_000_000; i++) {
      const d = unit.replace('__N__', String(i));
      parts.push(d);
      size += d.length + 4;
    }
    fs.writeFileSync(path.join(dir, 'huge.yaml'), parts.join('---\n'));
    parts.length = 0;
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', bin, '--format', 'json', 'huge.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C' },
      maxBuffer: 1 << 30,
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.ok((JSON.parse(r.stdout) as unknown[]).length > 3_000);
  });
});
