/**
 * Running the user's `kubectl` for "Show Timeline of a Running Pod": no shell (`execFile` with an
 * argument list), the current context (no `--context`, no `--kubeconfig`), a timeout, cancellation
 * through an AbortSignal, and errors that say what went wrong: kubectl not found, a non-zero exit with
 * kubectl's own message, no answer in time, output that is not what was asked for.
 *
 * No `vscode` import: the command (runningPod.ts) wraps this in a progress notification, and the
 * unit test (test/unit/kubectl.test.ts) drives it with a stand-in executable that replays recorded
 * outputs (test/fixtures/observed/fake-kubectl.mjs) — no cluster is reachable where InitLens is built.
 */
import { execFile } from 'node:child_process';
import { parseDocument } from 'yaml';
import { CAPTURE_MARKER } from '../../server/src/analysis/observed/capture';

export type KubectlFailure = 'not-found' | 'exit' | 'timeout' | 'cancelled' | 'bad-output' | 'spawn';

export class KubectlError extends Error {
  constructor(
    readonly failure: KubectlFailure,
    message: string,
    /** kubectl's stderr (trimmed), when it ran. */
    readonly stderr = '',
    readonly exitCode: number | null = null,
  ) {
    super(message);
    this.name = 'KubectlError';
  }
}

export interface KubectlOptions {
  /** The executable: `initlens.kubectlPath` (default `kubectl`, looked up on the PATH). */
  path: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Messages for the errors, in the user's language (the command passes vscode.l10n.t). */
  t?: (message: string, ...args: Array<string | number>) => string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A namespace is a DNS label; a Pod name a DNS subdomain. Anything else never reaches kubectl. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const english = (message: string, ...args: Array<string | number>): string =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

export function isNamespace(s: string): boolean {
  return DNS_LABEL.test(s);
}

export function isPodName(s: string): boolean {
  return DNS_SUBDOMAIN.test(s);
}

/** `namespace/name` (or a bare name, in `default`) as the user typed it; null when not valid. */
export function parsePodRef(input: string): { namespace: string; name: string } | null {
  const text = input.trim();
  const slash = text.indexOf('/');
  const namespace = slash >= 0 ? text.slice(0, slash) : 'default';
  const name = slash >= 0 ? text.slice(slash + 1) : text;
  return isNamespace(namespace) && isPodName(name) ? { namespace, name } : null;
}

/** Runs kubectl with `args`; resolves with its stdout, or rejects with a KubectlError. */
export function runKubectl(args: readonly string[], opts: KubectlOptions): Promise<string> {
  const t = opts.t ?? english;
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new KubectlError('cancelled', t('Cancelled.')));
      return;
    }
    execFile(
      opts.path,
      [...args],
      { timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, signal: opts.signal, windowsHide: true, shell: false, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number; signal?: string | null };
        const err = String(stderr ?? '').trim();
        if (e.name === 'AbortError' || opts.signal?.aborted) reject(new KubectlError('cancelled', t('Cancelled.')));
        else if (e.code === 'ENOENT') {
          reject(new KubectlError('not-found', t('kubectl was not found at "{0}": install it, or set initlens.kubectlPath to its full path.', opts.path)));
        } else if (e.code === 'EACCES') reject(new KubectlError('spawn', t('"{0}" cannot be run: {1}', opts.path, e.message)));
        else if (e.killed && typeof e.code !== 'number') {
          reject(
            new KubectlError(
              'timeout',
              t('kubectl did not answer within {0} s; it was stopped.', Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)),
              err,
            ),
          );
        } else if (typeof e.code === 'number') {
          reject(
            new KubectlError(
              'exit',
              err ? t('kubectl failed (exit code {0}): {1}', e.code, firstLines(err)) : t('kubectl failed (exit code {0}).', e.code),
              err,
              e.code,
            ),
          );
        } else reject(new KubectlError('spawn', t('kubectl could not be run: {0}', e.message), err));
      },
    );
  });
}

function firstLines(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim());
  return lines.slice(0, 3).join(' ') + (lines.length > 3 ? ' …' : '');
}

export interface PodSummary {
  namespace: string;
  name: string;
  phase: string;
  /** Containers ready / all, app containers only (a summary for the picker, not kubectl's READY). */
  ready: string;
  /** The Pod has init containers. */
  hasInit: boolean;
}

/** The fields of one `kubectl get pods -o json` item that the picker reads; anything may be missing. */
interface PodListItem {
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { containers?: unknown[]; initContainers?: unknown[] };
  status?: { phase?: unknown; containerStatuses?: unknown };
}

/** The Pods of every namespace: `kubectl get pods -A -o json`. */
export async function listPods(opts: KubectlOptions): Promise<PodSummary[]> {
  const t = opts.t ?? english;
  const stdout = await runKubectl(['get', 'pods', '--all-namespaces', '--output', 'json'], opts);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new KubectlError('bad-output', t('kubectl did not print JSON for "get pods": {0}', stdout.slice(0, 120)));
  }
  const items = (parsed as { items?: unknown }).items;
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(items)) throw new KubectlError('bad-output', t('kubectl printed no list of Pods.'));
  const out: PodSummary[] = [];
  for (const item of items as PodListItem[]) {
    const name = item?.metadata?.name;
    const namespace = item?.metadata?.namespace;
    if (typeof name !== 'string' || typeof namespace !== 'string') continue;
    const statuses: Array<{ ready?: unknown } | null> = Array.isArray(item?.status?.containerStatuses) ? item.status.containerStatuses : [];
    const total = Array.isArray(item?.spec?.containers) ? item.spec.containers.length : statuses.length;
    out.push({
      namespace,
      name,
      phase: typeof item?.status?.phase === 'string' ? item.status.phase : '?',
      ready: `${statuses.filter((s) => s?.ready === true).length}/${total}`,
      hasInit: Array.isArray(item?.spec?.initContainers) && item.spec.initContainers.length > 0,
    });
  }
  return out;
}

/** The current context's name (`kubectl config current-context`), or null when kubectl cannot say. */
export async function currentContext(opts: KubectlOptions): Promise<string | null> {
  try {
    const name = (await runKubectl(['config', 'current-context'], opts)).trim();
    return name && !name.includes('\n') ? name : null;
  } catch (e) {
    if (e instanceof KubectlError && (e.failure === 'not-found' || e.failure === 'cancelled')) throw e;
    return null;
  }
}

/**
 * One Pod as YAML (`kubectl get pod NAME -n NS -o yaml`), with two comment lines on top: the command
 * and `# initlens.capturedAt: <time>`, which the analysis reads as the moment "now" is.
 */
export async function getPodYaml(namespace: string, name: string, opts: KubectlOptions & { now?: () => Date; context?: string | null }): Promise<string> {
  const t = opts.t ?? english;
  if (!isNamespace(namespace) || !isPodName(name)) throw new KubectlError('bad-output', t('"{0}/{1}" is not a namespace and Pod name.', namespace, name));
  const stdout = await runKubectl(['get', 'pod', name, '--namespace', namespace, '--output', 'yaml'], opts);
  const captured = (opts.now ?? (() => new Date()))();
  const doc = parseDocument(stdout);
  const root = doc.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null;
  if (doc.errors.length > 0 || !root || typeof root !== 'object' || root.kind !== 'Pod') {
    throw new KubectlError('bad-output', t('kubectl did not print a Pod for {0}/{1}: {2}', namespace, name, stdout.slice(0, 120)));
  }
  const header = [
    `# kubectl get pod ${name} --namespace ${namespace} --output yaml` + (opts.context ? ` (context ${oneLine(opts.context)})` : ''),
    `# ${CAPTURE_MARKER} ${captured.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
  ];
  return header.join('\n') + '\n' + stdout;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
