/**
 * Version-aware fixes (issue 12 item 5): every fix offered on every rule fixture and example, at
 * every supported target version (1.28 … 1.37), applied alone, must not bring a warning or an error
 * that was not there before at that same target. (A fix that makes a native sidecar must not be
 * offered below 1.29, one that adds `restartPolicy` to an app container not below 1.35, …)
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, type AnalysisResult, type Finding, resolveSettings } from '../../server/src/analysis';
import { applyEdits, fixesFor } from '../../server/src/analysis/fixes';
import { yamlFiles } from '../helpers/files';

const root = path.resolve(__dirname, '..', '..');
const SUPPORTED_TARGETS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];

/** Warnings and errors per rule and object: a fix may lower these counts, never raise one. */
function problemCounts(r: AnalysisResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of r.findings) {
    if (f.severity === 'info') continue;
    const k = `${f.severity} ${f.rule} on ${f.object ?? '-'}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function describeFinding(text: string, f: Finding): string {
  const line = text.slice(0, f.start).split('\n').length;
  return `${f.rule} at line ${line} ${JSON.stringify(text.slice(f.start, f.end))}`;
}

/**
 * Known, version-independent interplay between two heuristic file rules, not a version problem:
 * moving `write-env` before `render-config` makes `init-mount-path-mismatch` count the write as unread,
 * although the moved-after init container reads it (that rule looks only at later mounts' subPaths).
 * Reported to the lead; remove the entry when that rule counts init-container readers.
 */
const KNOWN: ReadonlyArray<{ file: string; fix: RegExp; rule: string }> = [
  { file: 'examples/shared-volumes.yaml', fix: /^Move "write-env" before "render-config"$/, rule: 'init-mount-path-mismatch' },
  // Declaring the missing volume reveals the next problem of the same Pod (nobody else mounts it):
  // the error is traded for an honest warning that was hidden behind it, at every version.
  { file: 'test/fixtures/rules/undeclared-volume/fires.yaml', fix: /^Declare volume ".*" as an emptyDir in volumes$/, rule: 'init-volume-not-consumed' },
];

const files = [...yamlFiles(path.join(root, 'test', 'fixtures', 'rules')), ...yamlFiles(path.join(root, 'examples'))];

describe('no fix brings a new warning or error at the target version', () => {
  let offered = 0;
  const analyzer = new Analyzer(256);
  for (const file of files) {
    test(path.relative(root, file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const problems: string[] = [];
      for (const v of SUPPORTED_TARGETS) {
        const settings = resolveSettings({ kubernetesVersion: v });
        const before = analyzer.analyze(text, settings);
        const counts = problemCounts(before);
        for (const f of before.findings) {
          for (const fix of fixesFor(text, before, f, settings)) {
            if (fix.suppression) continue;
            offered++;
            let out: string;
            try {
              out = applyEdits(text, fix.edits);
            } catch (e) {
              problems.push(`@${v} ${describeFinding(text, f)} — "${fix.title}": edits do not apply: ${(e as Error).message}`);
              continue;
            }
            const rel = path.relative(root, file).split(path.sep).join('/');
            for (const [k, n] of problemCounts(analyzer.analyze(out, settings))) {
              if (KNOWN.some((x) => x.file === rel && x.fix.test(fix.title) && k.includes(` ${x.rule} on `))) continue;
              if (n > (counts.get(k) ?? 0)) problems.push(`@${v} ${describeFinding(text, f)} — "${fix.title}": new ${k}`);
            }
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }
  test('offers fixes at all', () => {
    assert.ok(offered > 100, `only ${offered} fixes`);
  });
});
