import { containerLabel } from '../facts/names';
import { t } from '../i18n';
import type { Container } from '../model';
import type { Rule } from '../rule';
import { serverName } from './init-never-exits';
import { fixInitNeverExits } from '../fixes/containers';
import { containerRange, listNames } from './util';
import { factsOf } from '../facts';
import { firstPort, programName } from './scriptFacts';

/**
 * The Job's containers already stop their helper: the main container calls the proxy's shutdown
 * endpoint (Istio/Cloud SQL Auth Proxy `quitquitquit`, Linkerd `/shutdown`, `linkerd-await --shutdown`).
 */
function stopsHelpers(containers: readonly Container[]): boolean {
  return containers.some((c) => c.argv.some((a) => /quitquitquit|localhost:\d+\/shutdown|127\.0\.0\.1:\d+\/shutdown|linkerd-await/.test(a.value)));
}

/** The helper stops itself: its script kills its server when the main container signals it. */
function managesItsOwnExit(c: Container): boolean {
  const p = c.program;
  if (p?.kind !== 'shell') return false;
  return p.commands.some((cmd) => {
    const n = programName(cmd);
    return n === 'kill' || n === 'pkill' || n === 'killall';
  });
}

/** What a finding of `job-blocking-sidecar` tells its fixes. */
export interface JobBlockingSidecarData {
  port: number | null;
}

export const jobBlockingSidecar: Rule<JobBlockingSidecarData> = {
  id: 'job-blocking-sidecar',
  defaultSeverity: 'warning',
  summary: 'A Job or CronJob with a long-running helper (proxy, agent, log shipper) in `containers`: the Pod never finishes, so the Job never completes.',
  catalogue: 'INIT103',
  fixes: fixInitNeverExits,
  check({ pod, text, report }) {
    if (pod.workload !== 'job' || pod.containers.length < 2) return;
    const helpers: Array<{ c: Container; what: string }> = [];
    const mains: Container[] = [];
    for (const c of pod.containers) {
      if (c.templated) return; // cannot tell the main container from a helper
      const b = factsOf(c, text).lifetime.blocker;
      if (b && !managesItsOwnExit(c)) helpers.push({ c, what: b.family ? serverName(b) : b.what });
      else mains.push(c);
    }
    if (helpers.length === 0 || mains.length === 0) return;
    if (stopsHelpers(pod.containers)) return;
    const mainNames = listNames(
      mains.map((m) => `\`${containerLabel(m)}\``),
      t('and'),
    );
    for (const { c, what } of helpers) {
      report({
        range: containerRange(c),
        container: c,
        message: t('"{0}" keeps running after the Job\'s work is done: the Job never completes', containerLabel(c)),
        detail: t(
          '`{0}` ({1}) keeps running after {2} exits, so the Pod never finishes and the Job never completes. Move `{0}` to `initContainers` with `restartPolicy: Always` — a native sidecar (Kubernetes ≥ 1.29) is stopped once the main containers are done and does not keep the Job from completing.',
          containerLabel(c),
          what,
          mainNames,
        ),
        data: { port: firstPort(c) },
      });
    }
  },
};
