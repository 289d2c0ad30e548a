/**
 * Prints the current corpus findings in baseline form (test/corpus/baseline.json). Entries already
 * in the baseline keep their reviewed `why`; new ones get an empty `why` that a person fills in after
 * looking at the finding (corpus.test.ts fails until then). The message of each new finding is
 * printed to stderr to help that review.
 *
 *   npx tsx test/corpus/update-baseline.ts            # print to stdout
 *   npx tsx test/corpus/update-baseline.ts --write    # rewrite test/corpus/baseline.json in place
 *
 * (Do not redirect stdout onto baseline.json itself: the shell empties it before it is read.)
 */
import * as fs from 'node:fs';
import { type BaselineEntry, baselineFile, compareEntries, corpusDir, corpusFiles, entryKey, formatBaseline, readBaseline, sweepFile } from './sweep';

const files = corpusFiles();
if (files.length === 0) {
  console.error(`no corpus at ${corpusDir}`);
  process.exit(1);
}
// reviewed reasons, by key; the same key may occur several times (two findings on one line)
const reasons = new Map<string, string[]>();
for (const e of readBaseline()) {
  const k = entryKey(e);
  reasons.set(k, [...(reasons.get(k) ?? []), e.why]);
}
const out: BaselineEntry[] = [];
for (const file of files) {
  const swept = sweepFile(file);
  for (const err of swept.ruleErrors) console.error(`RULE ERROR ${err.rule} on ${file}: ${String(err.error)}`);
  for (const f of swept.result.findings) {
    const line = swept.lines.positionAt(f.start).line + 1;
    const k = entryKey({ file, line, rule: f.rule });
    const why = reasons.get(k)?.shift() ?? '';
    if (!why) console.error(`new: ${k} ${f.severity}: ${f.message}`);
    out.push({ file, line, rule: f.rule, why });
  }
}
out.sort(compareEntries);
for (const [k, left] of reasons) for (let i = 0; i < left.length; i++) console.error(`vanished: ${k}`);
const text = formatBaseline(out);
if (process.argv.includes('--write')) {
  fs.writeFileSync(baselineFile, text);
  console.error(`wrote ${out.length} entries to ${baselineFile}`);
} else {
  process.stdout.write(text);
}
