/**
 * A small bash parser written for InitLens: it reads the scripts people put in `sh -c` (statements,
 * pipes, `&&`/`||`, redirections and heredocs, `if`/`while`/`until`/`for`/`case`, functions, `[[ ]]`,
 * `(( ))`, quoting, parameter expansions, `$(…)` and `$((…))`) into nodes of the same shape and
 * with the same positions as mvdan-sh's syntax tree, the parser it stands in front of.
 *
 * Why: mvdan-sh is a GopherJS build of the Go parser. Loading it costs ~130–350 ms, parsing a
 * 20-line script ~5 ms, and every field read of its tree converts Go values to JavaScript, so a Pod
 * with 40 scripts took seconds to analyse for the first time (issue 15). This parser is plain
 * TypeScript: no load, microseconds per script.
 *
 * What it does not read it refuses (`Unsupported`, also for every syntax error): `mvdanSh.ts` then
 * asks mvdan-sh, which also decides what is a syntax error. So a construct this parser does not know
 * (backquotes, arrays, `${x/a/b}`, `<<-`, process substitution, `select`, `coproc`, …) costs the old
 * parse and nothing else. `test/unit/shParser.test.ts` checks, over every script of the fixtures,
 * examples and corpus, that both parsers give the analysis the same commands, loops and variables.
 *
 * Positions: `Pos()`/`End()` give UTF-8 byte offsets, as mvdan-sh's do (the readers convert them).
 */

/** The script uses something this parser does not read (or is not valid): ask mvdan-sh. */
export class Unsupported extends Error {}

export class BytePos {
  constructor(
    private readonly o: number,
    /** The same position as a UTF-16 index of the script (what the readers want; mvdan-sh has no such thing). */
    readonly index: number,
  ) {}
  Offset(): number {
    return this.o;
  }
  Line(): number {
    return 0;
  }
  Col(): number {
    return 0;
  }
}

/** Converts UTF-16 indices of a script to UTF-8 byte offsets (identity for ASCII scripts). */
type ToByte = ((i: number) => number) | null;

/** One node: `type` is mvdan-sh's node type name; the fields are its field names. */
export class ShNodeImpl {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors mvdan-sh's untyped nodes, which the reader reads by field name
  [key: string]: any;
  // declared, not class fields: a field (as a parameter property becomes) is defined once more, as
  // undefined, by an initializer V8 calls before the constructor, for each of the ~150 nodes of a
  // script (a call and four defining stores each, interpreted on a first analysis; issue 15)
  declare readonly type: string;
  declare pos: number;
  declare end: number;
  declare private readonly tb: ToByte;
  constructor(type: string, pos: number, end: number, tb: ToByte) {
    this.type = type;
    this.pos = pos;
    this.end = end;
    this.tb = tb;
  }
  Pos(): BytePos {
    return new BytePos(this.tb ? this.tb(this.pos) : this.pos, this.pos);
  }
  End(): BytePos {
    return new BytePos(this.tb ? this.tb(this.end) : this.end, this.end);
  }
  /** A position field (`OpPos`, `WhilePos`, `ForPos`) as mvdan-sh gives it. */
  at(i: number): BytePos {
    return new BytePos(this.tb ? this.tb(i) : i, i);
  }
}

/** The children of each node type, in source order (what `Walk` visits). */
const CHILDREN: Record<string, readonly string[]> = {
  File: ['Stmts'],
  Stmt: ['Cmd', 'Redirs'],
  CallExpr: ['Assigns', 'Args'],
  Assign: ['Name', 'Value'],
  Redirect: ['N', 'Word', 'Hdoc'],
  Word: ['Parts'],
  DblQuoted: ['Parts'],
  ParamExp: ['Param', 'Exp'],
  Expansion: ['Word'],
  CmdSubst: ['Stmts'],
  ArithmExp: ['X'],
  ArithmCmd: ['X'],
  BinaryArithm: ['X', 'Y'],
  UnaryArithm: ['X'],
  ParenArithm: ['X'],
  BinaryCmd: ['X', 'Y'],
  Block: ['Stmts'],
  Subshell: ['Stmts'],
  IfClause: ['Cond', 'Then', 'Else'],
  WhileClause: ['Cond', 'Do'],
  ForClause: ['Loop', 'Do'],
  WordIter: ['Name', 'Items'],
  CaseClause: ['Word', 'Items'],
  CaseItem: ['Patterns', 'Stmts'],
  FuncDecl: ['Name', 'Body'],
  DeclClause: ['Variant', 'Args'],
  TestClause: ['X'],
  BinaryTest: ['X', 'Y'],
  UnaryTest: ['X'],
  ParenTest: ['X'],
};

/** mvdan-sh's `syntax.Walk` for these nodes: `fn(node)`, its children if it returned true, then `fn(null)`. */
export function walk(node: ShNodeImpl, fn: (node: ShNodeImpl | null) => boolean): void {
  if (!fn(node)) return;
  const fields = CHILDREN[node.type];
  if (fields) {
    // indexed loops: `for … of` takes an iterator and a result object per element in the
    // interpreter, where the first analysis in a fresh process runs this for every node
    for (let k = 0; k < fields.length; k++) {
      const v = node[fields[k]];
      if (!v) continue;
      if (Array.isArray(v)) {
        for (let j = 0; j < v.length; j++) if (v[j]) walk(v[j] as ShNodeImpl, fn);
      } else if (v instanceof ShNodeImpl) walk(v, fn);
    }
  }
  fn(null);
}

/** `walk` without the closing `fn(null)` per node: each node, then its children when `fn` returned true. */
export function eachNode(node: ShNodeImpl, fn: (node: ShNodeImpl) => boolean): void {
  if (!fn(node)) return;
  const fields = CHILDREN[node.type];
  if (!fields) return;
  for (let k = 0; k < fields.length; k++) {
    const v = node[fields[k]];
    if (!v) continue;
    if (Array.isArray(v)) {
      for (let j = 0; j < v.length; j++) if (v[j]) eachNode(v[j] as ShNodeImpl, fn);
    } else if (v instanceof ShNodeImpl) eachNode(v, fn);
  }
}

const RESERVED_STOP = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
/**
 * The words `command` reads as more than a program name: those that start a compound command, and
 * those it refuses at a command's start (the closing ones, and what it does not read).
 */
const COMMAND_WORDS = new Set([
  'if',
  'while',
  'until',
  'for',
  'case',
  'function',
  ...RESERVED_STOP,
  'select',
  'coproc',
  'time',
  '!',
  'in',
  'let',
  '{',
  '[[',
  ']]',
]);
const DECL = new Set(['declare', 'local', 'export', 'readonly', 'typeset', 'nameref']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TEST_UNARY = new Set([
  '-a',
  '-b',
  '-c',
  '-d',
  '-e',
  '-f',
  '-g',
  '-h',
  '-k',
  '-p',
  '-r',
  '-s',
  '-t',
  '-u',
  '-w',
  '-x',
  '-G',
  '-L',
  '-N',
  '-O',
  '-S',
  '-z',
  '-n',
  '-o',
  '-v',
  '-R',
]);
const TEST_BINARY = new Set(['==', '=', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

interface PendingHeredoc {
  redirect: ShNodeImpl;
  delimiter: string;
  quoted: boolean;
}

/**
 * Characters that are literal in an unquoted word and in a `${…}` word alike: no quote, `$`, `\\`,
 * blank or operator, no `#` (a comment or `$X#`), `{`/`}`, and none that starts an extglob before `(`.
 */
const PLAIN_RUN = /[A-Za-z0-9_./:,=%^~-]+/y;

/** Characters that are literal inside double quotes and in a heredoc body alike. */
const QUOTED_RUN = /[^"`\\$]+/y;

/** A word's characters up to its first quote, expansion, escape or delimiter (`isMeta`). */
const BARE_RUN = /[^ \t\r\n;&|<>()"'$`\\]+/y;

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

/** Characters that end an unquoted word. */
function isMeta(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')';
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

function byteMap(src: string): ToByte {
  if (!/[\u0080-\uffff]/.test(src)) return null;
  const map = new Uint32Array(src.length + 1);
  let b = 0;
  for (let i = 0; i < src.length; i++) {
    map[i] = b;
    const c = src.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < src.length) {
      // a surrogate pair is one 4-byte character; its low half sits inside it
      map[i + 1] = b;
      b += 4;
      i++;
    } else b += 3;
  }
  map[src.length] = b;
  return (i) => map[i];
}

/** Parses a bash script; throws `Unsupported` for anything it does not read. */
export function parseShell(src: string): ShNodeImpl {
  return new Parser(src).file();
}

class Parser {
  private i = 0;
  private readonly tb: ToByte;
  private pending: PendingHeredoc[] = [];
  private sawHeredoc = false;
  /** How many `<<` redirections were read so far, and after each top-level statement. */
  private heredocsOpened = 0;
  private readonly heredocsAfter: number[] = [];
  /** Inside double quotes (a `'` in `"${x:-'a'}"` is literal there: not read here). */
  private dquote = 0;
  /** Where `keyword()` last read, and what. */
  private kwAt = -1;
  /** Where `blanks()` last stopped: nothing to skip there. */
  private blanksEnd = -1;
  private kw: string | null = null;

  constructor(private readonly s: string) {
    this.tb = byteMap(s);
  }

  private node(type: string, pos: number, end: number): ShNodeImpl {
    return new ShNodeImpl(type, pos, end, this.tb);
  }

  /** Ends the literal run from `litStart` (if any) at `end` and adds it to `parts`; the new `litStart` (-1). */
  private literal(parts: ShNodeImpl[], litStart: number, end: number): number {
    if (litStart >= 0) {
      const l = this.node('Lit', litStart, end);
      l.Value = this.s.slice(litStart, end);
      parts.push(l);
    }
    return -1;
  }

  private fail(): never {
    throw new Unsupported();
  }

  file(): ShNodeImpl {
    const stmts = this.stmtList(false);
    if (this.i < this.s.length || this.pending.length) this.fail();
    const f = this.node('File', 0, this.s.length);
    f.Stmts = stmts;
    f.Name = '';
    f.pos = stmts.length ? stmts[0].pos : 0;
    // a heredoc body, read after its line, moves the end of the statements around its redirection
    // (only the statements that hold one: the others' ends are already mvdan-sh's)
    if (this.sawHeredoc) {
      for (let k = 0; k < stmts.length; k++) if (this.heredocsAfter[k] > (k > 0 ? this.heredocsAfter[k - 1] : 0)) fixEnds(stmts[k]);
    }
    f.end = stmts.length ? stmts[stmts.length - 1].end : 0;
    return f;
  }

  // -------------------------------------------------------------------------------------------
  // blanks, newlines, comments

  /** Skips blanks and `\`-newline pairs that stand alone (after a blank or at a line's start). */
  private blanks(): void {
    // the cursor in a local and the blank test inlined: this runs before every token, interpreted
    // on a first analysis, where each property load and call costs a builtin call (issue 15)
    let i = this.i;
    // most calls come where the last one stopped (a statement's start is skipped to by the list,
    // the and-or, the pipeline and the command in turn)
    if (i === this.blanksEnd) return;
    const s = this.s;
    for (;;) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\r') i++;
      else if (c === '\\' && s[i + 1] === '\n') {
        const prev = i > 0 ? s[i - 1] : '\n';
        if (!isBlank(prev) && prev !== '\n') this.fail();
        i += 2;
      } else if (c === '#') {
        const nl = s.indexOf('\n', i);
        // mvdan-sh reads a comment's trailing `\` as a line continuation (bash does not)
        if (nl > 0 && s[nl - 1] === '\\') this.fail();
        i = nl < 0 ? s.length : nl;
      } else break;
    }
    this.i = i;
    this.blanksEnd = i;
  }

  /** Skips blanks, comments and newlines (reading heredoc bodies after each newline). */
  private blanksAndNewlines(): void {
    for (;;) {
      this.blanks();
      if (this.s[this.i] === '\n') this.newline();
      else return;
    }
  }

  private newline(): void {
    this.i++;
    if (this.pending.length) this.heredocs();
  }

  // -------------------------------------------------------------------------------------------
  // statements

  /** The word at the cursor when it is a plain reserved word (followed by a delimiter). */
  private keyword(): string | null {
    // asked twice at each statement's start (the statement list, then the command): read once
    const i = this.i;
    if (i === this.kwAt) return this.kw;
    const s = this.s;
    BARE_RUN.lastIndex = i;
    let w: string | null = null;
    if (BARE_RUN.test(s)) {
      const j = BARE_RUN.lastIndex;
      if (j >= s.length || isMeta(s[j])) w = s.slice(i, j);
    }
    this.kwAt = i;
    this.kw = w;
    return w;
  }

  /** Statements up to a closing keyword, `)`, `;;` or the end. `inner`: inside a compound command. */
  private stmtList(inner: boolean): ShNodeImpl[] {
    const out: ShNodeImpl[] = [];
    const s = this.s;
    for (;;) {
      this.blanksAndNewlines();
      if (this.i >= s.length) return out;
      const c = s[this.i];
      if (c === ')') return out;
      if (c === ';') {
        if (s[this.i + 1] === ';' || s[this.i + 1] === '&') return out;
        this.fail();
      }
      const kw = this.keyword();
      if (kw !== null && RESERVED_STOP.has(kw)) {
        if (!inner) this.fail();
        return out;
      }
      const st = this.andOr();
      if (this.i !== this.blanksEnd) this.blanks();
      const t = s[this.i];
      if (t === ';' && s[this.i + 1] !== ';' && s[this.i + 1] !== '&') {
        st.end = this.i + 1;
        st.semi = true;
        this.i++;
      } else if (t === '&' && s[this.i + 1] !== '&' && s[this.i + 1] !== '>') {
        st.Background = true;
        st.end = this.i + 1;
        st.semi = true;
        this.i++;
      } else if (t !== undefined && t !== '\n' && t !== ')' && t !== ';') {
        // a keyword ends the list only at a statement's end (`…; then`), never glued to it
        const k = this.keyword();
        if (!(k !== null && RESERVED_STOP.has(k) && inner)) this.fail();
      }
      out.push(st);
      if (!inner) this.heredocsAfter.push(this.heredocsOpened);
    }
  }

  private andOr(): ShNodeImpl {
    let st = this.pipeline();
    for (;;) {
      if (this.i !== this.blanksEnd) this.blanks();
      const s = this.s;
      const c = s[this.i];
      if ((c !== '&' && c !== '|') || s[this.i + 1] !== c) return st;
      const opPos = this.i;
      this.i += 2;
      this.blanksAndNewlines();
      const y = this.pipeline();
      const b = this.node('BinaryCmd', st.pos, y.end);
      b.OpPos = b.at(opPos);
      b.X = st;
      b.Y = y;
      const outer = this.node('Stmt', st.pos, y.end);
      outer.Cmd = b;
      st = outer;
    }
  }

  private pipeline(): ShNodeImpl {
    const s = this.s;
    if (this.i !== this.blanksEnd) this.blanks();
    let negated = false;
    const start = this.i;
    if (s[this.i] === '!' && (isBlank(s[this.i + 1]) || s[this.i + 1] === '\n')) {
      negated = true;
      this.i++;
      if (this.i !== this.blanksEnd) this.blanks();
    }
    let st = this.command(start);
    if (negated) st.Negated = true;
    for (;;) {
      if (this.i !== this.blanksEnd) this.blanks();
      if (s[this.i] !== '|' || s[this.i + 1] === '|') return st;
      if (s[this.i + 1] === '&') this.fail();
      const opPos = this.i;
      this.i++;
      this.blanksAndNewlines();
      if (s[this.i] === '!') this.fail();
      const y = this.command(this.i);
      const b = this.node('BinaryCmd', st.pos, y.end);
      b.OpPos = b.at(opPos);
      b.X = st;
      b.Y = y;
      const outer = this.node('Stmt', st.pos, y.end);
      outer.Cmd = b;
      if (st.Negated) {
        outer.Negated = true;
        st.Negated = false;
      }
      st = outer;
    }
  }

  /** One command with its redirections, as a statement starting at `start`. */
  private command(start: number): ShNodeImpl {
    const s = this.s;
    const st = this.node('Stmt', start, start);
    const redirs: ShNodeImpl[] = [];
    const c = s[this.i];
    let cmd: ShNodeImpl | null = null;
    if (c === '(') {
      if (s[this.i + 1] === '(') cmd = this.arithmCmd();
      else cmd = this.subshell();
    } else if (c === '{' && (isBlank(s[this.i + 1]) || s[this.i + 1] === '\n')) {
      cmd = this.block();
    } else if (c === '[' && s[this.i + 1] === '[' && (isBlank(s[this.i + 2]) || s[this.i + 2] === '\n')) {
      cmd = this.testClause();
    } else {
      const kw = this.keyword();
      // one lookup for the words that start or stop a compound command (most commands are neither)
      if (kw === null || !COMMAND_WORDS.has(kw)) {
        if (kw !== null && this.isFuncParens(this.i + kw.length) && NAME.test(kw)) cmd = this.funcDecl(false);
      } else if (kw === 'if') cmd = this.ifClause();
      else if (kw === 'while' || kw === 'until') cmd = this.whileClause(kw === 'until');
      else if (kw === 'for') cmd = this.forClause();
      else if (kw === 'case') cmd = this.caseClause();
      else if (kw === 'function') cmd = this.funcDecl(true);
      else this.fail();
    }
    if (cmd) {
      for (;;) {
        this.blanks();
        const r = this.redirect();
        if (!r) break;
        redirs.push(r);
      }
    } else {
      cmd = this.simple(redirs);
    }
    st.Cmd = cmd;
    if (redirs.length) st.Redirs = redirs;
    let end = cmd ? cmd.end : start;
    if (!cmd && redirs.length === 0) this.fail();
    if (redirs.length) end = Math.max(end, redirs[redirs.length - 1].end);
    st.end = end;
    return st;
  }

  private isFuncParens(j: number): boolean {
    const s = this.s;
    while (isBlank(s[j])) j++;
    if (s[j] !== '(') return false;
    j++;
    while (isBlank(s[j])) j++;
    return s[j] === ')';
  }

  /** A simple command: assignments, words and redirections; null when it has only redirections. */
  private simple(redirs: ShNodeImpl[]): ShNodeImpl | null {
    const s = this.s;
    const assigns: ShNodeImpl[] = [];
    const args: ShNodeImpl[] = [];
    let decl: string | null = null;
    let declPos = 0;
    for (;;) {
      if (this.i !== this.blanksEnd) this.blanks();
      const c = s[this.i];
      if (c === undefined || c === '\n' || c === ';' || c === '|' || c === ')' || (c === '&' && s[this.i + 1] !== '>')) break;
      if (c === '(') this.fail();
      // a redirection starts with a digit, `<`, `>` or `&>` (most words do not: no call for them)
      if ((c >= '0' && c <= '9') || c === '<' || c === '>' || c === '&') {
        const r = this.redirect();
        if (r) {
          redirs.push(r);
          continue;
        }
      }
      const start = this.i;
      const w = this.word(false);
      if (!w) this.fail();
      const lit = litOf(w);
      if (lit === ']]') this.fail(); // mvdan-sh's reserved word outside `[[`
      if (args.length === 0 && decl === null) {
        const a = this.assignment(w);
        if (a) {
          assigns.push(a);
          continue;
        }
        if (lit !== null && DECL.has(lit)) {
          decl = lit;
          declPos = start;
          args.push(w);
          continue;
        }
        if (lit === '[[' || lit === 'let') this.fail();
      }
      args.push(w);
    }
    if (decl !== null) {
      if (assigns.length) this.fail();
      const variantWord = args[0];
      const d = this.node('DeclClause', declPos, args[args.length - 1].end);
      d.Variant = variantWord.Parts[0];
      d.Args = args.slice(1).map((w) => this.declArg(w));
      return d;
    }
    if (!assigns.length && !args.length) return null;
    const first = assigns.length ? assigns[0] : args[0];
    const last = args.length ? args[args.length - 1] : assigns[assigns.length - 1];
    const call = this.node('CallExpr', first.pos, last.end);
    if (assigns.length) call.Assigns = assigns;
    if (args.length) call.Args = args;
    return call;
  }

  /** `NAME=value` (or `NAME+=value`) at the start of a word. */
  private assignment(w: ShNodeImpl): ShNodeImpl | null {
    const p0 = w.Parts[0];
    if (p0?.type !== 'Lit') return null;
    const v = p0.Value as string;
    // `a[i]=…` (arrays) and words mvdan-sh reads as assignments by their brackets: not read here
    const eq = v.includes('=');
    if (v.includes('[') && (eq || /^[A-Za-z_][A-Za-z0-9_]*\[/.test(v))) this.fail();
    if (!eq) return null; // no `=`: not an assignment (most words)
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(v);
    if (!m) return null;
    if (this.s.slice(p0.pos, p0.pos + m[0].length) !== m[0]) this.fail();
    const a = this.node('Assign', w.pos, w.end);
    const name = this.node('Lit', p0.pos, p0.pos + m[1].length);
    name.Value = m[1];
    a.Name = name;
    if (m[2]) a.Append = true;
    const restStart = p0.pos + m[0].length;
    const parts = w.Parts.slice(1);
    if (v.length > m[0].length) {
      const lit = this.node('Lit', restStart, p0.end);
      lit.Value = v.slice(m[0].length);
      parts.unshift(lit);
    }
    if (parts.length) {
      if (parts[0].type === 'Lit' && (parts[0].Value as string).startsWith('(')) this.fail();
      const value = this.node('Word', parts[0].pos, parts[parts.length - 1].end);
      value.Parts = parts;
      a.Value = value;
    } else {
      a.end = restStart;
    }
    if (this.s[restStart] === '(') this.fail(); // `a=(…)`: arrays
    return a;
  }

  private declArg(w: ShNodeImpl): ShNodeImpl {
    const a = this.assignment(w);
    if (a) return a;
    const lit = litOf(w);
    // `declare -x=1`, `export A\B=1`: mvdan-sh rejects what is neither a name, an option nor an assignment
    const p0 = w.Parts[0] as ShNodeImpl;
    if (p0.type === 'Lit' && (p0.Value as string).includes('=')) this.fail();
    const n = this.node('Assign', w.pos, w.end);
    n.Naked = true;
    if (lit !== null && NAME.test(lit) && w.Parts.length === 1) n.Name = w.Parts[0];
    else n.Value = w;
    return n;
  }

  // -------------------------------------------------------------------------------------------
  // redirections and heredocs

  private redirect(): ShNodeImpl | null {
    const s = this.s;
    let j = this.i;
    while (s[j] >= '0' && s[j] <= '9') j++;
    const c = s[j];
    let op: string | null = null;
    if (c === '>') op = s[j + 1] === '>' ? '>>' : s[j + 1] === '&' ? '>&' : s[j + 1] === '|' ? '>|' : '>';
    else if (c === '<') {
      if (s[j + 1] === '<') op = s[j + 2] === '<' ? '<<<' : s[j + 2] === '-' ? '<<-' : '<<';
      else op = s[j + 1] === '>' ? '<>' : s[j + 1] === '&' ? '<&' : s[j + 1] === '(' ? '<(' : '<';
    } else if (c === '&' && s[j + 1] === '>' && j === this.i) op = s[j + 2] === '>' ? '&>>' : '&>';
    if (op === null) return null;
    if (op === '<<-' || op === '<(' || (c === '>' && s[j + 1] === '(')) this.fail();
    const start = this.i;
    let n: ShNodeImpl | null = null;
    if (j > this.i) {
      n = this.node('Lit', this.i, j);
      n.Value = s.slice(this.i, j);
    }
    const opPos = j;
    this.i = j + op.length;
    this.blanks();
    const w = this.word(false);
    if (!w) this.fail();
    // `>2>=`, `&>3<>y`: mvdan-sh reads a target glued to the next operator its own way
    if (s[this.i] === '<' || s[this.i] === '>') this.fail();
    const r = this.node('Redirect', start, w.end);
    r.OpPos = r.at(opPos);
    if (n) r.N = n;
    r.Word = w;
    if (op === '<<') {
      const quoted = w.Parts.some((p: ShNodeImpl) => p.type !== 'Lit');
      let delimiter = '';
      for (const p of w.Parts as ShNodeImpl[]) {
        if (p.type === 'Lit') {
          if ((p.Value as string).includes('\\')) this.fail();
          delimiter += p.Value;
        } else if (p.type === 'SglQuoted' && !p.Dollar) delimiter += p.Value;
        else if (p.type === 'DblQuoted' && (p.Parts as ShNodeImpl[]).every((q) => q.type === 'Lit' && !(q.Value as string).includes('\\'))) {
          delimiter += (p.Parts as ShNodeImpl[]).map((q) => q.Value).join('');
        } else this.fail();
      }
      if (!delimiter) this.fail();
      this.pending.push({ redirect: r, delimiter, quoted });
      this.heredocsOpened++;
    }
    return r;
  }

  /** Reads the bodies of the heredocs opened on the line just ended. */
  private heredocs(): void {
    const s = this.s;
    const list = this.pending;
    this.pending = [];
    for (const h of list) {
      const bodyStart = this.i;
      let lineStart = this.i;
      let delimStart = -1;
      while (lineStart <= s.length) {
        let lineEnd = s.indexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = s.length;
        if (s.slice(lineStart, lineEnd) === h.delimiter) {
          delimStart = lineStart;
          break;
        }
        if (lineEnd >= s.length) break;
        lineStart = lineEnd + 1;
      }
      if (delimStart < 0) this.fail();
      this.sawHeredoc = true;
      const delimEnd = delimStart + h.delimiter.length;
      if (delimStart > bodyStart) {
        const body = s.slice(bodyStart, delimStart);
        let parts: ShNodeImpl[];
        if (h.quoted) {
          const lit = this.node('Lit', bodyStart, delimStart);
          lit.Value = body;
          parts = [lit];
        } else {
          if (body.includes('\\\n') || body.includes('`')) this.fail();
          const save = this.i;
          this.i = bodyStart;
          parts = this.quotedParts(delimStart, false);
          this.i = save;
        }
        const last = parts[parts.length - 1];
        if (last?.type !== 'Lit') this.fail();
        last.end = delimEnd;
        const hdoc = this.node('Word', bodyStart, delimEnd);
        hdoc.Parts = parts;
        h.redirect.Hdoc = hdoc;
        h.redirect.end = delimEnd;
      }
      this.i = delimEnd < s.length ? delimEnd + 1 : s.length;
      if (delimEnd < s.length && s[delimEnd] !== '\n') this.fail();
      if (delimEnd >= s.length) {
        this.i = s.length;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // words

  /** An unquoted word (null when none starts here). `inParam`: inside `${…}` (ends at `}`, blanks kept). */
  private word(inParam: boolean): ShNodeImpl | null {
    const s = this.s;
    const parts: ShNodeImpl[] = [];
    // a literal is the source text from litStart on, escapes included (one slice, not a string per character)
    let litStart = -1;
    const start = this.i;
    for (;;) {
      // a run of characters that are literal wherever they stand, in one step (a first analysis runs
      // this loop interpreted, where each character's tests below cost more than the native scan)
      const at = this.i;
      PLAIN_RUN.lastIndex = at;
      if (PLAIN_RUN.test(s)) {
        if (litStart < 0) litStart = at;
        const j = PLAIN_RUN.lastIndex;
        this.i = j;
        // the word usually ends right after its run: seen here, without a second (failing) scan
        const n = s[j];
        if (n === undefined || (inParam ? n === '}' : isMeta(n))) break;
        continue;
      }
      const c = s[at];
      if (c === undefined) break;
      if (inParam) {
        if (c === '}') break;
      } else if (isMeta(c)) break;
      if (c === '`') this.fail();
      if (c === "'") {
        if (inParam && this.dquote) this.fail();
        litStart = this.literal(parts, litStart, at);
        parts.push(this.sglQuoted(at, false));
        continue;
      }
      if (c === '"') {
        litStart = this.literal(parts, litStart, at);
        parts.push(this.dblQuoted());
        continue;
      }
      if (c === '$') {
        const d = s[at + 1];
        if (d === "'") {
          litStart = this.literal(parts, litStart, at);
          parts.push(this.sglQuoted(at + 1, true));
          continue;
        }
        const e = this.expansion();
        if (e) {
          litStart = this.literal(parts, litStart, at);
          parts.push(e);
          continue;
        }
      }
      if (!inParam && (c === '@' || c === '!' || c === '+' || c === '*' || c === '?') && s[at + 1] === '(') this.fail(); // extglob
      if (c === '\\') {
        const d = s[at + 1];
        if (d === '\n' || d === undefined) this.fail();
        if (litStart < 0) litStart = at;
        this.i = at + 2;
        continue;
      }
      if (c === '{' && inParam) this.fail();
      // `$X#…`: mvdan-sh reads `#` right after an expansion its own way
      if (c === '#' && litStart < 0 && parts.length && parts[parts.length - 1].type !== 'Lit') this.fail();
      if (litStart < 0) litStart = at;
      this.i = at + 1;
    }
    litStart = this.literal(parts, litStart, this.i);
    if (!parts.length) return null;
    // `"x"2> f`: mvdan-sh may take trailing digits glued to `<`/`>` for a descriptor
    const next = s[this.i];
    if ((next === '<' || next === '>') && /[0-9]$/.test(lit0(parts[parts.length - 1]))) this.fail();
    const w = this.node('Word', start, this.i);
    w.Parts = parts;
    w.pos = parts[0].pos;
    w.end = parts[parts.length - 1].end;
    return w;
  }

  private sglQuoted(quote: number, dollar: boolean): ShNodeImpl {
    const s = this.s;
    const close = s.indexOf("'", quote + 1);
    if (close < 0) this.fail();
    const body = s.slice(quote + 1, close);
    if (dollar && body.includes('\\')) this.fail();
    const n = this.node('SglQuoted', dollar ? quote - 1 : quote, close + 1);
    n.Value = body;
    if (dollar) n.Dollar = true;
    this.i = close + 1;
    return n;
  }

  private dblQuoted(): ShNodeImpl {
    const start = this.i;
    this.i++;
    this.dquote++;
    const parts = this.quotedParts(-1, true);
    this.dquote--;
    if (this.s[this.i] !== '"') this.fail();
    this.i++;
    const n = this.node('DblQuoted', start, this.i);
    n.Parts = parts;
    return n;
  }

  /**
   * The parts of double-quoted text (up to the closing `"`, or up to `stop` for a heredoc body):
   * literal runs with their backslashes as written, and expansions.
   */
  private quotedParts(stop: number, dquote: boolean): ShNodeImpl[] {
    const s = this.s;
    const parts: ShNodeImpl[] = [];
    let litStart = -1;
    const end = stop >= 0 ? stop : s.length;
    while (this.i < end) {
      QUOTED_RUN.lastIndex = this.i;
      if (QUOTED_RUN.test(s)) {
        if (litStart < 0) litStart = this.i;
        const q = QUOTED_RUN.lastIndex;
        // biome-ignore lint/complexity/useMathMinMax: a comparison, not a call, per run (interpreted on a first analysis)
        this.i = q < end ? q : end;
        continue;
      }
      const c = s[this.i];
      if (dquote && c === '"') break;
      if (c === '`') this.fail();
      if (c === '\\') {
        if (s[this.i + 1] === '\n') this.fail();
        if (litStart < 0) litStart = this.i;
        this.i += 2;
        continue;
      }
      if (c === '$') {
        if (s[this.i + 1] === '"' || s[this.i + 1] === "'") {
          if (dquote && s[this.i + 1] === '"') {
            // `"…$"`: a lone dollar before the closing quote
            if (litStart < 0) litStart = this.i;
            this.i++;
            continue;
          }
          this.fail();
        }
        const at = this.i;
        const e = this.expansion();
        if (e) {
          litStart = this.literal(parts, litStart, at);
          parts.push(e);
          continue;
        }
      }
      if (litStart < 0) litStart = this.i;
      this.i++;
    }
    if (this.i > end) this.fail();
    litStart = this.literal(parts, litStart, this.i);
    return parts;
  }

  /** `$name`, `${…}`, `$(…)`, `$((…))` at the cursor (null when the `$` is literal). */
  private expansion(): ShNodeImpl | null {
    const s = this.s;
    const start = this.i;
    const d = s[start + 1];
    if (d === '(') {
      if (s[start + 2] === '(') return this.arithmExp();
      this.i = start + 2;
      const dq = this.dquote;
      this.dquote = 0;
      const stmts = this.stmtList(true);
      this.dquote = dq;
      this.blanksAndNewlines();
      if (s[this.i] !== ')') this.fail();
      this.i++;
      const n = this.node('CmdSubst', start, this.i);
      if (stmts.length) n.Stmts = stmts;
      return n;
    }
    if (d === '{') return this.braced();
    if (d === '[' || d === '"') this.fail();
    if (d !== undefined && isNameStart(d)) {
      let j = start + 2;
      while (j < s.length && isNameChar(s[j])) j++;
      return this.shortParam(start, j);
    }
    if (d !== undefined && ((d >= '0' && d <= '9') || '@*#?-$!'.includes(d))) return this.shortParam(start, start + 2);
    return null;
  }

  private shortParam(start: number, end: number): ShNodeImpl {
    if (this.s[end] === '\\' && this.s[end + 1] === '\n') this.fail();
    const p = this.node('ParamExp', start, end);
    p.Short = true;
    const lit = this.node('Lit', start + 1, end);
    lit.Value = this.s.slice(start + 1, end);
    p.Param = lit;
    this.i = end;
    return p;
  }

  private braced(): ShNodeImpl {
    const s = this.s;
    const start = this.i;
    let j = start + 2;
    const p = this.node('ParamExp', start, start);
    if (s[j] === '#' && s[j + 1] !== '}') {
      p.Length = true;
      j++;
    } else if (s[j] === '!' && s[j + 1] !== '}') {
      p.Excl = true;
      j++;
    }
    const nameStart = j;
    if (isNameStart(s[j])) {
      while (isNameChar(s[j])) j++;
    } else if (s[j] >= '0' && s[j] <= '9') {
      while (s[j] >= '0' && s[j] <= '9') j++;
    } else if (s[j] !== undefined && '@*#?-$!'.includes(s[j])) j++;
    else this.fail();
    const lit = this.node('Lit', nameStart, j);
    lit.Value = s.slice(nameStart, j);
    p.Param = lit;
    const c = s[j];
    if (c === '}') {
      this.i = j + 1;
      p.end = this.i;
      return p;
    }
    if (p.Length || p.Excl) this.fail();
    let op: string | null = null;
    if (c === ':' && '-=+?'.includes(s[j + 1])) op = s.slice(j, j + 2);
    else if ('-=+?'.includes(c)) op = c;
    else if (c === '#' || c === '%') op = s[j + 1] === c ? c + c : c;
    if (op === null) this.fail();
    this.i = j + op.length;
    const exp = this.node('Expansion', this.i, this.i);
    const w = this.word(true);
    if (s[this.i] !== '}') this.fail();
    if (w) exp.Word = w;
    p.Exp = exp;
    this.i++;
    p.end = this.i;
    return p;
  }

  // -------------------------------------------------------------------------------------------
  // arithmetic

  /** `$(( … ))` (ArithmExp, opener of 3) or the `(( … ))` command (ArithmCmd, opener of 2). */
  private arithmExp(): ShNodeImpl {
    return this.arithmNode('ArithmExp', 3);
  }

  private arithmCmd(): ShNodeImpl {
    return this.arithmNode('ArithmCmd', 2);
  }

  private arithmNode(type: 'ArithmExp' | 'ArithmCmd', opener: number): ShNodeImpl {
    const start = this.i;
    this.i += opener;
    const x = this.arithm();
    this.arithBlanks();
    if (this.s[this.i] !== ')' || this.s[this.i + 1] !== ')') this.fail();
    this.i += 2;
    const n = this.node(type, start, this.i);
    n.X = x;
    return n;
  }

  private arithBlanks(): void {
    const s = this.s;
    while (isBlank(s[this.i]) || s[this.i] === '\n') this.i++;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'],
    ['&&'],
    ['|'],
    ['^'],
    ['&'],
    ['==', '!='],
    ['<=', '>=', '<', '>'],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private static readonly ASSIGN_OPS = ['<<=', '>>=', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '='];

  private arithm(): ShNodeImpl {
    const x = this.arithAssign();
    this.arithBlanks();
    if (this.s[this.i] === ',') this.fail();
    return x;
  }

  private arithAssign(): ShNodeImpl {
    const x = this.arithBinary(0);
    this.arithBlanks();
    const s = this.s;
    if (s[this.i] === '?') this.fail();
    const ops = Parser.ASSIGN_OPS;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      if (s.startsWith(op, this.i) && !(op === '=' && s[this.i + 1] === '=')) {
        const opPos = this.i;
        this.i += op.length;
        const y = this.arithAssign();
        const b = this.node('BinaryArithm', x.pos, y.end);
        b.OpPos = b.at(opPos);
        b.Op = op;
        b.X = x;
        b.Y = y;
        return b;
      }
    }
    return x;
  }

  private arithOp(level: number): string | null {
    const s = this.s;
    // (indexed: this runs for every level of every operand, and `for … of` allocates in the interpreter)
    const ops = Parser.LEVELS[level];
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      if (!s.startsWith(op, this.i)) continue;
      const next = s[this.i + op.length];
      // not the start of a longer operator (`||` for `|`, `|=` for `|`, `**` for `*`, `<<` for `<`)
      if (next === '=' && !(op === '<=' || op === '>=' || op === '==' || op === '!=')) continue;
      if (op.length === 1 && (next === op || (op === '*' && next === '*'))) continue;
      if ((op === '<<' || op === '>>') && next === '=') continue;
      return op;
    }
    return null;
  }

  private arithBinary(level: number): ShNodeImpl {
    if (level >= Parser.LEVELS.length) return this.arithPower();
    let x = this.arithBinary(level + 1);
    for (;;) {
      this.arithBlanks();
      const op = this.arithOp(level);
      if (!op) return x;
      const opPos = this.i;
      this.i += op.length;
      const y = this.arithBinary(level + 1);
      const b = this.node('BinaryArithm', x.pos, y.end);
      b.OpPos = b.at(opPos);
      b.Op = op;
      b.X = x;
      b.Y = y;
      x = b;
    }
  }

  private arithPower(): ShNodeImpl {
    const x = this.arithUnary();
    this.arithBlanks();
    if (this.s.startsWith('**', this.i) && this.s[this.i + 2] !== '=') {
      const opPos = this.i;
      this.i += 2;
      const y = this.arithPower();
      const b = this.node('BinaryArithm', x.pos, y.end);
      b.OpPos = b.at(opPos);
      b.Op = '**';
      b.X = x;
      b.Y = y;
      return b;
    }
    return x;
  }

  private arithUnary(): ShNodeImpl {
    this.arithBlanks();
    const s = this.s;
    const start = this.i;
    const two = s.slice(this.i, this.i + 2);
    let op: string | null = null;
    if (two === '++' || two === '--') op = two;
    else if (s[this.i] === '!' || s[this.i] === '~' || s[this.i] === '+' || s[this.i] === '-') op = s[this.i];
    if (op) {
      this.i += op.length;
      const x = op.length === 2 ? this.arithOperand() : this.arithUnary();
      const u = this.node('UnaryArithm', start, x.end);
      u.OpPos = u.at(start);
      u.Op = op;
      u.X = x;
      return u;
    }
    const x = this.arithOperand();
    this.arithBlanks();
    const post = s.slice(this.i, this.i + 2);
    if ((post === '++' || post === '--') && x.type === 'Word') {
      const opPos = this.i;
      this.i += 2;
      const u = this.node('UnaryArithm', x.pos, this.i);
      u.OpPos = u.at(opPos);
      u.Op = post;
      u.Post = true;
      u.X = x;
      return u;
    }
    return x;
  }

  private arithOperand(): ShNodeImpl {
    this.arithBlanks();
    const s = this.s;
    if (s[this.i] === '(') {
      const start = this.i;
      this.i++;
      const x = this.arithm();
      this.arithBlanks();
      if (s[this.i] !== ')') this.fail();
      this.i++;
      const p = this.node('ParenArithm', start, this.i);
      p.X = x;
      return p;
    }
    // a word: names, numbers and expansions glued together
    const parts: ShNodeImpl[] = [];
    let litStart = -1;
    const flush = (): void => {
      if (litStart >= 0) {
        const l = this.node('Lit', litStart, this.i);
        l.Value = s.slice(litStart, this.i);
        parts.push(l);
        litStart = -1;
      }
    };
    for (;;) {
      const c = s[this.i];
      if (c === '$') {
        flush();
        const e = this.expansion();
        if (!e) this.fail();
        parts.push(e);
        continue;
      }
      if (c !== undefined && isNameChar(c)) {
        if (litStart < 0) litStart = this.i;
        this.i++;
        continue;
      }
      if (c === '#' || c === '"' || c === "'" || c === '`' || c === '[' || c === '\\' || c === '.') this.fail();
      break;
    }
    flush();
    if (!parts.length) this.fail();
    const w = this.node('Word', parts[0].pos, parts[parts.length - 1].end);
    w.Parts = parts;
    return w;
  }

  // -------------------------------------------------------------------------------------------
  // compound commands

  private expectKeyword(k: string): number {
    this.blanksAndNewlines();
    if (this.keyword() !== k) this.fail();
    const at = this.i;
    this.i += k.length;
    return at;
  }

  private subshell(): ShNodeImpl {
    const start = this.i;
    this.i++;
    const stmts = this.stmtList(true);
    this.blanksAndNewlines();
    if (this.s[this.i] !== ')') this.fail();
    this.i++;
    const n = this.node('Subshell', start, this.i);
    if (!stmts.length) this.fail();
    n.Stmts = stmts;
    return n;
  }

  private block(): ShNodeImpl {
    const start = this.i;
    this.i++;
    const stmts = this.stmtList(true);
    const close = this.expectKeyword('}');
    if (!stmts.length) this.fail();
    const n = this.node('Block', start, close + 1);
    n.Stmts = stmts;
    return n;
  }

  private ifClause(): ShNodeImpl {
    const start = this.i;
    this.i += 2;
    const top = this.node('IfClause', start, start);
    let cur = top;
    const clauses: ShNodeImpl[] = [top];
    for (;;) {
      cur.Cond = this.stmtList(true);
      if (!cur.Cond.length) this.fail();
      this.expectKeyword('then');
      cur.Then = this.stmtList(true);
      if (!cur.Then.length) this.fail();
      this.blanksAndNewlines();
      const k = this.keyword();
      if (k === 'elif') {
        const e = this.node('IfClause', this.i, this.i);
        this.i += 4;
        cur.Else = e;
        cur = e;
        clauses.push(e);
        continue;
      }
      if (k === 'else') {
        const e = this.node('IfClause', this.i, this.i);
        this.i += 4;
        e.Then = this.stmtList(true);
        if (!e.Then.length) this.fail();
        cur.Else = e;
        clauses.push(e);
      }
      const fi = this.expectKeyword('fi');
      for (const c of clauses) c.end = fi + 2;
      return top;
    }
  }

  private whileClause(until: boolean): ShNodeImpl {
    const start = this.i;
    this.i += until ? 5 : 5;
    const n = this.node('WhileClause', start, start);
    n.WhilePos = n.at(start);
    if (until) n.Until = true;
    n.Cond = this.stmtList(true);
    if (!n.Cond.length) this.fail();
    this.expectKeyword('do');
    n.Do = this.stmtList(true);
    if (!n.Do.length) this.fail();
    const done = this.expectKeyword('done');
    n.end = done + 4;
    return n;
  }

  private forClause(): ShNodeImpl {
    const s = this.s;
    const start = this.i;
    this.i += 3;
    this.blanks();
    if (s[this.i] === '(') this.fail(); // C-style loop
    const n = this.node('ForClause', start, start);
    n.ForPos = n.at(start);
    const nameStart = this.i;
    while (isNameChar(s[this.i])) this.i++;
    if (this.i === nameStart || !isMeta(s[this.i] ?? ' ')) this.fail();
    const name = this.node('Lit', nameStart, this.i);
    name.Value = s.slice(nameStart, this.i);
    const iter = this.node('WordIter', nameStart, this.i);
    iter.Name = name;
    // `for x in a b;` / `for x;` / `for x do`
    this.blanksAndNewlines();
    if (this.keyword() === 'in') {
      this.i += 2;
      const items: ShNodeImpl[] = [];
      for (;;) {
        this.blanks();
        const c = s[this.i];
        if (c === ';' || c === '\n' || c === undefined) break;
        const w = this.word(false);
        if (!w) this.fail();
        items.push(w);
      }
      if (items.length) {
        iter.Items = items;
        iter.end = items[items.length - 1].end;
      }
    }
    this.blanks();
    if (s[this.i] === ';') this.i++;
    n.Loop = iter;
    this.expectKeyword('do');
    n.Do = this.stmtList(true);
    if (!n.Do.length) this.fail();
    const done = this.expectKeyword('done');
    n.end = done + 4;
    return n;
  }

  private caseClause(): ShNodeImpl {
    const s = this.s;
    const start = this.i;
    this.i += 4;
    this.blanks();
    const w = this.word(false);
    if (!w) this.fail();
    const n = this.node('CaseClause', start, start);
    n.Word = w;
    this.expectKeyword('in');
    const items: ShNodeImpl[] = [];
    for (;;) {
      this.blanksAndNewlines();
      if (this.keyword() === 'esac') break;
      if (s[this.i] === '(') this.i++;
      const patterns: ShNodeImpl[] = [];
      for (;;) {
        this.blanks();
        const p = this.word(false);
        if (!p) this.fail();
        patterns.push(p);
        this.blanks();
        if (s[this.i] === '|') {
          this.i++;
          continue;
        }
        if (s[this.i] !== ')') this.fail();
        this.i++;
        break;
      }
      const item = this.node('CaseItem', patterns[0].pos, patterns[0].pos);
      item.Patterns = patterns;
      const stmts = this.stmtList(true);
      if (stmts.length) item.Stmts = stmts;
      this.blanksAndNewlines();
      if (s.startsWith(';;', this.i) || s.startsWith(';&', this.i)) {
        const opLen = s.startsWith(';;&', this.i) ? 3 : 2;
        item.OpPos = item.at(this.i);
        this.i += opLen;
        item.end = this.i;
      } else if (this.keyword() === 'esac') {
        item.end = stmts.length ? stmts[stmts.length - 1].end : patterns[patterns.length - 1].end + 1;
      } else this.fail();
      items.push(item);
    }
    const esac = this.i;
    this.i += 4;
    if (items.length) n.Items = items;
    n.end = esac + 4;
    return n;
  }

  private funcDecl(reserved: boolean): ShNodeImpl {
    const s = this.s;
    const start = this.i;
    if (reserved) {
      this.i += 8;
      this.blanks();
    }
    const nameStart = this.i;
    while (this.i < s.length && !isMeta(s[this.i])) this.i++;
    const nameText = s.slice(nameStart, this.i);
    if (!NAME.test(nameText)) this.fail();
    const name = this.node('Lit', nameStart, this.i);
    name.Value = nameText;
    this.blanks();
    if (s[this.i] === '(') {
      this.i++;
      this.blanks();
      if (s[this.i] !== ')') this.fail();
      this.i++;
    } else if (!reserved) this.fail();
    this.blanksAndNewlines();
    const bodyStart = this.i;
    const c = s[this.i];
    if (c !== '{' && c !== '(') this.fail();
    const body = this.command(bodyStart);
    const f = this.node('FuncDecl', start, body.end);
    if (reserved) f.RsrvWord = true;
    f.Name = name;
    f.Body = body;
    return f;
  }

  private testClause(): ShNodeImpl {
    const start = this.i;
    this.i += 2;
    const x = this.testOr();
    this.testBlanks();
    if (!this.s.startsWith(']]', this.i)) this.fail();
    this.i += 2;
    const n = this.node('TestClause', start, this.i);
    n.X = x;
    return n;
  }

  private testBlanks(): void {
    const s = this.s;
    while (isBlank(s[this.i]) || s[this.i] === '\n') this.i++;
  }

  private testOr(): ShNodeImpl {
    return this.testBinary('||', () => this.testAnd());
  }

  private testAnd(): ShNodeImpl {
    return this.testBinary('&&', () => this.testNot());
  }

  /** A left-associative chain of `operand op operand op …` inside `[[ ]]`. */
  private testBinary(op: '||' | '&&', operand: () => ShNodeImpl): ShNodeImpl {
    let x = operand();
    for (;;) {
      this.testBlanks();
      if (!this.s.startsWith(op, this.i)) return x;
      const opPos = this.i;
      this.i += 2;
      const y = operand();
      const b = this.node('BinaryTest', x.pos, y.end);
      b.OpPos = b.at(opPos);
      b.X = x;
      b.Y = y;
      x = b;
    }
  }

  private testNot(): ShNodeImpl {
    this.testBlanks();
    const s = this.s;
    if (s[this.i] === '!' && isBlank(s[this.i + 1])) {
      const start = this.i;
      this.i++;
      const x = this.testNot();
      const u = this.node('UnaryTest', start, x.end);
      u.OpPos = u.at(start);
      u.X = x;
      return u;
    }
    if (s[this.i] === '(') {
      const start = this.i;
      this.i++;
      const x = this.testOr();
      this.testBlanks();
      if (s[this.i] !== ')') this.fail();
      this.i++;
      const p = this.node('ParenTest', start, this.i);
      p.X = x;
      return p;
    }
    const w = this.testWord();
    const lit = litOf(w);
    if (lit !== null && TEST_UNARY.has(lit)) {
      this.testBlanks();
      if (!this.s.startsWith(']]', this.i) && !this.s.startsWith('&&', this.i) && !this.s.startsWith('||', this.i) && s[this.i] !== ')') {
        const x = this.testWord();
        const u = this.node('UnaryTest', w.pos, x.end);
        u.OpPos = u.at(w.pos);
        u.X = x;
        return u;
      }
    }
    this.testBlanks();
    if (this.s.startsWith(']]', this.i) || this.s.startsWith('&&', this.i) || this.s.startsWith('||', this.i) || s[this.i] === ')') return w;
    const opPos = this.i;
    let op: string;
    if (s[this.i] === '<' || s[this.i] === '>') {
      op = s[this.i];
      this.i++;
    } else {
      const o = this.testWord();
      op = litOf(o) ?? '';
      if (op === '=~' || !TEST_BINARY.has(op)) this.fail();
    }
    const y = this.testWord();
    const b = this.node('BinaryTest', w.pos, y.end);
    b.OpPos = b.at(opPos);
    b.Op = op;
    b.X = w;
    b.Y = y;
    return b;
  }

  private testWord(): ShNodeImpl {
    this.testBlanks();
    if (this.s.startsWith(']]', this.i) && (isMeta(this.s[this.i + 2] ?? ' ') || this.s[this.i + 2] === undefined)) this.fail();
    const w = this.word(false);
    if (!w) this.fail();
    return w;
  }
}

/** Recomputes statement ends as mvdan-sh derives them (after heredoc bodies moved a redirection's end). */
function fixEnds(n: ShNodeImpl): void {
  const fields = CHILDREN[n.type];
  if (fields) {
    for (let k = 0; k < fields.length; k++) {
      const v = n[fields[k]];
      if (Array.isArray(v)) for (let j = 0; j < v.length; j++) fixEnds(v[j] as ShNodeImpl);
      else if (v instanceof ShNodeImpl) fixEnds(v);
    }
  }
  if (n.type === 'Stmt' && !n.semi) {
    const redirs = n.Redirs as ShNodeImpl[] | undefined;
    let end = n.Cmd ? (n.Cmd as ShNodeImpl).end : n.pos;
    if (redirs?.length) end = Math.max(end, redirs[redirs.length - 1].end);
    n.end = end;
  } else if (n.type === 'BinaryCmd') n.end = (n.Y as ShNodeImpl).end;
  else if (n.type === 'FuncDecl') n.end = (n.Body as ShNodeImpl).end;
}

/** A part's literal text ('' for anything else). */
function lit0(p: ShNodeImpl): string {
  return p.type === 'Lit' ? (p.Value as string) : '';
}

/** The text of a word made of one literal without escapes (null otherwise). */
function litOf(w: ShNodeImpl): string | null {
  const parts = w.Parts as ShNodeImpl[];
  if (parts.length !== 1 || parts[0].type !== 'Lit') return null;
  const v = parts[0].Value as string;
  return v.includes('\\') ? null : v;
}
