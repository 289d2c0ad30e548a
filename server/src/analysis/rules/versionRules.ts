/**
 * Rules about fields whose verdict moved with Kubernetes 1.34–1.37 (issue 12): container restart
 * policies and rules, and what the API server drops, rejects or accepts at each version. One module each;
 * docs/versions.md has the version matrix.
 */
import { Rule } from '../rule';
import { restartFieldsIgnored } from './restart-fields-ignored';
import { restartRulesInvalid } from './restart-rules-invalid';
import { initResizePolicy } from './init-resize-policy';
import { lifecycleSleepTooLong } from './lifecycle-sleep-too-long';
import { ephemeralRestartFields } from './ephemeral-restart-fields';
import { retiredApiVersion } from './retired-api-version';
import { meshInitTraffic } from './mesh-init-traffic';

export const versionRules: Rule[] = [restartFieldsIgnored, restartRulesInvalid, initResizePolicy, lifecycleSleepTooLong, ephemeralRestartFields, retiredApiVersion, meshInitTraffic];
