/** The registry: every rule InitLens runs, in a stable order. */
import { Rule } from '../rule';
import { apiServerRules } from './apiServerRules';
import { fileRules } from './fileRules';
import { podRules } from './podRules';
import { scriptRules } from './scriptRules';
import { securityRules } from './securityRules';

export const allRules: readonly Rule[] = [...apiServerRules, ...scriptRules, ...fileRules, ...podRules, ...securityRules];

export const ruleIds: ReadonlySet<string> = new Set(allRules.map((r) => r.id));

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
