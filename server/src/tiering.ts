/**
 * V8's optimizing compiler during the first analysis of a process (issue 15). The first analysis
 * runs cold: V8 interprets each function, then compiles it to baseline code; TurboFan meanwhile
 * optimizes the ones that ran most (yaml's lexer and parser, the shell parser's word reader) on
 * other threads — a quarter of a second of CPU for a 1,000-line Pod with 37 scripts, most of it for
 * code whose work is over by the time the optimized version arrives. On the two cores an editor
 * shares with its renderer, extension host and language servers, that competes with the analysis
 * itself: on the script-heavy Pod the first analysis took about half the time with TurboFan off
 * (docs/performance.md, Scripts). So the CLI and the server turn it off for their first analysis and
 * back on after it, when later analyses (typing, more files) gain from optimized code.
 *
 * A large text is analysed long enough for optimized code to pay for itself (a 1 MB list was about
 * as fast either way, 5 MB half again slower without it): above `MAX_CHARS` nothing changes. Nor does
 * anything when Node was started with its own choice (`--no-opt`, `--jitless`, …).
 */
import * as v8 from 'node:v8';
import { onFirstAnalysis } from './analysis/firstRun';

/** The longest text whose first analysis runs without TurboFan. */
export const MAX_CHARS = 400_000;

const OWN_CHOICE = /--(?:no-)?(?:opt|turbofan|maglev)\b|--jitless|--max-opt\b/;

/** Whether Node's flags already say how to optimize (then they are left alone). */
export function ownChoice(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((a) => OWN_CHOICE.test(a)) || OWN_CHOICE.test(nodeOptions ?? '');
}

/** Keeps TurboFan off during the process's first analysis (of at most `MAX_CHARS`). */
export function deferOptimizingCompiler(setFlags: (flags: string) => void = v8.setFlagsFromString): void {
  if (ownChoice(process.execArgv, process.env.NODE_OPTIONS)) return;
  onFirstAnalysis((chars) => {
    if (chars > MAX_CHARS) return null;
    setFlags('--no-turbofan');
    return () => setFlags('--turbofan');
  });
}
