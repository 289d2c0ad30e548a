import { t } from '../i18n';
import { type Container, containerLabel } from '../model';
import { asSeq, get, rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { fixInitEnvNotInherited } from '../fixes/scripts';
import { scalarSource, sourceRange } from '../scalarSource';
import { factsOf, kubeRefs, type VarRef } from '../facts';

/**
 * Names a container has without its own `env`: set by the shell, the kubelet or the usual base
 * images. A reference to one of them is not a forgotten copy of another container's `env`.
 */
const AMBIENT = new Set([
  'HOME',
  'PATH',
  'HOSTNAME',
  'PWD',
  'OLDPWD',
  'IFS',
  'RANDOM',
  'SRANDOM',
  'LINENO',
  'SECONDS',
  'PPID',
  'UID',
  'EUID',
  'GROUPS',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  'LANG',
  'LANGUAGE',
  'TMPDIR',
  'SHLVL',
  'OPTARG',
  'OPTIND',
  'OPTERR',
  'REPLY',
  'PS1',
  'PS2',
  'PS3',
  'PS4',
  'BASH',
  'BASHPID',
  'BASHOPTS',
  'HOSTTYPE',
  'MACHTYPE',
  'OSTYPE',
  'PIPESTATUS',
  'FUNCNAME',
  'EPOCHSECONDS',
  'EPOCHREALTIME',
  'COLUMNS',
  'LINES',
  'HISTFILE',
  'MAIL',
  'JAVA_HOME',
  'JAVA_VERSION',
  'GOPATH',
  'GOLANG_VERSION',
  'NODE_VERSION',
  'PYTHON_VERSION',
]);
const AMBIENT_PREFIX = /^(?:LC_|BASH_|KUBERNETES_(?:SERVICE|PORT))/;

interface Found {
  ref: VarRef;
  /** The argv item the reference is in (its source range is worked out only for a finding). */
  item: Container['argv'][number];
}

/** What a finding of `init-env-not-inherited` tells its fixes. */
export interface InitEnvNotInheritedData {
  /** The variable read. */
  name: string;
  /** The container that defines it. */
  fromContainer: string;
}

export const initEnvNotInherited: Rule<InitEnvNotInheritedData> = {
  id: 'init-env-not-inherited',
  defaultSeverity: 'warning',
  summary: 'An init container reads a variable that only another container defines in its `env`: `env` is per container, so here it is empty.',
  catalogue: 'INIT115',
  fixes: fixInitEnvNotInherited,
  check({ pod, text, report }) {
    // a fragment, a Helm template or a broken document may get its `env` from elsewhere
    if (pod.partial) return;
    // the cheap question first: only a name that another container defines can be reported, and a
    // reference names it literally, so a container whose command line does not contain one is not read
    const definers = new Map<string, Container[]>();
    for (const list of [pod.all, pod.ephemeralContainers]) {
      for (const o of list) {
        for (const name of o.env.keys()) {
          const d = definers.get(name);
          if (d) d.push(o);
          else definers.set(name, [o]);
        }
      }
    }
    if (definers.size === 0) return;
    for (const c of pod.initContainers) {
      if (c.hasEnvFrom || c.templated || !c.program || c.program.unreadable) continue;
      if (!namesAny(c, definers)) continue;
      const envNode = get(c.node, 'env');
      if (envNode && !asSeq(envNode)) continue;
      const seen = new Set<string>();
      for (const { ref, item } of references(c, text)) {
        const name = ref.name;
        if (seen.has(name)) continue;
        seen.add(name);
        if (c.env.has(name) || AMBIENT.has(name) || AMBIENT_PREFIX.test(name)) continue;
        const owners = (definers.get(name) ?? []).filter((o) => o !== c);
        if (owners.length === 0) continue;
        const owner = owners[0];
        const src = scalarSource(text, item.node);
        report({
          range: src ? sourceRange(src, ref.start, ref.end) : rangeOf(item.node),
          container: c,
          message:
            ref.kind === 'kube'
              ? t('$({0}) stays literal in "{1}": only "{2}" defines it in its env', name, containerLabel(c), containerLabel(owner))
              : t('${0} is empty in "{1}": only "{2}" defines it in its env', name, containerLabel(c), containerLabel(owner)),
          detail:
            ref.kind === 'kube'
              ? t(
                  '`{0}` is defined only in the `env` of `{1}`, not of `{2}`: `env` is per container, and Kubernetes leaves a `$({0})` it cannot resolve as written, so `{2}` receives the literal text `$({0})`. Copy the `env` entry into `{2}` (or load both from the same ConfigMap/Secret with `envFrom`).',
                  name,
                  containerLabel(owner),
                  containerLabel(c),
                )
              : t(
                  '`{0}` is defined only in the `env` of `{1}`, not of `{2}`: `env` is per container, so in `{2}` the shell expands `${0}` to an empty string. Copy the `env` entry into `{2}` (or load both from the same ConfigMap/Secret with `envFrom`).',
                  name,
                  containerLabel(owner),
                  containerLabel(c),
                ),
          related: owners.map((o) => ({
            range: rangeOf(o.env.get(name)!.node),
            message: t('{0} is defined for "{1}" here.', name, containerLabel(o)),
          })),
          data: { name, fromContainer: containerLabel(owner) },
        });
      }
    }
  },
};

/** Whether `c`'s command line contains the name of a variable that some other container defines. */
function namesAny(c: Container, definers: ReadonlyMap<string, readonly Container[]>): boolean {
  for (const name of definers.keys()) {
    // a name the container defines itself is never reported (two init containers that both set it)
    if (c.env.has(name)) continue;
    for (const item of c.argv) if (item.value.includes(name)) return true;
  }
  return false;
}

/** Every variable reference in what the container runs, in source order, with the argv item it is in. */
function references(c: Container, text: string): Found[] {
  const program = c.program;
  if (!program) return [];
  const out: Found[] = [];
  for (const item of c.argv) {
    const isScript = program.kind === 'shell' && item.node.range?.[0] === program.scriptStart && item.value === program.script;
    let refs: VarRef[];
    if (isScript) {
      const vars = factsOf(c, text).scriptVars;
      if (!vars || vars.opaque) return [];
      refs = vars.refs.filter((r) => r.kind === 'kube' || !vars.defined.has(r.name));
    } else {
      refs = kubeRefs(item.value);
    }
    for (const ref of refs) out.push({ ref, item });
  }
  return out;
}
