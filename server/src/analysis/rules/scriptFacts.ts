/**
 * What the script rules read from commands. The facts themselves (programs, sleeps, blockers,
 * hosts) live in `../facts/`; this module keeps the small helpers the script rules share and
 * re-exports the facts they use.
 */
import type { Container, PodSpec } from '../model';
import { getPath, getString, has } from '../nodes';
import { DNS_LABEL } from '../facts/names';
import { programName } from '../facts/lifetime';
import type { SimpleCommand } from '../shell';

export { sleepSeconds } from '../facts/commands';
export { blockingCommand, containerBlocker, findBlocker, programIndex, programName } from '../facts/lifetime';
export type { Blocker, BlockReason, ContainerBlocker } from '../facts/lifetime';
export { isClusterServiceName, isIpAddress, isShortServiceName, lookupTargets } from '../facts/hosts';
export type { LookupTarget } from '../facts/hosts';

/** The first `containerPort` of a container, or null. */
export function firstPort(c: Container): number | null {
  for (const p of c.ports) if (p.containerPort !== null) return p.containerPort;
  return null;
}

/** `Init:2/3`: what `kubectl get pods` shows while this init container runs. */
export function initStatus(c: Container): string {
  return `Init:${Math.max(0, c.initOrder)}/${c.pod.initContainers.length}`;
}

/** `activeDeadlineSeconds` on the Pod spec, or on the Job spec of a Job/CronJob. */
export function hasActiveDeadline(pod: PodSpec): boolean {
  if (has(pod.node, 'activeDeadlineSeconds')) return true;
  return pod.workload === 'job' && pod.workloadSpecNode !== null && has(pod.workloadSpecNode, 'activeDeadlineSeconds');
}

/** The namespace in the object's metadata, or null. */
export function objectNamespace(pod: PodSpec): string | null {
  const ns = getString(getPath(pod.objectNode, ['metadata']), 'namespace');
  return ns && DNS_LABEL.test(ns) ? ns : null;
}

/** Programs that check whether something is there: what a wait loop waits on. */
export const CHECK_PROGRAMS = new Set([
  'nslookup', 'dig', 'host', 'getent', 'nc', 'ncat', 'netcat', 'curl', 'wget', 'pg_isready', 'mysqladmin', 'mysql',
  'psql', 'redis-cli', 'mongo', 'mongosh', 'kubectl', 'ping', 'telnet', 'grpc_health_probe', 'cqlsh', 'etcdctl',
  'consul', 'vault', 'openssl', 'socat', 'wait-for-it', 'wait-for-it.sh', 'wait-for', 'dockerize',
]);

/** `[ -f /x ]`, `test -e /x`, `[[ -s /x ]]`: waits for a file. */
export function isFileTest(cmd: SimpleCommand): boolean {
  const name = programName(cmd);
  if (name !== '[' && name !== 'test' && name !== '[[') return false;
  return cmd.words.some((w) => /^-[efsdSpr]$/.test(w.text));
}
