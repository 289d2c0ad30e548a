/** Rules about files handed between containers through volumes, and sidecar dependencies: one module each. */
import { Rule } from '../rule';
import { initMountPathMismatch } from './init-mount-path-mismatch';
import { initOrderDependency } from './init-order-dependency';
import { initOutputNotShared } from './init-output-not-shared';
import { initVolumeNotConsumed } from './init-volume-not-consumed';
import { sidecarAfterDependent } from './sidecar-after-dependent';
import { sidecarWithoutStartupProbe } from './sidecar-without-startup-probe';

export const fileRules: Rule[] = [
  initOutputNotShared,
  initVolumeNotConsumed,
  initMountPathMismatch,
  initOrderDependency,
  sidecarAfterDependent,
  sidecarWithoutStartupProbe,
];
