// Collects every message a person reads into l10n/bundle.l10n.json, the English bundle VS Code and
// @vscode/l10n expect (key = English text = value):
//   - the literal first argument of every `t(…)`, `l10n.t(…)` and `vscode.l10n.t(…)` call in
//     server/src, client/src and media/*.js (the timeline webview has its own `t`),
//   - every rule's one-line summary (shown by `initlens --list-rules`, SARIF and, through
//     scripts/sync-manifest.ts, package.nls.*.json).
// A call whose first argument is not one string literal is an error: the extractor could not see
// its text, so it could never be translated.
//
//   npm run l10n             rewrite l10n/bundle.l10n.json
//   npm run l10n -- --check  fail when it is stale, a call is not literal, or zh-cn lacks a key
//
// Sources are read with a small JavaScript/TypeScript tokenizer (comments, strings with escapes,
// nested template literals, regular expressions vs division), not with regular expressions over
// the whole text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/analysis';

export const root = path.resolve(__dirname, '..');
export const BUNDLE = path.join(root, 'l10n', 'bundle.l10n.json');
export const TRANSLATIONS = ['zh-cn'];

/** Where calls are looked for (relative to the root); files ending .ts / .js below them. */
const SOURCES = ['server/src', 'client/src', 'media'];
/** The files that define `t` itself and pass a variable on to @vscode/l10n. */
const DEFINITIONS = new Set(['server/src/analysis/i18n.ts']);

// ── tokenizer ───────────────────────────────────────────────────────────────────────────────────

export type TokenKind = 'string' | 'template' | 'regex' | 'name' | 'number' | 'punct';
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  /** A template literal with `${…}` substitutions (its value is not a constant). */
  substitutions?: boolean;
}

const ID_START = /[A-Za-z_$\u0080-\uffff]/;
const ID_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
/** After these keywords a `/` starts a regular expression, not a division. */
const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];

export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  /** Open braces: 'b' for a block/object, 't' for a template substitution `${`. */
  const braces: Array<'b' | 't'> = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const prev = out[out.length - 1];
    if (!prev) return true;
    if (prev.kind === 'name') return REGEX_AFTER_KEYWORD.has(prev.text);
    if (prev.kind === 'punct') return ![')', ']', '}'].includes(prev.text);
    return false;
  };
  /** Reads a template's text from just after ` or } up to the closing ` or the next `${`. */
  const templatePart = (from: number): { end: number; closed: boolean } => {
    let j = from;
    while (j < src.length) {
      const c = src[j];
      if (c === '\\') j += 2;
      else if (c === '`') return { end: j + 1, closed: true };
      else if (c === '$' && src[j + 1] === '{') return { end: j + 2, closed: false };
      else j++;
    }
    throw new TokenizeError('unterminated template literal', from);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff' || c === '\u00a0' || c === '\u2028' || c === '\u2029') {
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new TokenizeError('unterminated comment', i);
      i = end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        else if (src[j] === '\n') throw new TokenizeError('unterminated string', i);
        j++;
      }
      if (j >= src.length) throw new TokenizeError('unterminated string', i);
      out.push({ kind: 'string', text: src.slice(i, j + 1), start: i });
      i = j + 1;
    } else if (c === '`') {
      const part = templatePart(i + 1);
      if (part.closed) {
        out.push({ kind: 'template', text: src.slice(i, part.end), start: i });
      } else {
        out.push({ kind: 'template', text: src.slice(i, part.end), start: i, substitutions: true });
        braces.push('t');
      }
      i = part.end;
    } else if (c === '}' && braces[braces.length - 1] === 't') {
      braces.pop();
      const part = templatePart(i + 1);
      // the rest of the template after a substitution: not a token of its own
      out.push({ kind: 'punct', text: '}', start: i });
      if (!part.closed) braces.push('t');
      i = part.end;
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length) {
        const d = src[j];
        if (d === '\\') j++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        else if (d === '\n') throw new TokenizeError('unterminated regular expression', i);
        j++;
      }
      j++;
      while (j < src.length && ID_PART.test(src[j])) j++;
      out.push({ kind: 'regex', text: src.slice(i, j), start: i });
      i = j;
    } else if (ID_START.test(c) || c === '\\' || c === '#') {
      let j = i + 1;
      while (j < src.length && ID_PART.test(src[j])) j++;
      out.push({ kind: 'name', text: src.slice(i, j), start: i });
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < src.length && /[0-9A-Za-z_.]/.test(src[j])) {
        if ((src[j] === 'e' || src[j] === 'E') && (src[j + 1] === '+' || src[j + 1] === '-')) j++;
        j++;
      }
      out.push({ kind: 'number', text: src.slice(i, j), start: i });
      i = j;
    } else {
      const p = PUNCTUATORS.find((q) => src.startsWith(q, i)) ?? c;
      if (p === '{' || p === '${') braces.push('b');
      else if (p === '}') braces.pop();
      out.push({ kind: 'punct', text: p, start: i });
      i += p.length;
    }
  }
  return out;
}

/** The value of a string literal token (or a template literal without substitutions). */
export function literalValue(token: Token): string {
  const body = token.text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      // a template literal's raw line breaks are normalized to \n, as JavaScript does
      if (c === '\r') {
        out += '\n';
        if (body[i + 1] === '\n') i++;
      } else out += c;
      continue;
    }
    const d = body[++i];
    switch (d) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        out += '\0';
        break;
      case 'x':
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
        i += 2;
        break;
      case 'u':
        if (body[i + 1] === '{') {
          const end = body.indexOf('}', i);
          out += String.fromCodePoint(parseInt(body.slice(i + 2, end), 16));
          i = end;
        } else {
          out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
          i += 4;
        }
        break;
      case '\r':
        if (body[i + 1] === '\n') i++;
        break; // line continuation
      case '\n':
      case '\u2028':
      case '\u2029':
        break;
      default:
        out += d;
    }
  }
  return out;
}

// ── extraction ──────────────────────────────────────────────────────────────────────────────────

export interface Message {
  key: string;
  /** `file:line` of its first use, or `rule <id>` for a summary. */
  where: string;
}
export interface Problem {
  where: string;
  problem: string;
}

function lineOf(src: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/** The `t(…)` calls in one source text: their literal keys and the calls that are not literal. */
export function scanSource(src: string, file: string): { messages: Message[]; problems: Problem[] } {
  const messages: Message[] = [];
  const problems: Problem[] = [];
  let tokens: Token[];
  try {
    tokens = tokenize(src);
  } catch (e) {
    const offset = e instanceof TokenizeError ? e.offset : 0;
    return { messages, problems: [{ where: `${file}:${lineOf(src, offset)}`, problem: `cannot read the source: ${(e as Error).message}` }] };
  }
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (tok.kind !== 'name' || tok.text !== 't' || tokens[k + 1]?.text !== '(') continue;
    const prev = tokens[k - 1];
    if (prev?.text === 'function') continue; // the definition of a `t`
    if (prev?.text === '.' || prev?.text === '?.') {
      // only l10n.t( / vscode.l10n.t(: another object's `t` method is not ours
      if (tokens[k - 2]?.text !== 'l10n') continue;
    }
    const where = `${file}:${lineOf(src, tok.start)}`;
    const arg = tokens[k + 2];
    const after = tokens[k + 3];
    const isLiteral = arg && (arg.kind === 'string' || (arg.kind === 'template' && !arg.substitutions));
    if (!isLiteral || (after?.text !== ',' && after?.text !== ')')) {
      problems.push({ where, problem: 'the first argument of t() is not one string literal, so it cannot be extracted or translated' });
      continue;
    }
    const key = literalValue(arg);
    if (!key.trim()) problems.push({ where, problem: 't() with an empty message' });
    else messages.push({ key, where });
  }
  return { messages, problems };
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const s of SOURCES) walk(path.join(root, s));
  return out;
}

/** Every message of the sources and the rule registry, in source order (first use), no duplicates. */
export function extract(): { bundle: Record<string, string>; messages: Message[]; problems: Problem[] } {
  const messages: Message[] = [];
  const problems: Problem[] = [];
  for (const file of sourceFiles()) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (DEFINITIONS.has(rel)) continue;
    const r = scanSource(fs.readFileSync(file, 'utf8'), rel);
    messages.push(...r.messages);
    problems.push(...r.problems);
  }
  for (const rule of [...allRules].sort((a, b) => a.id.localeCompare(b.id))) messages.push({ key: rule.summary, where: `rule ${rule.id}` });
  const bundle: Record<string, string> = {};
  const unique: Message[] = [];
  for (const m of messages) {
    if (Object.hasOwn(bundle, m.key)) continue;
    bundle[m.key] = m.key;
    unique.push(m);
  }
  return { bundle, messages: unique, problems };
}

export function serialize(bundle: Record<string, string>): string {
  return JSON.stringify(bundle, null, 2) + '\n';
}

/** `{0}`, `{1}` … in a message, sorted (a multiset: a placeholder may be used twice). */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\d+)\}/g)].map((m) => m[0]).sort();
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const { bundle, messages, problems } = extract();
  for (const p of problems) console.error(`${p.where}: ${p.problem}`);
  const text = serialize(bundle);
  const current = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE, 'utf8') : '';
  let failed = problems.length > 0;
  if (check) {
    if (current !== text) {
      console.error('l10n/bundle.l10n.json is out of date with the sources: run `npm run l10n`.');
      failed = true;
    }
  } else if (current !== text) {
    fs.writeFileSync(BUNDLE, text);
    console.log(`l10n/bundle.l10n.json: ${messages.length} messages written`);
  } else {
    console.log(`l10n/bundle.l10n.json: ${messages.length} messages, up to date`);
  }
  for (const locale of TRANSLATIONS) {
    const file = path.join(root, 'l10n', `bundle.l10n.${locale}.json`);
    const translated = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
    const missing = messages.filter((m) => typeof translated[m.key] !== 'string' || !translated[m.key]);
    const extra = Object.keys(translated).filter((k) => !Object.hasOwn(bundle, k));
    const broken = messages.filter((m) => translated[m.key] && placeholders(translated[m.key]).join() !== placeholders(m.key).join());
    for (const m of missing) console.error(`${locale}: no translation for ${m.where}: ${JSON.stringify(m.key)}`);
    for (const k of extra) console.error(`${locale}: translation of a message no source uses: ${JSON.stringify(k)}`);
    for (const m of broken) console.error(`${locale}: placeholders differ for ${m.where}: ${JSON.stringify(m.key)}`);
    if (missing.length || broken.length) failed = failed || check;
    if (!check && (missing.length || extra.length || broken.length)) {
      console.error(`${locale}: ${missing.length} missing, ${extra.length} unused, ${broken.length} with other placeholders`);
    }
  }
  if (failed) process.exit(1);
}
