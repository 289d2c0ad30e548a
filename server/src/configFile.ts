/**
 * Reading `.initlens.yaml` from disk, for the server (workspace folder root) and the CLI (current
 * directory or `--config`). The parsing itself is the pure `parseConfigFile`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfigFile, ruleIds, type Settings } from './analysis';
import { t } from './analysis/i18n';

export interface LoadedConfig {
  path: string;
  /** False when there is no such file (not an error). */
  exists: boolean;
  settings: Settings;
  /** What is wrong in the file, one sentence each (unreadable, bad YAML, unknown rule…). */
  problems: string[];
}

export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: file, exists: false, settings: {}, problems: [] };
    return { path: file, exists: true, settings: {}, problems: [t('cannot read: {0}', (e as Error).message)] };
  }
  const { settings, problems } = parseConfigFile(text, ruleIds);
  return { path: file, exists: true, settings, problems };
}

/**
 * Whether `file` lies inside `folder` (or is it). Compares path segments: `..data/pod.yaml` (how
 * Kubernetes mounts a ConfigMap) is inside, only `..` itself or `../…` is outside.
 */
export function isInsideFolder(folder: string, file: string, p: Pick<typeof path, 'relative' | 'isAbsolute' | 'sep'> = path): boolean {
  const rel = p.relative(folder, file);
  if (p.isAbsolute(rel)) return false;
  return rel !== '..' && !rel.startsWith('..' + p.sep) && !(p.sep !== '/' && rel.startsWith('../'));
}
