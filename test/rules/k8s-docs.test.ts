/**
 * The examples of the official Kubernetes documentation (test/fixtures/k8s-docs/) are what people
 * copy first. InitLens must never call them invalid (no error), and every warning it gives on them
 * must be one the rule's docs page argues for: listed below, with the reason in one line. Any other
 * warning or error fails, and so does a listed warning that no longer appears. Info findings are
 * explanations and are not listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, LineIndex } from '../../server/src/analysis';

const root = path.resolve(__dirname, '..', '..');
const dir = path.join(root, 'test', 'fixtures', 'k8s-docs');

interface Allowed {
  file: string;
  rule: string;
  /** 1-based line of the finding's start. */
  line: number;
  /** The exact text of the finding's range. */
  text: string;
  /** Why the warning is right on the docs' own example (the rule's docs page argues for it). */
  why: string;
}

/** Warnings the documentation examples deserve; add one when a rule lands that rightly warns on an example. */
const ALLOWED: Allowed[] = [
  {
    file: 'init-containers-myapp.yaml',
    rule: 'wait-loop-without-timeout',
    line: 17,
    text: 'until',
    why: 'the docs wait for myservice forever: a Service that never appears leaves the Pod in Init:0/2 with no error',
  },
  {
    file: 'init-containers-myapp.yaml',
    rule: 'wait-loop-without-timeout',
    line: 20,
    text: 'until',
    why: 'the same unbounded wait for mydb (Init:1/2 for ever)',
  },
];

const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test('the documentation examples are all there', () => {
  assert.ok(files.length >= 5, `expected the k8s docs examples in ${path.relative(root, dir)}`);
});

test('every allow-list entry names a rule with a docs page and gives a reason', () => {
  for (const a of ALLOWED) {
    assert.ok(files.includes(a.file), `allow-list: no fixture ${a.file}`);
    assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${a.rule}.md`)), `allow-list: no docs/rules/${a.rule}.md`);
    assert.ok(a.why.trim().length > 10, `allow-list: ${a.file} ${a.rule} needs a reason`);
  }
});

for (const file of files) {
  test(`k8s docs example ${file}`, () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const lines = new LineIndex(text);
    const result = analyze(text, {}, { onRuleError: (id, e) => assert.fail(`rule ${id} threw: ${(e as Error).stack}`) });
    const show = (f: { rule: string; severity: string; start: number; end: number; message: string }): string =>
      `${file}:${lines.positionAt(f.start).line + 1} ${f.severity} ${f.rule} ${JSON.stringify(text.slice(f.start, f.end))}: ${f.message}`;

    const errors = result.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map(show), [], 'the official examples are valid: no error');

    const allowed = ALLOWED.filter((a) => a.file === file);
    const warnings = result.findings.filter((f) => f.severity === 'warning');
    const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
    const matches = (a: Allowed, f: { rule: string; start: number; end: number }): boolean =>
      a.rule === f.rule && a.line === lineOf(f.start) && a.text === text.slice(f.start, f.end);
    const unlisted = warnings.filter((f) => !allowed.some((a) => matches(a, f)));
    assert.deepEqual(unlisted.map(show), [], 'warnings not in the allow-list of test/rules/k8s-docs.test.ts');
    const stale = allowed.filter((a) => !warnings.some((f) => matches(a, f)));
    assert.deepEqual(
      stale.map((a) => `${a.file}:${a.line} ${a.rule} ${JSON.stringify(a.text)}`),
      [],
      'allow-listed warnings that no longer appear: remove them from the list',
    );
  });
}
