/** Rules that read what init containers run (commands and shell scripts): one module each. */
import { Rule } from '../rule';

export const scriptRules: Rule[] = [];
