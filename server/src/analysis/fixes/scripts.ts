/** Fixes for what init containers run: the Service name busybox resolves, variables from another container. */
import { isScalar, isSeq, type Node, parseAllDocuments, type YAMLSeq } from 'yaml';
import { t } from '../i18n';
import { asSeq, get, getPath, getString, rangeOf } from '../nodes';
import type { BusyboxNslookupData } from '../rules/busybox-nslookup-short-name';
import type { InitEnvNotInheritedData } from '../rules/init-env-not-inherited';
import type { WaitLoopWithoutTimeoutData } from '../rules/wait-loop-without-timeout';
import { containerByName, type FixProvider, label, str } from './context';
import { RawFlow } from './edits';
import { flowSource, hasAnchorsOrAliases } from './source';

/** The run-time namespace lookup the rule falls back to when the manifest names no namespace. */
const NAMESPACE_EXPANSION = '$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)';

/**
 * The namespace of the Service `name` when the file declares it with a `metadata.namespace` (and only
 * in one namespace): the name the lookup must resolve. Objects without a namespace are not a guide —
 * they land in whatever namespace `kubectl` is pointed at.
 */
function serviceNamespace(text: string, name: string): string | null {
  const found = serviceNamespaces(text).get(name);
  if (found?.size !== 1) return null;
  const [only] = found;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(only) ? only : null;
}

/**
 * Service name → the namespaces it is declared in, for one file. The file is parsed once per text,
 * not once per finding: fix-all asks for every busybox finding of a file in turn. A memo of a pure
 * function (the last text only), not state the analysis depends on.
 */
let lastServices: { text: string; byName: Map<string, Set<string>> } | null = null;

function serviceNamespaces(text: string): Map<string, Set<string>> {
  if (lastServices?.text === text) return lastServices.byName;
  const byName = new Map<string, Set<string>>();
  let docs: ReturnType<typeof parseAllDocuments> = [];
  try {
    docs = parseAllDocuments(text);
  } catch {
    docs = [];
  }
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const root = d.contents as Node | null;
    if (getString(root, 'kind') !== 'Service') continue;
    const metadata = getPath(root, ['metadata']);
    const svc = getString(metadata, 'name');
    const ns = getString(metadata, 'namespace');
    if (!svc || !ns) continue;
    let set = byName.get(svc);
    if (!set) byName.set(svc, (set = new Set()));
    set.add(ns);
  }
  lastServices = { text, byName };
  return byName;
}

export const fixBusyboxNslookupShortName: FixProvider<BusyboxNslookupData> = (ctx) => {
  const { finding, pod } = ctx;
  let start = finding.start;
  let end = finding.end;
  let word = ctx.text.slice(start, end);
  // a quoted argv item (`["nslookup", "kubernetes.default"]`): replace inside the quotes
  const quoted = /^(["'])(.*)\1$/.exec(word);
  if (quoted) {
    word = quoted[2];
    start += 1;
    end -= 1;
  }
  const name = str(ctx.data.name) ?? word;
  if (!pod || !/^[A-Za-z0-9.-]+$/.test(word) || word !== name) return [];
  let fqdn = str(ctx.data.fqdn);
  const parts = name.split('.');
  if (!fqdn) {
    const ns = getString(getPath(pod.objectNode, ['metadata']), 'namespace');
    if (parts.length === 2) fqdn = `${name}.svc.cluster.local`;
    else if (parts.length === 1 && ns && /^[a-z0-9-]+$/.test(ns)) fqdn = `${name}.${ns}.svc.cluster.local`;
    else if (parts.length === 3 && parts[2] === 'svc') fqdn = `${name}.cluster.local`;
  }
  // the object names no namespace, but the file declares the Service in one: that one, not the
  // 90-character run-time lookup
  if (parts.length === 1 && (!fqdn || fqdn.includes(NAMESPACE_EXPANSION))) {
    const ns = serviceNamespace(ctx.text, name);
    if (ns) fqdn = `${name}.${ns}.svc.cluster.local`;
  }
  if (!fqdn || fqdn === word) return [];
  const title = fqdn.includes(NAMESPACE_EXPANSION)
    ? t('Look up the full name of "{0}", with the namespace read at run time', name)
    : t('Look up the fully qualified name "{0}"', fqdn);
  return [
    {
      rule: finding.rule,
      title,
      edits: [{ start, end, newText: fqdn }],
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
  const owner = containerByName(pod, ctx.data.fromContainer) ?? [...pod.all, ...pod.ephemeralContainers].find((o) => o !== c && o.env.has(name)) ?? null;
  const def = owner?.env.get(name);
  const envSeq = owner ? asSeq(get(owner.node, 'env')) : null;
  // a definition with an anchor or alias (or reached through one) is not copied
  if (!owner || !def || !envSeq || hasAnchorsOrAliases(def.node) || !envSeq.items.includes(def.node as never)) return [];
  const written = flowSource(def.node, ed.text);
  if (written === null) return [];
  const value = new RawFlow(written);
  const targetEnv = get(c.node, 'env');
  if (targetEnv && !isSeq(targetEnv) && !(isScalar(targetEnv) && targetEnv.value === null)) return [];
  const blockTarget = !c.node.flow && !(targetEnv && isSeq(targetEnv) && (targetEnv as YAMLSeq).flow);
  const lines = blockTarget && !envSeq.flow ? (col: number) => ed.itemText(envSeq as YAMLSeq, def.node as Node, col) : undefined;
  const r = rangeOf(def.node);
  const source = r ? ed.text.slice(r[0], r[1]) : written;
  return [
    {
      rule: finding.rule,
      title: t('Copy the definition of {0} from "{1}" into "{2}"', name, label(owner), label(c)),
      edits: [ed.addToList(c.node, 'env', value, {}, lines)],
      // a definition that refers to other variables may need those too
      safe: !source.includes('$('),
      preferred: true,
    },
  ];
};

/** How many tries the bounded wait loop makes before it gives up. */
export const WAIT_LOOP_TRIES = 60;

/**
 * `wait-loop-without-timeout`: bounds the loop with a counter, keeping its own condition and body —
 * `until X; do …; done` becomes
 * `tries=0; until X; do tries=$((tries+1)); if test $tries -gt 60; then echo gave up waiting for X after 60 tries >&2; exit 1; fi; …; done`
 * so that the init container fails with a message after 60 rounds and the Pod shows
 * `Init:Error`/`Init:CrashLoopBackOff` instead of waiting in `Init` forever. The inserted text uses no
 * quotes, backslashes, commas, brackets, `#` or `: `, so it means the same inside any YAML scalar
 * style (plain, in a flow sequence, single- or double-quoted, block) and needs no escaping. The loop
 * is the one of the container's program whose keyword the finding is on.
 */
export const fixWaitLoopWithoutTimeout: FixProvider<WaitLoopWithoutTimeoutData> = (ctx) => {
  const { finding, doc } = ctx;
  const program = ctx.container?.program;
  const at = ctx.rel(finding.start);
  const loop = program?.loops.find((l) => l.start === at);
  if (!program || !loop || loop.condition.length === 0) return [];
  // the `do` after the condition: a word of its own, before the body (document-relative offsets)
  const conditionEnd = Math.max(...loop.condition.map((c) => c.end));
  const m = /(^|[\s;])do(?=[\s;]|$)/.exec(doc.text.slice(conditionEnd, loop.fullEnd));
  if (!m) return [];
  const afterDo = conditionEnd + m.index + m[1].length + 2;
  const script = program.script ?? doc.text.slice(loop.fullStart, loop.fullEnd);
  let name = 'tries';
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(script); i++) name = `tries${i}`;
  const check = str(ctx.data.check);
  const what = check && /^[A-Za-z0-9._/ -]+$/.test(check) ? check.replace(/\s+/g, ' ').trim() : 'the dependency';
  const n = WAIT_LOOP_TRIES;
  const guard = ` ${name}=$((${name}+1)); if test $${name} -gt ${n}; then echo gave up waiting for ${what} after ${n} tries >&2; exit 1; fi;`;
  return [
    {
      rule: finding.rule,
      title: t('Give up after {0} tries: count the rounds of the "{1}" loop and exit 1 with a message', n, str(ctx.data.keyword) ?? loop.kind),
      edits: [ctx.ed.edit(loop.fullStart, loop.fullStart, `${name}=0; `), ctx.ed.edit(afterDo, afterDo, guard)],
      // it changes when the container gives up: a choice for the person (how many tries)
      safe: false,
      preferred: true,
    },
  ];
};
