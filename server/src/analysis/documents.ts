/**
 * Splits a YAML stream into its documents and parses each one on its own, so that an edit re-parses
 * only the document it touched (see `analyze.ts`, which caches per document text).
 *
 * A line that starts with `---` or `...` followed by white space (or nothing) is a document marker
 * wherever it stands — YAML forbids such lines inside scalars of any style — so cutting the text
 * there is exact, not a guess.
 */
import { Composer, type Document, type DocumentOptions, type ParseOptions, Parser, type ScalarTag, type SchemaOptions } from 'yaml';
import { indexAliases } from './nodes';

export interface DocumentChunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  /** The chunk's text (includes its leading `---` line, if any). */
  text: string;
}

const MARKER = /^(?:---|\.\.\.)(?:[ \t]|\r?\n|\r|$)/;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let sawContent = false;
  /** The chunk has its own `---` already: the next `---` starts another document, even after an empty one. */
  let sawMarker = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const c0 = text.charCodeAt(lineStart);
    if ((c0 === 45 /* - */ || c0 === 46) /* . */ && MARKER.test(text.slice(lineStart, lineStart + 5))) {
      const isEnd = c0 === 46;
      if (!isEnd && (sawContent || sawMarker)) {
        // `---` / comments / `---`: the first document is empty (what `helm template` prints before
        // each object), the second one is cut off as its own chunk rather than hidden behind it
        chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
        sawContent = false;
      }
      if (isEnd) {
        // `...` ends the document: it belongs to the chunk before it.
        chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineEnd + 1) });
        chunkStart = Math.min(lineEnd + 1, text.length);
        sawContent = false;
        sawMarker = false;
      } else {
        sawMarker = true;
        // content after `--- ` on the marker line counts as the document's content
        sawContent = /\S/.test(text.slice(lineStart + 3, lineEnd).replace(/#.*$/, '')) || false;
      }
    } else if (!sawContent) {
      const line = text.slice(lineStart, lineEnd);
      const trimmed = line.trimStart();
      if (trimmed.length > 0 && !trimmed.startsWith('#') && !trimmed.startsWith('%')) sawContent = true;
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  }
  return chunks;
}

/**
 * The text with every lone CR (old Mac line ends) turned into LF. YAML counts CR alone as a line
 * break but the `yaml` library does not (`a: 1\rb: 2` is one broken line to it), so the analysis
 * reads this copy. One character for one: every offset stays the same, and edits still go to the
 * original text.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export interface ParsedChunk {
  doc: Document.Parsed | null;
  /** Offsets (relative to the chunk) of every comment, for suppression directives. */
  comments: Array<{ start: number; text: string }>;
}

/**
 * A plain scalar that no tag of yaml's core schema can read as anything but a string: its first
 * character starts none of int (`0o7`, `-1`, `0x1`), float (`.inf`, `.nan`, `1.5`, `-1e3`) or `~`,
 * and it is not the word `null`, `true` or `false` (in the three spellings each that the core schema
 * reads; the empty scalar is null). Put before the core tags, it answers for most keys and values at
 * once (`name`, `busybox`, `/data`, `nginx`) where yaml tries each core tag's pattern in turn: the
 * same value, less parse (issue 10). `identify` is false: it only reads strings, it never writes one.
 * `test/unit/yamlReading.test.ts` checks it against every core tag of the yaml installed.
 */
export const PLAIN_STRING: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  identify: () => false,
  test: /^(?:[^-+.0-9~nNtTfF]|[nN](?!ull$|ULL$)|[tT](?!rue$|RUE$)|[fF](?!alse$|ALSE$))/,
  resolve: (s: string) => s,
};

type ComposeOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * How the analysis has yaml read a document: no duplicate-key check, no pretty errors, and the quick
 * string tag in front of the core ones. A document with a directive (`%YAML 1.1`, where `yes` is true)
 * gets yaml's own tags only.
 */
const COMPOSE_WITH_DIRECTIVES: ComposeOptions = { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false };
const COMPOSE: ComposeOptions = { ...COMPOSE_WITH_DIRECTIVES, customTags: (tags) => [PLAIN_STRING, ...tags] };

/** A line that starts with `%`: a directive (or, at worst, a plain scalar the full parse can have). */
export function hasDirectives(text: string): boolean {
  return text.charCodeAt(0) === 37 /* % */ || text.includes('\n%') || text.startsWith('\uFEFF%');
}

/** The documents of `text` as the analysis reads them (COMPOSE), with `onToken` shown each token of the parse. */
export function composeDocuments(text: string, onToken?: (token: unknown) => void): Document.Parsed[] {
  const parser = new Parser();
  const composer = new Composer(hasDirectives(text) ? COMPOSE_WITH_DIRECTIVES : COMPOSE);
  const docs: Document.Parsed[] = [];
  for (const token of parser.parse(text)) {
    onToken?.(token);
    for (const d of composer.next(token)) docs.push(d as Document.Parsed);
  }
  for (const d of composer.end()) docs.push(d as Document.Parsed);
  return docs;
}

/** Parses one chunk (relative offsets). Never throws. */
export function parseChunk(text: string): ParsedChunk {
  const comments: Array<{ start: number; text: string }> = [];
  const wantComments = text.includes('initlens-disable');
  try {
    const docs = composeDocuments(text, wantComments ? (token) => collectComments(token, comments, 0) : undefined);
    // A chunk holds one document by construction; a second one only appears for odd input.
    const doc = docs[0] ?? null;
    // An alias needs an anchor (`&name`) before it; without one every alias names nothing.
    if (doc && text.includes('&') && text.includes('*')) indexAliases(doc);
    return { doc, comments };
  } catch {
    return { doc: null, comments };
  }
}

function collectComments(node: unknown, out: Array<{ start: number; text: string }>, depth: number): void {
  if (depth > 200 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectComments(n, out, depth + 1);
    return;
  }
  const rec = node as Record<string, unknown>;
  if (rec.type === 'comment' && typeof rec.offset === 'number' && typeof rec.source === 'string') {
    out.push({ start: rec.offset, text: rec.source });
    return;
  }
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    if (v !== null && typeof v === 'object') collectComments(v, out, depth + 1);
  }
}
