import { regexLiterals, adversarialInputs } from '../helpers/regexSweep';
const lits = regexLiterals('/work/wt-perf', 'server/src');
console.log(lits.length, 'literals');
const inputs = adversarialInputs(20_000);
for (const l of lits) {
  let worst = 0, wl = '';
  for (const i of inputs) {
    l.regex.lastIndex = 0;
    const t = performance.now();
    l.regex.exec(i.text);
    const ms = performance.now() - t;
    if (ms > worst) { worst = ms; wl = i.label; }
  }
  if (worst > 5) console.log(worst.toFixed(1).padStart(8), l.file + ':' + l.line, l.source, wl);
}
