/**
 * How long a container runs, decided once for every feature: it exits (with a length when the YAML
 * says it: `sleep 5`, a bounded loop), it is a bounded wait (a loop with a counter, `timeout N`),
 * it runs until it is stopped (and what makes it so: `sleep infinity`, `tail -f`, an endless loop, a
 * server, proxy, agent or syncer), or it is unknown.
 *
 * Behaviour first, names second: a container is a server that never exits when its program is a
 * known server, when it runs a program with a `--port`/`--listen`/`--bind` flag, when it declares
 * `ports` and runs the image's own entrypoint, or when its name or image says proxy or sidecar;
 * `git-sync` is a syncer that never exits unless told `--one-time`.
 */
import type { Container } from '../model';
import { getString, type Range, rangeOf } from '../nodes';
import { t } from '../i18n';
import { imageRepository, judgeCommand, judgeContainer, mayBeServer, ONE_SHOT_NAME, type ServerFamily } from '../images';
import { servedPorts } from '../localPorts';
import type { LoopInfo, Program, SimpleCommand, Word } from '../shell';
import { type CommandLimit, commandLimit, mayLimitItself, skipWrappers, sleepSeconds, timeoutSeconds, WRAPPER_PROGRAMS } from './commands';
import { parseImage } from './image';
import { baseName } from './names';

// ---------------------------------------------------------------------------------------------
// Commands

/** Index of the program word in a command: past `exec`, `busybox`, `env A=b`… (not past `timeout`). */
export function programIndex(words: readonly Word[]): number {
  // most commands start with their program: answer without an argv array (this runs for every
  // command in several rules, in the interpreter on a first analysis)
  if (words.length === 0 || !WRAPPER_PROGRAMS.has(baseName(words[0].text))) return 0;
  return skipWrappers(
    words.map((w) => w.text),
    0,
    STOP_AT_TIMEOUT,
  );
}

const STOP_AT_TIMEOUT = { stopAtTimeout: true };

/** The program a command runs (basename), or null for an empty command. */
export function programName(cmd: SimpleCommand): string | null {
  const i = programIndex(cmd.words);
  return i < cmd.words.length ? baseName(cmd.words[i].text) : null;
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

/** A server recognised by behaviour, not by its family: what gave it away. */
export type ServerEvidence = 'family' | 'listen-flag' | 'ports' | 'name' | 'syncer';

/** The blocker of a container's whole command line: the image's entrypoint included. */
export interface ContainerBlocker extends Blocker {
  /** The image's own entrypoint runs the server (no command). */
  fromImage: boolean;
  /** How a server was recognised (`family` for the known ones). */
  evidence: ServerEvidence | null;
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
  if (prog !== 'sleep' && prog !== 'tail') {
    // most commands run no known server: answer before building the argv judgeCommand takes
    // (past `programIndex`, a program that is not a wrapper is where judgeCommand starts too)
    if (!WRAPPER_PROGRAMS.has(prog) && !mayBeServer(prog)) return null;
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
  const args = words.slice(i + 1);
  if (prog === 'sleep') {
    const secs = sleepSeconds(args);
    if (secs === null || secs < 3600) return null;
    const what = `sleep ${args.map((a) => a.text).join(' ')}`;
    return { reason: 'sleep', start: args[0].start, end: args[args.length - 1].end, what, family: null, configDependent: false };
  }
  if (cmd.piped) return null;
  const f = followWord(args);
  return f ? { reason: 'tail', start: f.start, end: f.end, what: `tail ${f.text}`, family: null, configDependent: false } : null;
}

/**
 * The command may never run, or not for ever: inside a background or conditional loop, or in the
 * body of a `while`/`until` loop with a real condition (which may be false at once).
 */
function inOpenLoop(cmd: SimpleCommand): boolean {
  return cmd.loops.some((l) => l.background || l.conditional || (l.kind !== 'for' && !l.infinite));
}

/** Runs on the path every run takes: not in a condition, a substitution, a branch or an open loop. */
function onMainPath(c: SimpleCommand): boolean {
  return !c.inSubstitution && !c.inCondition && !c.conditional && !inOpenLoop(c);
}

/**
 * The first thing in a program that never returns on the path every run takes: a long `sleep`,
 * `tail -f`, a server in the foreground (or in the background followed by `wait`), or an infinite
 * loop with no way out. Null when everything may finish.
 */
export function findBlocker(program: Program): Blocker | null {
  if (program.unreadable) return null;
  const found: Blocker[] = [];
  // the `wait`s on the main path, looked for only when a blocker runs in the background (rare)
  let waits: SimpleCommand[] | null = null;
  for (const cmd of program.commands) {
    if (!onMainPath(cmd) || cmd.words.length === 0) continue;
    const b = blockingCommand(cmd);
    if (!b) continue;
    if (cmd.background) {
      // a background job only holds the container when the script then waits for it
      waits ??= program.commands.filter((c) => onMainPath(c) && !c.background && c.loops.length === 0 && programName(c) === 'wait');
      const w = waits.find(
        (x) => x.start >= cmd.end && (x.words.length === 1 || /^(?:\$!|"\$!"|\$\{?[A-Za-z_]\w*\}?|"\$\{?[A-Za-z_]\w*\}?")$/.test(x.words[1].text)),
      );
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

/** Values of `SLEEP` that Calico's installer reads as "sleep" (Go `strconv.ParseBool` true, and its old script's "true"). */
const CALICO_SLEEP_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/**
 * Calico's CNI installer (`calico/cni`, or `calico component cni install`) sleeps forever after
 * installing unless `SLEEP=false`. Returns the range to report, or null.
 */
export function calicoInstaller(c: Container): Range | null {
  const repo = imageRepository(c.image);
  if (!repo?.includes('calico/') || !/(?:^|\/)calico\/[^/]+$/.test(repo)) return null;
  const vals = c.argv.map((a) => a.value);
  let range: Range | null = null;
  if (!c.hasCommand && !c.hasArgs) {
    if (c.pod.partial || !repo.endsWith('/cni')) return null;
    range = rangeOf(c.imageNode);
  } else {
    const k = vals.findIndex((v, i) => v === 'install' && vals[i - 1] === 'cni');
    if (k >= 0) range = rangeOf(c.argv[k].node);
    else if (vals.length > 0 && /^install(?:-cni(?:\.sh)?)?$/.test(baseName(vals[0]))) range = rangeOf(c.argv[0].node);
  }
  if (!range) return null;
  const sleep = c.env.get('SLEEP');
  if (sleep) {
    const value = getString(sleep.node, 'value');
    if (value === null || !CALICO_SLEEP_TRUE.has(value)) return null; // false, or set from elsewhere
  }
  return range;
}

// ---------------------------------------------------------------------------------------------
// Servers recognised by behaviour

/** A name that says the container proxies or sits beside the app: `cloudsql-proxy`, `auth-sidecar`. */
const HELPER_NAME = /(?:^|[-_.])(?:proxy|sidecar)(?:$|[-_.])/;

/** `git-sync` (v3 and v4), the repository syncer: it loops forever unless told `--one-time`. */
function gitSyncBlocker(c: Container, imageRange: readonly [number, number] | null): ContainerBlocker | null {
  const ref = parseImage(c.image);
  // the cheap question first: git-sync is named by the image, or by the command line
  if (c.hasCommand ? !c.argv.some((a) => a.value.includes('git-sync')) : ref?.name !== 'git-sync') return null;
  const argv = c.argv.map((a) => a.value);
  const k = c.hasCommand ? skipWrappers(argv) : -1;
  const byProgram = k >= 0 && k < argv.length && baseName(argv[k]) === 'git-sync';
  const byImage = !c.hasCommand && ref?.name === 'git-sync';
  if (!byProgram && !byImage) return null;
  if (argv.some((a) => /^-{1,2}one-time(?:=(?:true|1))?$/.test(a))) return null;
  for (const name of ['GITSYNC_ONE_TIME', 'GIT_SYNC_ONE_TIME']) {
    const v = c.env.get(name);
    if (v && getString(v.node, 'value') !== 'false') return null;
  }
  if (c.hasEnvFrom) return null;
  const range = byProgram ? rangeOf(c.argv[k].node) : imageRange;
  if (!range) return null;
  return server(range, 'git-sync', !byProgram, 'syncer', { id: 'git-sync', label: 'git-sync', kind: 'agent' });
}

function server(
  range: readonly [number, number],
  what: string,
  fromImage: boolean,
  evidence: ServerEvidence,
  family: ServerFamily | null = null,
): ContainerBlocker {
  return { reason: 'server', start: range[0], end: range[1], what, family, configDependent: false, fromImage, evidence };
}

/**
 * A server recognised by what the container does rather than what it is called: a program run in
 * the foreground with a listen/port flag, the image's entrypoint with declared `ports`, or a name
 * that says proxy/sidecar. Only asked when nothing in the program is known to end it.
 */
function behaviouralServer(c: Container, imageRange: readonly [number, number] | null): ContainerBlocker | null {
  const git = gitSyncBlocker(c, imageRange);
  if (git) return git;
  const p = c.program;
  // the program that holds the container: the exec argv, or the last plain foreground command
  let last: SimpleCommand | null = null;
  if (p && !p.unreadable) {
    const cmds = p.commands;
    for (let k = cmds.length - 1; k >= 0; k--) {
      const x = cmds[k];
      if (x.loops.length === 0 && x.words.length > 0 && !x.background && onMainPath(x)) {
        last = x;
        break;
      }
    }
  }
  if (last) {
    const i = programIndex(last.words);
    // args without command go to the image's entrypoint: the image names the program
    const name = p?.kind === 'exec' && !c.hasCommand ? (parseImage(c.image)?.name ?? '') : i < last.words.length ? baseName(last.words[i].text) : '';
    if (name && !ONE_SHOT_NAME.test(name) && !KNOWN_EXIT.has(name)) {
      const flag = servedPorts(c).find((sp) => sp.via === 'flag' && sp.range && sp.range[0] >= last!.start && sp.range[1] <= last!.end);
      if (flag?.range) return server(flag.range, t('a server (it listens on port {0})', flag.port), false, 'listen-flag');
    }
  }
  const entrypoint = !c.hasCommand;
  if (entrypoint && !c.pod.partial && imageRange) {
    const port = c.ports.find((x) => x.containerPort !== null);
    if (port && !ONE_SHOT_NAME.test(parseImage(c.image)?.name ?? '')) {
      return server(rangeOf(port.containerPortNode) ?? imageRange, t('a server (it declares containerPort {0})', port.containerPort ?? ''), true, 'ports');
    }
    const img = parseImage(c.image)?.name ?? '';
    const named = [c.name ?? '', img].find((n) => HELPER_NAME.test(n) && !ONE_SHOT_NAME.test(n));
    if (named && !c.hasArgs) {
      const range = named === c.name && c.nameNode ? rangeOf(c.nameNode) : imageRange;
      if (range) return server(range, t('a proxy or sidecar ({0})', named), named !== c.name, 'name');
    }
  }
  return null;
}

/** The image is a known server family (nginx, envoy, …) run by its own entrypoint: it blocks. */
function imageFamilyServer(family: ServerFamily, configDependent: boolean, imageRange: readonly [number, number]): ContainerBlocker {
  return { reason: 'server', start: imageRange[0], end: imageRange[1], what: family.label, family, configDependent, fromImage: true, evidence: 'family' };
}

/**
 * What makes this container run until stopped, or null. `partial` pods: a missing command proves
 * nothing, so the image's default is not judged there.
 */
/** The blocker of a Calico CNI installer, which sleeps forever after installing unless `SLEEP=false`. */
function calicoBlocker(c: Container, fromImage: boolean): ContainerBlocker | null {
  const calico = calicoInstaller(c);
  if (!calico) return null;
  return {
    reason: 'sleep',
    start: calico[0],
    end: calico[1],
    what: 'Calico CNI installer (SLEEP)',
    family: null,
    configDependent: false,
    fromImage,
    evidence: null,
  };
}

export function containerBlocker(c: Container, imageRange: readonly [number, number] | null, text = '', walk?: Walk): ContainerBlocker | null {
  if (c.templated) return null;
  if (!c.hasCommand && !c.hasArgs) {
    if (c.pod.partial || !imageRange) return null;
    const j = judgeContainer(c.image, [], false, false);
    if (j.verdict === 'long' && j.family) {
      return imageFamilyServer(j.family, j.configDependent, imageRange);
    }
    const calico = calicoBlocker(c, true);
    if (calico) return calico;
    return behaviouralServer(c, imageRange);
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
      return imageFamilyServer(j.family, j.configDependent, imageRange);
    }
    if (j.verdict === 'one-shot') return null;
  }
  const calico = calicoBlocker(c, false);
  if (calico) return calico;
  const b = findBlocker(p);
  if (b) return { ...b, fromImage: false, evidence: b.reason === 'server' || b.reason === 'wait' ? 'family' : null };
  const d = walk ?? walkProgram(c, text);
  if (d.open) return behaviouralServer(c, imageRange);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Length

/** Commands that take no noticeable time. */
const QUICK = new Set([
  'echo',
  'printf',
  'true',
  'false',
  ':',
  'set',
  'export',
  'cd',
  'test',
  '[',
  '[[',
  '((',
  'let',
  'mkdir',
  'touch',
  'ln',
  'chmod',
  'date',
  'hostname',
  'env',
  'id',
  'whoami',
  'pwd',
  'exit',
  'return',
  'break',
  'continue',
  'unset',
  'local',
  'readonly',
  'umask',
  'trap',
  'shift',
  'expr',
  'basename',
  'dirname',
  'sysctl',
  'ulimit',
  'kill',
]);

/** A command that takes no noticeable time: `echo`, `mkdir`, `sysctl -w`, a `chown`/`chgrp` that is not recursive. */
function isQuickCommand(words: readonly Word[]): boolean {
  const i = programIndex(words);
  if (i >= words.length) return true;
  const name = baseName(words[i].text);
  if (QUICK.has(name)) return true;
  return (name === 'chown' || name === 'chgrp') && !words.some((w) => isRecursiveFlag(w.text));
}

function isRecursiveFlag(w: string): boolean {
  return /^-[a-zA-Z]*R/.test(w) || w === '--recursive';
}

/**
 * Programs that do one job and return (their length is unknown): copying, fetching, unpacking,
 * templating, generating keys, migrating a schema, building.
 */
const KNOWN_EXIT = new Set([
  ...QUICK,
  'cp',
  'mv',
  'rm',
  'rsync',
  'install',
  'chown',
  'chgrp',
  'tar',
  'unzip',
  'gzip',
  'gunzip',
  'zcat',
  'cat',
  'tee',
  'sed',
  'awk',
  'grep',
  'sort',
  'head',
  'wc',
  'ls',
  'find',
  'xargs',
  'wget',
  'curl',
  'git',
  'openssl',
  'ssh-keygen',
  'keytool',
  'envsubst',
  'gomplate',
  'jq',
  'yq',
  'base64',
  'sha256sum',
  'md5sum',
  'dd',
  'sysctl',
  'ulimit',
  'modprobe',
  'iptables',
  'ip6tables',
  'useradd',
  'adduser',
  'addgroup',
  'apk',
  'apt-get',
  'pip',
  'npm',
  'yarn',
  'make',
  'go',
  'mvn',
  'gradle',
  'cargo',
  'migrate',
  'flyway',
  'liquibase',
  'alembic',
  'dbmate',
  'goose',
  'sqlx',
  'atlas',
  'psql',
  'mysql',
  'kubectl',
  'helm',
]);

/** What leaves a length open: the first step on the path whose length the YAML does not say. */
export interface OpenStep {
  /**
   * `work`: a program that takes as long as its work (`cp`, `wget`, a migration); `wait`: a loop
   * that polls without a bound; `variable`: a `sleep` of a value known only at run time;
   * `entrypoint`: the image's own program with these args.
   */
  reason: 'work' | 'wait' | 'variable' | 'entrypoint';
  /** The program, loop head or sleep (`wget`, `until nslookup db`, `sleep $DELAY`). */
  what: string;
}

/** What the length walk found. */
export interface Walk {
  min: number;
  max: number | null;
  basis: string[];
  /** Something may not return (an unknown program, an unbounded loop). */
  open: boolean;
  /** A bounded wait: a loop with a counter or a `timeout`. */
  bounded: boolean;
  /** The first step that leaves `max` open, when one does. */
  openStep: OpenStep | null;
}

/** How a program is run: by a container (its args may go to the image's entrypoint) or a hook. */
export interface WalkContext {
  /** The argv is args for the image's entrypoint (args without command): the image names the program. */
  entrypointArgs: boolean;
  /** The image's name, for `entrypointArgs`. */
  imageName: string;
  templated: boolean;
}

/**
 * The length walk of a container's program. Not cached per container: `computeLifetime` (itself kept
 * with the container's facts) walks once and hands the walk to `containerBlocker`.
 */
function walkProgram(c: Container, text: string): Walk {
  const p = c.program;
  return walkCommands(
    p,
    { entrypointArgs: !!p && p.kind === 'exec' && !c.hasCommand, imageName: parseImage(c.image)?.name ?? '', templated: c.templated },
    text,
  );
}

/** Leaves the upper bound open, remembering the first step that did. */
function leaveOpen(out: Walk, step: OpenStep): void {
  out.max = null;
  out.openStep ??= step;
}

/**
 * How long a program runs, command by command on its main path: sleeps add up, bounded loops and
 * `timeout`/`--timeout` add their bound, quick commands add nothing, anything else leaves the
 * upper bound open (and says which step did).
 */
export function walkCommands(p: Program | null, ctx: WalkContext, text: string): Walk {
  const out: Walk = { min: 0, max: 0, basis: [], open: false, bounded: false, openStep: null };
  if (!p || p.unreadable || ctx.templated) return { ...out, max: null, open: true };
  let loopsDone: Set<LoopInfo> | null = null;
  for (const cmd of p.commands) {
    if (cmd.inSubstitution || cmd.background) continue;
    const outer = cmd.loops[0];
    if (outer) {
      loopsDone ??= new Set<LoopInfo>();
      if (!loopsDone.has(outer)) {
        loopsDone.add(outer);
        walkLoop(out, outer, p, text);
      }
      continue;
    }
    if (cmd.words.length === 0) continue;
    if (walkCommand(out, cmd, p, ctx) === 'exit') break;
  }
  // `timeout 300 sh -c "…"`: the wrapper bounds the whole script
  const wrapperLimit =
    p.wrappers.length === 0
      ? null
      : timeoutSeconds(
          p.wrappers.map((w) => w.text),
          0,
        );
  if (wrapperLimit !== null) {
    out.max = out.max === null ? wrapperLimit : Math.min(out.max, wrapperLimit);
    out.basis.push(`timeout ${wrapperLimit} s`);
    out.bounded = true;
    out.open = false;
    out.openStep = null;
  }
  return out;
}

function walkLoop(out: Walk, loop: LoopInfo, p: Program, text: string): void {
  // the first command of its body that takes time (no list of the body built to be searched once)
  let slow: SimpleCommand | undefined;
  for (const c of p.commands) {
    if (c.loops[0] === loop && c.words.length > 0 && !c.inSubstitution && !isQuickCommand(c.words)) {
      slow = c;
      break;
    }
  }
  if (loop.kind === 'for' && loop.finite && !slow) {
    // however many rounds, a loop of quick commands takes no noticeable time
    out.basis.push(t('{0}: quick commands', loopHead(loop)));
    return;
  }
  const bound = loopBound(loop, p.commands, text);
  if (bound === null) {
    const work = loop.kind === 'for' && slow ? programName(slow) : null;
    leaveOpen(out, work ? { reason: 'work', what: work } : { reason: loop.kind === 'for' ? 'work' : 'wait', what: loopHead(loop) });
    out.open = true;
    return;
  }
  if (out.max !== null) out.max += bound.seconds;
  out.basis.push(bound.basis);
  out.bounded = true; // a loop with a bound polls: a bounded wait
}

/** One command on the main path; `exit` when the script ends there. */
function walkCommand(out: Walk, cmd: SimpleCommand, p: Program, ctx: WalkContext): 'exit' | undefined {
  const cw = cmd.words;
  const i = programIndex(cw);
  if (i >= cw.length) return;
  // the argv texts, copied out only for the few commands that need them (sleeps, waiters, servers)
  const words = (): string[] => cw.map((w) => w.text);
  // args without command go to the image's entrypoint: the image names the program
  const name = p.kind === 'exec' && ctx.entrypointArgs ? ctx.imageName : baseName(cw[i].text);
  if (p.kind === 'exec' && ctx.entrypointArgs) {
    leaveOpen(out, { reason: 'entrypoint', what: name || cw[0].text });
    if (!KNOWN_EXIT.has(name)) out.open = true;
    return;
  }
  if (name === 'sleep') {
    const s = sleepSeconds(cw.slice(i + 1));
    if (s === null || s === Infinity) {
      leaveOpen(out, {
        reason: 'variable',
        what: `sleep ${words()
          .slice(i + 1)
          .join(' ')}`,
      });
      if (s === Infinity && !cmd.conditional) out.open = true;
      return;
    }
    out.min += s;
    if (out.max !== null) out.max += s;
    out.basis.push(
      `sleep ${words()
        .slice(i + 1)
        .join(' ')}`,
    );
    return;
  }
  const limit = mayLimitItself(name) ? commandLimit(words(), i) : null;
  if (limit !== null) {
    if (out.max !== null) out.max += limit.seconds;
    out.basis.push(limit.basis);
    out.bounded = true;
    return;
  }
  if (name === 'exit' && !cmd.inCondition && !cmd.conditional) return 'exit';
  if (QUICK.has(name) || ((name === 'chown' || name === 'chgrp') && !cw.some((w) => isRecursiveFlag(w.text)))) return;
  leaveOpen(out, { reason: 'work', what: name });
  if (name === 'timeout') return;
  // judgeCommand finds `one-shot` only for a known family (or behind a wrapper)
  if (!KNOWN_EXIT.has(name) && (!(WRAPPER_PROGRAMS.has(name) || mayBeServer(name)) || judgeCommand(words(), i).verdict !== 'one-shot')) out.open = true;
  return undefined;
}

/** The bound of a loop from its header and the sleeps in its body; null when unbounded. */
function loopBound(loop: LoopInfo, commands: SimpleCommand[], text: string): { seconds: number; basis: string } | null {
  if (loop.infinite && !loop.hasExit) return null;
  let perIteration = 0;
  let sleeps = 0;
  // checks that bound themselves (`curl -m 1`, `nc -z -w 2`) add their limit to each round
  const limits: CommandLimit[] = [];
  for (const c of commands) {
    if (c.loops[0] !== loop) continue;
    const cw = c.words;
    if (cw.length === 0 || c.inSubstitution || c.background) continue;
    const i = programIndex(cw);
    const name = i < cw.length ? baseName(cw[i].text) : null;
    if (name === 'sleep') {
      const s = sleepSeconds(cw.slice(i + 1));
      if (s === null || s === Infinity) return null;
      perIteration += s;
      sleeps++;
      continue;
    }
    // only `timeout` and the known waiters bound themselves: no argv copy for the others
    if (name === null || !mayLimitItself(name)) continue;
    const limit = commandLimit(
      cw.map((w) => w.text),
      i,
    );
    if (limit) limits.push(limit);
  }
  // a loop that never sleeps is no bounded wait, whatever its head says: its head is not read
  if (sleeps === 0) return null;
  const src = text.slice(loop.fullStart, loop.fullEnd);
  let iterations: number | null = null;
  let how = '';
  if (loop.kind === 'for') {
    const head = /^for\s+\w+\s+in\s+([\s\S]*?)(?:;|\n)\s*do\b/.exec(src);
    if (head) {
      const items = head[1].trim();
      const seq = /^\$\(\s*seq\s+(?:(-?\d+)\s+(?:(\d+)\s+)?)?(\d+)\s*\)$/.exec(items);
      const brace = /^\{(\d+)\.\.(\d+)\}$/.exec(items);
      if (seq) {
        const first = seq[1] !== undefined ? Number(seq[1]) : 1;
        const step = seq[2] !== undefined ? Number(seq[2]) : 1;
        const last = Number(seq[3]);
        iterations = step > 0 ? Math.max(0, Math.floor((last - first) / step) + 1) : null;
        how = `seq ${items
          .slice(2, -1)
          .trim()
          .replace(/^seq\s+/, '')}`;
      } else if (brace) {
        iterations = Math.max(0, Number(brace[2]) - Number(brace[1]) + 1);
        how = items;
      } else if (!/[$`{*?[]/.test(items)) {
        iterations = items.split(/\s+/).filter(Boolean).length;
        how = t('{0} items', iterations);
      }
    } else {
      const cstyle = /^for\s*\(\(\s*\w+\s*=\s*(\d+)\s*;\s*\w+\s*(<=?)\s*(\d+)\s*;/.exec(src);
      if (cstyle) {
        iterations = Number(cstyle[3]) - Number(cstyle[1]) + (cstyle[2] === '<=' ? 1 : 0);
        how = t('counter');
      }
    }
  } else if (loop.counted) {
    // `until check || [ $i -ge 30 ]` … a counter compared with a number
    const cmp = /-(lt|le|ge|gt)\s+(\d+)/.exec(src);
    if (cmp) {
      iterations = Number(cmp[2]) + (cmp[1] === 'le' || cmp[1] === 'ge' ? 1 : 0);
      how = t('counter to {0}', cmp[2]);
    }
  }
  if (iterations === null) return null;
  const round = perIteration + limits.reduce((sum, l) => sum + l.seconds, 0);
  const parts = limits.length ? ` (sleep ${perIteration} s + ${limits.map((l) => l.basis).join(' + ')})` : '';
  return { seconds: iterations * round, basis: `${how ? how + ': ' : ''}${iterations} × ${limits.length ? `${round} s${parts}` : `sleep ${perIteration} s`}` };
}

// ---------------------------------------------------------------------------------------------
// The lifetime

export type LifetimeKind = 'exits' | 'bounded' | 'runs-until-stopped' | 'unknown';

export interface Lifetime {
  kind: LifetimeKind;
  /** Lower bound in seconds. */
  min: number;
  /** Upper bound in seconds; null when unbounded or unknown. */
  max: number | null;
  /** What the numbers come from (`sleep 5`, `seq 1 30: 30 × sleep 2 s`, `timeout 300 s`). */
  basis: string | null;
  /**
   * What makes it run until stopped (kind `runs-until-stopped`), or what may (kind `unknown` because
   * of `config`: `vault agent` exits only when its configuration says so).
   */
  blocker: ContainerBlocker | null;
  /** Why the kind is `unknown`. */
  unknownBecause: 'templated' | 'entrypoint' | 'unreadable' | 'program' | 'config' | null;
  /** The first step whose length the YAML does not say, when `max` is open for that reason. */
  openStep: OpenStep | null;
}

/** The lifetime of a container's program, entrypoint included. */
export function computeLifetime(c: Container, text: string): Lifetime {
  const w = walkProgram(c, text);
  const blocker = containerBlocker(c, rangeOf(c.imageNode), text, w);
  const basis = w.basis.length ? w.basis.join(' + ') : null;
  if (blocker && !blocker.configDependent)
    return { kind: 'runs-until-stopped', min: w.min, max: null, basis: blocker.what, blocker, unknownBecause: null, openStep: null };
  const unknown = (why: Lifetime['unknownBecause']): Lifetime => ({
    kind: 'unknown',
    min: w.min,
    max: null,
    basis,
    blocker: null,
    unknownBecause: why,
    openStep: w.openStep,
  });
  if (blocker) return { ...unknown('config'), basis: blocker.what, blocker };
  if (c.templated) return unknown('templated');
  if (!c.program) return unknown('entrypoint');
  if (c.program.unreadable) return unknown('unreadable');
  if (w.open) return unknown('program');
  return {
    kind: w.bounded ? 'bounded' : 'exits',
    min: w.min,
    max: w.max,
    basis,
    blocker: null,
    unknownBecause: null,
    openStep: w.max === null ? w.openStep : null,
  };
}
