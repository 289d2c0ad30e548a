/**
 * Every rule against its fixtures: test/fixtures/rules/<rule-id>/fires*.yaml must give exactly the
 * findings of that rule marked with `# expect:` comments (same ranges), and passes*.yaml must give
 * none of that rule. Also checks that every rule has its fixtures and its docs page.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, allRules, LineIndex } from '../../server/src/analysis';
import { fixtureVersions, readExpectations } from '../helpers/expect';
import { SEVERITIES } from '../../server/src/analysis/rule';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'rules');

function where(text: string, start: number, end: number): string {
  const li = new LineIndex(text);
  const a = li.positionAt(start);
  const b = li.positionAt(end);
  return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${JSON.stringify(text.slice(start, end))}`;
}

for (const rule of allRules) {
  describe(`rule ${rule.id}`, () => {
    const dir = path.join(fixtures, rule.id);
    const files = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .sort()
      : [];

    test('has a firing and a passing fixture, a docs page and a summary', () => {
      assert.ok(
        files.some((f) => f.startsWith('fires')),
        `missing ${path.relative(root, dir)}/fires*.yaml`,
      );
      assert.ok(
        files.some((f) => f.startsWith('passes')),
        `missing ${path.relative(root, dir)}/passes*.yaml`,
      );
      assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${rule.id}.md`)), `missing docs/rules/${rule.id}.md`);
      assert.ok(rule.summary.length > 10);
    });

    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const versions = fixtureVersions(text);
      for (const version of versions) {
        test(versions.length > 1 ? `${file} @${version}` : file, () => {
          const result = analyze(text, version ? { kubernetesVersion: version } : {}, {
            syntaxErrors: true,
            onRuleError: (id, e) => assert.fail(`rule ${id} threw: ${(e as Error).stack}`),
          });
          const got = result.findings
            .filter((f) => f.rule === rule.id)
            .map((f) => where(text, f.start, f.end))
            .sort();
          if (file.startsWith('passes')) {
            assert.deepEqual(got, [], `${file} must not fire ${rule.id}`);
            return;
          }
          const expected = readExpectations(text)
            .filter((e) => e.rule === rule.id)
            .map((e) => where(text, e.start, e.end))
            .sort();
          assert.ok(expected.length > 0, `${file} has no "# expect: ${rule.id}" marker`);
          assert.deepEqual(got, expected);
          for (const f of result.findings.filter((x) => x.rule === rule.id)) {
            // A finding may be milder than the rule's default (RuleReport.severity), never harsher.
            assert.ok(SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(rule.defaultSeverity), `${f.severity} is harsher than ${rule.defaultSeverity}`);
            assert.ok(f.message.length > 20, 'the headline says what is wrong and where it bites');
            assert.ok((f.detail ?? '').length > f.message.length, 'the detail says what happens, the API error and the fix');
          }
        });
      }
    }
  });
}
