/**
 * V8's optimizing compiler during the first analysis of a process (issue 15). The first analysis
 * runs cold: V8 interprets each function, then compiles it to baseline code; TurboFan meanwhile
 * optimizes the ones that ran most (yaml's lexer and parser, the shell parser's word reader) on
 * other threads — a quarter of a second of CPU for a 1,000-line Pod with 37 scripts, most of it for
 * code whose work is over by the time the optimized version arrives. On two cores (a CI runner, or
 * the cores an editor shares with its renderer, extension host and language servers) that competes
 * with the analysis itself: on the script-heavy Pod the first analysis took 18 % less time at load
 * 0.9 and about half at load 4 with TurboFan off (docs/performance.md, Scripts). So the CLI and the
 * server run their first analysis with it off and turn it back on after, when later analyses
 * (typing, more files) gain from optimized code.
 *
 * The analysis knows nothing of this: the Node entries wrap their own first call
 * (`firstAnalysis`), so what the analysis returns cannot depend on it.
 *
 * Left alone:
 * - a text over `MAX_CHARS`: analysed long enough for optimized code to pay for itself (a 1 MB list
 *   was about as fast either way, 5 MB half again slower without it);
 * - Node started with its own choice (`--no-opt`, `--jitless`, …);
 * - any runtime but plain Node. Node keeps V8's flags writable after start-up for
 *   `v8.setFlagsFromString`; an embedder that lets V8 freeze them (NW.js does; Electron does not,
 *   unless a bad `--js-flags` makes it drop its switch) aborts the process on the first write
 *   ("Check failed: !IsFrozen()"). VS Code runs the server on Electron's Node: a faster first
 *   analysis is not worth a language server that may not start.
 */
import * as v8 from 'node:v8';

/** The longest text whose first analysis runs without TurboFan. */
export const MAX_CHARS = 400_000;

const OWN_CHOICE = /--(?:no-)?(?:opt|turbofan|maglev)\b|--jitless|--max-opt\b/;

/** Whether Node's flags already say how to optimize (then they are left alone). */
export function ownChoice(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((a) => OWN_CHOICE.test(a)) || OWN_CHOICE.test(nodeOptions ?? '');
}

/** What decides whether the flags may be changed: the process as it was started. */
export interface Runtime {
  execArgv: readonly string[];
  env: { NODE_OPTIONS?: string };
  versions: Partial<Record<string, string>>;
}

/** Whether this process may turn TurboFan off and on: plain Node, with no choice of its own. */
export function mayChangeFlags(runtime: Runtime): boolean {
  const embedded = runtime.versions.electron !== undefined || runtime.versions.nw !== undefined;
  return !embedded && !ownChoice(runtime.execArgv, runtime.env.NODE_OPTIONS);
}

/** Runs `run` (an analysis of `chars` characters); the first call of a process may run it with TurboFan off. */
export type FirstAnalysis = <T>(chars: number, run: () => T) => T;

/**
 * A wrapper for a process's analyses: its first call runs with TurboFan off (when `runtime` allows it
 * and the text is at most `MAX_CHARS`) and turns it on again after, whether or not the analysis
 * throws; every later call just runs.
 */
export function aroundFirstAnalysis(runtime: Runtime, setFlags: (flags: string) => void): FirstAnalysis {
  let first = true;
  return <T>(chars: number, run: () => T): T => {
    if (!first) return run();
    first = false;
    if (chars > MAX_CHARS || !mayChangeFlags(runtime)) return run();
    setFlags('--no-turbofan');
    try {
      return run();
    } finally {
      setFlags('--turbofan');
    }
  };
}

/** This process's wrapper: the CLI and the server call their analyses through it. */
export const firstAnalysis: FirstAnalysis = aroundFirstAnalysis(process, (flags) => v8.setFlagsFromString(flags));
