/** Rules about sidecars, ports, resources and restart behaviour of the Pod: one module each. */
import { Rule } from '../rule';
import { initEnvNotInherited } from './init-env-not-inherited';
import { restartNeverInitFailure } from './restart-never-init-failure';
import { sidecarPortConflict } from './sidecar-port-conflict';

export const podRules: Rule[] = [sidecarPortConflict, initEnvNotInherited, restartNeverInitFailure];
