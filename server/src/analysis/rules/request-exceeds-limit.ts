import { t } from '../i18n';
import { containerLabel } from '../model';
import type { YAMLMap } from 'yaml';
import { asMap, asScalar, get, mapPairs, rangeOf, scalarText } from '../nodes';
import { compareQuantities, formatQuantity, quantityFromValue } from '../quantity';
import { containerResources } from '../resources';
import { containerRule, type Rule } from '../rule';
import { fixRequestExceedsLimit } from '../fixes/containers';
import { apiPath } from './util';

/** apimachinery's IsOvercommitAllowed: native resources except hugepages. */
export function isOvercommitAllowed(resource: string): boolean {
  const native = !resource.includes('/') || resource.includes('kubernetes.io/');
  return native && !resource.startsWith('hugepages-');
}

/**
 * Whether no request written in `requests` can break its limit: every readable request against every
 * readable limit of the same name (the pairs after merges, as `containerResources` reads them, which
 * keeps one of each name) passes the rule's test. False when one may not: the full reading decides.
 */
function withinLimits(requests: YAMLMap, limits: YAMLMap | null): boolean {
  if (!limits) return true;
  const limitPairs = mapPairs(limits);
  for (const rp of mapPairs(requests)) {
    const name = scalarText(rp.key);
    if (name === null) continue;
    const rs = asScalar(rp.value);
    const rq = rs ? quantityFromValue(rs.value) : null;
    if (!rq) continue;
    for (const lp of limitPairs) {
      if (scalarText(lp.key) !== name) continue;
      const ls = asScalar(lp.value);
      const lq = ls ? quantityFromValue(ls.value) : null;
      if (!lq) continue;
      const cmp = compareQuantities(rq, lq);
      if (cmp > 0 || (cmp !== 0 && !isOvercommitAllowed(name))) return false;
    }
  }
  return true;
}

/** What a finding of `request-exceeds-limit` tells its fixes. */
export interface RequestExceedsLimitData {
  resource: string;
  request: string;
  limit: string;
}

export const requestExceedsLimit: Rule<RequestExceedsLimitData> = containerRule({
  id: 'request-exceeds-limit',
  lists: ['initContainers', 'containers'],
  defaultSeverity: 'error',
  summary: 'A container request above its limit (or, for extended resources and hugepages, different from it).',
  catalogue: 'INIT017',
  fixes: fixRequestExceedsLimit,
  checkContainer({ pod, report }, c) {
    const resources = get(c.node, 'resources');
    const requestsNode = asMap(get(resources, 'requests'));
    if (!requestsNode) return;
    // most containers ask no more than their limits: shown without building the tables of both
    if (withinLimits(requestsNode, asMap(get(resources, 'limits')))) return;
    const { requests, limits } = containerResources(c);
    for (const [resource, req] of requests) {
      if (req.fromLimit) continue;
      const lim = limits.get(resource);
      if (!lim) continue;
      const cmp = compareQuantities(req.quantity, lim.quantity);
      const overcommit = isOvercommitAllowed(resource);
      if (cmp <= 0 && (overcommit || cmp === 0)) continue;
      const reqText = formatQuantity(req.quantity);
      const limText = formatQuantity(lim.quantity);
      const path = apiPath(pod, c, 'resources', 'requests');
      report({
        range: rangeOf(req.node),
        container: c,
        message: overcommit
          ? t('{0} request {1} of "{2}" is above its limit {3}: the Pod is rejected', resource, reqText, containerLabel(c), limText)
          : t('{0} request {1} of "{2}" differs from its limit {3}: the Pod is rejected', resource, reqText, containerLabel(c), limText),
        detail: overcommit
          ? t(
              'The API server rejects this Pod: {0}: Invalid value: "{1}": must be less than or equal to {2} limit of {3}. Container `{4}` asks the scheduler for more {2} than it may ever use; lower the request or raise the limit.',
              path,
              reqText,
              resource,
              limText,
              containerLabel(c),
            )
          : t(
              'The API server rejects this Pod: {0}: Invalid value: "{1}": must be equal to {2} limit of {3}. {2} cannot be overcommitted, so its request and limit must be the same; set both to the same value (or give only the limit).',
              path,
              reqText,
              resource,
              limText,
            ),
        related: [{ range: rangeOf(lim.node), message: t('The {0} limit of container "{1}".', resource, containerLabel(c)) }],
        data: { resource, request: reqText, limit: limText },
      });
    }
  },
});
