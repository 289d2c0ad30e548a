/** Rules about sidecars, ports, resources and restart behaviour of the Pod: one module each. */
import { Rule } from '../rule';

export const podRules: Rule[] = [];
