/** The registry: every rule InitLens runs, in a stable order. */
import { Rule } from '../rule';
import { apiServerRules } from './apiServerRules';
import { fileRules } from './fileRules';
import { podRules } from './podRules';
import { scriptRules } from './scriptRules';
import { versionRules } from './versionRules';

export const allRules: readonly Rule[] = [...apiServerRules, ...versionRules, ...scriptRules, ...fileRules, ...podRules];

export const ruleIds: ReadonlySet<string> = new Set(allRules.map((r) => r.id));

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
