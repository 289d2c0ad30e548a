/**
 * The privileged chores a container's program runs — `sysctl -w`, writes to `/proc/sys`, `iptables`,
 * `nft`, `ip route add`, `mount`, `modprobe`, `chown`, `chmod` of a volume's root — and, against its
 * effective security context, what each lacks: `privileged: true`, a capability, or root at all.
 */
import type { Container } from '../model';
import { baseName, type SimpleCommand, type Word } from '../shell';
import { trimEndChar } from '../text';
import { effectiveSecurityContext, type EffectiveSecurityContext, hasCapability, isPrivileged, runsAsRoot } from './securityContext';

/** What a chore needs. */
export type Need = { kind: 'privileged'; what: 'sysctl' | 'modprobe' | 'mount' } | { kind: 'capabilities'; caps: string[] } | { kind: 'root' };

export interface Chore {
  /** The command (`sysctl`, `iptables`, `chown`…). */
  program: string;
  /** The word to report: the sysctl key, the program name, the owner… */
  word: Word;
  /** A sysctl key, when the chore sets one. */
  sysctl: string | null;
  need: Need;
  /** What is missing, for messages: `privileged: true`, `NET_ADMIN, NET_RAW`, `root`. */
  missing: string[];
  /** The capabilities to add (for the quick fix), empty when adding capabilities cannot help. */
  addCaps: string[];
  /** The fix is `privileged: true`. */
  needsPrivileged: boolean;
  /** The fix is running the container as root. */
  needsRoot: boolean;
}

/** `kubelet`'s namespaced sysctls (`NamespacedBy`, pkg/kubelet/sysctl/namespace.go). */
export function sysctlNamespace(key: string): 'ipc' | 'net' | null {
  if (key === 'kernel.sem' || key.startsWith('kernel.shm') || key.startsWith('kernel.msg') || key.startsWith('fs.mqueue.')) return 'ipc';
  if (key.startsWith('net.')) return 'net';
  return null;
}

const IPTABLES = new Set([
  'iptables',
  'ip6tables',
  'iptables-restore',
  'ip6tables-restore',
  'iptables-save',
  'ip6tables-save',
  'iptables-legacy',
  'ip6tables-legacy',
  'iptables-nft',
  'ip6tables-nft',
  'iptables-legacy-restore',
  'ip6tables-legacy-restore',
  'iptables-nft-restore',
  'ip6tables-nft-restore',
  'istio-iptables',
]);
const IP_OBJECTS = new Set([
  'route',
  'r',
  'ro',
  'rou',
  'rule',
  'ru',
  'link',
  'l',
  'li',
  'addr',
  'a',
  'ad',
  'address',
  'neigh',
  'n',
  'neighbour',
  'neighbor',
  'tunnel',
]);
const IP_VERBS = new Set(['add', 'a', 'del', 'd', 'delete', 'change', 'replace', 'set', 'flush', 'append']);
const HELP = /^(?:-h|--help|-V|--version|-v|--usage)$/;

/** Every program `choresOf` finds a chore in (besides a write to /proc/sys through a redirect). */
const CHORE_PROGRAMS: ReadonlySet<string> = new Set([
  'sysctl',
  'modprobe',
  'insmod',
  'rmmod',
  'mount',
  'umount',
  'nft',
  'ip',
  'chown',
  'chgrp',
  'chmod',
  'pilot-agent',
  ...IPTABLES,
]);

/** The argv without wrappers that do not change privilege (`exec`, `env A=b`, `busybox`, `timeout 5`). */
function unwrap(words: Word[]): { argv: Word[]; sudo: Word | null } {
  let i = 0;
  let sudo: Word | null = null;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const name = baseName(words[i].text);
    if (name === 'exec' || name === 'command' || name === 'nohup' || name === 'time' || name === 'stdbuf') {
      i++;
      while (i < words.length && words[i].text.startsWith('-')) i++;
    } else if (name === 'sudo' || name === 'doas') {
      sudo = words[i];
      i++;
      while (i < words.length && words[i].text.startsWith('-')) i += /^-[ugCDhpRrT]$/.test(words[i].text) ? 2 : 1;
    } else if (name === 'env') {
      i++;
      while (i < words.length && (words[i].text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text))) i++;
    } else if (name === 'timeout') {
      i++;
      while (i < words.length && words[i].text.startsWith('-')) i += /^-[sk]$/.test(words[i].text) ? 2 : 1;
      i++;
    } else if (name === 'busybox' && i + 1 < words.length && /^[a-z]/.test(words[i + 1].text)) {
      i++;
    } else break;
  }
  // no wrapper (most commands): the words themselves, read only
  return { argv: i === 0 ? words : words.slice(i), sudo };
}

/** The sysctl keys a `sysctl` command writes (`-w k=v`, or `k=v`, which procps writes too), each with its word. */
function sysctlWrites(args: Word[]): Array<{ key: string; word: Word }> {
  const out: Array<{ key: string; word: Word }> = [];
  for (const a of args) {
    if (a.text.startsWith('-')) continue;
    const eq = a.prefix.indexOf('=');
    if (eq <= 0) continue;
    const key = a.prefix.slice(0, eq).trim().replace(/\//g, '.');
    if (/^[a-z0-9_][a-z0-9_.-]*$/i.test(key)) out.push({ key, word: a });
  }
  return out;
}

function firstOperand(args: Word[]): Word | null {
  for (const a of args) {
    if (a.text === '--') continue;
    if (a.text.startsWith('-')) continue;
    return a;
  }
  return null;
}

/** The chores in one command and what each needs. */
function choresOf(cmd: SimpleCommand, c: Container, sc: EffectiveSecurityContext): Chore[] {
  const { argv, sudo } = unwrap(cmd.words);
  if (argv.length === 0 || !argv[0].literal) return [];
  const prog = baseName(argv[0].text);
  // most commands run none of the programs below and write nothing through a redirect
  if (cmd.redirects.length === 0 && !CHORE_PROGRAMS.has(prog)) return [];
  const args = argv.slice(1);
  if (args.length === 1 && HELP.test(args[0].text)) return [];
  const out: Chore[] = [];
  const declaredRoot = runsAsRoot(sc);
  // `sudo` makes a non-root user root, unless no_new_privs (`allowPrivilegeEscalation: false`) stops it
  const root = declaredRoot === false && sudo && sc.allowPrivilegeEscalation?.value !== false ? true : declaredRoot;
  const priv = isPrivileged(sc);
  const chore = (word: Word, need: Need, sysctl: string | null = null): void => {
    const missing: string[] = [];
    let addCaps: string[] = [];
    let needsPrivileged = false;
    let needsRoot = false;
    if (root === false) {
      missing.push('root');
      needsRoot = true;
    } else if (need.kind === 'privileged') {
      if (!priv && !(need.what === 'mount' && hasCapability(sc, 'SYS_ADMIN')) && !(need.what === 'modprobe' && hasCapability(sc, 'SYS_MODULE'))) {
        missing.push('privileged: true');
        needsPrivileged = true;
      }
    } else if (need.kind === 'capabilities') {
      addCaps = need.caps.filter((cap) => !hasCapability(sc, cap));
      missing.push(...addCaps);
    }
    out.push({ program: prog, word, sysctl, need, missing, addCaps, needsPrivileged, needsRoot });
  };
  // writes to /proc/sys through a redirect: `echo 262144 > /proc/sys/vm/max_map_count`
  for (const rd of cmd.redirects) {
    if (!rd.op.includes('>') || !rd.target.literal) continue;
    const m = /^\/proc\/sys\/([a-z0-9_./-]+)$/i.exec(rd.target.text);
    if (m) chore(rd.target, { kind: 'privileged', what: 'sysctl' }, m[1].replace(/\//g, '.'));
  }
  switch (prog) {
    case 'sysctl':
      for (const { key, word } of sysctlWrites(args)) chore(word, { kind: 'privileged', what: 'sysctl' }, key);
      break;
    case 'modprobe':
    case 'insmod':
    case 'rmmod':
      if (firstOperand(args) || args.some((a) => a.text === '-a')) chore(argv[0], { kind: 'privileged', what: 'modprobe' });
      break;
    case 'mount':
    case 'umount': {
      const operand = firstOperand(args.filter((_a, i) => !/^-[tOoL]$/.test(args[i - 1]?.text ?? '')));
      if (operand || args.some((a) => a.text === '-a')) chore(argv[0], { kind: 'privileged', what: 'mount' });
      break;
    }
    case 'nft':
      chore(argv[0], { kind: 'capabilities', caps: ['NET_ADMIN'] });
      break;
    case 'ip': {
      const ops = args.filter((a) => !a.text.startsWith('-'));
      if (ops.length >= 2 && IP_OBJECTS.has(ops[0].text) && IP_VERBS.has(ops[1].text)) chore(argv[0], { kind: 'capabilities', caps: ['NET_ADMIN'] });
      break;
    }
    case 'chown':
    case 'chgrp': {
      if (root === false) {
        const owner = firstOperand(args);
        // giving a file to yourself needs nothing
        if (owner?.literal && sc.uid !== null && prog === 'chown' && ownerIsSelf(owner.text, sc.uid)) break;
        if (owner) chore(owner, { kind: 'root' });
      } else if (!hasCapability(sc, 'CHOWN') && firstOperand(args)) {
        chore(argv[0], { kind: 'capabilities', caps: ['CHOWN'] });
      }
      break;
    }
    case 'chmod': {
      // a non-root user may chmod only its own files; a volume's root directory belongs to root
      if (root !== false) break;
      const operands = args.filter((a) => !/^-[RrfvcH]+$/.test(a.text) && !a.text.startsWith('--'));
      for (const target of operands.slice(1)) {
        if (!target.literal) continue;
        const p = trimEndChar(target.text, '/') || '/';
        const m = c.mounts.find((x) => x.mountPath && trimEndChar(x.mountPath, '/') === p && !x.subPath && x.name && ownedByRoot(c, x.name));
        if (m) {
          chore(target, { kind: 'root' });
          break;
        }
      }
      break;
    }
    default:
      if (IPTABLES.has(prog) || (prog === 'pilot-agent' && args[0]?.text === 'istio-iptables')) {
        // iptables opens a raw socket besides the netlink one: NET_RAW as well (Istio's istio-init adds both)
        const caps = prog.startsWith('nft') ? ['NET_ADMIN'] : ['NET_ADMIN', 'NET_RAW'];
        chore(argv[0], { kind: 'capabilities', caps });
      }
  }
  return out;
}

/** Volumes whose root directory the kubelet or the provisioner creates as root. */
function ownedByRoot(c: Container, volume: string): boolean {
  const v = c.pod.volumes?.get(volume) ?? c.pod.volumeClaimTemplates.get(volume);
  return !!v && (v.source === 'emptyDir' || v.source === 'persistentVolumeClaim' || v.source === 'hostPath' || v.source === 'ephemeral');
}

function ownerIsSelf(spec: string, uid: number): boolean {
  const user = spec.split(/[:.]/)[0];
  return user === String(uid) && !/[:.]./.test(spec);
}

/** Every privileged chore a container's program runs, with what it lacks for each (`missing` empty: it has it all). */
export function privilegedChores(c: Container): Chore[] {
  if (c.templated || !c.program || c.program.unreadable) return [];
  const sc = effectiveSecurityContext(c);
  if (sc.uncertain) return [];
  const out: Chore[] = [];
  const commands = c.program.commands;
  for (let k = 0; k < commands.length; k++) {
    // most commands have none: no spread of an empty list (iterators allocate in the interpreter)
    const chores = choresOf(commands[k], c, sc);
    for (let j = 0; j < chores.length; j++) out.push(chores[j]);
  }
  return out;
}

/** The chores an init container cannot do with the privileges it has. */
export function missingPrivileges(c: Container): Chore[] {
  return privilegedChores(c).filter((ch) => ch.missing.length > 0);
}
