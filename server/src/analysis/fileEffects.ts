/**
 * What a container does to files: the paths its program writes (redirections, `tee`, `cp`/`mv`
 * destinations, downloads, archives, `mkdir`, `touch`, `sed -i`, …) and the paths it reads (`cat`,
 * `source`, `<`, `cp` sources, `test -f`, …), each tied to the `Word` it came from. Paths are
 * resolved to absolute form when the word is literal or has a literal absolute prefix
 * (`/work/$F` → the prefix `/work/`); relative paths count only when the working directory is known
 * (`workingDir`, or an earlier `cd /abs`). Also maps an absolute path to the volume mount that
 * covers it, honouring `subPath`.
 */
import type { Container, Mount, PodSpec } from './model';
import { getString, movedSpan } from './nodes';
import { skipWrappers, WRAPPER_PROGRAMS } from './facts/commands';
import { baseName, type Program, type SimpleCommand, type Word } from './shell';
import { ObjectMemo } from './memo';

/** write: content; create: `mkdir`, `touch`, `ln -s`; meta: `chmod`/`chown` (the file must exist). */
export type EffectKind = 'write' | 'create' | 'meta' | 'read';

export interface PathEffect {
  kind: EffectKind;
  /** `dir` when the word names a directory that files land in (`mkdir`, `-C DIR`, `git clone … DIR`). */
  target: 'file' | 'dir';
  /** The word in the source (its range may be narrowed to the value of `--output=VALUE`). */
  word: Word;
  /** Normalised absolute path (exact), or the literal absolute prefix when `exact` is false. */
  path: string;
  exact: boolean;
  /** The directory known for sure: the file's parent, the directory itself, or the prefix's directory. */
  dir: string;
  /** What produced it: `>`, `tee`, `cp`, `wget -O`, `test`, … */
  via: string;
  /** Index of the command in `program.commands` (source order). */
  commandIndex: number;
  /** Only checks existence (`test -f`, `[ -d ]`, `[[ -e ]]`). */
  test: boolean;
}

export interface FileEffects {
  /** write, create and meta effects. */
  writes: PathEffect[];
  reads: PathEffect[];
}

export interface FileEffectsOptions {
  /** The container's `workingDir`; used only when absolute. */
  workingDir?: string | null;
  /** Variables with known literal values (the container's `env` with plain `value`s). */
  env?: ReadonlyMap<string, string>;
  /** The document text: lets `--output=/x` point at `/x` rather than the whole word. */
  text?: string;
}

// ---------------------------------------------------------------------------------------------
// Paths

/**
 * Normalised paths by path: the same few (a mount path, a script's paths) are normalised again by
 * every lookup — 2,800 calls for 40 distinct paths on the script-heavy Pod's first analysis, where
 * one map lookup costs a quarter of the four string tests (issue 15). Emptied past 512 entries.
 */
const normalized = new Map<string, string>();

/** Collapses `//`, `.` and `..`; keeps the leading `/`; drops a trailing `/`. */
export function normalizePath(p: string): string {
  const hit = normalized.get(p);
  if (hit !== undefined) return hit;
  const n = normalizeUncached(p);
  if (normalized.size >= 512) normalized.clear();
  normalized.set(p, n);
  return n;
}

function normalizeUncached(p: string): string {
  // already normal (no empty, `.` or `..` segment, no trailing `/`): most paths, and every mount path
  if (!p.includes('//') && !p.includes('/.') && p[0] !== '.' && !p.endsWith('/')) return p;
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

/** `p` is `base` or inside it (component-wise). Both normalised. */
export function isUnder(p: string, base: string): boolean {
  if (base === '/' || base === '') return true;
  return p === base || p.startsWith(base + '/');
}

function parentDir(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

interface Resolved {
  path: string;
  exact: boolean;
  dir: string;
  trailingSlash: boolean;
}

const VAR_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Resolves a word to an absolute path (or prefix); null when nothing absolute is known. */
export function resolvePathWord(w: Word, cwd: string | null, env?: ReadonlyMap<string, string>): Resolved | null {
  let text = w.text;
  let literal = w.literal;
  let prefix = w.prefix;
  if (!literal && env && env.size > 0 && text.includes('$')) {
    const sub = text.replace(VAR_RE, (m, a?: string, b?: string, c?: string) => {
      const v = env.get((a ?? b ?? c) as string);
      return v !== undefined && !v.includes('$') ? v : m;
    });
    if (sub !== text) {
      text = sub;
      const k = text.search(/[$`]/);
      literal = k < 0;
      prefix = k < 0 ? text : text.slice(0, k);
    }
  }
  let known = literal ? text : prefix;
  let exact = literal;
  // a glob is a prefix too
  const g = known.search(/[*?[]/);
  if (g >= 0) {
    known = known.slice(0, g);
    exact = false;
  }
  if (known === '' || known === '-' || known.startsWith('~')) return null;
  if (!known.startsWith('/')) {
    if (!cwd) return null;
    known = cwd + '/' + known;
  }
  const trailingSlash = exact && known.endsWith('/');
  if (exact) {
    const path = normalizePath(known);
    return { path, exact, dir: parentDir(path), trailingSlash };
  }
  // prefix: everything up to the last `/` is a directory for sure
  const cut = known.lastIndexOf('/');
  const dir = normalizePath(known.slice(0, cut + 1) || '/') || '/';
  const rest = known.slice(cut + 1);
  const path = rest ? (dir === '/' ? '/' : dir + '/') + rest : dir;
  return { path, exact: false, dir, trailingSlash: false };
}

// ---------------------------------------------------------------------------------------------
// Mounts

export interface MountHit {
  mount: Mount;
  volume: string;
  /** Path inside the volume, without leading `/` ('' for the volume root). */
  pathInVolume: string;
}

/** The mount of `container` that covers `absPath` (longest `mountPath`), with the path inside the volume. */
export function resolveMount(container: Container, absPath: string): MountHit | null {
  const p = normalizePath(absPath);
  let best: Mount | null = null;
  let bestLen = -1;
  const mounts = container.mounts;
  for (let k = 0; k < mounts.length; k++) {
    const m = mounts[k];
    if (!m.name || !m.mountPath || m.mountPath.includes('$')) continue;
    const mp = normalizePath(m.mountPath);
    if (!mp.startsWith('/')) continue;
    if (isUnder(p, mp) && mp.length > bestLen) {
      best = m;
      bestLen = mp.length;
    }
  }
  if (!best?.name || !best.mountPath) return null;
  const mp = normalizePath(best.mountPath);
  const rest = mp === '/' ? p.slice(1) : p.slice(mp.length + 1);
  const sub = best.subPath ? normalizePath(best.subPath).replace(/^\//, '') : '';
  const pathInVolume = sub && rest ? `${sub}/${rest}` : sub || rest;
  return { mount: best, volume: best.name, pathInVolume };
}

/** Where `container` sees `pathInVolume` of `volume`, through which mount; null when it does not. */
export function visibleAt(container: Container, volume: string, pathInVolume: string): { mount: Mount; path: string } | null {
  for (const m of container.mounts) {
    if (m.name !== volume || !m.mountPath) continue;
    const sub = m.subPath ? normalizePath(m.subPath).replace(/^\//, '') : '';
    if (sub.includes('$')) continue;
    if (sub === '' || pathInVolume === sub || pathInVolume.startsWith(sub + '/')) {
      const rest = sub === '' ? pathInVolume : pathInVolume.slice(sub.length + 1);
      return { mount: m, path: normalizePath(m.mountPath + '/' + rest) };
    }
  }
  return null;
}

/** Two volume paths overlap: one is inside the other. */
export function volumePathsOverlap(a: string, b: string): boolean {
  if (a === '' || b === '') return true;
  return a === b || a.startsWith(b + '/') || b.startsWith(a + '/');
}

// ---------------------------------------------------------------------------------------------
// Commands

/** The command's argv without wrappers (`exec`, `sudo`, `env A=b`, `timeout 5`, `busybox`). */
function effectiveArgv(words: Word[]): readonly Word[] {
  // most commands start with their program: no copies then (this runs for every command of every script)
  if (words.length === 0 || !WRAPPER_PROGRAMS.has(baseName(words[0].text))) return words;
  return words.slice(
    skipWrappers(
      words.map((w) => w.text),
      0,
    ),
  );
}

interface Opt {
  /** `-o`, `--output` */
  name: string;
  value: Word | null;
}
interface Parsed {
  opts: Opt[];
  /** Single-letter flags seen (for `tar -x`, `cp -t` …). */
  flags: Set<string>;
  operands: Word[];
}

/** Sub-word: the part of `w` from `k` on (the value of `--out=VALUE` or `-oVALUE`). */
function tail(w: Word, k: number): Word {
  if (k <= 0) return w;
  const text = w.text.slice(k);
  const prefix = w.literal ? text : w.prefix.length > k ? w.prefix.slice(k) : '';
  const sub = { text, literal: w.literal, prefix, start: w.start, end: w.end };
  subWords.add(sub);
  return sub;
}

/** Words that are the value part of a longer word (`--out=/x`): their range is narrowed to the value. */
const subWords = new WeakSet<Word>();

/**
 * getopt-style parsing. `valued` lists short letters that take a value, `long` long names that
 * take one (`--name VALUE` or `--name=VALUE`); other long options never take the next word.
 */
function parseArgs(args: Word[], valued: string, long: readonly string[] = [], stopAtFirstOperand = false): Parsed {
  const opts: Opt[] = [];
  const flags = new Set<string>();
  const operands: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const t = w.text;
    if (t === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq >= 0 ? t.slice(0, eq) : t;
      if (eq >= 0) opts.push({ name, value: tail(w, eq + 1) });
      else if (long.includes(name)) {
        opts.push({ name, value: args[i + 1] ?? null });
        i++;
      } else opts.push({ name, value: null });
      continue;
    }
    if (t.startsWith('-') && t.length > 1 && !t.startsWith('-$')) {
      for (let k = 1; k < t.length; k++) {
        const ch = t[k];
        flags.add(ch);
        if (valued.includes(ch)) {
          if (k + 1 < t.length) opts.push({ name: '-' + ch, value: tail(w, k + 1) });
          else {
            opts.push({ name: '-' + ch, value: args[i + 1] ?? null });
            i++;
          }
          break;
        }
        opts.push({ name: '-' + ch, value: null });
      }
      continue;
    }
    operands.push(w);
    if (stopAtFirstOperand) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  return { opts, flags, operands };
}

function optValues(p: Parsed, ...names: string[]): Word[] {
  // (a loop rather than filter + map: handlers ask this several times for every command)
  const out: Word[] = [];
  const opts = p.opts;
  for (let k = 0; k < opts.length; k++) {
    const o = opts[k];
    if (o.value && names.includes(o.name)) out.push(o.value);
  }
  return out;
}

type Emit = (kind: EffectKind, w: Word | null | undefined, via: string, target?: 'file' | 'dir', test?: boolean) => void;

const TEST_UNARY = new Set(['-e', '-f', '-d', '-r', '-s', '-x', '-w', '-L', '-h', '-p', '-S', '-b', '-c', '-g', '-u', '-k', '-O', '-G', '-N']);
const READ_OPERANDS = new Set([
  'cat',
  'tac',
  'head',
  'tail',
  'less',
  'more',
  'wc',
  'md5sum',
  'sha1sum',
  'sha256sum',
  'sha512sum',
  'base64',
  'stat',
  'file',
  'diff',
  'cmp',
  'ls',
  'nl',
  'sort',
  'uniq',
  'xxd',
  'od',
  'strings',
  'hexdump',
]);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'ksh', 'mksh', 'zsh']);
/** Commands where `-o` is not an output file. */
const NO_OUTPUT_O = new Set([
  'set',
  'mount',
  'ssh',
  'scp',
  'sftp',
  'grep',
  'egrep',
  'fgrep',
  'unzip',
  'ps',
  'useradd',
  'usermod',
  'groupadd',
  'iptables',
  'ip6tables',
  'iptables-nft',
  'ip',
  'ncat',
  'nc',
  'sysctl',
  'pgrep',
  'pkill',
  'kubectl',
  'oc',
  'helm',
  'find',
  'ls',
  'sh',
  'bash',
  'read',
  'shopt',
  'apk',
  'apt-get',
  'apt',
  'yum',
  'dnf',
  'chown',
  'install',
]);
/** Commands where `-f` is a flag, not a file. */
const F_IS_FLAG = new Set([
  'rm',
  'cp',
  'mv',
  'ln',
  'curl',
  'pkill',
  'pgrep',
  'ps',
  'kill',
  'killall',
  'tail',
  'mkdir',
  'chmod',
  'chown',
  'touch',
  'uname',
  'git',
  'wget',
  'gzip',
  'gunzip',
  'zcat',
  'sysctl',
  'iptables',
  'ip6tables',
  'modprobe',
  'umount',
  'mount',
  'ip',
  'xargs',
  'tee',
  'hostname',
  'cut',
  'sort',
  'ls',
  'readlink',
  'realpath',
  'date',
  'fuser',
  'rsync',
  'install',
  'apt-get',
  'dpkg',
]);

type Handler = (name: string, args: Word[], emit: Emit) => void;

/** `tee`. */
const onTee: Handler = (_name, args, emit) => {
  const p = parseArgs(args, '');
  for (const w of p.operands) emit('write', w, 'tee');
};

/** `cp`, `mv`, `rsync`, `install`. */
const onCp: Handler = (name, args, emit) => {
  const valued = name === 'install' ? 'tSmogb' : name === 'rsync' ? 'eT' : 'tS';
  const p = parseArgs(args, valued, [
    '--target-directory',
    '--suffix',
    '--backup',
    '--mode',
    '--owner',
    '--group',
    '--rsh',
    '--exclude',
    '--include',
    '--chown',
    '--chmod',
  ]);
  if (name === 'install' && p.flags.has('d')) {
    for (const w of p.operands) emit('create', w, 'install -d', 'dir');
    return;
  }
  const targetDir = optValues(p, '-t', '--target-directory')[0];
  let sources = p.operands;
  if (targetDir) emit('write', targetDir, name, 'dir');
  else if (p.operands.length >= 2) {
    const dest = p.operands[p.operands.length - 1];
    sources = p.operands.slice(0, -1);
    emit('write', dest, name, sources.length > 1 || dest.text.endsWith('/') ? 'dir' : 'file');
  } else sources = [];
  for (const s of sources) emit('read', s, name);
};

/** `ln`. */
const onLn: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'tS', ['--target-directory', '--suffix']);
  const targetDir = optValues(p, '-t', '--target-directory')[0];
  if (targetDir) emit('create', targetDir, 'ln', 'dir');
  else if (p.operands.length >= 2) emit('create', p.operands[p.operands.length - 1], 'ln');
};

/** `mkdir`. */
const onMkdir: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'm', ['--mode']);
  for (const w of p.operands) emit('create', w, 'mkdir', 'dir');
};

/** `touch`. */
const onTouch: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'dtr', ['--date', '--reference']);
  for (const w of optValues(p, '-r', '--reference')) emit('read', w, 'touch -r');
  for (const w of p.operands) emit('create', w, 'touch');
};

/** `chmod`, `chown`, `chgrp`. */
const onChmod: Handler = (name, args, emit) => {
  const ops: Word[] = [];
  let hasRef = false;
  for (const w of args) {
    // `chmod -x file`: `-x` is a mode, not a flag
    if (name === 'chmod' && /^-[rwxXst]+$/.test(w.text)) ops.push(w);
    else if (w.text.startsWith('--reference')) hasRef = true;
    else if (!w.text.startsWith('-')) ops.push(w);
  }
  for (const w of hasRef ? ops : ops.slice(1)) emit('meta', w, name);
};

/** `wget`. */
const onWget: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'OoPaTtUeiBlQwAR', [
    '--output-document',
    '--directory-prefix',
    '--output-file',
    '--append-output',
    '--input-file',
    '--header',
    '--user',
    '--password',
    '--timeout',
    '--tries',
    '--user-agent',
  ]);
  for (const w of optValues(p, '-O', '--output-document')) if (w.text !== '-') emit('write', w, 'wget -O');
  for (const w of optValues(p, '-P', '--directory-prefix')) emit('write', w, 'wget -P', 'dir');
  for (const w of optValues(p, '-o', '-a', '--output-file', '--append-output')) emit('write', w, 'wget -o');
  for (const w of optValues(p, '-i', '--input-file')) if (w.text !== '-') emit('read', w, 'wget -i');
};

/** `curl`. */
const onCurl: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'dDeEFHKmorTuUwxXyYzAbcCPQt', [
    '--output',
    '--output-dir',
    '--data',
    '--data-binary',
    '--data-raw',
    '--data-urlencode',
    '--header',
    '--request',
    '--user',
    '--max-time',
    '--connect-timeout',
    '--retry',
    '--retry-delay',
    '--cacert',
    '--cert',
    '--key',
    '--upload-file',
    '--config',
    '--cookie',
    '--cookie-jar',
    '--dump-header',
    '--write-out',
    '--user-agent',
    '--proxy',
    '--resolve',
    '--form',
    '--capath',
    '--retry-max-time',
    '--url',
  ]);
  for (const w of optValues(p, '-o', '--output')) if (w.text !== '-' && !w.text.startsWith('/dev/')) emit('write', w, 'curl -o');
  const remote = p.flags.has('O') || p.opts.some((o) => o.name === '--remote-name' || o.name === '--remote-name-all');
  for (const w of optValues(p, '--output-dir'))
    if (remote || p.opts.some((o) => o.name === '-o' || o.name === '--output')) emit('write', w, 'curl --output-dir', 'dir');
  for (const w of optValues(p, '-c', '--cookie-jar', '-D', '--dump-header')) if (w.text !== '-') emit('write', w, 'curl');
  for (const w of optValues(p, '-T', '--upload-file', '-K', '--config', '--cacert', '--cert', '--key')) if (w.text !== '-') emit('read', w, 'curl');
  for (const w of optValues(p, '-d', '--data', '--data-binary', '--data-urlencode')) {
    if (w.text.startsWith('@') && w.text !== '@-') emit('read', tail(w, 1), 'curl -d @');
  }
};

/** `git`. */
const onGit: Handler = (_name, args, emit) => {
  // git [-C DIR] [-c k=v] clone [opts] URL [DIR]
  let i = 0;
  let cdir: Word | null = null;
  while (i < args.length && args[i].text.startsWith('-')) {
    if (args[i].text === '-C') cdir = args[i + 1] ?? null;
    i += args[i].text === '-C' || args[i].text === '-c' ? 2 : 1;
  }
  if (args[i]?.text !== 'clone') return;
  const p = parseArgs(args.slice(i + 1), 'bcjou', [
    '--branch',
    '--depth',
    '--config',
    '--origin',
    '--reference',
    '--separate-git-dir',
    '--template',
    '--upload-pack',
    '--jobs',
    '--filter',
    '--shallow-since',
    '--shallow-exclude',
  ]);
  const dest = p.operands[1];
  if (dest) {
    if (cdir && !dest.text.startsWith('/')) return;
    emit('write', dest, 'git clone', 'dir');
  }
};

/** `tar`, `bsdtar`. */
const onTar: Handler = (_name, args, emit) => {
  let list = args;
  // old style: `tar xzf FILE -C DIR`
  if (args[0] && /^[A-Za-z]+$/.test(args[0].text) && /[xtcru]/.test(args[0].text)) {
    const bundle = args[0].text;
    const vals: Word[] = [];
    let j = 1;
    const rebuilt: Word[] = [];
    for (const ch of bundle) {
      if (ch === 'f' || ch === 'C' || ch === 'b' || ch === 'T' || ch === 'X') {
        const v = args[j++];
        if (v) {
          vals.push(v);
          rebuilt.push({ ...args[0], text: '-' + ch, prefix: '-' + ch, literal: true }, v);
        }
      } else rebuilt.push({ ...args[0], text: '-' + ch, prefix: '-' + ch, literal: true });
    }
    list = [...rebuilt, ...args.slice(j)];
  }
  const p = parseArgs(list, 'fCbTXIHK', [
    '--file',
    '--directory',
    '--exclude-from',
    '--files-from',
    '--use-compress-program',
    '--transform',
    '--exclude',
    '--owner',
    '--group',
    '--mode',
    '--format',
  ]);
  const extract = p.flags.has('x') || p.opts.some((o) => o.name === '--extract' || o.name === '--get');
  const create = p.flags.has('c') || p.flags.has('r') || p.flags.has('u') || p.opts.some((o) => o.name === '--create' || o.name === '--append');
  const files = optValues(p, '-f', '--file').filter((w) => w.text !== '-');
  const dirs = optValues(p, '-C', '--directory');
  if (extract) {
    for (const w of files) emit('read', w, 'tar -f');
    for (const w of dirs) emit('write', w, 'tar -C', 'dir');
  } else if (create) {
    for (const w of files) emit('write', w, 'tar -cf');
    for (const w of dirs) emit('read', w, 'tar -C', 'dir');
    if (dirs.length === 0) for (const w of p.operands) emit('read', w, 'tar');
  } else {
    for (const w of files) emit('read', w, 'tar -f');
  }
};

/** `unzip`. */
const onUnzip: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'dxP', ['--password']);
  if (p.operands[0]) emit('read', p.operands[0], 'unzip');
  for (const w of optValues(p, '-d')) emit('write', w, 'unzip -d', 'dir');
};

/** `gomplate`. */
const onGomplate: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'ofitcd', [
    '--out',
    '--file',
    '--in',
    '--input-dir',
    '--output-dir',
    '--template',
    '--context',
    '--datasource',
    '--output-map',
    '--left-delim',
    '--right-delim',
    '--chmod',
    '--plugin',
    '--exclude',
    '--config',
  ]);
  for (const w of optValues(p, '-o', '--out')) if (w.text !== '-') emit('write', w, 'gomplate -o');
  for (const w of optValues(p, '--output-dir')) emit('write', w, 'gomplate --output-dir', 'dir');
  for (const w of optValues(p, '-f', '--file')) if (w.text !== '-') emit('read', w, 'gomplate -f');
  for (const w of optValues(p, '--input-dir')) emit('read', w, 'gomplate --input-dir', 'dir');
};

/** `sed`, `gsed`. */
const onSed: Handler = (_name, args, emit) => {
  const inPlace = args.some((w) => (/^-[a-zA-Z]*i/.test(w.text) && !w.text.startsWith('--')) || w.text.startsWith('--in-place'));
  const p = parseArgs(
    args.map((w) =>
      /^-[a-zA-Z]*i./.test(w.text) && !w.text.startsWith('--')
        ? { ...w, text: w.text.slice(0, w.text.indexOf('i') + 1), prefix: w.text.slice(0, w.text.indexOf('i') + 1) }
        : w,
    ),
    'efl',
    ['--expression', '--file', '--line-length'],
  );
  const hasScript = p.opts.some((o) => o.name === '-e' || o.name === '--expression' || o.name === '-f' || o.name === '--file');
  for (const w of optValues(p, '-f', '--file')) emit('read', w, 'sed -f');
  const files = hasScript ? p.operands : p.operands.slice(1);
  for (const w of files) {
    emit('read', w, 'sed');
    if (inPlace) emit('write', w, 'sed -i');
  }
};

/** `dd`. */
const onDd: Handler = (_name, args, emit) => {
  for (const w of args) {
    if (w.text.startsWith('of=')) emit('write', tail(w, 3), 'dd of=');
    else if (w.text.startsWith('if=')) emit('read', tail(w, 3), 'dd if=');
  }
};

/** `openssl`. */
const onOpenssl: Handler = (_name, args, emit) => {
  for (let i = 0; i < args.length - 1; i++) {
    const t = args[i].text;
    if (t === '-out' || t === '-keyout') emit('write', args[i + 1], 'openssl ' + t);
    else if (t === '-in' || t === '-key' || t === '-CA' || t === '-CAkey' || t === '-config') emit('read', args[i + 1], 'openssl ' + t);
  }
};

/** `grep`, `egrep`, `fgrep`. */
const onGrep: Handler = (_name, args, emit) => {
  const p = parseArgs(args, 'efmABCd', [
    '--regexp',
    '--file',
    '--max-count',
    '--after-context',
    '--before-context',
    '--context',
    '--include',
    '--exclude',
    '--exclude-dir',
    '--label',
  ]);
  const hasPattern = p.opts.some((o) => o.name === '-e' || o.name === '--regexp' || o.name === '-f' || o.name === '--file');
  for (const w of optValues(p, '-f', '--file')) emit('read', w, 'grep -f');
  for (const w of hasPattern ? p.operands : p.operands.slice(1)) emit('read', w, 'grep');
};

/** `jq`, `yq`. */
const onJq: Handler = (name, args, emit) => {
  const p = parseArgs(args, 'fL', ['--from-file', '--arg', '--argjson', '--slurpfile', '--rawfile', '--indent']);
  for (const w of optValues(p, '-f', '--from-file')) emit('read', w, name);
  const files = p.operands.slice(p.opts.some((o) => o.name === '-f' || o.name === '--from-file') ? 0 : 1);
  for (const w of files) emit('read', w, name);
};

/** `source`, `.`. */
const onSource: Handler = (_name, args, emit) => {
  if (args[0]) emit('read', args[0], 'source');
};

/** `cd`, `pushd`. */
const onCd: Handler = (_name, args, emit) => {
  if (args[0] && args[0].text !== '-') emit('read', args[0], 'cd', 'dir');
};

/** `test`, `[`. */
const onTest: Handler = (_name, args, emit) => {
  for (let i = 0; i < args.length - 1; i++) if (TEST_UNARY.has(args[i].text)) emit('read', args[i + 1], 'test', 'file', true);
};

/** `[[`. */
const onTestDouble: Handler = (_name, args, emit) => {
  for (const w of args) if ((w.literal ? w.text : w.prefix).startsWith('/')) emit('read', w, 'test', 'file', true);
};

/** `envsubst`, `echo`, `printf`: they print; only their redirections touch files. */
const onEnvsubst: Handler = () => {};

/** What each command does to files, by program name. */
const HANDLERS = new Map<string, Handler>([
  ['tee', onTee],
  ['cp', onCp],
  ['mv', onCp],
  ['rsync', onCp],
  ['install', onCp],
  ['ln', onLn],
  ['mkdir', onMkdir],
  ['touch', onTouch],
  ['chmod', onChmod],
  ['chown', onChmod],
  ['chgrp', onChmod],
  ['wget', onWget],
  ['curl', onCurl],
  ['git', onGit],
  ['tar', onTar],
  ['bsdtar', onTar],
  ['unzip', onUnzip],
  ['gomplate', onGomplate],
  ['sed', onSed],
  ['gsed', onSed],
  ['dd', onDd],
  ['openssl', onOpenssl],
  ['grep', onGrep],
  ['egrep', onGrep],
  ['fgrep', onGrep],
  ['jq', onJq],
  ['yq', onJq],
  ['source', onSource],
  ['.', onSource],
  ['cd', onCd],
  ['pushd', onCd],
  ['test', onTest],
  ['[', onTest],
  ['[[', onTestDouble],
  ['envsubst', onEnvsubst],
  ['echo', onEnvsubst],
  ['printf', onEnvsubst],
]);

/** Emits what the command `name args…` reads and writes. */
function handle(name: string, args: Word[], emit: Emit): void {
  const h = HANDLERS.get(name);
  if (h) {
    h(name, args, emit);
    return;
  }
  if (SHELLS.has(name)) {
    const p = parseArgs(args, 'o', [], true);
    if (!p.flags.has('c') && p.operands[0]) emit('read', p.operands[0], name);
    return;
  }
  if (READ_OPERANDS.has(name)) {
    const p = parseArgs(args, name === 'head' || name === 'tail' ? 'nc' : name === 'sort' ? 'otkS' : '', []);
    for (const w of p.operands) emit('read', w, name, name === 'ls' ? 'dir' : 'file');
    if (name === 'sort') for (const w of optValues(p, '-o', '--output')) emit('write', w, 'sort -o');
    return;
  }
  genericOptions(name, args, emit);
}

/** What any other program is taken to write or read: `--output=FILE`, `-o /abs`, `-f /path`, `--file=…`. */
function genericOptions(name: string, args: Word[], emit: Emit): void {
  const absolute = (w: Word | undefined): boolean => !!w && (w.literal ? w.text : w.prefix).startsWith('/');
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const t = w.text;
    // every case below is an option: an operand is passed over without running the regexes on it
    if (t[0] !== '-') continue;
    const m = /^(--(?:output|out|output-file|out-file|outfile|output-path|dest|destination))(?:=(.*))?$/.exec(t);
    if (m) {
      if (m[2] !== undefined) emit('write', tail(w, m[1].length + 1), m[1]);
      else if (absolute(args[i + 1])) emit('write', args[i + 1], m[1]);
      continue;
    }
    if (t === '-o' && !NO_OUTPUT_O.has(name) && absolute(args[i + 1])) {
      emit('write', args[i + 1], '-o');
      i++;
      continue;
    }
    if ((t === '-f' || t === '--file') && !F_IS_FLAG.has(name) && args[i + 1]) {
      const v = args[i + 1];
      if ((v.literal ? v.text : v.prefix).includes('/')) emit('read', v, t);
      i++;
      continue;
    }
    const f = /^--file=(.+)$/.exec(t);
    if (f && !F_IS_FLAG.has(name)) emit('read', tail(w, 7), '--file');
  }
}

function isFdTarget(w: Word): boolean {
  return /^(?:\d+|-)$/.test(w.text);
}

// ---------------------------------------------------------------------------------------------

/** Every path a program writes and reads, in source order. */
export function fileEffects(program: Program | null, options: FileEffectsOptions = {}): FileEffects {
  const out: FileEffects = { writes: [], reads: [] };
  if (!program || program.unreadable) return out;
  const wd = options.workingDir?.startsWith('/') && !options.workingDir.includes('$') ? normalizePath(options.workingDir) : null;
  const state = { cwd: wd, seen: new Set<string>(), index: 0 };
  // one emitter for the whole program, reading the command's index from `state`
  const emit = emitter(out, state, options);
  const commands = program.commands;
  for (let index = 0; index < commands.length; index++) {
    const cmd: SimpleCommand = commands[index];
    state.index = index;
    redirectEffects(cmd, emit);
    const argv = effectiveArgv(cmd.words);
    if (argv.length === 0) continue;
    const name = baseName(argv[0].text);
    const args = argv.slice(1);
    // running a program by absolute path reads it
    if (argv[0].literal && argv[0].text.includes('/')) emit('read', argv[0], 'exec');
    handle(name, args, emit);
    if ((name === 'cd' || name === 'pushd') && !cmd.inSubstitution) {
      const r = args[0] ? resolvePathWord(args[0], state.cwd, options.env) : null;
      state.cwd = r?.exact ? r.path : null;
    }
  }
  return out;
}

/**
 * Records one effect of the command at `state.index`: the word resolved against the current
 * directory and env, once per word and path, with its range narrowed to the path inside a
 * `--opt=path` word.
 */
function emitter(out: FileEffects, state: { cwd: string | null; seen: Set<string>; index: number }, options: FileEffectsOptions): Emit {
  return (kind, w, via, target = 'file', test = false) => {
    const index = state.index;
    if (!w) return;
    const r = resolvePathWord(w, state.cwd, options.env);
    if (!r) return;
    const key = `${kind}:${w.start}:${w.end}:${r.path}`;
    if (state.seen.has(key)) return;
    state.seen.add(key);
    const word = options.text && w.literal && subWords.has(w) ? narrowed(w, options.text) : w;
    const tgt = target === 'dir' || r.trailingSlash ? 'dir' : 'file';
    const effect: PathEffect = {
      kind,
      target: tgt,
      word,
      path: r.path,
      exact: r.exact,
      dir: r.exact && tgt === 'dir' ? r.path : r.dir,
      via,
      commandIndex: index,
      test,
    };
    (kind === 'read' ? out.reads : out.writes).push(effect);
  };
}

/** A word cut out of a longer one (`--output=/x`): its range in the source, when it can be found once. */
function narrowed(w: Word, text: string): Word {
  const src = text.slice(w.start, w.end);
  if (src === w.text) return w;
  if (src.endsWith(w.text)) return { ...w, start: w.end - w.text.length };
  const q = src.lastIndexOf(w.text);
  if (q >= 0 && src.indexOf(w.text) === q) return { ...w, start: w.start + q, end: w.start + q + w.text.length };
  return w;
}

/** `> file`, `>> file`, `< file`, `<> file` (not here-documents or file descriptors). */
function redirectEffects(cmd: SimpleCommand, emit: Emit): void {
  // (indexed: most commands have none, and `for … of` makes an iterator even for an empty list)
  for (let k = 0; k < cmd.redirects.length; k++) {
    const rd = cmd.redirects[k];
    const op = rd.op.replace(/^\d+/, '');
    if (op.startsWith('<<') || isFdTarget(rd.target) || rd.target.text === '') continue;
    if (op === '<>') {
      emit('read', rd.target, op);
      emit('write', rd.target, op);
    } else if (op.includes('>')) emit('write', rd.target, op);
    else if (op === '<' || op === '<&') emit('read', rd.target, '<');
  }
}

const cache = new ObjectMemo<Container, FileEffects>();

const NO_ENV: ReadonlyMap<string, string> = new Map();

/** Literal `env` values of a container (`value: /work`), for resolving `$DIR/file`. */
export function literalEnv(c: Container): ReadonlyMap<string, string> {
  if (c.env.size === 0) return NO_ENV;
  const env = new Map<string, string>();
  for (const [name, v] of c.env) {
    const value = getString(v.node, 'value');
    if (value !== null && !value.includes('$') && !value.includes('{{')) env.set(name, value);
  }
  return env;
}

/** `fileEffects` of a container, with its `workingDir` and literal env (cached). */
export function containerFileEffects(c: Container, text?: string): FileEffects {
  const hit = cache.get(c);
  if (hit) return hit;
  const fx = c.templated ? { writes: [], reads: [] } : fileEffects(c.program, { workingDir: getString(c.node, 'workingDir'), env: literalEnv(c), text });
  cache.set(c, fx);
  return fx;
}

/**
 * Gives `to` — container `from` in the next version of its document, its text moved by `delta` by an
 * edit before it (facts/index.ts, `carryMovedFacts`) — the file effects already worked out for
 * `from`, each word's range moved. They read only the container's program, `workingDir`, `env` and
 * the text of its words, which are the same.
 */
export function carryMovedFileEffects(from: Container, to: Container, delta: number): void {
  const fx = cache.get(from);
  if (!fx || cache.get(to)) return;
  const move = (e: PathEffect): PathEffect => ({ ...e, word: movedSpan(e.word, delta) });
  cache.set(to, { writes: fx.writes.map(move), reads: fx.reads.map(move) });
}

/** A volume is pod-scoped when it starts empty with the Pod and is gone with it. */
export function isPodScopedVolume(pod: PodSpec, name: string): boolean {
  const v = pod.volumes?.get(name);
  return !!v && (v.source === 'emptyDir' || v.source === 'ephemeral');
}

/** A write that leaves content behind: not `chmod`/`chown`, not a bare `mkdir`. */
export function isOutputWrite(e: PathEffect): boolean {
  return e.kind === 'write' || (e.kind === 'create' && e.target === 'file');
}

/** Files the kubelet bind-mounts into every container, writable (`/etc/hosts` is one file for the whole Pod). */
const KUBELET_FILES = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf'];

/**
 * A file the kubelet mounts into the container: `/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`
 * and the termination message file (`terminationMessagePath`, by default `/dev/termination-log`).
 * They are not on the container's root file system and not lost when it exits.
 */
export function isKubeletManagedFile(c: Container, e: PathEffect): boolean {
  if (!e.exact) return false;
  if (KUBELET_FILES.includes(e.path)) return true;
  const term = getString(c.node, 'terminationMessagePath') ?? '/dev/termination-log';
  return e.path === normalizePath(term);
}

/** The path to look up for an effect: the exact path, or the directory known for a prefix. */
export function effectPath(e: PathEffect): string {
  return e.exact ? e.path : e.dir;
}

export interface VolumeEffect {
  effect: PathEffect;
  hit: MountHit;
}

/**
 * The effects of a container that land in (or come from) one of its volume mounts. Not cached here:
 * the container's facts (`factsOf(c).volumeWrites`, `.volumeReads`) keep it, and are what rules
 * read (they compare every pair of containers); the result is shared: do not mutate it.
 */
export function volumeEffects(c: Container, text: string | undefined, which: 'writes' | 'reads'): VolumeEffect[] {
  const fx = containerFileEffects(c, text);
  const out: VolumeEffect[] = [];
  for (const e of fx[which]) {
    if (which === 'writes' && !isOutputWrite(e)) continue;
    const hit = resolveMount(c, effectPath(e));
    if (hit) out.push({ effect: e, hit });
  }
  return out;
}

/** Whether two effects in the same volume can be about the same file. */
export function sameVolumeFile(a: VolumeEffect, b: VolumeEffect): boolean {
  if (a.hit.volume !== b.hit.volume) return false;
  const pa = a.hit.pathInVolume;
  const pb = b.hit.pathInVolume;
  const aFile = a.effect.exact && a.effect.target === 'file';
  const bFile = b.effect.exact && b.effect.target === 'file';
  if (aFile && bFile) return pa === pb;
  if (aFile) return pa === pb || pa.startsWith(pb + '/') || pb === '';
  if (bFile) return pa === pb || pb.startsWith(pa + '/') || pa === '';
  return volumePathsOverlap(pa, pb);
}

/** The program of a container cannot be read: it may do anything to its mounts. */
export function programUnknown(c: Container): boolean {
  return c.templated || c.program === null || c.program.unreadable;
}
