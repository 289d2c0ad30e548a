/**
 * What the script rules read from commands: the program a command runs (past `exec`, `busybox`…),
 * durations of `sleep`, what blocks forever, which host a lookup or probe resolves, and whether a
 * name is a cluster Service name.
 */
import type { Container, PodSpec } from '../model';
import { getPath, getString, has } from '../nodes';
import { judgeCommand, judgeContainer, ServerFamily } from '../images';
import { baseName, LoopInfo, Program, SimpleCommand, Word } from '../shell';

/** Index of the program word in a command: past `exec`, `busybox`, `command`, `nohup`, `env A=b`. */
export function programIndex(words: readonly Word[]): number {
  let i = 0;
  for (let guard = 0; guard < 6 && i < words.length; guard++) {
    const b = baseName(words[i].text);
    if (b === 'exec' || b === 'busybox' || b === 'command' || b === 'nohup') i++;
    else if (b === 'env') {
      i++;
      while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text)) i++;
    } else break;
  }
  return i;
}

/** The program a command runs (basename), or null for an empty command. */
export function programName(cmd: SimpleCommand): string | null {
  const i = programIndex(cmd.words);
  return i < cmd.words.length ? baseName(cmd.words[i].text) : null;
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds `sleep` waits for these arguments (summed, as GNU and busybox do); Infinity; null if unknown. */
export function sleepSeconds(args: readonly Word[]): number | null {
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

export type BlockReason = 'sleep' | 'tail' | 'loop' | 'server' | 'wait';

export interface Blocker {
  reason: BlockReason;
  start: number;
  end: number;
  /** What is shown in the message: `sleep infinity`, `tail -f`, `while true`, `Envoy`. */
  what: string;
  family: ServerFamily | null;
  /** The server's configuration decides whether it exits (`vault agent`). */
  configDependent: boolean;
}

/** `tail -f`/`-F`/`--follow` without `--pid`: the word that makes it follow. */
function followWord(args: readonly Word[]): Word | null {
  if (args.some((a) => a.text === '--pid' || a.text.startsWith('--pid='))) return null;
  for (const a of args) {
    if (a.text === '--') break;
    if (a.text === '--follow' || a.text.startsWith('--follow=')) return a;
    if (/^-[a-zA-Z]*[fF][a-zA-Z0-9]*$/.test(a.text)) return a;
  }
  return null;
}

/** What in this one command never returns (without looking at where the command is). */
export function blockingCommand(cmd: SimpleCommand): Blocker | null {
  const words = cmd.words;
  const i = programIndex(words);
  if (i >= words.length) return null;
  const prog = baseName(words[i].text);
  const args = words.slice(i + 1);
  if (prog === 'sleep') {
    const secs = sleepSeconds(args);
    if (secs === null || secs < 3600) return null;
    const what = `sleep ${args.map((a) => a.text).join(' ')}`;
    return { reason: 'sleep', start: args[0].start, end: args[args.length - 1].end, what, family: null, configDependent: false };
  }
  if (prog === 'tail') {
    if (cmd.piped) return null;
    const f = followWord(args);
    return f ? { reason: 'tail', start: f.start, end: f.end, what: `tail ${f.text}`, family: null, configDependent: false } : null;
  }
  const j = judgeCommand(
    words.map((w) => w.text),
    i,
  );
  if (j.verdict === 'long' && j.family && j.index >= 0 && j.index < words.length) {
    const w = words[j.index];
    return { reason: 'server', start: w.start, end: w.end, what: j.family.label, family: j.family, configDependent: j.configDependent };
  }
  return null;
}

/**
 * The command may never run, or not for ever: inside a background or conditional loop, or in the
 * body of a `while`/`until` loop with a real condition (which may be false at once).
 */
function inOpenLoop(cmd: SimpleCommand): boolean {
  return cmd.loops.some((l) => l.background || l.conditional || (l.kind !== 'for' && !l.infinite));
}

/**
 * The first thing in a program that never returns on the path every run takes: a long `sleep`,
 * `tail -f`, a server in the foreground (or in the background followed by `wait`), or an infinite
 * loop with no way out. Null when everything may finish.
 */
export function findBlocker(program: Program): Blocker | null {
  if (program.unreadable) return null;
  const found: Blocker[] = [];
  const plain = (c: SimpleCommand): boolean => !c.inSubstitution && !c.inCondition && !c.conditional && !inOpenLoop(c);
  const waits = program.commands.filter((c) => plain(c) && !c.background && c.loops.length === 0 && programName(c) === 'wait');
  for (const cmd of program.commands) {
    if (!plain(cmd) || cmd.words.length === 0) continue;
    const b = blockingCommand(cmd);
    if (!b) continue;
    if (cmd.background) {
      // a background job only holds the container when the script then waits for it
      const w = waits.find((x) => x.start >= cmd.end && (x.words.length === 1 || /^(?:\$!|"\$!"|\$\{?[A-Za-z_]\w*\}?|"\$\{?[A-Za-z_]\w*\}?")$/.test(x.words[1].text)));
      if (!w || b.reason === 'tail') continue;
      found.push({ ...b, reason: b.reason === 'server' ? 'wait' : b.reason });
      continue;
    }
    found.push(b);
  }
  for (const l of program.loops) {
    if (!l.infinite || l.hasExit || l.background || l.conditional) continue;
    if (enclosedByOpenLoop(program, l)) continue;
    found.push({ reason: 'loop', start: l.start, end: l.end, what: loopHead(l), family: null, configDependent: false });
  }
  if (found.length === 0) return null;
  return found.reduce((a, b) => (b.start < a.start ? b : a));
}

/** A loop nested in a loop that is itself background/conditional does not hold the container. */
function enclosedByOpenLoop(program: Program, l: LoopInfo): boolean {
  const inner = program.commands.find((c) => c.loops.includes(l));
  if (!inner) return false;
  const idx = inner.loops.indexOf(l);
  return inner.loops.slice(0, idx).some((o) => o.background || o.conditional);
}

function loopHead(l: LoopInfo): string {
  const cond = l.condition.filter((c) => c.words.length > 0)[0];
  return cond ? `${l.kind} ${cond.words.map((w) => w.text).join(' ')}` : l.kind;
}

/** The blocker of a container's whole command line: the image's entrypoint included. */
export interface ContainerBlocker extends Blocker {
  /** The image's own entrypoint runs the server (no command). */
  fromImage: boolean;
}

/**
 * What makes this container run until stopped, or null. `partial` pods: a missing command proves
 * nothing, so the image's default is not judged there.
 */
export function containerBlocker(c: Container, imageRange: readonly [number, number] | null): ContainerBlocker | null {
  if (c.templated) return null;
  if (!c.hasCommand && !c.hasArgs) {
    if (c.pod.partial || !imageRange) return null;
    const j = judgeContainer(c.image, [], false, false);
    if (j.verdict !== 'long' || !j.family) return null;
    return { reason: 'server', start: imageRange[0], end: imageRange[1], what: j.family.label, family: j.family, configDependent: j.configDependent, fromImage: true };
  }
  const p = c.program;
  if (!p || p.unreadable) return null;
  if (p.wrappers.some((w) => baseName(w.text) === 'timeout')) return null;
  if (p.kind === 'exec' && !c.hasCommand && imageRange) {
    const j = judgeContainer(
      c.image,
      c.argv.map((a) => a.value),
      false,
      true,
    );
    if (j.verdict === 'long' && j.family && j.index === -1) {
      return { reason: 'server', start: imageRange[0], end: imageRange[1], what: j.family.label, family: j.family, configDependent: j.configDependent, fromImage: true };
    }
    if (j.verdict === 'one-shot') return null;
  }
  const b = findBlocker(p);
  return b ? { ...b, fromImage: false } : null;
}

/** The first `containerPort` of a container, or null. */
export function firstPort(c: Container): number | null {
  for (const p of c.ports) if (p.containerPort !== null) return p.containerPort;
  return null;
}

/** `Init:2/3`: what `kubectl get pods` shows while this init container runs. */
export function initStatus(c: Container): string {
  return `Init:${Math.max(0, c.initOrder)}/${c.pod.initContainers.length}`;
}

/** `activeDeadlineSeconds` on the Pod spec, or on the Job spec of a Job/CronJob. */
export function hasActiveDeadline(pod: PodSpec): boolean {
  if (has(pod.node, 'activeDeadlineSeconds')) return true;
  return pod.workload === 'job' && pod.workloadSpecNode !== null && has(pod.workloadSpecNode, 'activeDeadlineSeconds');
}

/** The namespace in the object's metadata, or null. */
export function objectNamespace(pod: PodSpec): string | null {
  const ns = getString(getPath(pod.objectNode, ['metadata']), 'namespace');
  return ns && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) ? ns : null;
}

// ---------------------------------------------------------------------------------------------
// Names

const TLDS = new Set([
  'com', 'net', 'org', 'io', 'dev', 'app', 'ai', 'co', 'edu', 'gov', 'mil', 'info', 'biz', 'me', 'cloud', 'tech',
  'xyz', 'sh', 'us', 'uk', 'de', 'fr', 'jp', 'cn', 'ru', 'in', 'eu', 'ca', 'au', 'nl', 'se', 'ch', 'br', 'es', 'it',
  'pl', 'kr', 'tv', 'cc', 'ly', 'gg', 'so', 'to', 'is', 'at', 'be', 'dk', 'fi', 'no', 'nz', 'ie', 'pt', 'cz', 'internal',
  'local', 'localdomain', 'lan', 'home', 'corp', 'example', 'test', 'invalid', 'arpa',
]);

export function isIpAddress(s: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^\[?[0-9a-fA-F:.]+\]?$/.test(s));
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Service name that only the cluster's search domains complete: `mydb` or `mydb.prod` (a name
 * and a namespace). Not an IP, not `localhost`, not a fully qualified name, not `example.com`.
 */
export function isShortServiceName(name: string): boolean {
  if (!name || name.endsWith('.') || isIpAddress(name)) return false;
  const labels = name.toLowerCase().split('.');
  if (labels.some((l) => !LABEL.test(l))) return false;
  if (labels.length === 1) return labels[0] !== 'localhost' && !/^\d+$/.test(labels[0]);
  if (labels.length === 2) return !TLDS.has(labels[1]) && labels[1] !== 'svc';
  return false;
}

/** A name for a Service in the cluster: short, or ending in `.svc` / `.svc.<cluster domain>`. */
export function isClusterServiceName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (/\.svc$/.test(n) || /\.svc\.[a-z0-9.-]+$/.test(n)) return true;
  return isShortServiceName(n);
}

export interface LookupTarget {
  /** The word that holds the name. */
  word: Word;
  host: string;
  program: string;
}

const NC_VALUE_OPTS = new Set(['-w', '-W', '-i', '-p', '-s', '-q', '-X', '-x', '-O', '-I', '-T', '-e', '-c', '-P']);
const HOST_VALUE_OPTS = new Set(['-t', '-W', '-c', '-R', '-N', '-m']);
const DIG_VALUE_OPTS = new Set(['-b', '-c', '-f', '-k', '-p', '-t', '-x', '-y']);
const RR_TYPES = new Set(['A', 'AAAA', 'SRV', 'ANY', 'TXT', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'IN']);

/** The host in a URL word (`http://db:5432/x` → `db`), when the host is written literally. */
function urlHost(w: Word): string | null {
  const text = w.literal ? w.text : w.prefix;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#\s]*)(.?)/i.exec(text);
  if (!m || !m[1]) return null;
  if (!w.literal && m[2] === '') return null; // the host continues into an expansion
  return m[1];
}

/** Host of `host:port` (or a plain host) written literally. */
function plainHost(w: Word): string | null {
  if (!w.literal) return null;
  const m = /^([A-Za-z0-9.-]+)(?::\d+)?$/.exec(w.text);
  return m ? m[1] : null;
}

/** The names a command resolves: nslookup/host/dig/getent hosts/nc/curl/wget/pg_isready -h…. */
export function lookupTargets(cmd: SimpleCommand): LookupTarget[] {
  const words = cmd.words;
  const i = programIndex(words);
  if (i >= words.length) return [];
  const prog = baseName(words[i].text);
  const args = words.slice(i + 1);
  const out: LookupTarget[] = [];
  const firstOperand = (valueOpts: Set<string>, skip?: (w: Word) => boolean): Word | null => {
    for (let k = 0; k < args.length; k++) {
      const t = args[k].text;
      if (valueOpts.has(t)) {
        k++;
        continue;
      }
      if (t.startsWith('-')) continue;
      if (skip && skip(args[k])) continue;
      return args[k];
    }
    return null;
  };
  const push = (w: Word | null, host: string | null): void => {
    if (w && host) out.push({ word: w, host, program: prog });
  };
  switch (prog) {
    case 'nslookup':
    case 'host': {
      const w = firstOperand(prog === 'host' ? HOST_VALUE_OPTS : new Set());
      push(w, w && w.literal ? w.text : null);
      break;
    }
    case 'dig': {
      const w = firstOperand(DIG_VALUE_OPTS, (x) => x.text.startsWith('@') || x.text.startsWith('+') || RR_TYPES.has(x.text));
      push(w, w && w.literal ? w.text : null);
      break;
    }
    case 'getent': {
      if (args[0] && /^a?hosts(?:v[46])?$/.test(args[0].text) && args[1]) push(args[1], args[1].literal ? args[1].text : null);
      break;
    }
    case 'nc':
    case 'ncat':
    case 'netcat': {
      const w = firstOperand(NC_VALUE_OPTS);
      push(w, w ? plainHost(w) : null);
      break;
    }
    case 'curl':
    case 'wget': {
      for (const a of args) {
        const h = urlHost(a);
        if (h) push(a, h);
      }
      break;
    }
    case 'pg_isready':
    case 'redis-cli':
    case 'mysqladmin':
    case 'psql': {
      const k = args.findIndex((a) => a.text === '-h' || a.text === '--host');
      if (k >= 0 && args[k + 1]) push(args[k + 1], args[k + 1].literal ? args[k + 1].text : null);
      break;
    }
    default:
      break;
  }
  return out;
}

/** Programs that check whether something is there: what a wait loop waits on. */
export const CHECK_PROGRAMS = new Set([
  'nslookup', 'dig', 'host', 'getent', 'nc', 'ncat', 'netcat', 'curl', 'wget', 'pg_isready', 'mysqladmin', 'mysql',
  'psql', 'redis-cli', 'mongo', 'mongosh', 'kubectl', 'ping', 'telnet', 'grpc_health_probe', 'cqlsh', 'etcdctl',
  'consul', 'vault', 'openssl', 'socat', 'wait-for-it', 'wait-for-it.sh', 'wait-for', 'dockerize',
]);

/** `[ -f /x ]`, `test -e /x`, `[[ -s /x ]]`: waits for a file. */
export function isFileTest(cmd: SimpleCommand): boolean {
  const name = programName(cmd);
  if (name !== '[' && name !== 'test' && name !== '[[') return false;
  return cmd.words.some((w) => /^-[efsdSpr]$/.test(w.text));
}
