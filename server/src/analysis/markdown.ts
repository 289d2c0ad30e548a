/**
 * The one way user text goes into Markdown (hovers, completion documentation, any other Markdown
 * InitLens writes). A name or value from a file in an untrusted workspace must stay inert: it cannot
 * close a code span, start a link, an image, raw HTML, a heading or a table cell, or run on past a
 * blank line. Every piece of text that comes from a file goes through one of these functions; text
 * InitLens writes itself (the translated templates) does not need to.
 *
 *  - `mdCode(s)` — the usual choice: a code span around `s`, fenced with more backticks than `s`
 *    holds, so nothing inside is Markdown (links, HTML, emphasis and entities are not parsed in code
 *    spans, and editors do not autolink inside them).
 *  - `mdCodeContent(s)` — `s` placed inside a code span a translated template already opens
 *    (`` `restartPolicy: {0}` ``): its backticks cannot close that span.
 *  - `mdText(s)` — `s` as plain text: every ASCII punctuation character backslash-escaped (no
 *    link, image, HTML, entity or emphasis; `https\://` is not autolinked either).
 *  - `mdFence(lang, body)` — a fenced code block that `body` cannot close.
 *
 * In all of them a line break (CR, LF, NEL, U+2028/U+2029) becomes a space and other control
 * characters become U+FFFD, so user text never ends a paragraph or a table row. Pass `{ table: true }`
 * inside a GFM table cell: `|` is escaped too.
 */

export interface MdOptions {
  /** The text goes into a GFM table cell: escape `|`, which would end the cell even in a code span. */
  table?: boolean;
}

const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters in user text are replaced
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** One line of text with no control characters (tabs become spaces). */
function oneLine(s: string): string {
  return s.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROLS, '\uFFFD');
}

/** A code span holding `s` exactly (on one line). */
export function mdCode(s: string, opts: MdOptions = {}): string {
  let body = oneLine(s);
  if (opts.table) body = body.replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  // a span that starts or ends with a backtick (or is all spaces) needs a space on each side, which
  // CommonMark strips again
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** `s` for the inside of a single-backtick code span that a template opens and closes. */
export function mdCodeContent(s: string, opts: MdOptions = {}): string {
  const body = oneLine(s).replace(/`/g, "'");
  return opts.table ? body.replace(/\|/g, '\\|') : body;
}

/** `s` as inert plain text. */
export function mdText(s: string): string {
  return oneLine(s).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** A fenced code block whose fence is longer than any backtick run in `body`. */
export function mdFence(lang: string, body: string): string {
  let longest = 2;
  for (const m of body.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang.replace(/[^\w+-]/g, '')}\n${body.replace(/\r\n?/g, '\n')}\n${fence}`;
}
