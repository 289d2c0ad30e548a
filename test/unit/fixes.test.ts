/**
 * Every quick fix offered on every rule fixture (fires*.yaml) and every manifest under examples/ and
 * test/: applied alone, the result still parses, no longer has that finding at that place, and has
 * no error the original did not have.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisResult, type Finding } from '../../server/src/analysis';
import { applyEdits, fixAll, fixesFor, type TextEdit } from '../../server/src/analysis/fixes';
import { fixtureVersions } from '../helpers/expect';
import { yamlFiles } from '../helpers/files';
import { corpusDir, corpusFiles } from '../corpus/sweep';

const root = path.resolve(__dirname, '..', '..');

/** The fixture's first target version (`# kubernetesVersion: 1.35, 1.36` lists several). */
function settingsFor(text: string): { kubernetesVersion?: string } {
  const v = fixtureVersions(text)[0];
  return v ? { kubernetesVersion: v } : {};
}

/** Where `offset` lands after the edits. */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end <= offset && !(e.start === e.end && e.start === offset)) delta += e.newText.length - (e.end - e.start);
    else if (e.start <= offset && offset < e.end) return e.start + delta;
  }
  return offset + delta;
}

function errorCounts(r: AnalysisResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of r.findings) {
    if (f.severity !== 'error') continue;
    const k = `${f.rule} on ${f.object ?? '-'}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function describeFinding(text: string, f: Finding): string {
  const line = text.slice(0, f.start).split('\n').length;
  return `${f.rule} at line ${line} ${JSON.stringify(text.slice(f.start, f.end))}`;
}

/** How many findings of each rule have a safe fix. */
function safeFixable(text: string, r: AnalysisResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of r.findings) if (fixesFor(text, r, f).some((x) => x.safe)) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
}

const files = [
  ...yamlFiles(path.join(root, 'test', 'fixtures', 'rules')).filter((f) => path.basename(f).startsWith('fires')),
  ...yamlFiles(path.join(root, 'examples')),
  ...yamlFiles(path.join(root, 'test')).filter((f) => !f.includes(path.join('fixtures', 'rules'))),
];

describe('every fix on every fixture and example', () => {
  let offered = 0;
  for (const file of [...new Set(files)]) {
    test(path.relative(root, file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const settings = settingsFor(text);
      const before = analyze(text, settings);
      const errorsBefore = errorCounts(before);
      const brokenBefore = new Set(before.documents.filter((d) => d.hasErrors).map((d) => d.index));
      const safeBefore = safeFixable(text, before);
      for (const f of before.findings) {
        const fixes = fixesFor(text, before, f);
        assert.ok(
          fixes.some((x) => x.suppression),
          `${describeFinding(text, f)}: no suppression fix`,
        );
        for (const fix of fixes) {
          offered++;
          const where = `${describeFinding(text, f)} — "${fix.title}"`;
          assert.equal(fix.rule, f.rule);
          const out = applyEdits(text, fix.edits);
          const after = analyze(out, settings);
          for (const d of after.documents) assert.ok(!d.hasErrors || brokenBefore.has(d.index), `${where}: result does not parse:\n${out}`);
          const at = mapOffset(f.start, fix.edits);
          const still = after.findings.find((g) => g.rule === f.rule && g.start <= at && at < Math.max(g.end, g.start + 1));
          assert.equal(still, undefined, `${where}: finding still there:\n${out}`);
          for (const [k, n] of errorCounts(after)) {
            assert.ok(n <= (errorsBefore.get(k) ?? 0), `${where}: new error ${k}:\n${out}`);
          }
          if (fix.selfContained) {
            // what lets fix-all skip the analysis: a safe fix, and nothing new for fix-all to fix
            assert.ok(fix.safe, `${where}: self-contained but not safe`);
            for (const [rule, n] of safeFixable(out, after)) {
              assert.ok(n <= (safeBefore.get(rule) ?? 0), `${where}: uncovers a finding with a safe fix (${rule}):\n${out}`);
            }
          }
        }
      }
      // proving fixes self-contained changes nothing: the same text as re-analysing after each round
      const checked = fixAll(text, settings, { checkEverything: true });
      // fix-all applies cleanly and leaves no safe fix behind
      const all = fixAll(text, settings);
      assert.equal(all.text, checked.text);
      assert.deepEqual(all.fixed, checked.fixed);
      const again = analyze(all.text, settings);
      for (const d of again.documents) assert.ok(!d.hasErrors || brokenBefore.has(d.index));
      for (const g of again.findings) {
        assert.ok(!fixesFor(all.text, again, g).some((x) => x.safe), `fixAll left a safe fix for ${describeFinding(all.text, g)}`);
      }
    });
  }
  test('offers fixes at all', () => {
    assert.ok(offered > 0);
  });
});

describe('fix-all without re-analysing self-contained fixes', () => {
  test('the real manifests of the corpus: the same text as re-analysing after each round', (t) => {
    if (!fs.existsSync(corpusDir)) return t.skip(`no corpus at ${corpusDir}`);
    let changed = 0;
    for (const file of corpusFiles()) {
      const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
      const all = fixAll(text);
      const checked = fixAll(text, null, { checkEverything: true });
      assert.equal(all.text, checked.text, path.basename(file));
      assert.deepEqual(all.fixed, checked.fixed, path.basename(file));
      if (all.edit) changed++;
    }
    t.diagnostic(`${changed} manifests changed by fix-all`);
  });

  test('two renames in one Pod that would give the same name: one per round, the Pod stays valid', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36
    - name: Init.DB
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
`;
    const r = fixAll(text);
    assert.deepEqual(r.fixed, ['invalid-container-name']);
    assert.match(r.text, /- name: init-db\n/);
    assert.match(r.text, /- name: init-db-2\n/);
    const after = analyze(r.text);
    assert.deepEqual(
      after.findings.filter((f) => f.severity === 'error').map((f) => f.rule),
      [],
    );
  });

  test('a duplicate name held by two containers: only one of them is renamed', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: app
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
`;
    const r = fixAll(text);
    assert.deepEqual(r.fixed, ['duplicate-container-name']);
    assert.equal((r.text.match(/- name: app\n/g) ?? []).length, 1, r.text);
  });

  test('each document is fixed on its own text and put back in its place', () => {
    const pods = [0, 1, 2].map(
      (i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n    - name: App_${i}\n      image: nginx:1.27\n`,
    );
    const text = pods.join('---\n');
    const r = fixAll(text);
    assert.equal(r.text, text.replace(/App_(\d)/g, 'app-$1'));
    const checked = fixAll(text, null, { checkEverything: true });
    assert.deepEqual([checked.text, checked.edit, checked.fixed], [r.text, r.edit, r.fixed]);
    // the self-contained renames were not analysed: the server is told which texts to analyse
    assert.deepEqual(
      r.unchecked,
      text.split(/(?=---\n)/).map((d) => d.replace(/App_(\d)/g, 'app-$1')),
    );
    assert.deepEqual(checked.unchecked, []);
  });
});
