/**
 * The first analysis of a process, for the platform that runs it (issue 15). The analysis knows
 * nothing of Node; a Node entry (`server/src/tiering.ts`: the CLI, the server) sets a hook here
 * before it analyses anything, and the next analysis — the process's first — runs inside it: the
 * hook is called with the length of the text, and what it returns is called after the analysis,
 * whether or not the analysis throws. The hook runs once.
 */

/** Called before the analysis with the text's length; what it returns is called after it. */
export type FirstAnalysisHook = (chars: number) => (() => void) | null;

let pending: FirstAnalysisHook | null = null;

/** Runs `h` around the next analysis (once); null takes back a hook that has not run yet. */
export function onFirstAnalysis(h: FirstAnalysisHook | null): void {
  pending = h;
}

/** Whether a hook waits for the next analysis (the analysis's fast path asks this first). */
export function firstAnalysisPending(): boolean {
  return pending !== null;
}

/** Runs `run` (an analysis of `chars` characters), inside the waiting hook if there is one. */
export function aroundFirstAnalysis<T>(chars: number, run: () => T): T {
  const h = pending;
  if (h === null) return run();
  pending = null;
  const after = h(chars);
  if (!after) return run();
  try {
    return run();
  } finally {
    after();
  }
}
