/**
 * Init containers that make network calls in a Pod that asks for classic (non-native) Istio or
 * Linkerd sidecar injection (catalogue INIT116). Whether the calls work depends on the cluster, which
 * a manifest does not show, so this is information that states the condition:
 *
 *  - without the mesh's CNI plugin, the injected iptables init container is placed *last*
 *    (Istio `pkg/kube/inject/webhook.go` `reorderPod`: "Init container must be last to allow any
 *    traffic to pass before iptables is setup"; Linkerd's injector appends `linkerd-init` with a JSON
 *    patch `add /spec/initContainers/-`), so application init containers keep a plain network;
 *  - with Istio CNI or linkerd-cni the redirection exists before any init container runs and the
 *    traffic goes to a proxy that only starts after the init containers (istio.io "Install Istio with
 *    the Istio CNI plugin", "Compatibility with application init containers"; linkerd2 issue 4792);
 *  - native sidecar mode puts the proxy (and Istio's init) first, so init containers are in the mesh
 *    (`reorderPod`, native branch). `holdApplicationUntilProxyStarts` orders app containers only.
 *
 * Quiet when the Pod opts into native sidecars or applies a documented remedy (the init container
 * runs as the proxy's UID, or outbound ports / IP ranges are excluded from capture).
 */
import type { YAMLMap } from 'yaml';
import { t } from '../i18n';
import { type Container, containerLabel, type PodSpec } from '../model';
import { asMap, get, getPath, scalarText } from '../nodes';
import type { Rule } from '../rule';
import { programIndex, programName } from './scriptFacts';

/** TCP clients: what the meshes' iptables rules redirect (DNS and ICMP tools are left out). */
const NETWORK_PROGRAMS = new Set([
  'curl',
  'wget',
  'nc',
  'ncat',
  'netcat',
  'telnet',
  'socat',
  'psql',
  'pg_isready',
  'mysql',
  'mysqladmin',
  'redis-cli',
  'mongo',
  'mongosh',
  'cqlsh',
  'kubectl',
  'helm',
  'grpc_health_probe',
  'vault',
  'consul',
  'etcdctl',
  'aws',
  'gsutil',
  'gcloud',
  'az',
  'wait-for-it',
  'wait-for-it.sh',
  'dockerize',
]);
const GIT_NETWORK = new Set(['clone', 'fetch', 'pull', 'ls-remote', 'submodule']);

type Mesh = 'istio' | 'linkerd';

function metaValue(meta: YAMLMap | null, section: 'annotations' | 'labels', key: string): string | null {
  const m = asMap(get(meta, section));
  if (!m) return null;
  for (const p of m.items) if (scalarText(p.key) === key) return scalarText(p.value);
  return null;
}

function truthy(v: string | null): boolean {
  return v !== null && /^(true|enabled|1|yes)$/i.test(v.trim());
}

/** The mesh the Pod asks for, unless it is in native sidecar mode or excludes traffic from capture. */
function classicMesh(pod: PodSpec): { mesh: Mesh; proxyUid: number } | null {
  const meta = pod.metadataNode;
  if (!meta) return null;
  const ann = (k: string): string | null => metaValue(meta, 'annotations', k);
  const istio = truthy(metaValue(meta, 'labels', 'sidecar.istio.io/inject') ?? ann('sidecar.istio.io/inject'));
  if (istio) {
    if (truthy(ann('sidecar.istio.io/nativeSidecar'))) return null;
    if (ann('traffic.sidecar.istio.io/excludeOutboundIPRanges') || ann('traffic.sidecar.istio.io/excludeOutboundPorts')) return null;
    return { mesh: 'istio', proxyUid: 1337 };
  }
  const linkerd = ann('linkerd.io/inject');
  if (linkerd !== null && /^(enabled|ingress)$/.test(linkerd.trim())) {
    for (const prefix of ['config.linkerd.io', 'config.beta.linkerd.io', 'config.alpha.linkerd.io']) {
      if (truthy(ann(`${prefix}/proxy-enable-native-sidecar`))) return null;
    }
    if (ann('config.linkerd.io/skip-outbound-ports') || ann('config.linkerd.io/skip-subnets')) return null;
    const uid = Number(ann('config.linkerd.io/proxy-uid') ?? '2102');
    return { mesh: 'linkerd', proxyUid: Number.isInteger(uid) ? uid : 2102 };
  }
  return null;
}

function runAsUser(c: Container): number | null {
  const own = asScalarNumber(getPath(c.node, ['securityContext', 'runAsUser']));
  return own ?? asScalarNumber(getPath(c.pod.node, ['securityContext', 'runAsUser']));
}

function asScalarNumber(n: unknown): number | null {
  const v = n && typeof n === 'object' && 'value' in n ? (n as { value: unknown }).value : null;
  return typeof v === 'number' ? v : null;
}

/** The first word of the container's first network call, or null. */
function networkCall(c: Container): { start: number; end: number; program: string } | null {
  const p = c.program;
  if (!p || p.unreadable) return null;
  for (const cmd of p.commands) {
    const base = programName(cmd);
    const i = programIndex(cmd.words);
    const w = cmd.words[i];
    if (!base || !w) continue;
    if (NETWORK_PROGRAMS.has(base) || (base === 'git' && cmd.words.slice(i + 1).some((x) => GIT_NETWORK.has(x.text)))) {
      return { start: w.start, end: w.end, program: base };
    }
  }
  return null;
}

export const meshInitTraffic: Rule = {
  id: 'mesh-init-traffic',
  defaultSeverity: 'info',
  summary:
    "An init container makes network calls in a Pod with classic Istio or Linkerd injection: with the mesh's CNI plugin they reach a proxy that is not running yet.",
  catalogue: 'INIT116',
  check({ pod, report }) {
    const mesh = classicMesh(pod);
    if (!mesh) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      if (runAsUser(c) === mesh.proxyUid) continue;
      const call = networkCall(c);
      if (!call) continue;
      const name = containerLabel(c);
      const istio = mesh.mesh === 'istio';
      report({
        range: [call.start, call.end],
        container: c,
        message: istio
          ? t('With Istio CNI, the {0} call in init container "{1}" goes to a proxy not yet running', call.program, name)
          : t('With linkerd-cni, the {0} call in init container "{1}" goes to a proxy not yet running', call.program, name),
        detail: istio
          ? t(
              'This Pod asks for classic Istio injection. Without the Istio CNI plugin the injected `istio-init` container runs last, so "{0}" keeps a plain network and this call works. With Istio CNI the traffic redirection is set up before any init container runs, but the `istio-proxy` sidecar starts only after them: the call fails or hangs. `holdApplicationUntilProxyStarts` does not help (it orders app containers). Remedies Istio documents: native sidecar mode (`sidecar.istio.io/nativeSidecar: "true"`, Kubernetes 1.29+), running this init container as the proxy\'s UID (`runAsUser: 1337`), or excluding its destinations with `traffic.sidecar.istio.io/excludeOutboundIPRanges` / `excludeOutboundPorts` (those apply to the app containers too).',
              name,
            )
          : t(
              'This Pod asks for Linkerd injection with a classic proxy. Without linkerd-cni the injected `linkerd-init` container is appended after the Pod\'s own init containers, so "{0}" keeps a plain network and this call works. With linkerd-cni the redirection exists before any init container runs and `linkerd-proxy` starts only after them: the call fails or hangs. Remedies: native sidecar mode (`config.beta.linkerd.io/proxy-enable-native-sidecar: "true"`, Kubernetes 1.29+), running this init container as the proxy\'s UID (`runAsUser: {1}`), or `config.linkerd.io/skip-outbound-ports` / `skip-subnets` for its destinations.',
              name,
              mesh.proxyUid,
            ),
        data: { mesh: mesh.mesh, proxyUid: mesh.proxyUid },
      });
    }
  },
};
