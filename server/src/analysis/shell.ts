/**
 * Reads what a container runs: its `command` + `args`, and, when that is a shell given a script
 * (`sh -c "…"`, `bash -ec`, a block scalar), the script itself through a real shell parser
 * (mvdan-sh, the parser behind shfmt). The result is a flat list of simple commands with their
 * words, redirections and enclosing loops, each word carrying its source range inside the YAML.
 */
import type { Scalar } from 'yaml';
import { parseWithMvdan, parseWithOwn, syntax, type ShNode, type ShParser } from './mvdanSh';
import { BytePos, ShNodeImpl } from './shParser';
import { scalarSource, type ScalarSource, sourceEnd, sourceStart } from './scalarSource';
import { skipWrappers as skipWrapperWords } from './facts/commands';
import { baseName } from './facts/names';
import { byteToIndex } from './facts/bytes';
import { readScriptVars, type ScriptVars } from './facts/vars';

export { byteToIndex };

export interface Word {
  /** The word's value with quotes removed; expansions are kept as written (`$HOME`, `$(cat x)`). */
  text: string;
  /** True when the word has no expansion, so `text` is exactly what the program receives. */
  literal: boolean;
  /** Literal text before the first expansion (`/data/` for `/data/$FILE`). */
  prefix: string;
  start: number;
  end: number;
}

export interface Redirect {
  /** The operator with its descriptor: `>`, `>>`, `2>`, `<`, `&>`, `<<`. */
  op: string;
  target: Word;
}

export interface LoopInfo {
  kind: 'while' | 'until' | 'for';
  /**
   * `while true`, `while :`, `until false` (also `while /bin/true`, `while [ 1 ]`, `while sleep N`):
   * only an exit inside ends it.
   */
  infinite: boolean;
  /** `for x in …` (finite list) or a C-style loop: it ends by itself. */
  finite: boolean;
  /** The commands of the condition (`until nslookup db; …` → nslookup). */
  condition: SimpleCommand[];
  /** The body contains `exit`, `break` or `return`. */
  hasExit: boolean;
  /** The condition or body uses `timeout`, a counter comparison or arithmetic. */
  counted: boolean;
  /** The loop is run in the background (`while …; done &`). */
  background: boolean;
  /** The loop only runs on some paths (see `SimpleCommand.conditional`). */
  conditional: boolean;
  /** Range of the loop keyword (`until`, `while`, `for`). */
  start: number;
  end: number;
  /** Range of the whole loop. */
  fullStart: number;
  fullEnd: number;
}

export interface SimpleCommand {
  /** All words: words[0] is the program. */
  words: Word[];
  redirects: Redirect[];
  /** Enclosing loops, outermost first. */
  loops: LoopInfo[];
  /** In the condition of a loop or `if`. */
  inCondition: boolean;
  /** The statement is negated with `!` (`while ! nc -z db 5432`). */
  negated: boolean;
  /**
   * Only runs on some paths: inside an `if`/`elif`/`else` branch or a `case` item, right of `||`, or
   * right of `&&` after a test (`[ "$DEBUG" ] && sleep infinity`).
   */
  conditional: boolean;
  /** Inside `$(…)` or backquotes. */
  inSubstitution: boolean;
  /**
   * The script goes on when it fails (and the container does not fail for it): left of `||`
   * (`mkdir -p /x 2>/dev/null || true`), in the condition of an `if` (`if ! touch /x; then …`), or
   * negated with `!` — unless the fallback stops the script (`|| exit 1`, `|| false`, an `if` whose
   * branches `exit`/`return` non-zero).
   */
  failureTolerated: boolean;
  /** Left side of a pipe (its output goes to the next command). */
  piped: boolean;
  background: boolean;
  start: number;
  end: number;
}

export interface Program {
  /** `shell`: a script read by the shell parser; `exec`: the argv run directly. */
  kind: 'shell' | 'exec';
  /** The program that runs first (`sh`, `/bin/bash`, `nginx`…): argv[0]. */
  argv: Word[];
  commands: SimpleCommand[];
  loops: LoopInfo[];
  /** The script text and its range, for a shell program. */
  script: string | null;
  scriptStart: number;
  scriptEnd: number;
  /** The script did not parse: nothing inside it can be known. */
  unreadable: boolean;
  /**
   * Wrapper programs before the shell, as argv words (`timeout 300`, `env A=b`, `tini --`), for
   * `timeout 300 sh -c "…"`; empty when the shell (or program) is argv[0].
   */
  wrappers: Word[];
}

const SHELLS = /^(?:sh|bash|ash|dash|ksh|mksh|zsh)$/;

export { baseName };

/** A word of argv: one YAML scalar. */
export interface ArgvItem {
  node: Scalar;
  value: string;
}

/**
 * Builds the program for a container's argv (command followed by args). `text` is the chunk text
 * the scalars' ranges refer to. Returns null when there is nothing to read.
 */
export function readProgram(text: string, argv: ArgvItem[]): Program | null {
  if (argv.length === 0) return null;
  const words: Word[] = argv.map((a) => argvWord(a));
  let base = skipWrappers(argv.map((a) => a.value));
  const first0 = base < argv.length ? baseName(argv[base].value) : '';
  // wrappers count only when a shell follows them; otherwise the argv is read as before
  if (base > 0 && !(SHELLS.test(first0) || first0 === 'busybox')) base = 0;
  const wrappers = words.slice(0, base);
  const first = baseName(argv[base].value);
  let scriptIndex = -1;
  if (SHELLS.test(first) || (first === 'busybox' && argv[base + 1] && SHELLS.test(argv[base + 1].value))) {
    let i = base + (first === 'busybox' ? 2 : 1);
    let sawC = false;
    for (; i < argv.length; i++) {
      const v = argv[i].value;
      if (v === '-o' || v === '+o') {
        i++;
        continue;
      }
      if (/^[-+][a-zA-Z]+$/.test(v)) {
        if (v[0] === '-' && v.includes('c')) sawC = true;
        continue;
      }
      if (v === '--') continue;
      break;
    }
    if (sawC && i < argv.length) scriptIndex = i;
  }
  if (scriptIndex < 0) {
    const cmd: SimpleCommand = {
      words,
      redirects: [],
      loops: [],
      inCondition: false,
      negated: false,
      conditional: false,
      inSubstitution: false,
      failureTolerated: false,
      piped: false,
      background: false,
      start: words[0].start,
      end: words[words.length - 1].end,
    };
    return {
      kind: 'exec',
      argv: words,
      commands: [cmd],
      loops: [],
      script: null,
      scriptStart: cmd.start,
      scriptEnd: cmd.end,
      unreadable: false,
      wrappers,
    };
  }
  const item = argv[scriptIndex];
  // parse first: a script too long to read (MAX_SCRIPT_LENGTH) needs no source map either
  const parsed = parseScript(item.value);
  const src = parsed ? scalarSource(text, item.node) : null;
  const range = item.node.range ?? [0, 0];
  if (!src || !parsed) {
    return {
      kind: 'shell',
      argv: words,
      commands: [],
      loops: [],
      script: item.value,
      scriptStart: range[0],
      scriptEnd: range[1],
      unreadable: true,
      wrappers,
    };
  }
  const mapped = mapScript(parsed, src);
  return {
    kind: 'shell',
    argv: words,
    commands: mapped.commands,
    loops: mapped.loops,
    script: item.value,
    scriptStart: range[0],
    scriptEnd: range[1],
    unreadable: false,
    wrappers,
  };
}

/** How many argv items are wrapper programs that run the rest as a command (`timeout 300`, `env A=b`, `tini --`). */
function skipWrappers(argv: string[]): number {
  const i = skipWrapperWords(argv);
  return i < argv.length ? i : 0;
}

function argvWord(a: ArgvItem): Word {
  const r = a.node.range ?? [0, 0, 0];
  // exec form: Kubernetes expands $(VAR) itself; nothing else is special
  const k = a.value.indexOf('$(');
  return {
    text: a.value,
    literal: k < 0,
    prefix: k < 0 ? a.value : a.value.slice(0, k),
    start: r[0],
    end: r[1],
  };
}

// ---------------------------------------------------------------------------------------------
// Script parsing, cached by script text (offsets relative to the script, in UTF-16 units)

interface RelWord {
  text: string;
  literal: boolean;
  prefix: string;
  s: number;
  e: number;
}
interface RelCommand {
  words: RelWord[];
  redirects: Array<{ op: string; target: RelWord }>;
  loops: number[];
  inCondition: boolean;
  negated: boolean;
  conditional: boolean;
  inSubstitution: boolean;
  failureTolerated: boolean;
  piped: boolean;
  background: boolean;
  /** An assignment computes with `$((…))` or `expr` (a counter). */
  arith?: boolean;
  s: number;
  e: number;
}
interface RelLoop {
  kind: 'while' | 'until' | 'for';
  infinite: boolean;
  finite: boolean;
  condition: number[];
  hasExit: boolean;
  counted: boolean;
  background: boolean;
  conditional: boolean;
  s: number;
  e: number;
  fs: number;
  fe: number;
}
interface ParsedScript {
  commands: RelCommand[];
  loops: RelLoop[];
  /** The variables it reads and defines, from the same parse. */
  vars: ScriptVars;
}

/** Longer scripts are not read (they are not init scripts people write inline). */
export const MAX_SCRIPT_LENGTH = 200_000;

const cache = new Map<string, ParsedScript | null>();
const CACHE_LIMIT = 4000;
let parser: ShParser | null = null;

/**
 * Parses `script` with the shared shell parser and reads the tree with `read`, memoized by script
 * text in `memo` (least recently used out past `limit`). Null when the script does not parse, is
 * too long, or holds template actions.
 */
export function readScriptMemoized<T>(memo: Map<string, T | null>, limit: number, script: string, read: (src: string, file: ShNode) => T): T | null {
  const hit = memo.get(script);
  if (hit !== undefined) {
    memo.delete(script);
    memo.set(script, hit);
    return hit;
  }
  let result: T | null = null;
  if (script.length <= MAX_SCRIPT_LENGTH && !script.includes('{{')) {
    try {
      parser ??= syntax.NewParser();
      result = read(script, parser.Parse(script, ''));
    } catch {
      result = null;
    }
  }
  memo.set(script, result);
  if (memo.size > limit) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  return result;
}

/** A script without `$` reads no variable; what it defines then matters to no one. */
const NO_VARS: ScriptVars = { refs: [], defined: new Set(), opaque: false };

export function parseScript(script: string): ParsedScript | null {
  return readScriptMemoized(cache, CACHE_LIMIT, script, readParsedScript);
}

/**
 * A read script. Its variables are read when first asked for, from a second parse: one rule reads
 * them (`init-env-not-inherited`), only for scripts that name a variable another container defines,
 * while every script's commands are read on every first analysis. Keeping the tree for later
 * instead would hold every cached script's tree in memory.
 */
class ReadScript implements ParsedScript {
  readonly commands: RelCommand[];
  readonly loops: RelLoop[];
  private _vars: ScriptVars | undefined;
  private readonly ownParse: boolean;

  constructor(
    private readonly src: string,
    file: ShNode,
  ) {
    const read = new ScriptReader(src).read(file);
    // parsed again by the parser that read it the first time (the differential test compares the two)
    this.ownParse = file instanceof ShNodeImpl;
    this.commands = read.commands;
    this.loops = read.loops;
    if (!src.includes('$')) this._vars = NO_VARS;
  }

  get vars(): ScriptVars {
    if (this._vars === undefined) this._vars = readScriptVars(this.src, this.ownParse ? parseWithOwn(this.src) : parseWithMvdan(this.src));
    return this._vars;
  }
}

/** What the analysis reads from a parsed script (exported for the parsers' differential test). */
export function readParsedScript(src: string, file: ShNode): ParsedScript {
  return new ReadScript(src, file);
}

/** The redirections of a statement without any (shared: read only, and copied by `mapScript`). */
const NO_REDIRECTS: RelCommand['redirects'] = [];

/**
 * The empty context: top level, not in a loop, a condition or a substitution. Every context has all
 * six fields, in this order, so that the copies made with `{ ...ctx, … }` share one shape and the
 * reads of `ctx.…` stay monomorphic (they run in the interpreter on a first analysis).
 */
const TOP: Ctx = { loops: [], inCondition: false, tolerated: false, inSubstitution: false, piped: false, conditional: false };

/**
 * Reads the words of a script: offsets (bytes to UTF-16 units), literal text and prefix, redirect
 * targets, the words inside `[[ … ]]`. A command substitution inside a word is a script of its
 * own: it is handed to `onSubstitution` to be read as commands.
 */
class WordReader {
  /** Byte offsets to indices, for mvdan-sh's positions (made on first use: the own parser's carry their index). */
  private toIndex: ((byte: number) => number) | null = null;
  /**
   * The tree is the own parser's (`ShNodeImpl` nodes, set by `ScriptReader.read`): a node's type and
   * indices are then its fields, read without an `instanceof` and a call to `syntax` per node.
   */
  own = false;

  constructor(
    readonly src: string,
    private readonly onSubstitution: (stmts: ShNode[] | null | undefined, ctx: Ctx) => void,
  ) {}

  off(pos: { Offset(): number }): number {
    if (pos instanceof BytePos) return pos.index;
    this.toIndex ??= byteToIndex(this.src);
    return this.toIndex(pos.Offset());
  }

  /**
   * Where a node starts and ends in the script. The own parser's nodes hold their indices: reading
   * them there spares a position object and two conversions per node, which the first analysis in a
   * fresh process runs in the interpreter for every statement and word of every script (issue 15).
   */
  start(node: ShNode): number {
    return this.own ? (node as unknown as ShNodeImpl).pos : this.off(node.Pos());
  }

  end(node: ShNode): number {
    return this.own ? (node as unknown as ShNodeImpl).end : this.off(node.End());
  }

  /** mvdan-sh's type name of a node. */
  type(node: ShNode): string {
    return this.own ? (node as unknown as ShNodeImpl).type : syntax.NodeType(node);
  }

  /** The source text of a node. */
  textOf(node: ShNode): string {
    return this.src.slice(this.start(node), this.end(node));
  }

  redirect(r: ShNode): { op: string; target: RelWord } {
    const opStart = this.off(r.OpPos);
    const wordStart = r.Word ? this.start(r.Word) : opStart;
    const op = (r.N?.Value || '') + this.src.slice(opStart, wordStart).trim();
    const target = r.Word ? this.word(r.Word, TOP) : { text: '', literal: false, prefix: '', s: opStart, e: opStart };
    return { op, target };
  }

  /** Every word under a node (`[[ -f x ]]`, `(( i < 10 ))`). */
  wordsUnder(node: ShNode, ctx: Ctx): RelWord[] {
    const out: RelWord[] = [];
    syntax.Walk(node, (n) => {
      if (!n) return true;
      if (this.type(n) === 'Word') {
        out.push(this.word(n, ctx));
        return false;
      }
      return true;
    });
    return out;
  }

  /** Reads a word; command substitutions inside it are read as commands too. */
  word(w: ShNode, ctx: Ctx): RelWord {
    const parts = (w.Parts as ShNode[]) ?? [];
    if (this.own && parts.length === 1) {
      // one literal (most words): read in place, without the accumulator's concatenations
      const p = parts[0] as unknown as ShNodeImpl;
      if (p.type === 'Lit') {
        const v = unescapeLit(p.Value as string);
        const n = w as unknown as ShNodeImpl;
        return { text: v, literal: true, prefix: v, s: n.pos, e: n.end };
      }
    }
    const acc: RelWord = { text: '', literal: true, prefix: '', s: this.start(w), e: this.end(w) };
    for (let k = 0; k < parts.length; k++) this.part(parts[k], ctx, acc);
    return acc;
  }

  /** One part of a word: literal text extends the prefix; anything expanded ends it. */
  private part(p: ShNode, ctx: Ctx, acc: RelWord): void {
    const type = this.type(p);
    if (type === 'Lit' || type === 'SglQuoted') {
      const v = type === 'Lit' ? unescapeLit(p.Value as string) : (p.Value as string);
      acc.text += v;
      if (acc.literal) acc.prefix += v;
      return;
    }
    if (type === 'DblQuoted') {
      const parts = (p.Parts as ShNode[]) ?? [];
      for (let k = 0; k < parts.length; k++) this.part(parts[k], ctx, acc);
      return;
    }
    const text = this.textOf(p);
    acc.text += text;
    acc.literal = false;
    // a substitution's text starts with `$(` or a backquote: without either (`$HOME`, `${X:-a}`,
    // most expansions) there is none inside, and no context or walk is needed
    if (type !== 'CmdSubst' && !text.includes('$(') && !text.includes('`')) return;
    const inner: Ctx = { ...ctx, inSubstitution: true, inCondition: false };
    if (type === 'CmdSubst') {
      this.onSubstitution(p.Stmts, inner);
      return;
    }
    syntax.Walk(p, (n) => {
      if (!n) return true;
      if (this.type(n) !== 'CmdSubst') return true;
      this.onSubstitution(n.Stmts, inner);
      return false;
    });
  }
}

/**
 * Reads the statements of a script into flat commands and loops (script-relative offsets): what
 * runs in a condition, a branch, a loop, a pipe, the background or a substitution.
 */
class ScriptReader {
  private readonly commands: RelCommand[] = [];
  private readonly loops: RelLoop[] = [];
  private readonly words: WordReader;

  constructor(src: string) {
    this.words = new WordReader(src, (stmts, ctx) => this.stmts(stmts, ctx));
  }

  read(file: ShNode): Omit<ParsedScript, 'vars'> {
    this.words.own = file instanceof ShNodeImpl;
    this.stmts(file.Stmts, TOP);
    return { commands: this.commands, loops: this.loops };
  }

  private stmts(list: ShNode[] | null | undefined, ctx: Ctx, collect?: number[]): void {
    if (!list) return;
    for (let k = 0; k < list.length; k++) this.stmt(list[k], ctx, collect);
  }

  private stmt(st: ShNode | null, ctx: Ctx, collect?: number[]): void {
    if (!st) return;
    const cmd = st.Cmd as ShNode | null;
    // most statements have no redirection: no closure and no array for them (`mapScript` copies)
    const redirs = st.Redirs as ShNode[] | null | undefined;
    const redirects = redirs?.length ? redirs.map((r) => this.words.redirect(r)) : NO_REDIRECTS;
    if (!cmd) {
      // a statement of redirections only (`> /file`)
      if (redirects.length) this.pushCommand([], redirects, ctx, st, !!st.Background, collect);
      return;
    }
    const type = this.words.type(cmd);
    switch (type) {
      case 'CallExpr':
        this.callExpr(cmd, st, redirects, ctx, collect);
        break;
      case 'BinaryCmd':
        this.binaryCmd(cmd, ctx, collect);
        if (redirects.length) this.pushCommand([], redirects, ctx, st, false, collect);
        break;
      case 'Block':
      case 'Subshell':
        this.stmts(cmd.Stmts, ctx, collect);
        if (redirects.length) this.pushCommand([], redirects, ctx, st, false, collect);
        break;
      case 'IfClause':
        this.ifClause(cmd, ctx, collect);
        break;
      case 'WhileClause':
      case 'ForClause':
        this.loop(cmd, type, ctx, !!st.Background, collect);
        break;
      case 'CaseClause':
        this.words.word(cmd.Word, ctx);
        for (const item of (cmd.Items as ShNode[]) ?? []) this.stmts(item.Stmts, { ...ctx, conditional: true }, collect);
        break;
      case 'FuncDecl':
        this.stmt(cmd.Body, ctx, collect);
        break;
      case 'TimeClause':
      case 'CoprocClause':
        this.stmt(cmd.Stmt, ctx, collect);
        break;
      case 'DeclClause':
        for (const a of (cmd.Args as ShNode[]) ?? []) if (a?.Value) this.words.word(a.Value, ctx);
        break;
      case 'TestClause':
      case 'ArithmCmd':
      case 'LetClause':
        this.testLike(cmd, type, st, redirects, ctx, collect);
        break;
      default:
        break;
    }
  }

  /** A simple command; an assignment that computes (`i=$((i+1))`, `expr`) marks it as a counter. */
  private callExpr(cmd: ShNode, st: ShNode, redirects: RelCommand['redirects'], ctx: Ctx, collect?: number[]): void {
    const words = ((cmd.Args as ShNode[]) ?? []).map((w) => this.words.word(w, ctx));
    let arith = false;
    const assigns = (cmd.Assigns as ShNode[]) ?? [];
    for (let k = 0; k < assigns.length; k++) {
      const a = assigns[k];
      if (!a.Value) continue;
      const v = this.words.word(a.Value, ctx).text;
      if (/\$\(\(|\bexpr\s/.test(v)) arith = true;
    }
    this.pushCommand(words, redirects, ctx, st, !!st.Background, collect);
    if (arith) this.commands[this.commands.length - 1].arith = true;
  }

  /** `a | b`, `a && b`, `a || b`: the right of `||` (and of `&& [ test ]`) may not run. */
  private binaryCmd(cmd: ShNode, ctx: Ctx, collect?: number[]): void {
    const op = this.words.src.slice(this.words.off(cmd.OpPos), this.words.off(cmd.OpPos) + 2);
    const pipe = op.startsWith('|') && op !== '||';
    const tolerated = ctx.tolerated || (op === '||' && !this.stops(cmd.Y as ShNode | null));
    this.stmt(cmd.X, { ...ctx, piped: pipe || ctx.piped, tolerated }, collect);
    const guarded = op === '||' || (op === '&&' && isTestStmt(cmd.X as ShNode | null, this.words));
    this.stmt(cmd.Y, guarded ? { ...ctx, conditional: true } : ctx, collect);
  }

  /** `[[ -f x ]]`, `(( i < 10 ))`, `let`: recorded as a command named after the construct. */
  private testLike(cmd: ShNode, type: string, st: ShNode, redirects: RelCommand['redirects'], ctx: Ctx, collect?: number[]): void {
    const s = this.words.start(cmd);
    const name = type === 'TestClause' ? '[[' : type === 'ArithmCmd' ? '((' : 'let';
    const w: RelWord = { text: name, literal: true, prefix: name, s, e: s + name.length };
    this.pushCommand([w, ...this.words.wordsUnder(cmd, ctx)], redirects, ctx, st, false, collect);
  }

  /** Whether a fallback (the right of `||`, the branches of an `if`) stops the script: `exit`/`return` non-zero, `false`. */
  private stops(node: ShNode | null): boolean {
    if (!node) return false;
    return /(?:^|[\s;&|({!])(?:(?:exit|return)(?![ \t]+0\b)|false)(?![\w-])/.test(this.words.textOf(node));
  }

  private ifClause(cmd: ShNode, ctx: Ctx, collect?: number[]): void {
    let c: ShNode | null = cmd;
    let depth = 0;
    const branch: Ctx = { ...ctx, conditional: true };
    // a failing condition only picks a branch, unless a branch then stops the script
    const tolerated = ctx.tolerated || !this.stops(cmd);
    while (c && depth++ < 1000) {
      this.stmts(c.Cond, { ...ctx, inCondition: true, tolerated, conditional: depth > 1 || ctx.conditional }, collect);
      this.stmts(c.Then, branch, collect);
      c = (c.Else as ShNode) ?? null;
      if (c && (!c.Cond || (c.Cond as ShNode[]).length === 0)) {
        this.stmts(c.Then, branch, collect);
        break;
      }
    }
  }

  private loop(cmd: ShNode, type: string, ctx: Ctx, background: boolean, collect?: number[]): void {
    const index = this.loops.length;
    const isWhile = type === 'WhileClause';
    const kind: RelLoop['kind'] = isWhile ? (cmd.Until ? 'until' : 'while') : 'for';
    const s = this.words.off(isWhile ? cmd.WhilePos : cmd.ForPos);
    const info: RelLoop = {
      kind,
      infinite: false,
      finite: false,
      condition: [],
      hasExit: false,
      counted: false,
      background,
      conditional: ctx.conditional,
      s,
      e: s + kind.length,
      fs: this.words.start(cmd),
      fe: this.words.end(cmd),
    };
    this.loops.push(info);
    const inner: Ctx = { ...ctx, loops: [...ctx.loops, index] };
    const mine: number[] = [];
    if (isWhile) {
      this.stmts(cmd.Cond, { ...inner, inCondition: true }, mine);
      info.condition = mine.slice();
    } else {
      const l = cmd.Loop as ShNode;
      const lt = l ? this.words.type(l) : '';
      info.finite = lt === 'CStyleLoop' || lt === 'WordIter';
      if (lt === 'WordIter') for (const w of (l.Items as ShNode[]) ?? []) this.words.word(w, inner);
      if (lt === 'CStyleLoop') info.counted = true;
    }
    this.stmts(cmd.Do, inner, mine);
    if (collect) collect.push(...mine);
    classifyLoop(info, this.commands, mine, isWhile);
  }

  private pushCommand(words: RelWord[], redirects: RelCommand['redirects'], ctx: Ctx, st: ShNode, background: boolean, collect?: number[]): void {
    this.commands.push({
      words,
      redirects,
      loops: ctx.loops,
      inCondition: ctx.inCondition,
      negated: !!st.Negated,
      conditional: ctx.conditional,
      inSubstitution: ctx.inSubstitution,
      // `! cmd` as a statement of its own; in a condition, the `if` decides (`ctx.tolerated`)
      failureTolerated: !!ctx.tolerated || (!!st.Negated && !ctx.inCondition),
      piped: ctx.piped,
      background,
      s: this.words.start(st),
      e: this.words.end(st),
    });
    collect?.push(this.commands.length - 1);
  }
}

/**
 * What a loop's header and body say about how it ends: infinite (`while true`, `until false`,
 * `while sleep N`), left by `exit`/`break`/`return`, or counted (`timeout`, arithmetic, a counter
 * compared with `-lt`/`-ge`…).
 */
function classifyLoop(info: RelLoop, commands: readonly RelCommand[], mine: readonly number[], isWhile: boolean): void {
  const condWords = info.condition.map((i) => commands[i]).filter((c) => c.words.length > 0);
  if (isWhile && condWords.length === 1 && !condWords[0].negated) {
    const words = condWords[0].words.map((w) => w.text);
    const w0 = baseName(words[0]);
    const constTrue =
      ((w0 === 'true' || w0 === ':') && words.length === 1) ||
      (w0 === 'sleep' && words.length >= 2) ||
      (w0 === '[' && words.length === 3 && /^(?:1|true)$/.test(words[1]) && condWords[0].words[1].literal);
    const constFalse = w0 === 'false' && words.length === 1;
    info.infinite = (info.kind === 'while' && constTrue) || (info.kind === 'until' && constFalse);
  }
  for (const i of mine) {
    const c = commands[i];
    const w0 = c.words[0]?.text;
    if (w0 === 'exit' || w0 === 'break' || w0 === 'return') info.hasExit = true;
    if (w0 === 'timeout' || w0 === '((' || w0 === 'let' || w0 === 'expr') info.counted = true;
    if ((w0 === '[' || w0 === 'test' || w0 === '[[') && c.words.some((w) => /^-(?:lt|le|gt|ge|eq)$/.test(w.text))) {
      info.counted = true;
    }
    if (c.arith || c.words.some((w) => /\$\(\(/.test(w.text))) info.counted = true;
  }
}

interface Ctx {
  loops: number[];
  inCondition: boolean;
  /** A failure here does not stop the script (see `SimpleCommand.failureTolerated`). */
  tolerated: boolean;
  inSubstitution: boolean;
  piped: boolean;
  conditional: boolean;
}

/** `[ … ]`, `test …`, `[[ … ]]`: a statement that only tests. */
function isTestStmt(st: ShNode | null, words: WordReader): boolean {
  const cmd = st ? (st.Cmd as ShNode | null) : null;
  if (!cmd) return false;
  const type = words.type(cmd);
  if (type === 'TestClause') return true;
  if (type !== 'CallExpr') return false;
  const first = ((cmd.Args as ShNode[]) ?? [])[0];
  const parts = first ? ((first.Parts as ShNode[]) ?? []) : [];
  if (parts.length !== 1 || words.type(parts[0]) !== 'Lit') return false;
  const v = parts[0].Value as string;
  return v === '[' || v === 'test';
}

function unescapeLit(v: string): string {
  return v.includes('\\') ? v.replace(/\\(\n|.)/g, (_m, c: string) => (c === '\n' ? '' : c)) : v;
}

// ---------------------------------------------------------------------------------------------
// Mapping script-relative offsets to the YAML source

function mapScript(parsed: ParsedScript, src: ScalarSource): { commands: SimpleCommand[]; loops: LoopInfo[] } {
  // each range mapped as two numbers (`sourceStart`, `sourceEnd`), not a pair: the first analysis
  // in a fresh process runs this interpreted for every word of every script (issue 15)
  const mapWord = (w: RelWord): Word => ({ text: w.text, literal: w.literal, prefix: w.prefix, start: sourceStart(src, w.s), end: sourceEnd(src, w.s, w.e) });
  const loops: LoopInfo[] = parsed.loops.map((l) => {
    return {
      kind: l.kind,
      infinite: l.infinite,
      finite: l.finite,
      condition: [],
      hasExit: l.hasExit,
      counted: l.counted,
      background: l.background,
      conditional: l.conditional,
      start: sourceStart(src, l.s),
      end: sourceEnd(src, l.s, l.e),
      fullStart: sourceStart(src, l.fs),
      fullEnd: sourceEnd(src, l.fs, l.fe),
    };
  });
  const commands: SimpleCommand[] = parsed.commands.map((c) => {
    const words = c.words.map(mapWord);
    const redirects = c.redirects.length ? c.redirects.map((r) => ({ op: r.op, target: mapWord(r.target) })) : [];
    return {
      words,
      redirects,
      loops: c.loops.length ? c.loops.map((i) => loops[i]) : [],
      inCondition: c.inCondition,
      negated: c.negated,
      conditional: c.conditional,
      inSubstitution: c.inSubstitution,
      failureTolerated: c.failureTolerated,
      piped: c.piped,
      background: c.background,
      start: sourceStart(src, c.s),
      end: sourceEnd(src, c.s, c.e),
    };
  });
  parsed.loops.forEach((l, i) => {
    loops[i].condition = l.condition.map((k) => commands[k]);
  });
  return { commands, loops };
}
