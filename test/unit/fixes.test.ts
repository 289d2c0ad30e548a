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
        }
      }
      // fix-all applies cleanly and leaves no safe fix behind
      const all = fixAll(text, settings);
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
