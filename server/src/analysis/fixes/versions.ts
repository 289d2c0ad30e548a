/**
 * Fixes for the version rules (issue 12), attached to each rule as `Rule.fixes`. Each is checked by
 * test/unit/fixes-versions.test.ts: applied at every supported target, it must not bring a new
 * warning or error.
 */
import { isMap, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { t } from '../i18n';
import { asMap, asScalar, getPath, scalarText } from '../nodes';
import type { EphemeralRestartFieldsData } from '../rules/ephemeral-restart-fields';
import type { InitResizePolicyData } from '../rules/init-resize-policy';
import type { RestartFieldsIgnoredData } from '../rules/restart-fields-ignored';
import type { RestartRulesInvalidData } from '../rules/restart-rules-invalid';
import type { RetiredApiVersionData } from '../rules/retired-api-version';
import type { Fix, FixContext, FixProvider } from './context';
import type { YValue } from './edits';

function compact(fixes: Array<Fix | null>): Fix[] {
  return fixes.filter((f): f is Fix => f !== null);
}

function removeContainerField(ctx: FixContext<object>, field: string, title: string, preferred = false): Fix | null {
  const c = ctx.container;
  if (!c) return null;
  const e = ctx.ed.removePair(c.node, field);
  return e ? { rule: ctx.finding.rule, title, edits: [e], safe: false, preferred } : null;
}

/** The scalar under the finding's start (the value the finding points at). */
function scalarAtFinding(ctx: FixContext<object>, value: string): Scalar | null {
  const c = ctx.container;
  if (!c) return null;
  const at = ctx.rel(ctx.finding.start);
  let found: Scalar | null = null;
  const visit = (n: unknown, depth: number): void => {
    if (found || depth > 8 || !n || typeof n !== 'object') return;
    const s = asScalar(n);
    if (s?.range && s.range[0] === at && scalarText(s) === value) {
      found = s;
      return;
    }
    if (isMap(n)) for (const p of n.items) visit(p.value, depth + 1);
    else if (isSeq(n)) for (const x of n.items) visit(x, depth + 1);
  };
  visit(c.node, 0);
  return found;
}

export const fixRestartFieldsIgnored: FixProvider<RestartFieldsIgnoredData> = (ctx) => {
  const field = ctx.data.dropped;
  if (field !== 'restartPolicy' && field !== 'restartPolicyRules') return [];
  return compact([removeContainerField(ctx, field, t('Remove {0} (the target version ignores it)', field), true)]);
};

export const fixRestartRulesInvalid: FixProvider<RestartRulesInvalidData> = (ctx) => {
  const c = ctx.container;
  if (!c) return [];
  const problem = ctx.data.problem;
  const suggestion = ctx.data.suggestion ?? null;
  switch (problem) {
    case 'needs-policy': {
      const value = suggestion === 'OnFailure' ? 'OnFailure' : 'Never';
      const e = ctx.ed.addPair(c.node, 'restartPolicy', value, { before: 'restartPolicyRules' });
      return [{ rule: ctx.finding.rule, title: t('Add restartPolicy: {0} to the container', value), edits: [e], safe: false, preferred: true }];
    }
    case 'sidecar':
      return compact([removeContainerField(ctx, 'restartPolicyRules', t('Remove restartPolicyRules (not allowed on a sidecar before 1.36)'), true)]);
    case 'restart-all-before-136': {
      const s = scalarAtFinding(ctx, 'RestartAllContainers');
      if (!s) return [];
      return [
        { rule: ctx.finding.rule, title: t('Use action: Restart (restarts only this container)'), edits: [ctx.ed.replaceScalar(s, 'Restart')], safe: false },
      ];
    }
    case 'action':
    case 'operator': {
      if (!suggestion) return [];
      const node = ctx.finding.end > ctx.finding.start ? scalarAtFinding(ctx, ctx.text.slice(ctx.finding.start, ctx.finding.end)) : null;
      if (!node) return [];
      return [{ rule: ctx.finding.rule, title: t('Write {0}', suggestion), edits: [ctx.ed.replaceScalar(node, suggestion)], safe: true, preferred: true }];
    }
    default:
      return [];
  }
};

export const fixInitResizePolicy: FixProvider<InitResizePolicyData> = (ctx) => {
  const problem = ctx.data.problem;
  if (problem === 'before-133') {
    return compact([removeContainerField(ctx, 'resizePolicy', t('Remove resizePolicy'), true)]);
  }
  if (problem !== 'restart-container') return [];
  const s = scalarAtFinding(ctx, 'RestartContainer');
  if (!s) return [];
  return [{ rule: ctx.finding.rule, title: t('Use restartPolicy: NotRequired'), edits: [ctx.ed.replaceScalar(s, 'NotRequired')], safe: true, preferred: true }];
};

export const fixEphemeralRestartFields: FixProvider<EphemeralRestartFieldsData> = (ctx) => {
  const field = ctx.data.field;
  if (!field) return [];
  return compact([removeContainerField(ctx, field, t('Remove {0}', field), true)]);
};

export const fixRetiredApiVersion: FixProvider<RetiredApiVersionData> = (ctx) => {
  const pod = ctx.pod;
  const current = ctx.data.current;
  if (!pod || !current || !pod.apiVersionNode) return [];
  const edits = [ctx.ed.replaceScalar(pod.apiVersionNode, current)];
  let title = t('Use apiVersion: {0}', current);
  if (ctx.data.needsSelector === true) {
    // apps/v1 needs `spec.selector`; the old API took it from the template's labels.
    const labels = asMap(getPath(pod.workloadSpecNode, ['template', 'metadata', 'labels']));
    const ws = pod.workloadSpecNode;
    if (!labels || !ws || labels.items.length === 0) return [];
    const matchLabels: { [k: string]: YValue } = {};
    for (const p of labels.items) {
      const k = scalarText(p.key);
      const v = scalarText(p.value);
      if (k === null || v === null || k.includes('{{') || v.includes('{{')) return [];
      matchLabels[k] = v;
    }
    edits.push(ctx.ed.addPair(ws as YAMLMap, 'selector', { matchLabels }, { before: 'template' }));
    title = t("Use apiVersion: {0} and add the spec.selector it requires (from the template's labels)", current);
  }
  return [{ rule: ctx.finding.rule, title, edits, safe: false, preferred: true }];
};
