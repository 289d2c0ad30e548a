/**
 * The `initlens` command: the same analysis as the editor, for CI.
 *
 *   initlens [--format text|json|sarif] [--kubernetes-version X.Y] [--config FILE]
 *            [--fail-on error|warning|info] [--lang en|zh-cn] PATH…
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
  LineIndex,
  mergeSettings,
  parseKubeVersion,
  resolveSettings,
  type Finding,
  type Rule,
  type Settings,
  type Severity,
} from './analysis';
import { loadConfigFile } from './configFile';
import { useLocale } from './l10n';
import { extensionRoot, packageVersion, ruleDocsUri } from './paths';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
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
  message: string;
  object: string | null;
  container: string | null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

const USAGE = `Usage: initlens [options] PATH...

Checks Kubernetes init containers and native sidecars in YAML manifests. A PATH is a file or a
folder (searched for *.yaml and *.yml, skipping node_modules and .git).

Options:
  --format text|json|sarif     output format (default: text)
  --kubernetes-version X.Y     target Kubernetes version (default: 1.33, or .initlens.yaml's)
  --config FILE                settings file (default: ./.initlens.yaml when it exists)
  --fail-on error|warning|info exit 1 when a finding is at least this severe (default: error)
  --lang en|zh-cn              language of the messages (default: en)
  --list-rules                 list the rules and exit
  --version                    print the version and exit
  -h, --help                   print this help and exit

Exit status: 1 when a finding is at or above --fail-on, 0 otherwise, 2 on bad usage,
a bad config file or an unreadable path.
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const o: Options = { format: 'text', failOn: 'error', lang: 'en', paths: [], help: false, version: false, listRules: false };
  const value = (name: string, inline: string | undefined, i: number): [string, number] => {
    if (inline !== undefined) return [inline, i];
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${name} needs a value`);
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
      case '--format':
        [v, i] = value(name, inline, i);
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${v}"`);
        o.format = v;
        break;
      case '--kubernetes-version':
        [v, i] = value(name, inline, i);
        if (!parseKubeVersion(v)) throw new UsageError(`--kubernetes-version must be a version like 1.33, not "${v}"`);
        o.kubernetesVersion = v;
        break;
      case '--config':
        [v, i] = value(name, inline, i);
        o.config = v;
        break;
      case '--fail-on':
        [v, i] = value(name, inline, i);
        if (v !== 'error' && v !== 'warning' && v !== 'info') throw new UsageError(`--fail-on must be error, warning or info, not "${v}"`);
        o.failOn = v;
        break;
      case '--lang':
        [v, i] = value(name, inline, i);
        if (!/^(en|zh-cn)$/i.test(v)) throw new UsageError(`--lang must be en or zh-cn, not "${v}"`);
        o.lang = v.toLowerCase();
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  return o;
}

/** Runs the CLI; returns the exit status. */
export function run(argv: string[], io: CliIO): number {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`initlens: ${e.message}\nTry 'initlens --help'.\n`);
    return 2;
  }
  if (o.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (o.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  useLocale(o.lang);
  if (o.listRules) {
    listRules(o.format, io);
    return 0;
  }
  if (o.paths.length === 0) {
    io.stderr(`initlens: no PATH given\nTry 'initlens --help'.\n`);
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
  if (o.config !== undefined && !config.exists) fail(`cannot read the config file ${shownConfig}: no such file`);
  for (const p of config.problems) fail(`${shownConfig}: ${p}`);
  const cli: Settings = o.kubernetesVersion ? { kubernetesVersion: o.kubernetesVersion } : {};
  const settings = resolveSettings(mergeSettings(config.settings, cli));

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

  const results: Array<{ file: string; text: string; findings: Finding[] }> = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
    } catch (e) {
      fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const onRuleError = (rule: string, error: unknown): void =>
      io.stderr(`initlens: internal error in rule ${rule} on ${file} (the other rules still report): ${error instanceof Error ? error.message : String(error)}\n`);
    let findings: Finding[];
    try {
      findings = analyze(text, settings, { onRuleError }).findings;
    } catch (e) {
      onRuleError('(analysis)', e);
      findings = [];
    }
    results.push({ file, text, findings });
  }

  const rows = results.flatMap(({ file, text, findings }) => {
    const lines = new LineIndex(text);
    return findings.map((f) => ({ finding: f, json: toJson(file, lines, f), lines }));
  });

  if (o.format === 'json') {
    io.stdout(JSON.stringify(rows.map((r) => r.json), null, 2) + '\n');
  } else if (o.format === 'sarif') {
    io.stdout(JSON.stringify(toSarif(rows, io.cwd), null, 2) + '\n');
  } else {
    for (const { json: j } of rows) {
      io.stdout(`${j.file}:${j.line}:${j.column} ${j.severity} ${j.rule} ${j.message.replace(/\s*\r?\n\s*/g, ' ')}\n`);
    }
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
    fail(`cannot read ${given}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
    return [];
  }
  if (!stat.isDirectory()) return [given];
  const out: string[] = [];
  const walk = (dir: string, shown: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      fail(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
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
  };
}

function listRules(format: Format, io: CliIO): void {
  if (format === 'json') {
    const list = allRules.map((r) => ({ id: r.id, severity: r.defaultSeverity, summary: r.summary, catalogue: r.catalogue ?? null, docs: helpUri(r.id) }));
    io.stdout(JSON.stringify(list, null, 2) + '\n');
    return;
  }
  const width = Math.max(...allRules.map((r) => r.id.length), 4);
  for (const r of allRules) io.stdout(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.summary}\n`);
}

// ── SARIF 2.1.0 ─────────────────────────────────────────────────────────────────────────────────

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

let webDocsBase: string | null | undefined;

/** The web page of a rule's docs when package.json names a repository, else the shipped file. */
function helpUri(ruleId: string): string {
  if (webDocsBase === undefined) {
    webDocsBase = null;
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(extensionRoot(), 'package.json'), 'utf8')) as {
        repository?: string | { url?: string };
      };
      const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
      const m = url ? /github\.com[/:]([^/]+\/[^/.]+)/.exec(url) : null;
      if (m) webDocsBase = `https://github.com/${m[1]}/blob/HEAD/docs/rules/`;
    } catch {
      webDocsBase = null;
    }
  }
  return webDocsBase ? `${webDocsBase}${ruleId}.md` : ruleDocsUri(ruleId);
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

function toSarif(rows: Array<{ finding: Finding; json: JsonFinding; lines: LineIndex }>, cwd: string): object {
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
              shortDescription: { text: r.summary },
              helpUri: helpUri(r.id),
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
              ...(r.catalogue ? { properties: { catalogue: r.catalogue } } : {}),
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: rows.map(({ finding: f, json: j, lines }) => {
          const location = artifactLocation(j.file);
          return {
            ruleId: f.rule,
            ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: { artifactLocation: location, region: region(lines, f.start, f.end) },
                ...(f.object || f.container
                  ? { logicalLocations: [{ fullyQualifiedName: [f.object, f.container].filter(Boolean).join('/') }] }
                  : {}),
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

if (require.main === module) {
  const io: CliIO = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  };
  process.exitCode = run(process.argv.slice(2), io);
}
