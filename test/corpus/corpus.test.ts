/**
 * The corpus sweep: InitLens on every real-world manifest in ../shared/corpus (beside the checkout).
 * Nothing may throw, every range must sit on the offending text inside its own YAML document, the
 * sweep must stay fast, and the findings (file, line, rule) must equal the reviewed baseline in
 * test/corpus/baseline.json — a new finding and a vanished one both fail, so every change in what
 * InitLens says about real YAML is looked at. Regenerate with `npx tsx test/corpus/update-baseline.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { compareEntries, corpusDir, corpusFiles, entriesOf, entryKey, readBaseline, repoRoot, sweepFile, type SweptFile } from './sweep';

/** Generous: the whole corpus takes a few seconds on the 2-core CI machine. */
const TOTAL_BUDGET_MS = 60_000;
const FILE_BUDGET_MS = 15_000;

const files = corpusFiles();

test('corpus sweep', async (t) => {
  if (files.length === 0) {
    t.skip(`no corpus at ${path.relative(repoRoot, corpusDir)} (the shared corpus lies beside the checkout as ../shared/corpus)`);
    return;
  }
  const swept: SweptFile[] = [];
  const t0 = performance.now();
  for (const file of files) swept.push(sweepFile(file));
  const total = performance.now() - t0;

  await t.test('no rule throws', () => {
    const errors = swept.flatMap((s) => s.ruleErrors.map((e) => `${s.file}: ${e.rule}: ${e.error instanceof Error ? e.error.stack : String(e.error)}`));
    assert.deepEqual(errors, []);
  });

  await t.test('every range lies on the offending text inside its document', () => {
    const bad: string[] = [];
    for (const s of swept) {
      const { text, result } = s;
      for (const f of result.findings) {
        const where = `${s.file}:${s.lines.positionAt(f.start).line + 1} ${f.rule} [${f.start},${f.end}]`;
        const doc = result.documents[f.document];
        if (!(Number.isInteger(f.start) && Number.isInteger(f.end) && 0 <= f.start && f.start <= f.end && f.end <= text.length)) {
          bad.push(`${where}: not 0 ≤ start ≤ end ≤ ${text.length}`);
          continue;
        }
        const span = doc?.toFile([0, doc.text.length]);
        if (!doc || !span || f.start < span.start || f.end > span.end) {
          bad.push(`${where}: outside its document ${f.document}${span ? ` [${span.start},${span.end}]` : ''}`);
          continue;
        }
        const slice = text.slice(f.start, f.end);
        // starting or ending on blanks would underline (and number) the wrong line
        if (slice.length > 0 && (/^\s/.test(slice) || /\s$/.test(slice)))
          bad.push(`${where}: range starts or ends with blanks ${JSON.stringify(slice.slice(0, 40))}`);
        if (slice.trim().startsWith('#')) bad.push(`${where}: range is a comment`);
        if (doc.text.length > 200 && f.end - f.start >= doc.text.length * 0.9) bad.push(`${where}: range is the whole document`);
        for (const r of f.related) {
          if (!(0 <= r.start && r.start <= r.end && r.end <= text.length)) bad.push(`${where}: related [${r.start},${r.end}] outside the text`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  await t.test('the sweep is fast', () => {
    const slow = swept.filter((s) => s.ms > FILE_BUDGET_MS).map((s) => `${s.file}: ${Math.round(s.ms)} ms`);
    assert.deepEqual(slow, [], `a file took more than ${FILE_BUDGET_MS} ms`);
    assert.ok(total < TOTAL_BUDGET_MS, `the corpus took ${Math.round(total)} ms (budget ${TOTAL_BUDGET_MS} ms)`);
  });

  await t.test('findings equal the reviewed baseline (test/corpus/baseline.json)', (st) => {
    const baseline = readBaseline();
    const missingWhy = baseline.filter((e) => typeof e.why !== 'string' || e.why.trim() === '').map(entryKey);
    const got = swept.flatMap(entriesOf).sort(compareEntries).map(entryKey);
    const want = baseline.slice().sort(compareEntries).map(entryKey);
    const added = multisetMinus(got, want);
    const vanished = multisetMinus(want, got);
    const hint = 'run `npx tsx test/corpus/update-baseline.ts`, look hard at each finding on the real manifest, and give each new entry a `why`';
    assert.deepEqual({ added, vanished }, { added: [], vanished: [] }, `the findings changed: ${hint}`);
    assert.deepEqual(missingWhy, [], 'baseline entries without a `why`');
    const unreviewed = baseline.filter((e) => /^UNREVIEWED\b/.test(e.why)).length;
    if (unreviewed) st.diagnostic(`${unreviewed} baseline entries are marked UNREVIEWED`);
  });
});

function multisetMinus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const k of b) left.set(k, (left.get(k) ?? 0) + 1);
  const out: string[] = [];
  for (const k of a) {
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(k);
  }
  return out;
}
