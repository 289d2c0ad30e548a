/**
 * Commands, once: the wrapper programs that run the rest of their arguments as a command
 * (`exec`, `env A=b`, `timeout 5`, `tini --`, `gosu user`, `busybox`, …) and what `sleep` waits.
 * The shell reader, the file effects, the server judgements and the lifetime all skip wrappers
 * with `skipWrappers` and read sleeps with `sleepSeconds`.
 */
import { t } from '../i18n';
import { baseName } from './names';

/** Wrappers that take no argument of their own before the command (options aside). */
const PLAIN = new Set(['exec', 'command', 'builtin', 'nohup', 'time', 'stdbuf', 'docker-entrypoint.sh', 'docker-entrypoint', 'entrypoint.sh']);

/** Every wrapper program name, for callers that only need to recognise one. */
export const WRAPPER_PROGRAMS: ReadonlySet<string> = new Set([
  ...PLAIN,
  'env',
  'timeout',
  'nice',
  'ionice',
  'sudo',
  'doas',
  'gosu',
  'su-exec',
  'chpst',
  'busybox',
  'tini',
  'dumb-init',
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

/** A command's own time limit and where it comes from. */
export interface CommandLimit {
  seconds: number;
  /** `timeout 30`, `kubectl wait --timeout=60s`, `wait-for-it -t 15 (default)`. */
  basis: string;
}

const GO_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds of a Go duration (`90s`, `5m`, `1m30s`, `1.5h`) or a plain number of seconds; null when it is neither. */
export function goDurationSeconds(v: string): number | null {
  if (/^\d+$/.test(v)) return Number(v);
  let total = 0;
  let k = 0;
  while (k < v.length) {
    let j = k;
    while (j < v.length && ((v[j] >= '0' && v[j] <= '9') || v[j] === '.')) j++;
    const num = v.slice(k, j);
    if (!num || !/^\d+(?:\.\d+)?$/.test(num)) return null;
    const unit = v.startsWith('ms', j) ? 'ms' : v[j];
    if (!unit || !(unit in GO_UNITS)) return null;
    total += Number(num) * GO_UNITS[unit];
    k = j + unit.length;
  }
  return k > 0 ? total : null;
}

/** The value of an option: `--timeout=60s`, `--timeout 60s`, `-t 30`, `-t30`; undefined when absent. */
function optionValue(args: readonly string[], long: readonly string[], short: string | null): string | null | undefined {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') break;
    for (const l of long) {
      if (a === l) return args[k + 1] ?? null;
      if (a.startsWith(l + '=')) return a.slice(l.length + 1);
    }
    if (short && a === short) return args[k + 1] ?? null;
    if (short && a.startsWith(short) && /^\d/.test(a.slice(short.length))) return a.slice(short.length);
  }
  return undefined;
}

/** The programs `commandLimit` knows the bound of (besides `timeout`). */
const WAITERS = new Set(['kubectl', 'wait-for-it', 'wait-for-it.sh', 'pg_isready', 'curl', 'nc', 'ncat', 'netcat', 'dockerize']);

/** Whether `commandLimit` can find a bound for a command whose program (base name) is `name`. */
export function mayLimitItself(name: string): boolean {
  return name === 'timeout' || WAITERS.has(name);
}

/**
 * The bound a known waiter puts on itself: `timeout N cmd`, `kubectl wait` (`--timeout`, 30 s by
 * default), `kubectl rollout status --timeout`, `wait-for-it` (`-t`, 15 s by default, 0 = none),
 * `pg_isready` (`-t`, 3 s by default, 0 = none), `curl --max-time`, `nc -z -w`, `dockerize -wait
 * … -timeout` (10 s by default). `i` is the program's index (at `timeout` when there is one). Null
 * when the command does not bound itself (or runs another command afterwards).
 */
export function commandLimit(words: readonly string[], i: number): CommandLimit | null {
  const timeout = timeoutSeconds(words, i);
  if (timeout !== null) return { seconds: timeout, basis: `timeout ${words.slice(i + 1).find((w) => !w.startsWith('-')) ?? ''}` };
  if (i >= words.length) return null;
  const name = baseName(words[i]);
  // most commands are none of the waiters below: no argv copies for them
  if (!WAITERS.has(name)) return null;
  const args = words.slice(i + 1);
  const sub = args.filter((a) => !a.startsWith('-'));
  const limit = (value: string | null | undefined, dflt: number | null, parse: (v: string) => number | null, label: string): CommandLimit | null => {
    if (value === null) return null;
    const s = value === undefined ? dflt : parse(value);
    if (s === null || s <= 0) return null;
    return { seconds: s, basis: value === undefined ? t('{0} {1} s (default)', label, s) : `${label} ${value}` };
  };
  const plainSeconds = (v: string): number | null => (/^\d+(?:\.\d+)?$/.test(v) ? Number(v) : null);
  if (name === 'kubectl' && sub[0] === 'wait') return limit(optionValue(args, ['--timeout'], null), 30, goDurationSeconds, 'kubectl wait --timeout');
  if (name === 'kubectl' && sub[0] === 'rollout' && sub[1] === 'status') {
    return limit(optionValue(args, ['--timeout'], null), null, goDurationSeconds, 'kubectl rollout status --timeout');
  }
  if (name === 'wait-for-it' || name === 'wait-for-it.sh') {
    if (args.includes('--')) return null; // it runs a command afterwards
    return limit(optionValue(args, ['--timeout'], '-t'), 15, plainSeconds, 'wait-for-it -t');
  }
  if (name === 'pg_isready') return limit(optionValue(args, ['--timeout'], '-t'), 3, plainSeconds, 'pg_isready -t');
  if (name === 'curl') {
    if (args.some((a) => a.startsWith('--retry'))) return null;
    return limit(optionValue(args, ['--max-time'], '-m'), null, plainSeconds, 'curl --max-time');
  }
  if ((name === 'nc' || name === 'ncat' || name === 'netcat') && args.some((a) => /^-[a-zA-Z]*z/.test(a))) {
    return limit(optionValue(args, [], '-w'), null, plainSeconds, 'nc -w');
  }
  if (name === 'dockerize' && args.includes('-wait')) {
    // operands that are no option's value: a command it runs once the wait is over
    const operands = args.filter((a, k) => !a.startsWith('-') && !(k > 0 && args[k - 1].startsWith('-') && !args[k - 1].includes('=')));
    if (operands.length > 0) return null;
    return limit(optionValue(args, ['-timeout', '--timeout'], null), 10, goDurationSeconds, 'dockerize -timeout');
  }
  return null;
}
