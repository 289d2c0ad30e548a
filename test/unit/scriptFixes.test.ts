/**
 * The fixes for what init containers run: the wait loop bounded by a counter (exact text in every
 * YAML scalar style, the finding gone, and — run for real with `sh` and stand-in programs — the
 * script gives up with its message and exit 1), and the Service name looked up in full with the
 * namespace the manifest gives.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyze } from '../../server/src/analysis';
import { applyEdits, fixesFor } from '../../server/src/analysis/fixes';
import { WAIT_LOOP_TRIES } from '../../server/src/analysis/fixes/scripts';

const pod = (command: string, extra = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
${extra}spec:
  initContainers:
    - name: wait
      image: busybox:1.36.1
      command: ${command}
  containers:
    - name: app
      image: nginx:1.27.0
`;

function fixed(text: string, rule: string, title: RegExp): string {
  const analysis = analyze(text);
  const f = analysis.findings.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} in:\n${text}`);
  const fix = fixesFor(text, analysis, f).find((x) => title.test(x.title));
  assert.ok(
    fix,
    `no fix ${title}: ${fixesFor(text, analysis, f)
      .map((x) => x.title)
      .join(' | ')}`,
  );
  return applyEdits(text, fix.edits);
}

/** The shell script of the init container, as the container gets it. */
function script(text: string): string {
  const doc = parse(text) as { spec: { initContainers: Array<{ command: string[] }> } };
  return doc.spec.initContainers[0].command[2];
}

const GUARD = (n = 'tries', what = 'nslookup') =>
  `do ${n}=$((${n}+1)); if test $${n} -gt ${WAIT_LOOP_TRIES}; then echo gave up waiting for ${what} after ${WAIT_LOOP_TRIES} tries >&2; exit 1; fi;`;

describe('wait-loop-without-timeout: bound the loop', () => {
  const loop = 'until nslookup db; do echo waiting; sleep 2; done';
  const bounded = `tries=0; until nslookup db; ${GUARD()} echo waiting; sleep 2; done`;

  test('double-quoted, single-quoted and plain scalars in a flow sequence', () => {
    for (const command of [`["sh", "-c", "${loop}"]`, `['sh', '-c', '${loop}']`, `[sh, -c, ${loop}]`]) {
      const text = pod(command);
      const out = fixed(text, 'wait-loop-without-timeout', /Give up after 60 tries/);
      assert.equal(script(out), bounded, command);
      assert.ok(!analyze(out).findings.some((f) => f.rule === 'wait-loop-without-timeout'), 'the finding is gone');
    }
  });

  test('a block scalar keeps its lines; a name the script uses is not reused', () => {
    const text = pod(
      `\n        - sh\n        - -c\n        - |\n          tries=5\n          while ! nc -z db 5432; do\n            sleep 1\n          done\n`,
    );
    const out = fixed(text, 'wait-loop-without-timeout', /Give up/);
    assert.equal(script(out), `tries=5\ntries2=0; while ! nc -z db 5432; ${GUARD('tries2', 'nc')}\n  sleep 1\ndone\n`);
    assert.ok(!analyze(out).findings.some((f) => f.rule === 'wait-loop-without-timeout'));
  });

  test('run with sh: the bounded loop gives up with its message and exit 1; a dependency that answers still passes', (t) => {
    const sh = ['/bin/sh', '/usr/bin/sh'].find((p) => fs.existsSync(p));
    if (!sh) return t.skip('no sh on this machine');
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-wait-'));
    try {
      fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      fs.writeFileSync(path.join(bin, 'nslookup'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      const out = script(fixed(pod(`["sh", "-c", "${loop}"]`), 'wait-loop-without-timeout', /Give up/));
      const env = { PATH: `${bin}:/usr/bin:/bin` };
      const failing = spawnSync(sh, ['-c', out], { env, encoding: 'utf8' });
      assert.equal(failing.status, 1);
      assert.match(failing.stderr, /gave up waiting for nslookup after 60 tries/);
      assert.equal(failing.stdout.split('\n').filter((l) => l === 'waiting').length, WAIT_LOOP_TRIES);
      fs.writeFileSync(path.join(bin, 'nslookup'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      const passing = spawnSync(sh, ['-c', out], { env, encoding: 'utf8' });
      assert.equal(passing.status, 0, passing.stderr);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('busybox-nslookup-short-name: the full name', () => {
  const cmd = '["sh", "-c", "until nslookup db; do sleep 2; done"]';

  test("the object's metadata.namespace", () => {
    const out = fixed(pod(cmd, '  namespace: shop\n'), 'busybox-nslookup-short-name', /fully qualified/);
    assert.match(out, /nslookup db\.shop\.svc\.cluster\.local;/);
  });

  test('no namespace on the object, the Service declared in the file with one: that namespace, not the run-time lookup', () => {
    const text = pod(cmd) + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\nspec:\n  ports: [{port: 5432}]\n';
    const out = fixed(text, 'busybox-nslookup-short-name', /fully qualified name "db\.data\.svc\.cluster\.local"/);
    assert.match(out, /nslookup db\.data\.svc\.cluster\.local;/);
  });

  test('no namespace anywhere: the run-time lookup, under a short title', () => {
    const analysis = analyze(pod(cmd));
    const f = analysis.findings.find((x) => x.rule === 'busybox-nslookup-short-name')!;
    const fix = fixesFor(pod(cmd), analysis, f)[0];
    assert.ok(fix.title.length <= 80, fix.title);
    assert.doesNotMatch(fix.title, /\$\(cat/);
    assert.match(
      applyEdits(pod(cmd), fix.edits),
      /nslookup db\.\$\(cat \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/namespace\)\.svc\.cluster\.local;/,
    );
  });

  test('a quoted argv word is replaced inside its quotes', () => {
    const text = pod('["nslookup", "kubernetes.default"]');
    const out = fixed(text, 'busybox-nslookup-short-name', /fully qualified/);
    assert.match(out, /\["nslookup", "kubernetes\.default\.svc\.cluster\.local"\]/);
  });
});
