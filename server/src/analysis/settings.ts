/**
 * What the rules can be told: the target Kubernetes version and a severity (or `off`) per rule.
 * Settings come from the editor, from `.initlens.yaml` at the workspace root and from CLI flags;
 * `mergeSettings` applies them in that order, later ones winning key by key.
 */
import { parse } from 'yaml';
import { t } from './i18n';
import { Severity, SEVERITIES } from './rule';
import { DEFAULT_KUBERNETES_VERSION, KubeVersion, parseKubeVersion } from './version';

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

export function resolveSettings(settings: Settings | null | undefined): ResolvedSettings {
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

export interface ConfigFileResult {
  settings: Settings;
  problems: string[];
}

/** Reads the text of an `.initlens.yaml`: `kubernetesVersion` and `rules: {id: severity|off}`. */
export function parseConfigFile(text: string, knownRules: ReadonlySet<string>): ConfigFileResult {
  const problems: string[] = [];
  const settings: Settings = {};
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50 });
  } catch (e) {
    return { settings, problems: [t('cannot parse: {0}', (e as Error).message.split('\n')[0])] };
  }
  if (data === null || data === undefined) return { settings, problems };
  if (typeof data !== 'object' || Array.isArray(data)) return { settings, problems: [t('expected a mapping')] };
  const rec = data as Record<string, unknown>;
  if (rec.kubernetesVersion !== undefined) {
    const v = String(rec.kubernetesVersion);
    if (parseKubeVersion(v)) {
      settings.kubernetesVersion = v;
      settings.kubernetesVersionSource = '.initlens.yaml';
    }
    else problems.push(t('kubernetesVersion: "{0}" is not a version like 1.33', v));
  }
  if (rec.rules !== undefined) {
    if (typeof rec.rules !== 'object' || rec.rules === null || Array.isArray(rec.rules)) {
      problems.push(t('rules: expected a mapping of rule id to error|warning|info|off'));
    } else {
      settings.rules = {};
      for (const [id, v] of Object.entries(rec.rules as Record<string, unknown>)) {
        const s = normalizeRuleSetting(v);
        if (!knownRules.has(id)) problems.push(t('rules: unknown rule "{0}"', id));
        else if (!s) problems.push(t('rules.{0}: expected error, warning, info or off', id));
        else settings.rules[id] = s;
      }
    }
  }
  for (const k of Object.keys(rec)) {
    if (k !== 'kubernetesVersion' && k !== 'rules') problems.push(t('unknown key "{0}"', k));
  }
  return { settings, problems };
}
