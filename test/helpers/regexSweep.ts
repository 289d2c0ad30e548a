/**
 * Every regular-expression literal in the server's source, and inputs built to make a backtracking
 * regex slow: long runs of one character (or a two-character pair), alone, then a character that makes
 * the match fail, or inside a quoted value. Used by test/unit/linear.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RegexLiteral {
  file: string;
  line: number;
  source: string;
  regex: RegExp;
}

function walk(dir: string, out: string[]): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * The regex literals of one TypeScript source: a small lexer that skips comments, strings and
 * template literals and reads `/` as a regex where an expression may start (TypeScript 7 has no
 * JavaScript API to parse with).
 */
export function regexLiteralsIn(text: string): Array<{ offset: number; literal: string }> {
  const out: Array<{ offset: number; literal: string }> = [];
  // after these a `/` starts a regex; after an identifier, a number, `)` or `]` it divides
  const keywordsBefore = new Set(['return', 'typeof', 'case', 'in', 'of', 'void', 'throw', 'new', 'delete', 'else', 'do', 'yield', 'await']);
  let prev = ''; // the previous significant token: a punctuator, 'id', 'num', 'str'
  const braces: Array<'code' | 'template'> = [];
  let i = 0;
  const n = text.length;
  const readTemplate = (): void => {
    // i is just past the backtick or the `}` closing a substitution
    while (i < n) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        prev = 'str';
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        braces.push('template');
        prev = '{';
        return;
      } else i++;
    }
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      prev = 'str';
      continue;
    }
    if (c === '`') {
      i++;
      readTemplate();
      continue;
    }
    if (c === '{') {
      braces.push('code');
      prev = '{';
      i++;
      continue;
    }
    if (c === '}') {
      i++;
      if (braces.pop() === 'template') readTemplate();
      else prev = '}';
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(text[j])) j++;
      const word = text.slice(i, j);
      prev = keywordsBefore.has(word) ? '(' : 'id';
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) j++;
      prev = 'num';
      i = j;
      continue;
    }
    if (c === '/' && !(prev === 'id' || prev === 'num' || prev === 'str' || prev === ')' || prev === ']' || prev === '}')) {
      const start = i;
      i++;
      let inClass = false;
      while (i < n && text[i] !== '\n') {
        const d = text[i];
        if (d === '\\') i += 2;
        else if (d === '[') {
          inClass = true;
          i++;
        } else if (d === ']') {
          inClass = false;
          i++;
        } else if (d === '/' && !inClass) break;
        else i++;
      }
      i++;
      while (i < n && /[a-z]/.test(text[i])) i++;
      out.push({ offset: start, literal: text.slice(start, i) });
      prev = 'str';
      continue;
    }
    prev = c;
    i++;
  }
  return out;
}

/** Every regex literal in the `.ts` files under `dir` (file names relative to `root`). */
export function regexLiterals(root: string, dir: string): RegexLiteral[] {
  const out: RegexLiteral[] = [];
  for (const file of walk(path.join(root, dir), []).sort()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const { offset, literal } of regexLiteralsIn(text)) {
      const slash = literal.lastIndexOf('/');
      out.push({
        file: path.relative(root, file).split(path.sep).join('/'),
        line: text.slice(0, offset).split('\n').length,
        source: literal,
        regex: new RegExp(literal.slice(1, slash), literal.slice(slash + 1)),
      });
    }
  }
  return out;
}

const SINGLE = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  'a',
  'A',
  '0',
  '-',
  '_',
  '.',
  ':',
  '/',
  '$',
  '{',
  '}',
  '(',
  ')',
  '[',
  '"',
  "'",
  '#',
  '=',
  ',',
  '@',
  '*',
  '\\',
  '|',
  ';',
  '&',
  '%',
  '+',
  '!',
  '`',
];
const PAIRS = [' a', 'a ', ' \n', ': ', '- ', '-a', '${', 'a.', 'a-', 'a/', 'a:', '0.', '\\ ', ' #', 'a=', '" ', '\t '];

/** Adversarial strings of about `size` characters: runs, runs after a key, runs ending in a failing character. */
export function adversarialInputs(size: number): Array<{ label: string; text: string }> {
  const out: Array<{ label: string; text: string }> = [];
  for (const unit of [...SINGLE, ...PAIRS]) {
    const run = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    out.push({ label: JSON.stringify(unit) + '×', text: run });
    out.push({ label: JSON.stringify(unit) + '×+"\\u0001"', text: run + '\u0001' });
    out.push({ label: 'key: ' + JSON.stringify(unit) + '×', text: 'note: "a' + run + 'b"' });
  }
  return out;
}
