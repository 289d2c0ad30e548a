import * as old from '../../main/server/src/analysis/fixes';
import * as cur from '../server/src/analysis/fixes';
import { analyze } from '../server/src/analysis';
import { manyFindings, longSpaceLine } from './generate';
const which = process.argv[2] === 'old' ? old : cur;
for (const kb of [100, 300]) {
  const text = manyFindings(kb * 1024);
  const t = performance.now();
  which.fixAll(text, null);
  console.log(`${process.argv[2]} fixAll ${kb} KB: ${(performance.now() - t).toFixed(0)} ms`);
}
for (const n of [20_000, 40_000]) {
  const text = longSpaceLine(n);
  const a = analyze(text);
  const t = performance.now();
  const f = a.findings.flatMap((x) => which.fixesFor(text, a, x));
  console.log(`${process.argv[2]} code actions on a line of ${n} spaces: ${f.length} fixes ${(performance.now() - t).toFixed(1)} ms`);
}
