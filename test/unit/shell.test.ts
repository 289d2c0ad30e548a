/** shell.ts: reading a container's command/args and the scripts given to a shell. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, isScalar, isSeq, type Scalar } from 'yaml';
import { type ArgvItem, baseName, type Program, parseScript, readProgram, type SimpleCommand } from '../../server/src/analysis/shell';
import { scalarSource, sourceRange } from '../../server/src/analysis/scalarSource';

/** Reads `command:` (a YAML sequence) from a small document. */
function program(yamlText: string): { text: string; program: Program } {
  const doc = parseDocument(yamlText);
  const seq = doc.get('command', true);
  assert.ok(isSeq(seq));
  const argv: ArgvItem[] = seq.items.map((n) => {
    assert.ok(isScalar(n));
    return { node: n as Scalar, value: String((n as Scalar).value) };
  });
  const p = readProgram(yamlText, argv);
  assert.ok(p);
  return { text: yamlText, program: p };
}

function cmdNamed(p: Program, name: string): SimpleCommand {
  const c = p.commands.find((x) => x.words[0]?.text === name);
  assert.ok(c, `no command ${name}`);
  return c;
}

describe('readProgram', () => {
  test('exec form: one command, words with their source ranges', () => {
    const { text, program: p } = program('command: ["cp", "/sample.war", "/app"]\n');
    assert.equal(p.kind, 'exec');
    assert.equal(p.commands.length, 1);
    assert.deepEqual(p.wrappers, []);
    const w = p.commands[0].words[1];
    assert.equal(text.slice(w.start, w.end), '"/sample.war"');
    assert.equal(p.commands[0].negated, false);
    assert.equal(p.commands[0].conditional, false);
  });

  test('sh -c script: commands, words and loop keyword ranges inside the YAML', () => {
    const { text, program: p } = program('command: ["sh", "-c", "until nslookup mydb; do echo waiting; sleep 2; done"]\n');
    assert.equal(p.kind, 'shell');
    assert.equal(p.loops.length, 1);
    const loop = p.loops[0];
    assert.equal(loop.kind, 'until');
    assert.equal(text.slice(loop.start, loop.end), 'until');
    assert.equal(loop.infinite, false);
    assert.equal(loop.hasExit, false);
    assert.equal(loop.counted, false);
    assert.equal(loop.background, false);
    assert.equal(loop.condition.length, 1);
    assert.equal(loop.condition[0].words[0].text, 'nslookup');
    const ns = cmdNamed(p, 'nslookup');
    assert.equal(text.slice(ns.words[1].start, ns.words[1].end), 'mydb');
    assert.equal(ns.inCondition, true);
  });

  test('while ! cmd: the command is the condition, marked negated', () => {
    const { program: p } = program('command: ["sh", "-c", "while ! nc -z db 5432; do sleep 1; done"]\n');
    const loop = p.loops[0];
    assert.equal(loop.kind, 'while');
    assert.equal(loop.condition.length, 1);
    assert.equal(loop.condition[0].words[0].text, 'nc');
    assert.equal(loop.condition[0].negated, true);
    assert.equal(loop.infinite, false);
  });

  test('infinite loops: true, :, until false, [ 1 ], sleep N; not `while ! true`', () => {
    const inf = (script: string): boolean => program(`command: ["sh", "-c", ${JSON.stringify(script)}]\n`).program.loops[0].infinite;
    assert.equal(inf('while true; do date; done'), true);
    assert.equal(inf('while :; do date; done'), true);
    assert.equal(inf('until false; do date; done'), true);
    assert.equal(inf('while [ 1 ]; do date; done'), true);
    assert.equal(inf('while sleep 30; do date; done'), true);
    assert.equal(inf('while ! true; do date; done'), false);
    assert.equal(inf('while [ -f /x ]; do sleep 1; done'), false);
    assert.equal(inf('until true; do date; done'), false);
  });

  test('hasExit and counted', () => {
    const loop = (script: string) => program(`command: ["sh", "-c", ${JSON.stringify(script)}]\n`).program.loops[0];
    assert.equal(loop('while true; do nc -z db 80 && break; sleep 1; done').hasExit, true);
    assert.equal(loop('i=0; until nc -z db 80; do i=$((i+1)); sleep 1; done').counted, true);
    assert.equal(loop('until nc -z db 80; do [ "$i" -gt 30 ] && exit 1; sleep 1; done').counted, true);
    assert.equal(loop('for i in 1 2 3; do sleep 1; done').finite, true);
  });

  test('background loops and commands', () => {
    const { program: p } = program('command: ["sh", "-c", "while true; do date; sleep 5; done & envoy -c /e.yaml & wait"]\n');
    assert.equal(p.loops[0].background, true);
    assert.equal(cmdNamed(p, 'envoy').background, true);
    assert.equal(cmdNamed(p, 'wait').background, false);
  });

  test('conditional: if/else branches, case items, right of || and of && after a test', () => {
    const script = [
      'cp a b && echo copied',
      '[ -n "$DEBUG" ] && sleep infinity',
      'migrate || tail -f /dev/null',
      'if grep -q x /f; then touch /y; elif true; then touch /z; else touch /w; fi',
      'case "$M" in a) date ;; esac',
      'ls',
    ].join('\n');
    const { program: p } = program(`command: ["sh", "-c", ${JSON.stringify(script)}]\n`);
    const cond = (name: string, arg?: string): boolean => {
      const c = p.commands.find((x) => x.words[0]?.text === name && (arg === undefined || x.words[1]?.text === arg));
      assert.ok(c, name);
      return c.conditional;
    };
    assert.equal(cond('cp'), false);
    assert.equal(cond('echo'), false);
    assert.equal(cond('sleep'), true);
    assert.equal(cond('migrate'), false);
    assert.equal(cond('tail'), true);
    assert.equal(cond('grep'), false);
    assert.equal(cond('true'), true);
    assert.equal(cond('touch', '/y'), true);
    assert.equal(cond('touch', '/w'), true);
    assert.equal(cond('date'), true);
    assert.equal(cond('ls'), false);
  });

  test('wrappers before a shell: timeout, env, tini; the script is read', () => {
    const { text, program: p } = program('command: ["timeout", "-s", "KILL", "300", "sh", "-c", "until nc -z db 5432; do sleep 2; done"]\n');
    assert.equal(p.kind, 'shell');
    assert.deepEqual(
      p.wrappers.map((w) => w.text),
      ['timeout', '-s', 'KILL', '300'],
    );
    assert.equal(text.slice(p.loops[0].start, p.loops[0].end), 'until');
    const e = program('command: ["/usr/bin/env", "A=1", "bash", "-ec", "echo $A"]\n').program;
    assert.equal(e.kind, 'shell');
    assert.deepEqual(
      e.wrappers.map((w) => baseName(w.text)),
      ['env', 'A=1'],
    );
    const t = program('command: ["tini", "--", "sh", "-c", "date"]\n').program;
    assert.equal(t.kind, 'shell');
    assert.equal(t.wrappers.length, 2);
  });

  test('wrappers before something that is not a shell: read as before', () => {
    const p = program('command: ["timeout", "10", "nc", "-z", "db", "5432"]\n').program;
    assert.equal(p.kind, 'exec');
    assert.deepEqual(p.wrappers, []);
    assert.equal(p.commands[0].words[0].text, 'timeout');
    const q = program('command: ["timeout", "10"]\n').program;
    assert.equal(q.kind, 'exec');
  });

  test('busybox sh -c and block scalars', () => {
    const { text, program: p } = program('command:\n  - busybox\n  - sh\n  - -c\n  - |\n    set -e\n    sleep infinity\n');
    assert.equal(p.kind, 'shell');
    const s = cmdNamed(p, 'sleep');
    assert.equal(text.slice(s.words[1].start, s.words[1].end), 'infinity');
  });

  test('an unreadable script is flagged, not thrown', () => {
    const { program: p } = program('command: ["sh", "-c", "if then fi ("]\n');
    assert.equal(p.unreadable, true);
    assert.deepEqual(p.commands, []);
  });
});

describe('readProgram source ranges', () => {
  // mapScript maps a block or plain scalar's ranges itself (sourceRange inlined); every range must
  // still be sourceRange's, in every style, with CRLF line ends and multi-byte characters too
  const styles = [
    'command:\n  - sh\n  - -c\n  - |\n    set -eu\n    until nc -z "$DB" 5432; do sleep 2; done\n    echo "ü $(date +%s)" > /work/x 2>&1\n    for f in /a/*; do cp "$f" /b/; done\n',
    'command:\r\n  - sh\r\n  - -c\r\n  - |\r\n    set -eu\r\n    until nc -z db 5432; do sleep 2; done\r\n    cat > /work/ready <<EOF\r\n    ok\r\n    EOF\r\n',
    'command:\n  - sh\n  - -c\n  - >\n    until nc -z db 5432;\n    do sleep 2; done\n\n    touch /work/done\n',
    'command: ["sh", "-c", "until nc -z db 5432; do\\n  sleep 2\\ndone; echo \\"a\\tb\\" > /x"]\n',
    "command: ['sh', '-c', 'echo ''quoted'' > /work/q; while true; do sleep 1; done']\n",
    'command: [sh, -c, until nc -z db 5432; do sleep 2; done]\n',
  ];
  for (const [k, yamlText] of styles.entries()) {
    test(`style ${k}: words, commands and loops map as sourceRange does`, () => {
      const { program: p } = program(yamlText);
      assert.equal(p.unreadable, false);
      const script = p.script as string;
      const doc = parseDocument(yamlText);
      const node = (doc.get('command', true) as { items: Scalar[] }).items.find((n) => n.value === script) as Scalar;
      const src = scalarSource(yamlText, node);
      assert.ok(src);
      const rel = parseScript(script);
      assert.ok(rel);
      assert.equal(p.commands.length, rel.commands.length);
      const same = (got: { start: number; end: number }, s: number, e: number, what: string) =>
        assert.deepEqual([got.start, got.end], sourceRange(src, s, e), what);
      rel.commands.forEach((c, i) => {
        same(p.commands[i], c.s, c.e, `command ${i}`);
        c.words.forEach((w, j) => {
          same(p.commands[i].words[j], w.s, w.e, `command ${i} word ${j}`);
        });
        c.redirects.forEach((r, j) => {
          same(p.commands[i].redirects[j].target, r.target.s, r.target.e, `command ${i} redirect ${j}`);
        });
      });
      rel.loops.forEach((l, i) => {
        same(p.loops[i], l.s, l.e, `loop ${i}`);
        assert.deepEqual([p.loops[i].fullStart, p.loops[i].fullEnd], sourceRange(src, l.fs, l.fe), `loop ${i} whole`);
      });
    });
  }
});
