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
 * - Node started with its own choice (`--no-opt`, `--noopt`, `--max_opt=2`, `--jitless`, …) or with
 *   `--freeze-flags-after-init`;
 * - any runtime but Node itself. Bun's `node:v8` cannot change flags. Node keeps V8's flags
 *   writable after start-up for `v8.setFlagsFromString`; an embedder that lets V8 freeze them
 *   (NW.js does; Electron does not, unless a bad `--js-flags` makes it drop its switch) aborts the
 *   process on the first write ("Check failed: !IsFrozen()"). VS Code runs the server on Electron's Node: a faster first
 *   analysis is not worth a language server that may not start.
 */
import * as v8 from 'node:v8';

/** The longest text whose first analysis runs without TurboFan. */
export const MAX_CHARS = 400_000;

/**
 * V8 flags by which whoever started Node chose how it compiles, or froze the flags: with any of them
 * (negated or not) the flags are left alone. Names as V8 reads them: `_` for `-`, `--noopt` for
 * `--no-opt`, a value after `=`.
 */
const OWN_CHOICE = new Set(['opt', 'turbofan', 'maglev', 'max-opt', 'always-opt', 'always-turbofan', 'jitless', 'lite-mode', 'freeze-flags-after-init']);

/** The V8 flag an argument sets, in V8's spelling without `no`, or null for an argument that is not a flag. */
function flagName(arg: string): string | null {
  if (!arg.startsWith('--')) return null;
  const name = arg.slice(2).split('=')[0].replace(/_/g, '-');
  if (name.startsWith('no-')) return name.slice(3);
  if (name.startsWith('no') && OWN_CHOICE.has(name.slice(2))) return name.slice(2);
  return name;
}

/** Whether Node's flags already say how to optimize, or froze V8's flags (then they are left alone). */
export function ownChoice(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const args = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return args.some((a) => {
    const name = flagName(a);
    return name !== null && OWN_CHOICE.has(name);
  });
}

/** What decides whether the flags may be changed: the process as it was started. */
export interface Runtime {
  execArgv: readonly string[];
  env: { NODE_OPTIONS?: string };
  versions: Partial<Record<string, string>>;
  release: { name?: string };
}

/**
 * Whether this process may turn TurboFan off and on: Node itself (not Electron, NW.js or Bun, whose
 * `node:v8` throws "not implemented"), started with no choice of its own.
 */
export function mayChangeFlags(runtime: Runtime): boolean {
  const { versions } = runtime;
  const node = runtime.release.name === 'node' && versions.electron === undefined && versions.nw === undefined && versions.bun === undefined;
  return node && !ownChoice(runtime.execArgv, runtime.env.NODE_OPTIONS);
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
    try {
      setFlags('--no-turbofan');
    } catch {
      // a runtime that cannot change them: the analysis runs as it is
      return run();
    }
    try {
      return run();
    } finally {
      try {
        setFlags('--turbofan');
      } catch {
        // it took the first write; nothing better to do than carry on
      }
    }
  };
}

/** This process's wrapper: the CLI and the server call their analyses through it. */
export const firstAnalysis: FirstAnalysis = aroundFirstAnalysis(process, (flags) => v8.setFlagsFromString(flags));
