/**
 * What an image or a program is: servers, proxies, agents and log shippers that run until they are
 * stopped, and how a container's `command`/`args` run them (the image's default, a one-shot
 * invocation like `envoy --version` or `istio-iptables`, or the server itself).
 */
import { memoByText } from './memo';
import { skipWrappers, WRAPPER_PROGRAMS } from './facts/commands';
import { parseImage } from './facts/image';
import { baseName } from './facts/names';

export type HelperKind = 'proxy' | 'agent' | 'log-shipper' | 'server';

/** A family of images and programs that behave alike. */
export interface ServerFamily {
  id: string;
  /** For messages: `Envoy`, `Cloud SQL Auth Proxy`, `nginx`… */
  label: string;
  kind: HelperKind;
}

/**
 * How the image's entrypoint treats `args` given without `command`:
 * - `flags`: the entrypoint is the program; args are its options.
 * - `subcommand`: the entrypoint is the program; args[0] is its subcommand (`vault agent`).
 * - `exec`: an entrypoint script that runs args as a command unless args[0] is an option
 *   (`-c /etc/envoy.yaml` → the program with those options), as official images do.
 * - `opaque`: unknown entrypoint: options go to the program, anything else is unknown.
 */
type ArgsMode = 'flags' | 'subcommand' | 'exec' | 'opaque';

interface FamilyDef extends ServerFamily {
  /** Image names (last path segment, no tag) of this family. */
  names?: readonly string[];
  /** Matches the whole repository path (`ghcr.io/foo/bar`, lower-case, no tag). */
  repo?: RegExp;
  /** Program names (basenames). */
  binaries?: readonly string[];
  /** What the image does with neither command nor args. */
  entrypoint: 'long' | 'unknown';
  argsMode: ArgsMode;
  /** Options that make the program print something and exit. */
  oneShot?: readonly string[];
  /** Subcommands that run the server (all others exit). */
  serverSubcommands?: readonly string[];
  /** Subcommands that exit (all others, and none, run the server). */
  oneShotSubcommands?: readonly string[];
  /** Decides the verdict for this program with these arguments (after the generic checks). */
  judge?: (args: readonly string[]) => Verdict | null;
}

export type Verdict = 'long' | 'one-shot' | 'unknown';

export interface Judgement {
  verdict: Verdict;
  family: ServerFamily | null;
  /**
   * True when whether it exits depends on a configuration file we cannot see (`vault agent`
   * exits after authenticating when `exit_after_auth` is set).
   */
  configDependent: boolean;
  /** Index in the argv of the program judged, or -1 when it is the image's entrypoint. */
  index: number;
}

const GENERIC_ONE_SHOT = ['--version', '-version', 'version', '--help', '-help', '-h', 'help'];

const FAMILIES: readonly FamilyDef[] = [
  {
    id: 'envoy',
    label: 'Envoy',
    kind: 'proxy',
    names: ['envoy', 'envoy-alpine', 'envoy-distroless', 'envoy-dev', 'envoy-contrib', 'envoy-debug', 'envoy-windows'],
    repo: /(?:^|\/)envoyproxy\/envoy/,
    binaries: ['envoy'],
    entrypoint: 'long',
    argsMode: 'exec',
    judge: (args) => {
      const i = args.indexOf('--mode');
      const mode = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--mode='))?.slice(7);
      return mode === 'validate' || mode === 'init_only' ? 'one-shot' : null;
    },
  },
  {
    id: 'istio-proxy',
    label: 'Istio proxy (pilot-agent)',
    kind: 'proxy',
    names: ['proxyv2', 'proxyv2-distroless'],
    binaries: ['pilot-agent'],
    // pilot-agent without a subcommand prints its usage
    entrypoint: 'unknown',
    argsMode: 'subcommand',
    serverSubcommands: ['proxy'],
  },
  {
    id: 'linkerd-proxy',
    label: 'Linkerd proxy',
    kind: 'proxy',
    repo: /(?:^|\/)linkerd\/proxy$/,
    names: ['linkerd2-proxy'],
    binaries: ['linkerd2-proxy', 'linkerd2-proxy-identity'],
    entrypoint: 'long',
    argsMode: 'flags',
  },
  {
    id: 'cloud-sql-proxy',
    label: 'Cloud SQL Auth Proxy',
    kind: 'proxy',
    names: ['cloud-sql-proxy', 'cloudsql-proxy', 'gce-proxy', 'alloydb-auth-proxy'],
    binaries: ['cloud-sql-proxy', 'cloud_sql_proxy', 'alloydb-auth-proxy'],
    entrypoint: 'long',
    argsMode: 'flags',
  },
  {
    id: 'nginx',
    label: 'nginx',
    kind: 'server',
    names: ['nginx', 'nginx-unprivileged', 'openresty', 'nginx-plus'],
    repo: /(?:^|\/)nginxinc\//,
    binaries: ['nginx', 'openresty'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['-t', '-T', '-v', '-V', '-s', '-?'],
    // in the foreground only with `daemon off` (the image's CMD); otherwise nginx forks and exits
    judge: (args) => (args.some((a, i) => args[i - 1] === '-g' && /daemon\s+off/.test(a)) ? 'long' : 'unknown'),
  },
  {
    id: 'haproxy',
    label: 'HAProxy',
    kind: 'proxy',
    names: ['haproxy', 'haproxy-alpine', 'haproxy-debian', 'haproxy-ubuntu'],
    binaries: ['haproxy'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['-c', '-v', '-vv', '-D'],
  },
  {
    id: 'traefik',
    label: 'Traefik',
    kind: 'proxy',
    names: ['traefik'],
    binaries: ['traefik'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShotSubcommands: ['healthcheck', 'version'],
  },
  {
    id: 'caddy',
    label: 'Caddy',
    kind: 'server',
    names: ['caddy'],
    binaries: ['caddy'],
    entrypoint: 'long',
    argsMode: 'exec',
    serverSubcommands: ['run', 'file-server', 'reverse-proxy', 'respond'],
  },
  {
    id: 'httpd',
    label: 'Apache httpd',
    kind: 'server',
    names: ['httpd'],
    binaries: ['httpd-foreground', 'apache2-foreground'],
    entrypoint: 'long',
    argsMode: 'exec',
  },
  {
    id: 'vault',
    label: 'Vault',
    kind: 'agent',
    names: ['vault', 'vault-enterprise'],
    binaries: ['vault'],
    entrypoint: 'long',
    argsMode: 'subcommand',
    serverSubcommands: ['server', 'agent', 'proxy'],
  },
  {
    id: 'consul',
    label: 'Consul',
    kind: 'agent',
    names: ['consul', 'consul-enterprise'],
    binaries: ['consul'],
    entrypoint: 'long',
    argsMode: 'subcommand',
    serverSubcommands: ['agent', 'connect'],
  },
  {
    id: 'consul-dataplane',
    label: 'Consul dataplane',
    kind: 'proxy',
    names: ['consul-dataplane'],
    binaries: ['consul-dataplane'],
    entrypoint: 'long',
    argsMode: 'flags',
  },
  {
    id: 'fluent-bit',
    label: 'Fluent Bit',
    kind: 'log-shipper',
    names: ['fluent-bit', 'fluent-bit-debug'],
    binaries: ['fluent-bit', 'td-agent-bit', 'fluent-bit-debug'],
    entrypoint: 'long',
    argsMode: 'flags',
    oneShot: ['-V', '--dry-run', '-J'],
  },
  {
    id: 'fluentd',
    label: 'Fluentd',
    kind: 'log-shipper',
    names: ['fluentd', 'fluentd-kubernetes-daemonset'],
    binaries: ['fluentd', 'td-agent'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['--dry-run', '--setup'],
  },
  {
    id: 'beats',
    label: 'Elastic Beats',
    kind: 'log-shipper',
    names: ['filebeat', 'metricbeat', 'auditbeat', 'heartbeat', 'packetbeat', 'journalbeat'],
    binaries: ['filebeat', 'metricbeat', 'auditbeat', 'heartbeat', 'packetbeat', 'journalbeat'],
    entrypoint: 'long',
    argsMode: 'subcommand',
    oneShotSubcommands: ['setup', 'test', 'export', 'keystore', 'modules', 'completion'],
  },
  {
    id: 'vector',
    label: 'Vector',
    kind: 'log-shipper',
    names: ['vector'],
    repo: /(?:^|\/)timberio\/vector$/,
    binaries: ['vector'],
    entrypoint: 'long',
    argsMode: 'subcommand',
    oneShotSubcommands: ['validate', 'generate', 'list', 'test', 'graph', 'vrl', 'generate-schema', 'top', 'tap'],
  },
  {
    id: 'promtail',
    label: 'Promtail',
    kind: 'log-shipper',
    names: ['promtail'],
    binaries: ['promtail'],
    entrypoint: 'long',
    argsMode: 'flags',
    oneShot: ['-check-syntax', '--check-syntax', '-dry-run', '--dry-run', '-print-config-stderr'],
  },
  {
    id: 'alloy',
    label: 'Grafana Alloy',
    kind: 'agent',
    names: ['alloy'],
    repo: /(?:^|\/)grafana\/(?:alloy|agent)$/,
    binaries: ['alloy', 'grafana-agent'],
    entrypoint: 'long',
    argsMode: 'subcommand',
    serverSubcommands: ['run'],
  },
  {
    id: 'otel-collector',
    label: 'OpenTelemetry Collector',
    kind: 'agent',
    names: [
      'opentelemetry-collector',
      'opentelemetry-collector-contrib',
      'opentelemetry-collector-k8s',
      'opentelemetry-collector-otlp',
      'otelcol',
      'otelcol-contrib',
      'otelcol-k8s',
    ],
    binaries: ['otelcol', 'otelcol-contrib', 'otelcol-k8s', 'otelcol-otlp'],
    entrypoint: 'long',
    argsMode: 'subcommand',
    oneShotSubcommands: ['validate', 'components', 'featuregate', 'print-initial-config'],
  },
  {
    id: 'datadog-agent',
    label: 'Datadog Agent',
    kind: 'agent',
    repo: /(?:^|\/)(?:datadog|datadoghq)\/agent$/,
    entrypoint: 'long',
    argsMode: 'exec',
  },
  {
    id: 'redis',
    label: 'Redis',
    kind: 'server',
    names: ['redis', 'redis-stack-server', 'valkey', 'keydb'],
    binaries: ['redis-server', 'valkey-server', 'keydb-server'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['--test-memory', '-v'],
  },
  {
    id: 'memcached',
    label: 'memcached',
    kind: 'server',
    names: ['memcached'],
    binaries: ['memcached'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['-V', '-d'],
  },
  {
    id: 'postgres',
    label: 'PostgreSQL',
    kind: 'server',
    names: ['postgres', 'postgresql', 'postgis'],
    binaries: ['postgres'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['-V', '-C', '--describe-config'],
  },
  {
    id: 'mysql',
    label: 'MySQL',
    kind: 'server',
    names: ['mysql', 'mysql-server', 'mariadb', 'percona-server', 'percona'],
    binaries: ['mysqld', 'mariadbd', 'mysqld_safe'],
    entrypoint: 'long',
    argsMode: 'exec',
    oneShot: ['--initialize', '--initialize-insecure', '--verbose', '-V', '--validate-config'],
  },
  {
    id: 'mongo',
    label: 'MongoDB',
    kind: 'server',
    names: ['mongo', 'mongodb', 'mongodb-community-server'],
    binaries: ['mongod', 'mongos'],
    entrypoint: 'long',
    argsMode: 'exec',
  },
  {
    id: 'pgbouncer',
    label: 'PgBouncer',
    kind: 'proxy',
    names: ['pgbouncer'],
    binaries: ['pgbouncer'],
    entrypoint: 'long',
    argsMode: 'opaque',
    oneShot: ['-V', '-d'],
  },
  {
    id: 'etcd',
    label: 'etcd',
    kind: 'server',
    names: ['etcd'],
    binaries: ['etcd'],
    entrypoint: 'long',
    argsMode: 'opaque',
  },
  {
    id: 'prometheus',
    label: 'Prometheus',
    kind: 'server',
    names: ['prometheus'],
    binaries: ['prometheus'],
    entrypoint: 'long',
    argsMode: 'flags',
  },
];

/** Name patterns for anything else that runs until stopped. */
const GENERIC: Array<{ re: RegExp; family: FamilyDef }> = [
  {
    re: /-proxy$/,
    family: { id: 'generic-proxy', label: 'proxy', kind: 'proxy', entrypoint: 'long', argsMode: 'opaque' },
  },
  {
    re: /-agent$/,
    family: { id: 'generic-agent', label: 'agent', kind: 'agent', entrypoint: 'long', argsMode: 'opaque' },
  },
  {
    re: /-exporter$/,
    family: { id: 'generic-exporter', label: 'exporter', kind: 'server', entrypoint: 'long', argsMode: 'opaque' },
  },
];

/**
 * Names that only copy or set something up and exit, even though they look like a proxy or agent:
 * `proxy-init`, `istio-init`, `install-cni`, language agents copied into a volume
 * (`java-agent`, `autoinstrumentation-java`).
 */
export const ONE_SHOT_NAME =
  /(?:^|[-_])(?:init|installer|install|installation|setup|bootstrap|copy|copier|migrate|migration|certgen|job)(?:$|[-_])|(?:java|jvm|dotnet|python|nodejs|node|php|ruby|golang|go|apm)[-_]?agent$|javaagent$|autoinstrumentation/;

const BY_NAME = new Map<string, FamilyDef>();
const BY_BINARY = new Map<string, FamilyDef>();
for (const f of FAMILIES) {
  for (const n of f.names ?? []) BY_NAME.set(n, f);
  for (const b of f.binaries ?? []) BY_BINARY.set(b, f);
}

/** Repository path of an image, lower-case, without tag or digest: `docker.io/envoyproxy/envoy`. */
export function imageRepository(image: string | null): string | null {
  return parseImage(image)?.repository ?? null;
}

/** Families by image as written (a manifest names few images, each many times). */
const familyOfImage = memoByText(findFamilyOfImage);

function familyDefOfImage(image: string | null): FamilyDef | null {
  return image === null ? null : familyOfImage(image);
}

function findFamilyOfImage(image: string): FamilyDef | null {
  const repo = imageRepository(image);
  if (!repo || repo.includes('{{') || repo.includes('$')) return null;
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  for (const f of FAMILIES) if (f.repo?.test(repo)) return f;
  if (ONE_SHOT_NAME.test(name)) return null;
  const byName = BY_NAME.get(name);
  if (byName) return byName;
  for (const g of GENERIC) if (g.re.test(name)) return g.family;
  return null;
}

/** The family of a long-running image (`envoyproxy/envoy:v1.31` → Envoy), or null. */
export function classifyImage(image: string | null): ServerFamily | null {
  const f = familyDefOfImage(image);
  return f ? publicFamily(f) : null;
}

/** Families by program name: scripts run the same few programs over and over. */
const familyOfBinary = memoByText(findFamilyOfBinary);

function familyDefOfBinary(program: string): FamilyDef | null {
  return familyOfBinary(baseName(program));
}

/**
 * Whether `judgeCommand` could find a server in a command whose program (`name`, a base name) is
 * not a wrapper: only a known family is ever judged `long`. Callers ask this before building the
 * argv `judgeCommand` takes.
 */
export function mayBeServer(name: string): boolean {
  return familyDefOfBinary(name) !== null;
}

function findFamilyOfBinary(b: string): FamilyDef | null {
  const f = BY_BINARY.get(b);
  if (f) return f;
  if (ONE_SHOT_NAME.test(b)) return null;
  for (const g of GENERIC) if (g.re.test(b)) return g.family;
  return null;
}

/** The family of a long-running program (`/usr/local/bin/envoy` → Envoy), or null. */
export function classifyProgram(program: string): ServerFamily | null {
  const f = familyDefOfBinary(program);
  return f ? publicFamily(f) : null;
}

function publicFamily(f: FamilyDef): ServerFamily {
  return { id: f.id, label: f.label, kind: f.kind };
}

/** Skips `exec`, `tini --`, `gosu user`, `env A=b`, `/docker-entrypoint.sh`…: the index of the real program. */
function skipPassThrough(words: readonly string[], from: number): number {
  return skipWrappers(words, from, { stopAtTimeout: true });
}

function judgeArgs(f: FamilyDef, args: readonly string[]): { verdict: Verdict; configDependent: boolean } {
  const oneShot = new Set([...GENERIC_ONE_SHOT, ...(f.oneShot ?? [])]);
  if (args.some((a) => oneShot.has(a))) return { verdict: 'one-shot', configDependent: false };
  const sub = args.find((a) => !a.startsWith('-'));
  if (f.serverSubcommands) {
    const first = args[0];
    if (first === undefined) return { verdict: f.entrypoint === 'long' ? 'long' : 'unknown', configDependent: false };
    if (first.startsWith('-')) return { verdict: 'unknown', configDependent: false };
    if (!f.serverSubcommands.includes(first)) return { verdict: 'one-shot', configDependent: false };
    if (f.id === 'vault' && first === 'agent') {
      // `vault agent` exits after authenticating when told so, on the command line or in its config
      if (args.some((a) => /^-?-exit-after-auth(?:=true)?$/.test(a))) return { verdict: 'one-shot', configDependent: false };
      return { verdict: 'long', configDependent: true };
    }
    return { verdict: 'long', configDependent: false };
  }
  if (f.oneShotSubcommands && sub !== undefined && args[0] === sub && f.oneShotSubcommands.includes(sub)) {
    return { verdict: 'one-shot', configDependent: false };
  }
  const custom = f.judge ? f.judge(args) : null;
  if (custom) return { verdict: custom, configDependent: false };
  return { verdict: 'long', configDependent: false };
}

function none(index = -1): Judgement {
  return { verdict: 'unknown', family: null, configDependent: false, index };
}

/**
 * Judges a command line (`words[0]` is the program): a known server, proxy or agent run in the
 * foreground is `long`; the same program asked for its version, a config check, or a one-shot
 * subcommand is `one-shot`; anything else is `unknown` (not a known server: most likely it exits).
 */
export function judgeCommand(words: readonly string[], from = 0): Judgement {
  const i = skipPassThrough(words, from);
  if (i >= words.length) return none();
  const prog = words[i];
  if (baseName(prog) === 'timeout') return { verdict: 'one-shot', family: null, configDependent: false, index: i };
  const f = familyDefOfBinary(prog);
  if (!f) return none(i);
  const r = judgeArgs(f, words.slice(i + 1));
  return { verdict: r.verdict, family: publicFamily(f), configDependent: r.configDependent, index: i };
}

/**
 * Judges a container: its image and its `command`/`args` (as one argv list, command first).
 * With neither, the image's own entrypoint runs; with args only, they go to that entrypoint.
 */
export function judgeContainer(image: string | null, argv: readonly string[], hasCommand: boolean, hasArgs: boolean): Judgement {
  if (hasCommand && argv.length > 0) return judgeCommand(argv);
  const f = familyDefOfImage(image);
  if (!hasArgs || argv.length === 0) {
    if (f?.entrypoint !== 'long') return none();
    return { verdict: 'long', family: publicFamily(f), configDependent: false, index: -1 };
  }
  // args only: the image's entrypoint gets them
  const first = argv[0];
  if (!f) {
    // an unknown entrypoint; when args name a known server it is most likely run (`redis-server /conf`)
    const j = judgeCommand(argv);
    return j.family ? j : none();
  }
  const asProgram = (): Judgement => {
    const r = judgeArgs(f, argv);
    return { verdict: r.verdict, family: publicFamily(f), configDependent: r.configDependent, index: -1 };
  };
  switch (f.argsMode) {
    case 'flags':
      return asProgram();
    case 'subcommand':
      if (!first.startsWith('-') && familyDefOfBinary(first) === f) return judgeCommand(argv);
      return asProgram();
    case 'exec':
    case 'opaque':
      if (first.startsWith('-')) return asProgram();
      if (familyDefOfBinary(first) || WRAPPER_PROGRAMS.has(baseName(first))) return judgeCommand(argv);
      return f.argsMode === 'exec' ? { verdict: 'one-shot', family: null, configDependent: false, index: 0 } : none();
  }
}
