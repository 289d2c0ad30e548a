/** Rules about files handed between containers through volumes, and sidecar dependencies: one module each. */
import { Rule } from '../rule';

export const fileRules: Rule[] = [];
