/**
 * Text for a terminal: the CLI's text output prints names and values from the files it reads, and a
 * container named `"x\e[2K\r\e[32mAll checks passed"` must not be able to erase a finding, move the
 * cursor, set the window title or reverse the line. Every control character is written as a visible
 * escape instead: C0 (`\x1B`, `\r`, BEL…), DEL, C1 (`\u009B` is a one-byte CSI), the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) and the Unicode line
 * and paragraph separators. JSON and SARIF output are not passed through this: they stay exact.
 */

/** Control characters, C1, bidi controls and line/paragraph separators (tab and LF are handled apart). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_WITH_LINES = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\u001b':
      return '\\e';
  }
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One field (a file name, a message): every control character escaped, line breaks and tabs too. */
export function terminalField(s: string): string {
  return s.replace(CONTROL_WITH_LINES, visible);
}

/** Whole lines of output: control characters escaped, `\n` (and tab) kept as they are. */
export function terminalLines(s: string): string {
  return s.replace(CONTROL, visible);
}
