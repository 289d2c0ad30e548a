/**
 * Variable references in what a container runs (see `../facts/vars`): the script's variables come
 * from the one parse of the script in shell.ts.
 */
import { parseScript } from '../shell';
import type { ScriptVars } from '../facts/vars';

export { kubeRefs } from '../facts/vars';
export type { ScriptVars, VarRef } from '../facts/vars';

/** Shell references and definitions of a script; null when it does not parse. */
export function scriptVars(script: string): ScriptVars | null {
  return parseScript(script)?.vars ?? null;
}
