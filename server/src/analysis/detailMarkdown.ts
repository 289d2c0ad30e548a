/**
 * A finding's detail as safe Markdown. A detail is a translated template with code spans
 * (`` `{0}` ``) and names, paths and values from the file filled in; the only Markdown it means is
 * those code spans. A name with a backtick, a bracket or a `<` must not turn the rest into a link,
 * an image, HTML, emphasis or a heading when the detail is shown where Markdown is rendered (the
 * hover on a squiggle, SARIF `message.markdown`).
 *
 * The text is read the way CommonMark reads code spans — a run of N backticks opens a span that
 * the next run of exactly N backticks closes — and everything outside a span has its Markdown
 * punctuation backslash-escaped (which also stops bare URLs being autolinked). A backtick in a name that upsets the pairing only moves text
 * between "code" and "escaped text": either way nothing in it is interpreted. Line breaks become
 * spaces, so the detail stays one paragraph.
 */

/** Every ASCII punctuation character, as `mdText` does: no link, image, HTML, emphasis or autolink. */
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

function escapeText(s: string): string {
  return s.replace(PUNCTUATION, '\\$&');
}

export function detailMarkdown(detail: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters in a finding's detail are replaced
  const text = detail.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('`', i);
    if (open < 0) {
      out += escapeText(text.slice(i));
      break;
    }
    out += escapeText(text.slice(i, open));
    let n = 0;
    while (text[open + n] === '`') n++;
    // the closing run: exactly n backticks, not part of a longer run
    let close = -1;
    for (let j = open + n; j < text.length; j++) {
      if (text[j] !== '`') continue;
      let m = 0;
      while (text[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m - 1;
    }
    if (close < 0) {
      // an unmatched run is literal text in CommonMark: escape it and go on
      out += '\\`'.repeat(n);
      i = open + n;
      continue;
    }
    out += text.slice(open, close + n);
    i = close + n;
  }
  return out;
}
