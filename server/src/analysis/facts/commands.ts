/**
 * Commands, once: the wrapper programs that run the rest of their arguments as a command
 * (`exec`, `env A=b`, `timeout 5`, `tini --`, `gosu user`, `busybox`, …) and what `sleep` waits.
 * The shell reader, the file effects, the server judgements and the lifetime all skip wrappers
 * with `skipWrappers` and read sleeps with `sleepSeconds`.
 */
import { baseName } from './names';

/** Wrappers that take no argument of their own before the command (options aside). */
const PLAIN = new Set(['exec', 'command', 'builtin', 'nohup', 'time', 'stdbuf', 'docker-entrypoint.sh', 'docker-entrypoint', 'entrypoint.sh']);

/** Every wrapper program name, for callers that only need to recognise one. */
export const WRAPPER_PROGRAMS: ReadonlySet<string> = new Set([
  ...PLAIN,
  'env', 'timeout', 'nice', 'ionice', 'sudo', 'doas', 'gosu', 'su-exec', 'chpst', 'busybox', 'tini', 'dumb-init',
]);

export interface SkipOptions {
  /**
   * Stop at `timeout` instead of skipping it: callers that judge how long a command runs need to
   * see it (a `timeout` bounds what follows).
   */
  stopAtTimeout?: boolean;
}

const DURATION = /^\d+(?:\.\d+)?[smhd]?$/;

/**
 * Index of the program a command really runs: past wrappers and their options. `words` are the
 * argv texts; returns `words.length` when nothing is left (a lone `exec`).
 */
export function skipWrappers(words: readonly string[], from = 0, options: SkipOptions = {}): number {
  let i = from;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const b = baseName(words[i]);
    if (PLAIN.has(b)) {
      i++;
      while (i < words.length && words[i].startsWith('-')) if (words[i++] === '--') break;
    } else if (b === 'env') {
      i++;
      while (i < words.length && (words[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) {
        i += words[i] === '-u' || words[i] === '-C' ? 2 : 1;
      }
    } else if (b === 'timeout') {
      if (options.stopAtTimeout) break;
      i++;
      while (i < words.length && words[i].startsWith('-')) i += /^(?:-[sk]|--signal|--kill-after)$/.test(words[i]) ? 2 : 1;
      if (i < words.length && DURATION.test(words[i])) i++;
    } else if (b === 'nice' || b === 'ionice') {
      i++;
      while (i < words.length && words[i].startsWith('-')) i += /^-[nct]$/.test(words[i]) ? 2 : 1;
    } else if (b === 'sudo' || b === 'doas') {
      i++;
      while (i < words.length && words[i].startsWith('-')) i += /^-[ugCDhpRrT]$/.test(words[i]) ? 2 : 1;
    } else if (b === 'gosu' || b === 'su-exec' || b === 'chpst') {
      i += 2;
    } else if (b === 'busybox') {
      if (i + 1 < words.length && /^[a-z]/.test(words[i + 1])) i++;
      else break;
    } else if (b === 'tini' || b === 'dumb-init') {
      i++;
      while (i < words.length && words[i].startsWith('-')) if (words[i++] === '--') break;
    } else break;
  }
  return Math.min(i, words.length);
}

/** The `timeout DURATION` bound of a command that starts with `timeout`, in seconds; null otherwise. */
export function timeoutSeconds(words: readonly string[], at: number): number | null {
  if (at >= words.length || baseName(words[at]) !== 'timeout') return null;
  let i = at + 1;
  while (i < words.length && words[i].startsWith('-')) i += /^(?:-[sk]|--signal|--kill-after)$/.test(words[i]) ? 2 : 1;
  if (i >= words.length) return null;
  const s = sleepSeconds([{ text: words[i], literal: true }]);
  return s === Infinity ? null : s;
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Seconds `sleep` waits for these arguments: summed, as GNU coreutils and busybox do (`sleep 5 10`
 * is 15 s); Infinity for `infinity`; null when an argument is not a literal duration.
 */
export function sleepSeconds(args: ReadonlyArray<{ text: string; literal: boolean }>): number | null {
  if (args.length === 0) return null;
  let total = 0;
  for (const a of args) {
    if (!a.literal) return null;
    const v = a.text.trim();
    if (/^(?:inf|infinity)$/i.test(v)) return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(v);
    if (!m) return null;
    total += Number(m[1]) * UNIT[m[2] || 's'];
  }
  return total;
}
