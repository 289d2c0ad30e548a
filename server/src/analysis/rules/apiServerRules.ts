/** Rules for what the API server rejects (HTTP 422): one module each. */
import { Rule } from '../rule';
import { initLifecycleOrProbe } from './init-lifecycle-or-probe';
import { invalidContainerName } from './invalid-container-name';

export const apiServerRules: Rule[] = [initLifecycleOrProbe, invalidContainerName];
