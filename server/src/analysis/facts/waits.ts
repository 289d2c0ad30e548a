/**
 * Wait loops, recognised by behaviour: a `while`/`until` loop that polls — it runs a check
 * (`until nslookup db`, `while ! nc -z db 5432`, `until [ -f /shared/ready ]`) or its body sleeps
 * (`while [ -z "$X" ]; do sleep 3; X=$(kubectl get …); done`) — and what it waits on.
 */
import type { LoopInfo, Program, SimpleCommand } from '../shell';
import { programName } from './lifetime';

/** Programs that check whether something is there: what a wait loop waits on. */
export const CHECK_PROGRAMS: ReadonlySet<string> = new Set([
  'nslookup',
  'dig',
  'host',
  'getent',
  'nc',
  'ncat',
  'netcat',
  'curl',
  'wget',
  'pg_isready',
  'mysqladmin',
  'mysql',
  'psql',
  'redis-cli',
  'mongo',
  'mongosh',
  'kubectl',
  'ping',
  'telnet',
  'grpc_health_probe',
  'cqlsh',
  'etcdctl',
  'consul',
  'vault',
  'openssl',
  'socat',
  'wait-for-it',
  'wait-for-it.sh',
  'wait-for',
  'dockerize',
]);

/** `[ -f /x ]`, `test -e /x`, `[[ -s /x ]]`: waits for a file. */
export function isFileTest(cmd: SimpleCommand): boolean {
  const name = programName(cmd);
  if (name !== '[' && name !== 'test' && name !== '[[') return false;
  return cmd.words.some((w) => /^-[efsdSpr]$/.test(w.text));
}

/** Commands of the loop's condition, with the commands inside `$(…)` in it. */
function conditionCommands(program: Program, loop: LoopInfo): SimpleCommand[] {
  const direct = loop.condition.filter((c) => c.words.length > 0);
  const nested = program.commands.filter((c) => c.inSubstitution && c.loops.includes(loop) && direct.some((d) => c.start >= d.start && c.end <= d.end));
  return [...direct, ...nested];
}

/**
 * What the loop waits on (`nslookup`, `nc`, `[ -f /x ]`, `kubectl`), or null when it is not a wait
 * loop: `until X`, `while ! X` or `while [ … ]` over a check or a file, and any `while`/`until`
 * loop whose body sleeps (it polls, whatever its condition tests).
 */
export function waitsOn(program: Program, loop: LoopInfo): string | null {
  if (loop.kind === 'for') return null;
  const first = loop.condition.find((c) => c.words.length > 0);
  if (!first) return null;
  const firstName = programName(first) ?? '';
  const testCond = firstName === '[' || firstName === 'test' || firstName === '[[';
  const negated = loop.condition.some((c) => c.negated);
  const body = program.commands.filter((c) => c.loops.includes(loop) && !c.inCondition);
  const sleeps = body.some((c) => programName(c) === 'sleep');
  if (loop.kind === 'until' || negated || testCond) {
    const check = conditionCommands(program, loop).find((c) => CHECK_PROGRAMS.has(programName(c) ?? ''));
    if (check) return programName(check);
    if (testCond && isFileTest(first)) return first.words.map((w) => w.text).join(' ');
  }
  if (!sleeps) return null;
  // a poll: name the check its body runs (`X=$(kubectl get …)`), else its condition's program
  const bodyCheck = body.find((c) => CHECK_PROGRAMS.has(programName(c) ?? ''));
  return bodyCheck ? programName(bodyCheck) : firstName;
}
