/**
 * Answering from the last analysis while a newer one waits (issue 15, "never block the editor").
 *
 * Analysing a large document takes long (seconds for a 2 MB single-document `List`), and it has to run
 * on the thread that holds the result: hovers, code actions and lenses read the `yaml` syntax tree,
 * which cannot be handed over from a worker (structured cloning drops its classes). So while the
 * person types, the server does not analyse a slow document at every keystroke (see the scheduling in
 * startServer.ts); requests that arrive meanwhile are answered from the last analysis, with offsets
 * mapped through what changed since.
 *
 * The mapping is the common prefix and suffix of the analysed text and the current one: an offset in
 * the unchanged prefix is the same in both, one in the unchanged suffix moves by the change in length,
 * and one inside the changed stretch has no counterpart (the request gets no answer for it rather than
 * a wrong one). One pass over both texts, a few milliseconds at 2 MB.
 */
import type { AnalysisResult } from './analysis';

export interface RecentAnalysis {
  analysis: AnalysisResult;
  /** The text that was analysed (the document at `version`). */
  text: string;
  version: number;
  /** An offset in the current text → the analysed text; null inside what changed. */
  toAnalysed(offset: number): number | null;
  /** An offset in the analysed text → the current text; null inside what changed. */
  toCurrent(offset: number): number | null;
  /** A range of the analysed text in the current one; null when it overlaps what changed. */
  rangeToCurrent(start: number, end: number): [number, number] | null;
  /** Whether the analysis is of the current text (the maps are the identity). */
  current: boolean;
}

/** The mapping between `analysed` and `current` text (see the module comment). */
export type EditMap = Pick<RecentAnalysis, 'toAnalysed' | 'toCurrent' | 'rangeToCurrent'>;

/** The identity: the analysis is of the current text. */
export const IDENTITY: EditMap = { toAnalysed: (o) => o, toCurrent: (o) => o, rangeToCurrent: (s, e) => [s, e] };

export function mapEdits(analysed: string, current: string): EditMap {
  if (analysed === current) return IDENTITY;
  const max = Math.min(analysed.length, current.length);
  let prefix = 0;
  while (prefix < max && analysed.charCodeAt(prefix) === current.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && analysed.charCodeAt(analysed.length - 1 - suffix) === current.charCodeAt(current.length - 1 - suffix)) suffix++;
  const oldEnd = analysed.length - suffix; // the changed stretch: [prefix, oldEnd) in the analysed text
  const newEnd = current.length - suffix; // … and [prefix, newEnd) in the current one
  const delta = current.length - analysed.length;
  return {
    toAnalysed: (o) => (o <= prefix ? o : o >= newEnd ? o - delta : null),
    toCurrent: (o) => (o <= prefix ? o : o >= oldEnd ? o + delta : null),
    // a range that covers any of the changed text is about text that is gone: it does not map
    rangeToCurrent: (s, e) => (e <= prefix ? [s, e] : s >= oldEnd ? [s + delta, e + delta] : null),
  };
}

/** A range of the analysed text in the current one; null when it overlaps what changed. */
export function rangeToCurrent(recent: Pick<RecentAnalysis, 'rangeToCurrent'>, start: number, end: number): [number, number] | null {
  return recent.rangeToCurrent(start, end);
}
