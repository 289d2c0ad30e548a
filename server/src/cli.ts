/**
 * The `initlens` command: the same analysis as the editor, for CI.
 *
 *   initlens [--format text|json|sarif] [--kubernetes-version X.Y] [--config FILE]
 *            [--fail-on error|warning|info] [--lang en|zh-cn] [--verbose] PATH…
 *
 * A file or document that is not valid YAML is a `yaml-syntax-error` finding (error). A document
 * with Go/Helm template actions (`{{ … }}`) that does not parse is skipped, never an error: listed
 * under `--verbose` in text output, as `notification` entries in JSON, as tool execution
 * notifications in SARIF.
 *
 * `--verbose` also prints each finding's explanation (what happens, the API server's error, the fix)
 * under its line in text output; JSON has it as `detail`, SARIF as `message.markdown`.
 *
 * The language of messages and labels is `--lang`, else the environment's LC_ALL, LC_MESSAGES or
 * LANG (`zh_CN.UTF-8` → zh-cn), else English.
 *
 * Exit status: 1 when a finding is at or above `--fail-on` (default error), 0 otherwise, 2 on bad
 * usage, a bad config file or an unreadable path (the other files are still checked).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  allRules,
  analyze,
  CONFIG_FILE_NAME,
  DEFAULT_KUBERNETES_VERSION,
  formatKubeVersion,
  LineIndex,
  NEWEST_KNOWN_KUBERNETES_VERSION,
  newerThanKnown,
  mergeSettings,
  parseKubeVersion,
  resolveSettings,
  type Finding,
  type Rule,
  type Settings,
  type Severity,
} from './analysis';
import { detailMarkdown } from './analysis/detailMarkdown';
import { getLocale, ruleSummary, t } from './analysis/i18n';
import { mdText } from './analysis/markdown';
import { joinLines } from './analysis/text';
import { loadConfigFile } from './configFile';
import { useLocale } from './l10n';
import { extensionRoot, isChinese, packageVersion, ruleDocsUri } from './paths';
import { terminalField, terminalLines } from './terminalText';
import { firstAnalysis } from './tiering';

/** For the loader (cliLoader.ts): run just before the code cache is written. */
export { warmUpAnalysis } from './warmUp';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Where the default language comes from (LC_ALL, LC_MESSAGES, LANG); process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Smaller size limits (tests); MAX_FILE_BYTES and MAX_DOCUMENT_CHARS when absent. */
  limits?: { maxFileBytes?: number; maxDocumentChars?: number };
}

type Format = 'text' | 'json' | 'sarif';

interface Options {
  format: Format;
  kubernetesVersion?: string;
  config?: string;
  failOn: Severity;
  lang: string;
  paths: string[];
  help: boolean;
  version: boolean;
  listRules: boolean;
  /** Text output: each finding's explanation under its line, and what was not checked. */
  verbose: boolean;
}

/** A document the CLI did not check, and why (today: a Helm/Go template that is not YAML as written). */
export interface Skipped {
  file: string;
  /** 0-based index of the YAML document in the file. */
  document: number;
  start: number;
  end: number;
  reason: 'template';
}

/** A skipped document in `--format json`: no `rule` or `severity`, a `notification` key instead. */
export interface JsonNotification {
  file: string;
  document: number;
  line: number;
  column: number;
  notification: 'template-skipped';
  message: string;
}

/** One finding in `--format json`: exactly these keys, positions 1-based, end exclusive. */
export interface JsonFinding {
  file: string;
  document: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  /** The headline: plain text, one line. */
  message: string;
  object: string | null;
  container: string | null;
  /** The explanation (Markdown code spans), or null for a finding that has none. */
  detail: string | null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Files above this size are not read (exit 2): far beyond any manifest, and a JavaScript string
 * cannot hold much more. Documents above MAX_DOCUMENT_CHARS are not analysed (exit 2): the API
 * server stores no object above 1.5 MiB, and one document's syntax tree takes about 30 bytes per
 * character. Between them a file is analysed one document at a time, in bounded memory.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

function megabytes(n: number): string {
  return (n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
}

/** The help text, in the language in use (the option names and values stay as typed). */
function usage(): string {
  const options: Array<[string, string]> = [
    ['--format text|json|sarif', t('output format (default: text)')],
    ['--kubernetes-version X.Y', t("target Kubernetes version (default: {0}, or .initlens.yaml's)", DEFAULT_KUBERNETES_VERSION)],
    ['--config FILE', t('settings file (default: ./.initlens.yaml when it exists)')],
    ['--fail-on error|warning|info', t('exit 1 when a finding is at least this severe (default: error)')],
    ['--lang en|zh-cn', t('language of the messages (default: from LC_ALL, LC_MESSAGES or LANG, else en)')],
    ['--verbose, -v', t("text output: print each finding's explanation under it, and what was not checked (Helm/Go templates)")],
    ['--list-rules', t('list the rules and exit')],
    ['--version', t('print the version and exit')],
    ['-h, --help', t('print this help and exit')],
  ];
  return [
    t('Usage: initlens [options] PATH...'),
    '',
    t(
      'Checks Kubernetes init containers and native sidecars in YAML manifests. A PATH is a file or a\nfolder (searched for *.yaml and *.yml, skipping node_modules and .git).',
    ),
    '',
    t('Options:'),
    ...options.map(([flag, text]) => `  ${flag.padEnd(29)}${text}`),
    '',
    t('Exit status: 1 when a finding is at or above --fail-on, 0 otherwise, 2 on bad usage,\na bad config file or an unreadable path.'),
    '',
  ].join('\n');
}

/** `en` or `zh-cn` for a `--lang` value or a POSIX locale (`zh_CN.UTF-8`, `zh-Hans`); null if neither. */
export function languageOf(value: string | undefined): 'en' | 'zh-cn' | null {
  const v = (value ?? '')
    .trim()
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/[.@].*$/, '');
  if (v === 'en' || v.startsWith('en-') || v === 'c' || v === 'posix') return 'en';
  if (v === 'zh' || v === 'zh-cn' || v === 'zh-sg' || v.startsWith('zh-hans')) return 'zh-cn';
  return null;
}

/** The language the environment asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set. */
export function languageFromEnv(env: Readonly<Record<string, string | undefined>>): 'en' | 'zh-cn' {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return languageOf(v) ?? 'en';
  }
  return 'en';
}

/** `--lang X` / `--lang=X` as given (before the other options are checked), or undefined. */
function langArgument(argv: string[]): string | undefined {
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg === '--lang') lang = argv[++i];
    else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
  }
  return lang;
}

class UsageError extends Error {}

function parseArgs(argv: string[], lang: string): Options {
  const o: Options = { format: 'text', failOn: 'error', lang, paths: [], help: false, version: false, listRules: false, verbose: false };
  const value = (name: string, inline: string | undefined, i: number): [string, number] => {
    if (inline !== undefined) return [inline, i];
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(t('{0} needs a value', name));
    return [v, i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      o.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let v: string;
    switch (name) {
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--version':
        o.version = true;
        break;
      case '--list-rules':
        o.listRules = true;
        break;
      case '-v':
      case '--verbose':
        o.verbose = true;
        break;
      case '--format':
        [v, i] = value(name, inline, i);
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(t('--format must be text, json or sarif, not "{0}"', v));
        o.format = v;
        break;
      case '--kubernetes-version':
        [v, i] = value(name, inline, i);
        if (!parseKubeVersion(v)) throw new UsageError(t('--kubernetes-version must be a version like 1.33, not "{0}"', v));
        o.kubernetesVersion = v;
        break;
      case '--config':
        [v, i] = value(name, inline, i);
        o.config = v;
        break;
      case '--fail-on':
        [v, i] = value(name, inline, i);
        if (v !== 'error' && v !== 'warning' && v !== 'info') throw new UsageError(t('--fail-on must be error, warning or info, not "{0}"', v));
        o.failOn = v;
        break;
      case '--lang':
        [v, i] = value(name, inline, i);
        o.lang = languageOf(v) ?? '';
        if (!o.lang) throw new UsageError(t('--lang must be en or zh-cn, not "{0}"', v));
        break;
      default:
        throw new UsageError(t('unknown option {0}', name));
    }
  }
  return o;
}

/** Runs the CLI; returns the exit status. */
export function run(argv: string[], given: CliIO): number {
  // Names and values from the files reach the terminal: no control character gets through as is
  // (stderr always, stdout in text format; JSON and SARIF stay exact)
  let io: CliIO = { ...given, stderr: (text) => given.stderr(terminalLines(text)) };
  // The language first, so that even a usage error speaks it (a bad --lang is reported in the
  // environment's language).
  const lang = languageOf(langArgument(argv)) ?? languageFromEnv(io.env ?? process.env);
  useLocale(lang);
  let o: Options;
  try {
    o = parseArgs(argv, lang);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`initlens: ${e.message}\n${t("Try 'initlens --help'.")}\n`);
    return 2;
  }
  if (o.format === 'text') io = { ...io, stdout: (text) => given.stdout(terminalLines(text)) };
  if (o.help) {
    io.stdout(usage());
    return 0;
  }
  if (o.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  if (o.listRules) {
    listRules(o.format, io);
    return 0;
  }
  if (o.paths.length === 0) {
    io.stderr(`initlens: ${t('no PATH given')}\n${t("Try 'initlens --help'.")}\n`);
    return 2;
  }

  let status = 0;
  const fail = (message: string): void => {
    io.stderr(`initlens: ${message}\n`);
    status = 2;
  };

  // Settings: defaults < .initlens.yaml (or --config) < command-line flags.
  const configPath = o.config !== undefined ? path.resolve(io.cwd, o.config) : path.join(io.cwd, CONFIG_FILE_NAME);
  const config = loadConfigFile(configPath);
  const shownConfig = o.config ?? CONFIG_FILE_NAME;
  if (o.config !== undefined && !config.exists) fail(t('cannot read the config file {0}: no such file', shownConfig));
  for (const p of config.problems) fail(`${shownConfig}: ${p}`);
  const cli: Settings = o.kubernetesVersion ? { kubernetesVersion: o.kubernetesVersion, kubernetesVersionSource: 'cli' } : {};
  const settings = resolveSettings(mergeSettings(config.settings, cli));
  if (newerThanKnown(settings.version)) {
    // a note, not a failure: newer rules are checked as the newest known ones
    const known = formatKubeVersion(NEWEST_KNOWN_KUBERNETES_VERSION);
    io.stderr(`initlens: ${t('note: InitLens knows Kubernetes up to {0}; checking {1} with the {0} rules', known, formatKubeVersion(settings.version))}
`);
  }

  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of o.paths) {
    for (const f of collect(p, io.cwd, fail)) {
      const key = path.resolve(io.cwd, f);
      if (!seen.has(key)) {
        seen.add(key);
        files.push(f);
      }
    }
  }

  // File by file, document by document: only the findings (and a line index) outlive a file, and
  // a document's tree is released once it is analysed, so memory is bounded by the largest document
  const rows: Array<{ finding: Finding; json: JsonFinding; lines: LineIndex }> = [];
  const maxFileBytes = given.limits?.maxFileBytes ?? MAX_FILE_BYTES;
  const maxDocumentChars = given.limits?.maxDocumentChars ?? MAX_DOCUMENT_CHARS;
  const notes: JsonNotification[] = [];
  for (const file of files) {
    const full = path.resolve(io.cwd, file);
    let text: string;
    try {
      const size = fs.statSync(full).size;
      if (size > maxFileBytes) {
        fail(t('{0} is {1} MB, more than the {2} MB initlens reads: not checked', file, megabytes(size), megabytes(maxFileBytes)));
        continue;
      }
      text = fs.readFileSync(full, 'utf8');
    } catch (e) {
      fail(t('cannot read {0}: {1}', file, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
      continue;
    }
    const onRuleError = (rule: string, error: unknown): void =>
      io.stderr(
        `initlens: ${t('internal error in rule {0} on {1} (the other rules still report): {2}', rule, file, error instanceof Error ? error.message : String(error))}\n`,
      );
    const lines = new LineIndex(text);
    const onSkippedDocument = (document: number, start: number, chars: number): void =>
      fail(
        t(
          '{0}:{1}: document {2} is {3} MB, more than the {4} MB a YAML document may have here: not checked',
          file,
          lines.positionAt(start).line + 1,
          document,
          megabytes(chars),
          megabytes(maxDocumentChars),
        ),
      );
    let findings: Finding[];
    try {
      // the process's first analysis without TurboFan (tiering.ts)
      const result = firstAnalysis(text.length, () =>
        analyze(text, settings, { onRuleError, syntaxErrors: true, findingsOnly: true, maxDocumentChars, onSkippedDocument }),
      );
      findings = result.findings;
      for (const d of result.documents) {
        if (d.template && d.syntaxError) {
          const s: Skipped = { file, document: d.index, ...d.toFile([0, d.text.length]), reason: 'template' };
          notes.push(notification(s, lines));
        }
      }
    } catch (e) {
      onRuleError('(analysis)', e);
      findings = [];
    }
    for (const f of findings) rows.push({ finding: f, json: toJson(file, lines, f), lines });
  }

  if (o.format === 'json') {
    io.stdout(JSON.stringify([...rows.map((r) => r.json), ...notes], null, 2) + '\n');
  } else if (o.format === 'sarif') {
    io.stdout(JSON.stringify(toSarif(rows, io.cwd, notes), null, 2) + '\n');
  } else {
    for (const { json: j } of rows) {
      io.stdout(`${terminalField(j.file)}:${j.line}:${j.column} ${j.severity} ${j.rule} ${terminalField(joinLines(plainText(j.message)))}\n`);
      if (o.verbose && j.detail) io.stdout(indentBlock(terminalField(plainText(j.detail)), '    ') + '\n');
    }
    if (o.verbose) for (const n of notes) io.stdout(`${terminalField(n.file)}:${n.line}:${n.column} ${t('skipped')} ${terminalField(n.message)}\n`);
  }

  if (status === 2) return 2;
  return rows.some((r) => RANK[r.finding.severity] >= RANK[o.failOn]) ? 1 : 0;
}

/** The YAML files a PATH names: itself when it is a file, else *.yaml / *.yml below it. */
function collect(given: string, cwd: string, fail: (message: string) => void): string[] {
  const abs = path.resolve(cwd, given);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (e) {
    fail(t('cannot read {0}: {1}', given, (e as NodeJS.ErrnoException).code === 'ENOENT' ? t('no such file or folder') : (e as Error).message));
    return [];
  }
  if (!stat.isDirectory()) return [given];
  const out: string[] = [];
  const walk = (dir: string, shown: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      fail(t('cannot read {0}: {1}', shown, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const show = path.join(shown, entry.name);
      // Symbolic links to folders are not followed (no loops); links to files are read.
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = fs.statSync(full).isFile();
        } catch {
          isFile = false;
        }
        isDir = false;
      }
      if (isDir) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(full, show);
      } else if (isFile && /\.ya?ml$/i.test(entry.name)) {
        out.push(show);
      }
    }
  };
  walk(abs, given);
  return out;
}

function toJson(file: string, lines: LineIndex, f: Finding): JsonFinding {
  const a = lines.positionAt(f.start);
  const b = lines.positionAt(f.end);
  return {
    file,
    document: f.document,
    line: a.line + 1,
    column: a.character + 1,
    endLine: b.line + 1,
    endColumn: b.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    object: f.object,
    container: f.container,
    detail: f.detail ?? null,
  };
}

function notification(s: Skipped, lines: LineIndex): JsonNotification {
  const a = lines.positionAt(s.start);
  return {
    file: s.file,
    document: s.document,
    line: a.line + 1,
    column: a.character + 1,
    notification: 'template-skipped',
    message: t('Helm/Go template, not YAML as written: not checked (render it first, e.g. helm template)'),
  };
}

function listRules(format: Format, io: CliIO): void {
  if (format === 'json') {
    const list = allRules.map((r) => ({ id: r.id, severity: r.defaultSeverity, summary: ruleSummary(r), catalogue: r.catalogue ?? null, docs: helpUri(r.id) }));
    io.stdout(JSON.stringify(list, null, 2) + '\n');
    return;
  }
  const width = Math.max(...allRules.map((r) => r.id.length), 4);
  for (const r of allRules) io.stdout(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${plainText(ruleSummary(r))}\n`);
}

/**
 * Text for a terminal, where Markdown is not rendered: a code span loses its backticks, and keeps
 * double quotes when it holds more than one word (`restartPolicy: Always` → "restartPolicy: Always"),
 * so the reader still sees where the name starts and ends.
 */
export function plainText(markdown: string): string {
  return markdown.replace(/`([^`\n]*)`/g, (_, code: string) => (/\s/.test(code.trim()) ? `"${code}"` : code)).replace(/`/g, "'");
}

/** `text` wrapped at ~100 columns, each line indented. */
function indentBlock(text: string, indent: string, width = 100): string {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(indent + line);
  }
  return out.join('\n');
}

// ── SARIF 2.1.0 ─────────────────────────────────────────────────────────────────────────────────

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

let webDocsBase: string | null | undefined;

/**
 * The web page of a rule's docs when package.json names a repository, else the shipped file; the
 * Chinese page (docs/zh-cn/rules/) when the language is zh-cn and that page exists.
 */
function helpUri(ruleId: string): string {
  const locale = getLocale();
  if (isChinese(locale) && fs.existsSync(path.join(extensionRoot(), 'docs', 'zh-cn', 'rules', `${ruleId}.md`))) {
    const web = webDocs();
    return web ? `${web}zh-cn/rules/${ruleId}.md` : ruleDocsUri(ruleId, locale);
  }
  const web = webDocs();
  return web ? `${web}rules/${ruleId}.md` : ruleDocsUri(ruleId);
}

/** `https://github.com/<owner>/<repo>/blob/HEAD/docs/` when package.json names a GitHub repository. */
function webDocs(): string | null {
  if (webDocsBase === undefined) {
    webDocsBase = null;
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(extensionRoot(), 'package.json'), 'utf8')) as {
        repository?: string | { url?: string };
      };
      const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
      const m = url ? /github\.com[/:]([^/]+\/[^/.]+)/.exec(url) : null;
      if (m) webDocsBase = `https://github.com/${m[1]}/blob/HEAD/docs/`;
    } catch {
      webDocsBase = null;
    }
  }
  return webDocsBase;
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const uri = file.split(path.sep).map(encodeURIComponent).join('/');
  return { uri, uriBaseId: '%SRCROOT%' };
}

function region(lines: LineIndex, start: number, end: number): Record<string, number> {
  const a = lines.positionAt(start);
  const b = lines.positionAt(end);
  return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

function toSarif(rows: Array<{ finding: Finding; json: JsonFinding; lines: LineIndex }>, cwd: string, notes: JsonNotification[] = []): object {
  const rules: readonly Rule[] = allRules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'InitLens',
            version: packageVersion(),
            semanticVersion: packageVersion(),
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: plainText(ruleSummary(r)), markdown: ruleSummary(r) },
              fullDescription: { text: plainText(ruleSummary(r)), markdown: ruleSummary(r) },
              help: {
                text: `${plainText(ruleSummary(r))} ${helpUri(r.id)}`,
                markdown: `${ruleSummary(r)}\n\n[${r.id}](${helpUri(r.id)})`,
              },
              helpUri: helpUri(r.id),
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
              ...(r.catalogue ? { properties: { catalogue: r.catalogue } } : {}),
            })),
          },
        },
        // what was not checked (Helm/Go templates) is said here, not as results: it is no problem
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notes.map((n) => ({
              descriptor: { id: n.notification },
              level: 'note',
              message: { text: n.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(n.file),
                    region: { startLine: n.line, startColumn: n.column },
                  },
                },
              ],
            })),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: rows.map(({ finding: f, json: j, lines }) => {
          const location = artifactLocation(j.file);
          return {
            ruleId: f.rule,
            ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
            level: SARIF_LEVEL[f.severity],
            // the headline as text; Markdown viewers get the headline and the full explanation
            message: f.detail ? { text: f.message, markdown: `${mdText(f.message)}\n\n${detailMarkdown(f.detail)}` } : { text: f.message },
            locations: [
              {
                physicalLocation: { artifactLocation: location, region: region(lines, f.start, f.end) },
                ...(f.object || f.container ? { logicalLocations: [{ fullyQualifiedName: [f.object, f.container].filter(Boolean).join('/') }] } : {}),
              },
            ],
            ...(f.related.length
              ? {
                  relatedLocations: f.related.map((r, i) => ({
                    id: i + 1,
                    physicalLocation: { artifactLocation: location, region: region(lines, r.start, r.end) },
                    message: { text: r.message },
                  })),
                }
              : {}),
          };
        }),
      },
    ],
  };
}

/**
 * The command as `bin/initlens.js` and `node dist/cli.js` run it: a closed pipe (`initlens … | head`)
 * ends it quietly with the status it has, as other command-line tools do, instead of an EPIPE stack
 * trace.
 */
export function main(argv: string[] = process.argv.slice(2)): void {
  const quietOnEpipe = (e: NodeJS.ErrnoException): void => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  };
  process.stdout.on('error', quietOnEpipe);
  process.stderr.on('error', quietOnEpipe);
  const io: CliIO = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  };
  process.exitCode = run(argv, io);
}

if (require.main === module) main();
