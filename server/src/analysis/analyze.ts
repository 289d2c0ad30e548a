/**
 * The analysis: text + settings in, findings out. Pure — no VS Code, no LSP, no I/O — and the one
 * entry point the server, the CLI and the tests call.
 *
 * The text is cut into its YAML documents and each is analysed on its own; results are cached by
 * the document's text and the settings, so an edit re-parses and re-checks only the document it
 * touched. The cache key is the document's text, the resolved settings and the message language;
 * nothing else (no module-level state) goes into a result.
 */
import type { Node, Document as YamlDocument } from 'yaml';
import { type DocumentChunk, normalizeLineBreaks, type ParsedChunk, parseChunk, splitDocuments } from './documents';
import { type EditStyle, Editor } from './fixes/edits';
import { getLocale } from './i18n';
import { type Container, type ContainerList, containerLabel, findPodSpecs, type PodSpec } from './model';
import type { Range } from './nodes';
import { CONTAINER_LISTS, type Finding, podContainers, type Rule, type RuleReport, type Severity } from './rule';
import { movedBy, type Reparsed, reparseEdit } from './reparse';
import { allRules } from './rules';
import { type ResolvedSettings, resolveSettings, type Settings } from './settings';
import { type SharedText, sharedText } from './shared';
import { isSuppressed, readDirectives } from './suppression';
import { hasTemplateAction, syntaxErrorOf, type SyntaxError as YamlSyntaxError, syntaxFinding } from './syntax';

/**
 * One YAML document of the file and its model.
 *
 * Coordinates: the model (yaml nodes, programs, every range a rule reads) is in the document's own
 * offsets, so a document's analysis does not depend on where it sits in the file and is reused from
 * the cache when an edit above it moves it (re-basing a cached model costs about half a parse;
 * measured in the registry notes). Everything that leaves the analysis is in file offsets, and this
 * object is the one place that converts: `contains` / `toModel` on the way in, `toFile` / `editor` on
 * the way out. It does not expose its start offset, so no consumer can add it by hand.
 */
export interface DocumentAnalysis {
  /** 0-based index of the document in the file. */
  readonly index: number;
  /** The document's text (from its leading `---` line, if any); the model's ranges index it. */
  readonly text: string;
  readonly pods: PodSpec[];
  /** The document parsed with errors. */
  readonly hasErrors: boolean;
  /** Text shared through aliases (fixes do not edit it), or null when the document has none (model offsets). */
  readonly shared: SharedText | null;
  /** The first YAML syntax error (file offsets), or null when it parses. */
  readonly syntaxError: YamlSyntaxError | null;
  /** The document holds Go/Helm template actions (`{{ … }}`). */
  readonly template: boolean;
  /** Whether a file offset falls in this document (its end included). */
  contains(fileOffset: number): boolean;
  /** A file offset in the model's coordinates. */
  toModel(fileOffset: number): number;
  /** A model range in file offsets. */
  toFile(range: Range): { start: number; end: number };
  /**
   * An editor over this document whose edits are in file offsets (`style` defaults to the
   * document's). It refuses to edit text shared through an alias unless `throughAliases` (a rename
   * that has checked every use of the anchored block itself).
   */
  editor(style?: EditStyle, throughAliases?: boolean): Editor;
}

class Document implements DocumentAnalysis {
  readonly pods: PodSpec[];
  readonly shared: SharedText | null;
  readonly hasErrors: boolean;
  readonly syntaxError: YamlSyntaxError | null;
  readonly template: boolean;

  constructor(
    readonly index: number,
    /** Where the document starts in the file. Private: `toFile` and `toModel` are the only conversions. */
    private readonly start: number,
    readonly text: string,
    result: ChunkResult,
    findingsOnly: boolean,
  ) {
    this.pods = findingsOnly ? [] : result.pods;
    this.shared = findingsOnly ? null : result.shared;
    this.hasErrors = result.hasErrors;
    this.template = result.template;
    const e = result.syntaxError;
    this.syntaxError = e ? { ...e, ...this.toFile([e.start, e.end]) } : null;
  }

  contains(fileOffset: number): boolean {
    return fileOffset >= this.start && fileOffset <= this.start + this.text.length;
  }

  toModel(fileOffset: number): number {
    return fileOffset - this.start;
  }

  toFile(range: Range): { start: number; end: number } {
    return { start: range[0] + this.start, end: range[1] + this.start };
  }

  editor(style?: EditStyle, throughAliases = false): Editor {
    return new Editor(this.text, this.start, style, throughAliases ? null : this.shared);
  }

  /** A finding from the cache (document offsets, no index) as it leaves the analysis. */
  finding(f: Finding): Finding {
    return {
      ...f,
      ...this.toFile([f.start, f.end]),
      document: this.index,
      related: f.related.map((r) => ({ ...r, ...this.toFile([r.start, r.end]) })),
    };
  }
}

/** The document holding a file offset. */
export function documentAt(analysis: AnalysisResult, fileOffset: number): DocumentAnalysis | undefined {
  return analysis.documents.find((d) => d.contains(fileOffset));
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
  /**
   * The previous analysis of the same file (the editor's last version). A document that changed is
   * then re-parsed only where it changed when the edit lies inside one block-sequence item
   * (`reparse.ts`), and the cache lets go of the previous versions' documents that are gone.
   */
  previous?: AnalysisResult | null;
}

interface ChunkResult {
  pods: PodSpec[];
  hasErrors: boolean;
  shared: SharedText | null;
  /** The first syntax error, in document offsets. */
  syntaxError: YamlSyntaxError | null;
  template: boolean;
  /** Findings in document offsets, with no document index yet. */
  findings: Finding[];
  /** The parsed tree, kept for an incremental re-parse of the next version (documents with Pods and no errors). */
  tree: YamlDocument.Parsed | null;
  /**
   * What the container rules found in each container (document offsets; a container with none is
   * absent), for the next version to take over the containers an edit did not touch; null when
   * not every container rule ran (a subset of the rules).
   */
  byContainer: Map<Container, Finding[]> | null;
  /** What the Pod rules found in each Pod (document offsets; a Pod with none is absent); null as `byContainer`. */
  byPod: Map<PodSpec, Finding[]> | null;
  /** How many containers took their container rules' findings from the previous version. */
  kept: number;
  /** How many Pods took their Pod rules' findings from the previous version. */
  keptPods: number;
}

/** An incremental re-parse of a document and the previous version's analysis it came from. */
interface Reanalysis {
  parsed: ParsedChunk;
  edit: Reparsed;
  prior: ChunkResult;
}

/**
 * A cached document costs about 30 bytes of heap per character of YAML (its tree and model), so the
 * cache is bounded by the text it holds as well as by entries; the least recently used go first.
 * 8 M characters ≈ 250 MB: far more than the document being edited needs.
 */
export const DEFAULT_CACHE_CHARS = 8_000_000;
export const DEFAULT_CACHE_ENTRIES = 20_000;

/**
 * A cached document's result, keyed by the document's text alone, with the rest of its key (the
 * language and the settings) beside it: a key made by joining them was a new string per lookup,
 * which V8 flattened (a copy of the whole document) and hashed again every time, where the text
 * itself keeps its hash.
 */
type CachedChunk = ChunkResult & { chars: number; prefix: string };

export class Analyzer {
  private readonly cache = new Map<string, CachedChunk>();
  private cachedChars = 0;
  /** How many documents the last call analysed (not served from the cache). */
  lastFresh = 0;
  /** How many of those were re-parsed only where they changed (`reparse.ts`). */
  lastReparsed = 0;
  /** How many containers of those took their container rules' findings from the previous version. */
  lastKept = 0;
  /** How many Pods of those took their Pod rules' findings from the previous version. */
  lastKeptPods = 0;

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
    this.lastReparsed = 0;
    this.lastKept = 0;
    this.lastKeptPods = 0;
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
    /** Documents analysed afresh: where the previous version's document may have been replaced. */
    const fresh: number[] = [];
    chunks.forEach((chunk, index) => {
      if (options.maxDocumentChars !== undefined && chunk.text.length > options.maxDocumentChars) {
        options.onSkippedDocument?.(index, chunk.start, chunk.text.length);
        return;
      }
      // no cache (`analyze`) and no previous version: the text is not looked up (hashing it was all that cost)
      const keyed = !(options.rules || (this.cacheLimit === 0 && !options.previous));
      const hit = keyed ? this.cached(chunk.text, prefix) : undefined;
      let result: ChunkResult;
      if (hit) {
        result = hit;
        this.cache.delete(chunk.text);
        this.cache.set(chunk.text, hit);
      } else {
        const parsed = keyed ? this.reparsed(options.previous, chunks.length, index, prefix, chunk.text) : null;
        if (parsed) this.lastReparsed++;
        const analysed = analyzeChunk(chunk.text, resolved, rules, options, parsed);
        result = analysed;
        this.lastFresh++;
        this.lastKept += analysed.kept;
        this.lastKeptPods += analysed.keptPods;
        fresh.push(index);
        if (keyed && this.cacheLimit > 0 && chunk.text.length <= this.cacheChars) {
          // the same text under other settings or in another language: replaced
          const other = this.cache.get(chunk.text);
          if (other) {
            this.cachedChars -= other.chars;
            this.cache.delete(chunk.text);
          }
          this.cache.set(chunk.text, { ...analysed, chars: chunk.text.length, prefix });
          this.cachedChars += chunk.text.length;
          this.evict();
        }
      }
      // findingsOnly: the document is listed, but its trees (pods, shared text) are let go
      const doc = new Document(
        index,
        chunk.start,
        source === text ? chunk.text : text.slice(chunk.start, chunk.start + chunk.text.length),
        result,
        !!options.findingsOnly,
      );
      documents.push(doc);
      const syntax =
        options.syntaxErrors === true && result.syntaxError && !result.template && !options.rules
          ? syntaxFinding(result.syntaxError, resolved, pods0(result))
          : null;
      if (syntax) findings.push(doc.finding(syntax));
      for (const f of result.findings) findings.push(doc.finding(f));
    });
    if (options.previous && !options.rules) this.forgetReplaced(options.previous, chunks, prefix, fresh);
    return { findings, documents };
  }

  /**
   * The tree of a document that changed, re-parsed from the previous version's tree where the edit
   * allows it (same number of documents, the previous one still cached with its tree); else null.
   */
  private reparsed(previous: AnalysisResult | null | undefined, count: number, index: number, prefix: string, text: string): Reanalysis | null {
    const before = previous?.documents;
    if (!before || before.length !== count) return null;
    // a document's text is the original one; the cache holds the one analysed (lone CRs read as LF)
    const original = before[index]?.text;
    if (original === undefined) return null;
    const old = normalizeLineBreaks(original);
    if (old === text) return null;
    const cached = this.cached(old, prefix);
    if (!cached?.tree) return null;
    try {
      const r = reparseEdit({ text: old, doc: cached.tree }, text);
      return r ? { parsed: { doc: r.doc, comments: [] }, edit: r, prior: cached } : null;
    } catch {
      return null;
    }
  }

  /**
   * Drops the previous version's documents that the new version no longer has: typing in a big
   * document would otherwise keep a tree per keystroke until the size bound, and every collection
   * of the old generation walks them.
   */
  private forgetReplaced(previous: AnalysisResult, chunks: DocumentChunk[], prefix: string, fresh: number[]): void {
    const before = previous.documents;
    // The same number of documents (typing): only those analysed afresh can have replaced one, and
    // the others are not looked at (hashing every document's text doubled an edit in a 900-document
    // file). Otherwise (a `---` added or removed), every previous document not in the new version.
    const kept = before.length === chunks.length ? null : new Set(chunks.map((c) => c.text));
    const candidates = kept ? before : fresh.map((i) => before[i]);
    for (const d of candidates) {
      if (!d) continue;
      const text = normalizeLineBreaks(d.text);
      if (kept?.has(text)) continue;
      const entry = this.cached(text, prefix);
      if (!entry) continue;
      this.cachedChars -= entry.chars;
      this.cache.delete(text);
    }
  }

  /** The cached result of a document's text under these settings and language (`prefix`). */
  private cached(text: string, prefix: string): CachedChunk | undefined {
    const entry = this.cache.get(text);
    return entry && entry.prefix === prefix ? entry : undefined;
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

function isResolved(s: Settings | ResolvedSettings | null | undefined): s is ResolvedSettings {
  return !!s && typeof (s as ResolvedSettings).key === 'string' && typeof (s as ResolvedSettings).version === 'object';
}

function pods0(result: ChunkResult): string | null {
  return result.pods[0]?.object ?? null;
}

function analyzeChunk(text: string, settings: ResolvedSettings, rules: readonly Rule[], options: AnalyzeOptions, again: Reanalysis | null = null): ChunkResult {
  const parsed = again?.parsed ?? parseChunk(text);
  const doc = parsed.doc;
  const templated = text.includes('{{');
  const template = templated && hasTemplateAction(text);
  const syntaxError = syntaxErrorOf(text, doc);
  if (!doc) return withoutPods([], true, syntaxError, template);
  const hasErrors = doc.errors.length > 0;
  let pods: PodSpec[] = [];
  try {
    pods = findPodSpecs({ text, doc, hasErrors, templated, previous: again?.prior.pods ?? null });
  } catch (e) {
    options.onRuleError?.('(model)', e);
    pods = [];
  }
  if (pods.length === 0) return withoutPods(pods, hasErrors, syntaxError, template);
  const findings: Finding[] = [];
  let shared: SharedText | null = null;
  try {
    shared = text.includes('*') ? sharedText(doc) : null;
  } catch {
    shared = null;
  }
  const directives = parsed.comments.length ? readDirectives(text, parsed.comments) : [];
  // One report function for the whole document, reading the rule and Pod being checked from these
  // (a closure per rule per Pod cost more than some of the rules it served).
  let pod: PodSpec = pods[0];
  let rule: Rule = rules[0];
  let configured: Severity | 'off' | undefined;
  let severity: Severity = 'warning';
  const report = (r: RuleReport): void => {
    const range = clampRange(siteOf(r), text.length);
    if (!range) return;
    if (directives.length && isSuppressed(directives, text, rule.id, range[0])) return;
    findings.push({
      rule: rule.id,
      severity: (configured as Severity | undefined) ?? r.severity ?? severity,
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
  const { perContainer, perPod } = activeRules(settings, rules);
  // a subset of the rules (`options.rules`) leaves the containers' findings incomplete for the next version
  const byContainer = options.rules ? null : new Map<Container, Finding[]>();
  let kept = 0;
  const run = (a: ActiveRule): void => {
    rule = a.rule;
    configured = a.configured;
    severity = a.severity;
  };
  const byPod = byContainer && new Map<PodSpec, Finding[]>();
  let keptPods = 0;
  // a loop, not `forEach`: the profile put a tenth of the work after the parse on the `forEach` line
  for (let at = 0; at < pods.length; at++) {
    const p = pods[at];
    pod = p;
    // one context for every rule of the Pod: the rules only read it
    const ctx = { pod: p, text, version: settings.version, report };
    const earlier = again && byContainer ? untouched(again, p, at) : null;
    // every container of the Pod in list order (`podContainers`), without copying the lists
    for (let l = 0; l < CONTAINER_LISTS.length; l++) {
      const list = CONTAINER_LISTS[l];
      const containers = p[list];
      const active = perContainer[list];
      for (let k = 0; k < containers.length; k++) {
        const c = containers[k];
        const taken = earlier?.container(c);
        const from = findings.length;
        if (taken) {
          kept++;
          for (const f of taken) findings.push(f);
        } else {
          for (let r = 0; r < active.length; r++) {
            const a = active[r];
            run(a);
            try {
              a.checkContainer.call(a.rule, ctx, c);
            } catch (e) {
              options.onRuleError?.(rule.id, e);
            }
          }
        }
        if (byContainer && findings.length > from) byContainer.set(c, findings.slice(from));
      }
    }
    const from = findings.length;
    const taken = earlier?.pod();
    if (taken) {
      keptPods++;
      for (const f of taken) findings.push(f);
    } else {
      for (let r = 0; r < perPod.length; r++) {
        run(perPod[r]);
        try {
          rule.check(ctx);
        } catch (e) {
          options.onRuleError?.(rule.id, e);
        }
      }
    }
    if (byPod && findings.length > from) byPod.set(p, findings.slice(from));
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return {
    pods,
    hasErrors,
    shared,
    syntaxError,
    template,
    findings: dedupe(findings),
    tree: hasErrors || options.findingsOnly ? null : doc,
    byContainer: options.findingsOnly ? null : byContainer,
    byPod: options.findingsOnly ? null : byPod,
    kept,
    keptPods,
  };
}

/** The result of a document with no Pod (or no tree): nothing found, nothing kept for the next version. */
function withoutPods(pods: PodSpec[], hasErrors: boolean, syntaxError: YamlSyntaxError | null, template: boolean): ChunkResult {
  return { pods, hasErrors, shared: null, syntaxError, template, findings: [], tree: null, byContainer: null, byPod: null, kept: 0, keptPods: 0 };
}

/** What the previous version found in a Pod that an edit left alone, in whole or in part (`untouched`). */
interface Untouched {
  /** The container rules' findings in `c` as the previous version had them, moved with the text; undefined: check it again. */
  container(c: Container): Finding[] | undefined;
  /** The Pod rules' findings, moved; undefined: run them again. */
  pod(): Finding[] | undefined;
}

/**
 * What of Pod `pod` (the `at`-th of its document) an incremental re-parse left as it was, with the
 * previous version's findings there moved with the text; null when nothing can be taken over.
 *
 * The re-parse replaced one item (`again.edit`): the text before it is the same, the text after it
 * moved by `delta`. Every container of the Pod but one holding the item is then the previous
 * version's map (the very node before the edit, a moved copy after it: `movedBy`).
 * - The item inside one container of the Pod: everything of the Pod outside that container is the
 *   same text, so the other containers' container-rule findings hold (a container rule reads only
 *   its container, the Pod outside its containers, its place in the lists and the version; the
 *   settings and the language are in the cache key the previous version was found by). The Pod
 *   rules, which compare containers, run again.
 * - The item outside the Pod's object (another item of a `List`): the whole object is the same
 *   text (its map the previous one or a moved copy), so every finding of the Pod holds.
 * - Anywhere else in the Pod: nothing is taken over.
 */
function untouched(again: Reanalysis, pod: PodSpec, at: number): Untouched | null {
  const { prior, edit } = again;
  const old = prior.pods[at];
  const containers = prior.byContainer;
  const pods = prior.byPod;
  if (!containers || !pods || !old || old.path !== pod.path || old.kind !== pod.kind || old.partial !== pod.partial || old.templated !== pod.templated)
    return null;
  const objectRange = pod.objectNode.range;
  if (!objectRange) return null;
  const start = edit.region[0];
  const end = edit.region[1];
  const outside = end <= objectRange[0] || start >= objectRange[2];
  const sameObject = outside && (old.objectNode === pod.objectNode || movedBy(pod.objectNode, old.objectNode) !== null);
  const edited = outside ? null : podContainers(pod).find((c) => holds(c.node, edit.item));
  const sameCounts =
    old.initContainers.length === pod.initContainers.length &&
    old.containers.length === pod.containers.length &&
    old.ephemeralContainers.length === pod.ephemeralContainers.length;
  if (!sameObject && !edited) return null;
  const oldEnd = end - edit.delta;
  const delta = edit.delta;
  const moved = (x: number): number => (x >= oldEnd ? x + delta : x);
  const inRegion = (s: number, e: number): boolean => s < oldEnd && e > start;
  /** `list` with its offsets moved, or undefined when a range touches the replaced text. */
  const movedAll = (list: Finding[]): Finding[] | undefined => {
    if (list.every((f) => f.end <= start && f.related.every((r) => r.end <= start))) return list;
    const out: Finding[] = [];
    for (const f of list) {
      if (inRegion(f.start, f.end) || f.related.some((r) => inRegion(r.start, r.end))) return undefined;
      out.push({
        ...f,
        start: moved(f.start),
        end: moved(f.end),
        related: f.related.map((r) => ({ ...r, start: moved(r.start), end: moved(r.end) })),
      });
    }
    return out;
  };
  return {
    container(c) {
      // the edited container is neither the previous map nor a moved copy of it: checked anyway
      if (c === edited) return undefined;
      const before = old[c.list][c.index];
      if (!before || (before.node !== c.node && movedBy(c.node, before.node) === null)) return undefined;
      // its place in the lists: an item that became a container (or stopped being one) changes the
      // count of init containers and the start order after it (`Init:2/8`), even in a container it left alone
      if (before.index !== c.index || before.initOrder !== c.initOrder || !sameCounts) return undefined;
      return movedAll(containers.get(before) ?? []);
    },
    pod() {
      return sameObject ? movedAll(pods.get(old) ?? []) : undefined;
    },
  };
}

/** Whether yaml node `outer` is `inner` or holds it. */
function holds(outer: Node, inner: Node): boolean {
  if (outer === inner) return true;
  const a = outer.range;
  const b = inner.range;
  return !!a && !!b && a[0] <= b[0] && b[2] <= a[2];
}

interface ActiveRule {
  rule: Rule;
  configured: Severity | undefined;
  severity: Severity;
}

/** A container rule with its `checkContainer` read once (the rules are objects of many shapes). */
interface ActiveContainerRule extends ActiveRule {
  checkContainer: NonNullable<Rule['checkContainer']>;
}

interface ActiveRules {
  /** Container rules (`checkContainer`) by the list they look at, run container by container. */
  perContainer: Record<ContainerList, ActiveContainerRule[]>;
  /** The others, run on the whole Pod. */
  perPod: ActiveRule[];
}

/** The rules the settings leave on, with their severities; kept per settings and rule list (a pure function of both). */
const activeBySettings = new WeakMap<ResolvedSettings, { rules: readonly Rule[]; active: ActiveRules }>();

function activeRules(settings: ResolvedSettings, rules: readonly Rule[]): ActiveRules {
  const known = activeBySettings.get(settings);
  if (known && known.rules === rules) return known.active;
  const active: ActiveRules = { perContainer: { initContainers: [], containers: [], ephemeralContainers: [] }, perPod: [] };
  for (const rule of rules) {
    const configured = settings.rules[rule.id];
    if (configured === 'off') continue;
    const severity = configured ?? rule.defaultSeverity;
    const checkContainer = rule.checkContainer;
    if (!checkContainer) active.perPod.push({ rule, configured, severity });
    else for (const list of rule.lists ?? CONTAINER_LISTS) active.perContainer[list].push({ rule, configured, severity, checkContainer });
  }
  activeBySettings.set(settings, { rules, active });
  return active;
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
