/** Rules for what the API server rejects (HTTP 422): one module each. */
import { Rule } from '../rule';
import { initLifecycleOrProbe } from './init-lifecycle-or-probe';
import { invalidContainerName } from './invalid-container-name';
import { initRestartPolicyValue } from './init-restart-policy-value';
import { containerRestartPolicy } from './container-restart-policy';
import { sidecarUnsupportedVersion } from './sidecar-unsupported-version';
import { duplicateContainerName } from './duplicate-container-name';
import { missingImage } from './missing-image';
import { undeclaredVolume } from './undeclared-volume';
import { duplicateMountPath } from './duplicate-mount-path';
import { requestExceedsLimit } from './request-exceeds-limit';
import { jobRestartPolicy } from './job-restart-policy';
import { templateRestartPolicy } from './template-restart-policy';
import { initDominatesResources } from './init-dominates-resources';

export const apiServerRules: Rule[] = [
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
];
