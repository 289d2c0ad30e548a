/**
 * Linear-time string helpers for the places where a regex such as `/-+$/` or `/\s+#.*$/` would
 * backtrack: an unanchored run followed by something that fails restarts at every position of the
 * run, which is quadratic on a long line of `-`, `/` or spaces (test/perf/regex.test.ts).
 */

/** `s` without the `ch` characters at its end (what `s.replace(/ch+$/, '')` meant). */
export function trimEndChar(s: string, ch: string): string {
  let e = s.length;
  while (e > 0 && s[e - 1] === ch) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** `s` without the `ch` characters at its start. */
export function trimStartChar(s: string, ch: string): string {
  let b = 0;
  while (b < s.length && s[b] === ch) b++;
  return b === 0 ? s : s.slice(b);
}

/** `s` without `ch` at either end (what `s.replace(/^ch+|ch+$/g, '')` meant). */
export function trimChar(s: string, ch: string): string {
  return trimStartChar(trimEndChar(s, ch), ch);
}

/** JavaScript's `\s` for one UTF-16 unit. */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * One line cut before a `#` comment that follows white space, the white space too
 * (`line.replace(/\s+#.*$/, '')` for a line without line breaks).
 */
export function cutComment(line: string): string {
  for (let j = line.indexOf('#'); j >= 0; j = line.indexOf('#', j + 1)) {
    if (j === 0 || !isSpace(line.charCodeAt(j - 1))) continue;
    let i = j - 1;
    while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
    return line.slice(0, i);
  }
  return line;
}

/**
 * One line cut before ` -- ` (white space, two dashes, white space), the separator of a directive's
 * reason (`line.replace(/\s--\s.*$/, '')` for a line without line breaks).
 */
export function cutReason(line: string): string {
  for (let j = line.indexOf('--'); j >= 0; j = line.indexOf('--', j + 1)) {
    if (j > 0 && j + 2 < line.length && isSpace(line.charCodeAt(j - 1)) && isSpace(line.charCodeAt(j + 2))) return line.slice(0, j - 1);
  }
  return line;
}

/** Every run of white space that holds a line break becomes one space (the CLI's one-line messages). */
export function joinLines(s: string): string {
  if (!s.includes('\n')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (!isSpace(s.charCodeAt(i))) {
      out += s[i++];
      continue;
    }
    let j = i;
    let hasBreak = false;
    while (j < s.length && isSpace(s.charCodeAt(j))) {
      if (s[j] === '\n') hasBreak = true;
      j++;
    }
    out += hasBreak ? ' ' : s.slice(i, j);
    i = j;
  }
  return out;
}

/** `s` without its trailing run of characters for which `test` holds. */
export function trimEndWhile(s: string, test: (c: number) => boolean): string {
  let e = s.length;
  while (e > 0 && test(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}
