/**
 * The analysis: text + settings in, findings out. Pure — no VS Code, no LSP, no I/O — and the one
 * entry point the server, the CLI and the tests call.
 *
 * The text is cut into its YAML documents and each is analysed on its own; results are cached by
 * the document's text and the settings, so an edit re-parses and re-checks only the document it
 * touched. The cache key is the document's text, the resolved settings and the message language;
 * nothing else (no module-level state) goes into a result.
 */
import { DocumentChunk, normalizeLineBreaks, parseChunk, splitDocuments } from './documents';
import { getLocale } from './i18n';
import { containerLabel, findPodSpecs, PodSpec } from './model';
import type { Range } from './nodes';
import { Finding, Rule, RuleReport, Severity } from './rule';
import { allRules } from './rules';
import { ResolvedSettings, resolveSettings, Settings } from './settings';
import { SharedText, sharedText } from './shared';
import { isSuppressed, readDirectives } from './suppression';
import { hasTemplateAction, syntaxErrorOf, SyntaxError, syntaxFinding } from './syntax';

export interface DocumentAnalysis {
  /** 0-based index of the document in the file. */
  index: number;
  /** Offset of the document in the file; the model's ranges are relative to it. */
  start: number;
  end: number;
  /** The document's text. */
  text: string;
  pods: PodSpec[];
  /** The document parsed with errors. */
  hasErrors: boolean;
  /** Text shared through aliases (fixes do not edit it), or null when the document has none. */
  shared: SharedText | null;
  /** The first YAML syntax error (offsets relative to the document), or null when it parses. */
  syntaxError: SyntaxError | null;
  /** The document holds Go/Helm template actions (`{{ … }}`). */
  template: boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  documents: DocumentAnalysis[];
}

export interface AnalyzeOptions {
  /** Called when a rule throws; the other rules still report. */
  onRuleError?: (rule: string, error: unknown) => void;
  /** Rules to run (default: all). */
  rules?: readonly Rule[];
  /**
   * Keep only the findings (documents are listed without their pods): each document's tree and
   * model are released once it is analysed, so memory is bounded by the largest document (the CLI).
   */
  findingsOnly?: boolean;
  /** Documents longer than this many characters are not analysed; `onSkippedDocument` is told. */
  maxDocumentChars?: number;
  onSkippedDocument?: (document: number, start: number, chars: number) => void;
  /**
   * Report a document that is not valid YAML as a `yaml-syntax-error` finding (default false). The
   * command line turns it on; the editor leaves it off: the YAML extension already underlines syntax
   * errors, and InitLens's status bar says it is paused. Templated documents (`{{ … }}`) never get
   * it: they are skipped. (`syntaxError` on each document says where the parser stopped either way.)
   */
  syntaxErrors?: boolean;
}

interface ChunkResult {
  pods: PodSpec[];
  hasErrors: boolean;
  shared: SharedText | null;
  syntaxError: SyntaxError | null;
  template: boolean;
  /** Findings with chunk-relative offsets and no document index yet. */
  findings: Finding[];
}

/**
 * A cached document costs about 30 bytes of heap per character of YAML (its tree and model), so the
 * cache is bounded by the text it holds as well as by entries; the least recently used go first.
 * 8 M characters ≈ 250 MB: far more than the document being edited needs.
 */
export const DEFAULT_CACHE_CHARS = 8_000_000;
export const DEFAULT_CACHE_ENTRIES = 20_000;

type CachedChunk = ChunkResult & { chars: number };

export class Analyzer {
  private readonly cache = new Map<string, CachedChunk>();
  private cachedChars = 0;
  /** How many documents the last call analysed (not served from the cache). */
  lastFresh = 0;

  constructor(
    private readonly cacheLimit = DEFAULT_CACHE_ENTRIES,
    private readonly cacheChars = DEFAULT_CACHE_CHARS,
  ) {}

  /** Characters of YAML held by the cache. */
  get cacheSize(): number {
    return this.cachedChars;
  }

  analyze(text: string, settings?: Settings | ResolvedSettings | null, options: AnalyzeOptions = {}): AnalysisResult {
    const resolved = isResolved(settings) ? settings : resolveSettings(settings);
    const rules = options.rules ?? allRules;
    const findings: Finding[] = [];
    const documents: DocumentAnalysis[] = [];
    this.lastFresh = 0;
    let chunks: DocumentChunk[];
    // CR-only line ends read as LF (same offsets); the documents keep the original text for edits
    const source = normalizeLineBreaks(text);
    try {
      chunks = splitDocuments(source);
    } catch {
      return { findings, documents };
    }
    // Findings hold translated text: the language they were written in is part of what they depend on.
    const prefix = getLocale() + '\u0000' + resolved.key + '\u0000';
    chunks.forEach((chunk, index) => {
      if (options.maxDocumentChars !== undefined && chunk.text.length > options.maxDocumentChars) {
        options.onSkippedDocument?.(index, chunk.start, chunk.text.length);
        return;
      }
      const key = options.rules ? null : prefix + chunk.text;
      let result: ChunkResult | undefined = key !== null ? this.cache.get(key) : undefined;
      if (result && key !== null) {
        this.cache.delete(key);
        this.cache.set(key, result as CachedChunk);
      } else {
        const fresh = analyzeChunk(chunk.text, resolved, rules, options);
        result = fresh;
        this.lastFresh++;
        if (key !== null && this.cacheLimit > 0 && chunk.text.length <= this.cacheChars) {
          this.cache.set(key, { ...fresh, chars: chunk.text.length });
          this.cachedChars += chunk.text.length;
          this.evict();
        }
      }
      // findingsOnly: the document is listed, but its trees (pods, shared text) are let go
      documents.push({
        index,
        start: chunk.start,
        end: chunk.start + chunk.text.length,
        text: source === text ? chunk.text : text.slice(chunk.start, chunk.start + chunk.text.length),
        pods: options.findingsOnly ? [] : result.pods,
        hasErrors: result.hasErrors,
        shared: options.findingsOnly ? null : result.shared,
        syntaxError: result.syntaxError,
        template: result.template,
      });
      const syntax =
        options.syntaxErrors === true && result.syntaxError && !result.template && !options.rules
          ? syntaxFinding(result.syntaxError, resolved, pods0(result))
          : null;
      if (syntax) findings.push(shift(syntax, chunk.start, index));
      for (const f of result.findings) findings.push(shift(f, chunk.start, index));
    });
    return { findings, documents };
  }

  clear(): void {
    this.cache.clear();
    this.cachedChars = 0;
  }

  private evict(): void {
    while (this.cache.size > 0 && (this.cache.size > this.cacheLimit || this.cachedChars > this.cacheChars)) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cachedChars -= this.cache.get(oldest.value)?.chars ?? 0;
      this.cache.delete(oldest.value);
    }
  }
}

/** Analyses a whole text once, without caching. */
export function analyze(text: string, settings?: Settings | ResolvedSettings | null, options: AnalyzeOptions = {}): AnalysisResult {
  return new Analyzer(0).analyze(text, settings, options);
}

function pods0(result: ChunkResult): string | null {
  return result.pods[0]?.object ?? null;
}

function isResolved(s: Settings | ResolvedSettings | null | undefined): s is ResolvedSettings {
  return !!s && typeof (s as ResolvedSettings).key === 'string' && typeof (s as ResolvedSettings).version === 'object';
}

function shift(f: Finding, base: number, document: number): Finding {
  return {
    ...f,
    start: f.start + base,
    end: f.end + base,
    document,
    related: f.related.map((r) => ({ ...r, start: r.start + base, end: r.end + base })),
  };
}

function analyzeChunk(text: string, settings: ResolvedSettings, rules: readonly Rule[], options: AnalyzeOptions): ChunkResult {
  const parsed = parseChunk(text);
  const doc = parsed.doc;
  const templated = text.includes('{{');
  const template = templated && hasTemplateAction(text);
  const syntaxError = syntaxErrorOf(text, doc);
  if (!doc) return { pods: [], hasErrors: true, shared: null, syntaxError, template, findings: [] };
  const hasErrors = doc.errors.length > 0;
  let pods: PodSpec[] = [];
  try {
    pods = findPodSpecs({ text, doc, hasErrors, templated });
  } catch (e) {
    options.onRuleError?.('(model)', e);
    pods = [];
  }
  const findings: Finding[] = [];
  if (pods.length === 0) {
    return { pods, hasErrors, shared: null, syntaxError, template, findings };
  }
  let shared: SharedText | null = null;
  try {
    shared = text.includes('*') ? sharedText(doc) : null;
  } catch {
    shared = null;
  }
  const directives = parsed.comments.length ? readDirectives(text, parsed.comments) : [];
  for (const pod of pods) {
    for (const rule of rules) {
      const configured = settings.rules[rule.id];
      if (configured === 'off') continue;
      const severity: Severity = configured ?? rule.defaultSeverity;
      const report = (r: RuleReport): void => {
        const range = clampRange(siteOf(r), text.length);
        if (!range) return;
        if (directives.length && isSuppressed(directives, text, rule.id, range[0])) return;
        findings.push({
          rule: rule.id,
          severity: configured ?? r.severity ?? severity,
          message: r.message,
          ...(r.detail !== undefined ? { detail: r.detail } : {}),
          start: range[0],
          end: range[1],
          document: 0,
          object: pod.object,
          container: r.container ? containerLabel(r.container) : null,
          related: (r.related ?? []).flatMap((rel) => {
            const rr = clampRange(rel.range, text.length);
            return rr ? [{ start: rr[0], end: rr[1], message: rel.message }] : [];
          }),
          data: r.data,
        });
      };
      try {
        rule.check({ pod, text, version: settings.version, report });
      } catch (e) {
        options.onRuleError?.(rule.id, e);
      }
    }
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return { pods, hasErrors, shared, syntaxError, template, findings: dedupe(findings) };
}

/**
 * Where a finding is reported: for a container the list names with an alias (`- *proxy`), a range
 * inside the anchored map is moved to that alias — the line of this Pod the person can act on.
 */
function siteOf(r: RuleReport): Range | null | undefined {
  const c = r.container;
  const site = c?.aliasSite;
  const body = c?.node.range;
  if (!site || !body || !r.range || r.range[0] < body[0] || r.range[1] > Math.max(body[1], body[2])) return r.range;
  return site;
}

function clampRange(r: Range | null | undefined, length: number): [number, number] | null {
  if (!r) return null;
  const s = Math.max(0, Math.min(r[0], length));
  const e = Math.max(s, Math.min(r[1], length));
  return [s, e];
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.rule}|${f.start}|${f.end}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
