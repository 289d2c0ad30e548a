/**
 * Inline suppression comments, read from the YAML parser's comment tokens (so a `#` inside a
 * script or a quoted string is never taken for one):
 *   # initlens-disable-next-line rule-a, rule-b   → findings that start on the next line
 *   # initlens-disable rule-a                     → findings from here to the end of the document
 * Without rule ids, every rule is meant.
 */
import { cutReason } from './text';

export interface Directive {
  kind: 'next-line' | 'rest';
  /** null: every rule. */
  rules: Set<string> | null;
  /** The line (0-based, in the document chunk) the directive applies from. */
  line: number;
  /** Offset where the directive applies from (rest) — chunk-relative. */
  offset: number;
}

const DIRECTIVE = /^#\s*initlens-disable(-next-line)?(?:\s+(.*))?$/;

export function readDirectives(text: string, comments: Array<{ start: number; text: string }>): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text.trim());
    if (!m) continue;
    const ids = cutReason(m[2] ?? '')
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    out.push({
      kind: m[1] ? 'next-line' : 'rest',
      rules: ids.length ? new Set(ids) : null,
      line: lineOf(text, c.start) + (m[1] ? 1 : 0),
      offset: c.start,
    });
  }
  return out;
}

export function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
  }
  return line;
}

/** Whether a finding (chunk-relative start) is suppressed. */
export function isSuppressed(directives: Directive[], text: string, rule: string, start: number): boolean {
  let line = -1;
  for (const d of directives) {
    if (d.rules && !d.rules.has(rule)) continue;
    if (d.kind === 'rest') {
      if (start >= d.offset) return true;
    } else {
      if (line < 0) line = lineOf(text, start);
      if (line === d.line) return true;
    }
  }
  return false;
}
