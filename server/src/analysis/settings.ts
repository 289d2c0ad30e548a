/**
 * What the rules can be told: the target Kubernetes version and a severity (or `off`) per rule.
 * Settings come from the editor, from `.initlens.yaml` at the workspace root and from CLI flags;
 * `mergeSettings` applies them in that order, later ones winning key by key.
 */
import { type Document, isAlias, isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { t } from './i18n';
import { type Severity, SEVERITIES } from './rule';
import { DEFAULT_KUBERNETES_VERSION, type KubeVersion, parseKubeVersion } from './version';

export type RuleSetting = Severity | 'off';

/** Where the target Kubernetes version came from (shown in the status bar and hovers). */
export type VersionSource = 'default' | 'initlens.kubernetesVersion' | 'yaml.kubernetesVersion' | '.initlens.yaml' | 'cli';

export interface Settings {
  kubernetesVersion?: string;
  /** Which layer set `kubernetesVersion`; merged along with it. */
  kubernetesVersionSource?: VersionSource;
  rules?: Record<string, RuleSetting>;
}

export interface ResolvedSettings {
  version: KubeVersion;
  /** Where `version` came from: the default, or the layer that set it. */
  versionSource: VersionSource;
  rules: Record<string, RuleSetting>;
  /** Stable text for cache keys. */
  key: string;
}

export const CONFIG_FILE_NAME = '.initlens.yaml';

export function mergeSettings(...layers: Array<Settings | null | undefined>): Settings {
  const out: Settings = { rules: {} };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.kubernetesVersion) {
      out.kubernetesVersion = layer.kubernetesVersion;
      out.kubernetesVersionSource = layer.kubernetesVersionSource;
    }
    if (layer.rules) Object.assign(out.rules!, layer.rules);
  }
  return out;
}

/**
 * The settings when none are given (every call of `analyze(text)` without settings), resolved once:
 * a small file spent about 2 % of its analysis here. Frozen, since every caller shares it.
 */
let defaults: ResolvedSettings | null = null;

export function resolveSettings(settings: Settings | null | undefined): ResolvedSettings {
  if (settings == null) {
    if (!defaults) {
      const d = resolveGiven(null);
      Object.freeze(d.rules);
      defaults = Object.freeze(d);
    }
    return defaults;
  }
  return resolveGiven(settings);
}

function resolveGiven(settings: Settings | null): ResolvedSettings {
  const given = parseKubeVersion(settings?.kubernetesVersion);
  const version = given ?? parseKubeVersion(DEFAULT_KUBERNETES_VERSION)!;
  const versionSource: VersionSource = given ? (settings?.kubernetesVersionSource ?? 'initlens.kubernetesVersion') : 'default';
  const rules: Record<string, RuleSetting> = {};
  for (const [k, v] of Object.entries(settings?.rules ?? {})) {
    const s = normalizeRuleSetting(v);
    if (s) rules[k] = s;
  }
  const key = JSON.stringify([version.major, version.minor, Object.entries(rules).sort()]);
  return { version, versionSource, rules, key };
}

export function normalizeRuleSetting(v: unknown): RuleSetting | null {
  if (v === false) return 'off';
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (s === 'off' || s === 'none' || s === 'false') return 'off';
  if (s === 'information' || s === 'hint') return 'info';
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : null;
}

export interface ConfigProblem {
  message: string;
  /** Offsets in the file of the key or value the problem is about (the first line when nothing better). */
  start: number;
  end: number;
  /** The file cannot be read at all (bad YAML): nothing in it applies. */
  fatal?: boolean;
}

export interface ConfigFileResult {
  settings: Settings;
  /** The messages of `issues`, one sentence each. */
  problems: string[];
  /** The problems with the range they are about. */
  issues: ConfigProblem[];
}

function span(node: unknown, fallback: readonly [number, number]): [number, number] {
  const r = node && typeof node === 'object' ? (node as { range?: [number, number, number] }).range : undefined;
  return r ? [r[0], Math.max(r[0], r[1])] : [fallback[0], fallback[1]];
}

/**
 * Reads the text of an `.initlens.yaml`: `kubernetesVersion` and `rules: {id: severity|off}`, from
 * the YAML tree so that each problem is reported on the key or value it is about.
 *
 * `kubernetesVersion` is read as written: an unquoted `1.30` is a YAML float (1.3), but what the
 * person typed is 1.30, so the source text of a plain number is taken, not its value.
 */
export function parseConfigFile(text: string, knownRules: ReadonlySet<string>): ConfigFileResult {
  const issues: ConfigProblem[] = [];
  const settings: Settings = {};
  const firstLine: [number, number] = [0, Math.max(0, text.search(/\r|\n|$/))];
  const done = (): ConfigFileResult => ({ settings, problems: issues.map((i) => i.message), issues });
  const problem = (message: string, at: readonly [number, number], fatal = false): void =>
    void issues.push({ message, start: at[0], end: at[1], ...(fatal ? { fatal } : {}) });
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false });
  } catch (e) {
    problem(t('cannot parse: {0}', (e as Error).message.split('\n')[0]), firstLine, true);
    return done();
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at: [number, number] = e.pos ? [e.pos[0], Math.max(e.pos[0], e.pos[1])] : firstLine;
    problem(t('cannot parse: {0}', e.message.split('\n')[0]), at, true);
    return done();
  }
  const resolve = (node: unknown): unknown => {
    try {
      return isAlias(node) ? node.resolve(doc) : node;
    } catch {
      return null;
    }
  };
  const root = resolve(doc.contents);
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === undefined))) return done();
  if (!isMap(root)) {
    problem(t('expected a mapping'), span(root, firstLine));
    return done();
  }
  for (const item of root.items) {
    const key = isScalar(item.key) ? item.key.value : null;
    const keyAt = span(item.key, firstLine);
    const value = resolve(item.value);
    const valueAt = value && (value as { range?: unknown }).range ? span(value, keyAt) : keyAt;
    if (key === 'kubernetesVersion') {
      const v = isScalar(value) ? versionText(value) : null;
      if (v !== null && parseKubeVersion(v)) {
        settings.kubernetesVersion = v;
        settings.kubernetesVersionSource = '.initlens.yaml';
      } else {
        const shown = isScalar(value) ? String(versionText(value) ?? value.value) : text.slice(valueAt[0], valueAt[1]);
        problem(t('kubernetesVersion: "{0}" is not a version like 1.33', shown), valueAt);
      }
    } else if (key === 'rules') {
      if (!isMap(value)) {
        problem(t('rules: expected a mapping of rule id to error|warning|info|off'), valueAt);
        continue;
      }
      settings.rules = {};
      for (const r of value.items) {
        const id = isScalar(r.key) ? String(r.key.value) : text.slice(...span(r.key, keyAt));
        const idAt = span(r.key, keyAt);
        const rv = resolve(r.value);
        const s = normalizeRuleSetting(isScalar(rv) ? rv.value : rv);
        if (!knownRules.has(id)) problem(t('rules: unknown rule "{0}"', id), idAt);
        else if (!s) problem(t('rules.{0}: expected error, warning, info or off', id), rv && (rv as { range?: unknown }).range ? span(rv, idAt) : idAt);
        else settings.rules[id] = s;
      }
    } else {
      problem(t('unknown key "{0}"', key === null ? text.slice(keyAt[0], keyAt[1]) : String(key)), keyAt);
    }
  }
  return done();
}

/** A version scalar as the person wrote it: the source text of a plain number (`1.30`, not 1.3). */
function versionText(s: Scalar): string | null {
  if (typeof s.value === 'string') return s.value;
  if (typeof s.value === 'number') return s.type === 'PLAIN' && typeof s.source === 'string' ? s.source : String(s.value);
  return null;
}
