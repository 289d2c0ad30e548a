/**
 * A document that is not valid YAML: where the parser first gave up, and the `yaml-syntax-error`
 * finding the command line reports for it (the editor does not: the YAML extension already
 * underlines syntax errors, and the status bar says InitLens is paused there). A document with Go or
 * Helm template actions (`{{ … }}`) that does not parse is a template, not an error: it is skipped
 * and listed as such. Pure.
 */
import type { Document } from 'yaml';
import { t } from './i18n';
import { isSpace } from './text';
import type { Finding, Severity } from './rule';
import type { ResolvedSettings } from './settings';
import { yamlSyntaxError } from './rules/yaml-syntax-error';

export interface SyntaxError {
  /** Offsets relative to the document: the token where parsing failed (never empty when the document is not). */
  start: number;
  end: number;
  /** The parser's own words (English) and its error code. */
  message: string;
  code: string;
}

/** `{{ … }}` with something inside: a Go/Helm template action. */
const TEMPLATE_ACTION = /\{\{-?[^{}]*?-?\}\}/;

export function hasTemplateAction(text: string): boolean {
  return TEMPLATE_ACTION.test(text);
}

/** The first error of a parsed document (or of a document the parser could not build at all). */
export function syntaxErrorOf(text: string, doc: Document.Parsed | null): SyntaxError | null {
  if (doc && doc.errors.length === 0) return null;
  const first = doc?.errors[0];
  const [start, end] = tokenAround(text, first?.pos[0] ?? 0);
  return {
    start,
    end,
    message: first ? first.message.split('\n')[0] : 'the document could not be read',
    code: first?.code ?? 'UNKNOWN',
  };
}

/**
 * The parser's position as a visible range: from that point to the end of its line's content (no
 * trailing comment). When nothing is left there (a "missing ]" or "missing quote" noticed at the
 * start of the next line, or past the end), the content of the last line before it that has some:
 * the unfinished thing is behind the point where the parser noticed.
 */
function tokenAround(text: string, a: number): [number, number] {
  const n = text.length;
  const s = Math.max(0, Math.min(a, n));
  const lineStart = s === 0 ? 0 : text.lastIndexOf('\n', s - 1) + 1;
  let lineEnd = text.indexOf('\n', s);
  if (lineEnd < 0) lineEnd = n;
  const here = content(text, s, lineEnd);
  if (here) return here;
  const before = content(text, lineStart, s);
  if (before) return before;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const c = content(text, start, end);
    if (c) return c;
    end = start - 1;
  }
  return [s, s];
}

/**
 * The non-blank part of one line before a comment (a `#` at the start or after white space), as
 * [start, end) in the line; null when there is none. A scan rather than the regex it replaces,
 * `/^(\s*)(.*?)\s*(?:(?:^|\s)#.*)?$/`, which was quadratic on a long run of spaces.
 */
export function lineContent(line: string): [number, number] | null {
  let lead = 0;
  while (lead < line.length && isSpace(line.charCodeAt(lead))) lead++;
  if (lead === line.length || line[lead] === '#') return null;
  let end = line.length;
  for (let j = line.indexOf('#', lead); j >= 0; j = line.indexOf('#', j + 1)) {
    if (isSpace(line.charCodeAt(j - 1))) {
      end = j;
      break;
    }
  }
  while (end > lead && isSpace(line.charCodeAt(end - 1))) end--;
  return [lead, end];
}

/** The non-blank part of text[from, to) before any comment, or null when there is none. */
function content(text: string, from: number, to: number): [number, number] | null {
  const part = text.slice(from, to).replace(/\r$/, '');
  const c = lineContent(part);
  return c ? [from + c[0], from + c[1]] : null;
}

/** The finding for a syntax error (document-relative offsets), or null when the rule is off. */
export function syntaxFinding(error: SyntaxError, settings: ResolvedSettings, object: string | null): Finding | null {
  const configured = settings.rules[yamlSyntaxError.id];
  if (configured === 'off') return null;
  const severity: Severity = configured ?? yamlSyntaxError.defaultSeverity;
  return {
    rule: yamlSyntaxError.id,
    severity,
    message: t('Not valid YAML here, so this document is not fully checked'),
    detail: t(
      'The YAML parser stopped here: {0} (`{1}`). InitLens checks only what parses, so problems further on go unseen; `kubectl apply` rejects the file too. Fix the syntax and check again.',
      error.message,
      error.code,
    ),
    start: error.start,
    end: error.end,
    document: 0,
    object,
    container: null,
    related: [],
  };
}
