/**
 * The registry: every rule InitLens runs, once, in a stable order (what the API server rejects, then
 * what init containers run, then what they share through volumes, then the rest of the Pod). A rule
 * module carries everything about its rule: id, severity, summary, check, typed data and quick
 * fixes. Adding a rule is its module + one line here, its docs pages (en, zh-cn), its fixtures and
 * its messages; test/unit/registry.test.ts checks that all of them agree.
 */
import type { Rule } from '../rule';
import { busyboxNslookupShortName } from './busybox-nslookup-short-name';
import { containerRestartPolicy } from './container-restart-policy';
import { duplicateContainerName } from './duplicate-container-name';
import { duplicateMountPath } from './duplicate-mount-path';
import { ephemeralRestartFields } from './ephemeral-restart-fields';
import { hostnetworkDnsPolicy } from './hostnetwork-dns-policy';
import { initDominatesResources } from './init-dominates-resources';
import { initEnvNotInherited } from './init-env-not-inherited';
import { initLifecycleOrProbe } from './init-lifecycle-or-probe';
import { initMissingPrivilege } from './init-missing-privilege';
import { initMountPathMismatch } from './init-mount-path-mismatch';
import { initNeverExits } from './init-never-exits';
import { initOrderDependency } from './init-order-dependency';
import { initNotRerunnable } from './init-not-rerunnable';
import { initOutputNotShared } from './init-output-not-shared';
import { initResizePolicy } from './init-resize-policy';
import { initReadonlyRootWrite } from './init-readonly-root-write';
import { initRestartPolicyValue } from './init-restart-policy-value';
import { initRunAsRootBlocked } from './init-run-as-root-blocked';
import { initVolumeNotConsumed } from './init-volume-not-consumed';
import { invalidContainerName } from './invalid-container-name';
import { jobBlockingSidecar } from './job-blocking-sidecar';
import { jobRestartPolicy } from './job-restart-policy';
import { lifecycleSleepTooLong } from './lifecycle-sleep-too-long';
import { meshInitTraffic } from './mesh-init-traffic';
import { missingImage } from './missing-image';
import { oneShotContainerRestarts } from './one-shot-container-restarts';
import { readsEmptyVolume } from './reads-empty-volume';
import { requestExceedsLimit } from './request-exceeds-limit';
import { restartFieldsIgnored } from './restart-fields-ignored';
import { restartNeverInitFailure } from './restart-never-init-failure';
import { restartRulesInvalid } from './restart-rules-invalid';
import { retiredApiVersion } from './retired-api-version';
import { sidecarAfterDependent } from './sidecar-after-dependent';
import { sidecarPortConflict } from './sidecar-port-conflict';
import { sidecarUnsupportedVersion } from './sidecar-unsupported-version';
import { sidecarWithoutStartupProbe } from './sidecar-without-startup-probe';
import { templateRestartPolicy } from './template-restart-policy';
import { undeclaredVolume } from './undeclared-volume';
import { waitLoopWithoutTimeout } from './wait-loop-without-timeout';
import { yamlSyntaxError } from './yaml-syntax-error';

export const allRules: readonly Rule[] = [
  initLifecycleOrProbe,
  invalidContainerName,
  initRestartPolicyValue,
  containerRestartPolicy,
  sidecarUnsupportedVersion,
  duplicateContainerName,
  missingImage,
  undeclaredVolume,
  duplicateMountPath,
  requestExceedsLimit,
  jobRestartPolicy,
  templateRestartPolicy,
  initDominatesResources,
  restartFieldsIgnored,
  restartRulesInvalid,
  initResizePolicy,
  lifecycleSleepTooLong,
  ephemeralRestartFields,
  retiredApiVersion,
  initNeverExits,
  jobBlockingSidecar,
  oneShotContainerRestarts,
  waitLoopWithoutTimeout,
  busyboxNslookupShortName,
  hostnetworkDnsPolicy,
  initOutputNotShared,
  initVolumeNotConsumed,
  readsEmptyVolume,
  initMountPathMismatch,
  initOrderDependency,
  sidecarAfterDependent,
  sidecarWithoutStartupProbe,
  sidecarPortConflict,
  initEnvNotInherited,
  restartNeverInitFailure,
  meshInitTraffic,
  initNotRerunnable,
  yamlSyntaxError,
  initRunAsRootBlocked,
  initMissingPrivilege,
  initReadonlyRootWrite,
];

export const ruleIds: ReadonlySet<string> = new Set(allRules.map((r) => r.id));

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
