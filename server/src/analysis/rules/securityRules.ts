/** Rules about init containers' security contexts (what the kubelet refuses, what fails for lack of privilege): one module each. */
import { Rule } from '../rule';
import { initMissingPrivilege } from './init-missing-privilege';
import { initReadonlyRootWrite } from './init-readonly-root-write';
import { initRunAsRootBlocked } from './init-run-as-root-blocked';

export const securityRules: Rule[] = [initRunAsRootBlocked, initMissingPrivilege, initReadonlyRootWrite];
