import { t } from '../i18n';
import { containerLabel } from '../model';
import { has, rangeOf } from '../nodes';
import { formatQuantity, isZeroQuantity, quantityToNumber, subtractQuantities } from '../quantity';
import { containerResources, effectiveResources } from '../resources';
import type { Rule } from '../rule';

/** How much the init phase must exceed the steady state to be worth saying (10 %). */
const MATERIAL = 1.1;

/** What a finding of `init-dominates-resources` tells its fixes. */
export interface InitDominatesResourcesData {
  resource: string;
  effective: string;
  steady: string;
  fromLimit: boolean;
}

export const initDominatesResources: Rule<InitDominatesResourcesData> = {
  id: 'init-dominates-resources',
  defaultSeverity: 'info',
  summary: "An init container's request raises the Pod's effective request above what it needs once running.",
  catalogue: 'INIT201',
  check({ pod, report }) {
    if (pod.initContainers.length === 0 || has(pod.node, 'resources')) return;
    // the finding sits on an init container's own request: a Pod whose init containers request
    // nothing has none, and most do not (the Pod-wide sums below are the costly part)
    if (!pod.initContainers.some((c) => c.role === 'init' && has(c.node, 'resources') && containerResources(c).requests.size > 0)) return;
    const eff = effectiveResources(pod);
    for (const e of eff.requests.values()) {
      if (e.phase !== 'init' || !e.setBy || e.setBy.role !== 'init' || e.uncertain) continue;
      const init = e.setBy;
      // steady state 0 with no app container giving a request: the app's needs are unknown
      if (isZeroQuantity(e.steady) && e.missing.some((c) => c.role === 'app')) continue;
      if (quantityToNumber(e.quantity) <= quantityToNumber(e.steady) * MATERIAL) continue;
      // peak = sidecars before it + its own request; those sidecars also count in the steady state,
      // so when the peak wins it is always this container's own request that lifts it
      const own = containerResources(init).requests.get(e.resource);
      if (!own) continue;
      const sidecarsBefore = e.contributors.filter((c) => c !== init);
      report({
        range: rangeOf(own.node),
        container: init,
        message: t('"{0}" raises the Pod\'s {1} request to {2}; running needs only {3}', containerLabel(init), e.resource, e.text, formatQuantity(e.steady)),
        detail: t(
          "Init container `{0}` sets the Pod's effective {1} request to {2}{3}, while the running Pod needs only {4} (app containers plus sidecars). The scheduler reserves the larger figure for the Pod's whole life, so {5} stays unused after `{0}` exits. If `{0}` does not need that much, lower its request.",
          containerLabel(init),
          e.resource,
          e.text,
          sidecarsBefore.length > 0 ? t(' (with the sidecars started before it: {0})', sidecarsBefore.map(containerLabel).join(', ')) : '',
          formatQuantity(e.steady),
          formatQuantity(subtractQuantities(e.quantity, e.steady)),
        ),
        data: { resource: e.resource, effective: e.text, steady: formatQuantity(e.steady), fromLimit: own.fromLimit },
      });
    }
  },
};
