/**
 * Helpers for headlines (a finding's `message`): one Problems row, plain text, ≤ 100 characters in
 * English and ≤ 50 in Chinese. Names the user wrote can be long; the headline shows enough of them
 * to recognise, and the detail (hover, `--verbose`, JSON, SARIF) keeps them whole.
 */

/** `s` cut to at most `max` characters, with an ellipsis when cut. */
export function clip(s: string, max = 30): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

/** `s` cut in the middle (`this-name-is-fa…ontainer-name`): two long names that share a prefix stay apart. */
export function clipMiddle(s: string, max = 30): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  const head = Math.ceil((max - 1) / 2);
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - (max - 1 - head)).join('');
}

/** A file path cut from the left to its last segments (`…/html/index.html`) when it is long. */
export function shortPath(p: string, max = 24): string {
  if ([...p].length <= max) return p;
  const parts = p.split('/').filter(Boolean);
  let out = parts[parts.length - 1] ?? p;
  for (let i = parts.length - 2; i >= 0; i--) {
    const next = `${parts[i]}/${out}`;
    if ([...next].length + 2 > max) break;
    out = next;
  }
  return clip(`…/${out}`, max);
}
