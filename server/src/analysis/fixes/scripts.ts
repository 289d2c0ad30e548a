/** Fixes for what init containers run: the Service name busybox resolves, variables from another container. */
import { isScalar, isSeq, Node, YAMLSeq } from 'yaml';
import { t } from '../i18n';
import { asSeq, get, getPath, getString, rangeOf } from '../nodes';
import type { BusyboxNslookupData } from '../rules/busybox-nslookup-short-name';
import type { InitEnvNotInheritedData } from '../rules/init-env-not-inherited';
import { containerByName, FixProvider, label, str } from './context';
import { flow, YValue } from './edits';

export const fixBusyboxNslookupShortName: FixProvider<BusyboxNslookupData> = (ctx) => {
  const { finding, pod } = ctx;
  const word = ctx.text.slice(finding.start, finding.end);
  const name = str(ctx.data.name) ?? word;
  if (!pod || !/^[A-Za-z0-9.-]+$/.test(word) || word !== name) return [];
  let fqdn = str(ctx.data.fqdn);
  if (!fqdn) {
    const ns = getString(getPath(pod.objectNode, ['metadata']), 'namespace');
    const parts = name.split('.');
    if (parts.length === 2) fqdn = `${name}.svc.cluster.local`;
    else if (parts.length === 1 && ns && /^[a-z0-9-]+$/.test(ns)) fqdn = `${name}.${ns}.svc.cluster.local`;
    else if (parts.length === 3 && parts[2] === 'svc') fqdn = `${name}.cluster.local`;
  }
  if (!fqdn || fqdn === word) return [];
  return [
    {
      rule: finding.rule,
      title: t('Look up the fully qualified name "{0}"', fqdn),
      edits: [{ start: finding.start, end: finding.end, newText: fqdn }],
      safe: false,
      preferred: true,
    },
  ];
};

export const fixInitEnvNotInherited: FixProvider<InitEnvNotInheritedData> = (ctx) => {
  const { finding, pod, ed } = ctx;
  const c = ctx.container;
  const name = str(ctx.data.name);
  if (!pod || !c || !name || c.env.has(name)) return [];
  const owner =
    containerByName(pod, ctx.data.fromContainer) ?? [...pod.all, ...pod.ephemeralContainers].find((o) => o !== c && o.env.has(name)) ?? null;
  const def = owner?.env.get(name);
  const envSeq = owner ? asSeq(get(owner.node, 'env')) : null;
  if (!owner || !def || !envSeq) return [];
  const value = def.node.toJSON() as YValue;
  const targetEnv = get(c.node, 'env');
  if (targetEnv && !isSeq(targetEnv) && !(isScalar(targetEnv) && targetEnv.value === null)) return [];
  const blockTarget = !c.node.flow && !(targetEnv && isSeq(targetEnv) && (targetEnv as YAMLSeq).flow);
  const lines = blockTarget && !envSeq.flow ? (col: number) => ed.itemText(envSeq as YAMLSeq, def.node as Node, col) : undefined;
  const r = rangeOf(def.node);
  const source = r ? ed.text.slice(r[0], r[1]) : flow(value);
  return [
    {
      rule: finding.rule,
      title: t('Copy the definition of `{0}` from "{1}" into "{2}"', name, label(owner), label(c)),
      edits: [ed.addToList(c.node, 'env', value, {}, lines)],
      // a definition that refers to other variables may need those too
      safe: !source.includes('$('),
      preferred: true,
    },
  ];
};
