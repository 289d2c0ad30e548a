import { t } from '../i18n';
import { type Container, containerLabel, type Port } from '../model';
import { rangeOf } from '../nodes';
import type { Rule } from '../rule';

/**
 * Whether two containers (a before b in start order) ever run at the same time. A native sidecar
 * runs from its start to the Pod's end, so it overlaps every container that starts after it: later
 * init containers, later sidecars and the app containers. Plain init containers run one at a time
 * and are done before the app containers start, so two of them, or one and an app container, never
 * overlap. App containers among themselves are left to the API server's own duplicate-port warning.
 */
function overlap(a: Container, b: Container): boolean {
  return a.role === 'sidecar' && (b.role === 'init' || b.role === 'sidecar' || b.role === 'app');
}

/** What a finding of `sidecar-port-conflict` tells its fixes. */
export interface SidecarPortConflictData {
  port: number | null;
  protocol: string;
  otherContainer: string;
}

export const sidecarPortConflict: Rule<SidecarPortConflictData> = {
  id: 'sidecar-port-conflict',
  defaultSeverity: 'warning',
  summary: 'A native sidecar and another container that runs beside it declare the same port: they share one network namespace, so one of them cannot bind.',
  catalogue: 'INIT113',
  check({ pod, report }) {
    const all = pod.all;
    // only a sidecar can be the earlier side: walking the sidecars seen so far keeps a long list linear
    const sidecarsBefore: Container[] = [];
    for (let j = 1; j < all.length; j++) {
      const later = all[j];
      if (all[j - 1].role === 'sidecar') sidecarsBefore.push(all[j - 1]);
      for (const earlier of sidecarsBefore) {
        if (!overlap(earlier, later)) continue;
        for (const p of later.ports) {
          const q = findSame(earlier.ports, p);
          if (!q) continue;
          report({
            range: rangeOf(p.containerPortNode),
            container: later,
            message: t(
              'Port {0}/{1} of "{2}" clashes with sidecar "{3}": one of them cannot bind it',
              p.containerPort ?? '',
              p.protocol,
              containerLabel(later),
              containerLabel(earlier),
            ),
            detail: t(
              "`{0}` declares port {1}/{2}, which `{3}` also declares. All containers of a Pod share one network namespace and `{3}` (a native sidecar) is still running when `{0}` starts, so one of them fails to bind the port (address already in use). The API server does not check this. Give one of them another `containerPort` (and change the program's listen address to match).",
              containerLabel(later),
              p.containerPort ?? '',
              p.protocol,
              containerLabel(earlier),
            ),
            related: [
              {
                range: rangeOf(q.containerPortNode),
                message: t('"{0}" declares port {1}/{2} here.', containerLabel(earlier), q.containerPort ?? '', q.protocol),
              },
            ],
            data: { port: p.containerPort, protocol: p.protocol, otherContainer: containerLabel(earlier) },
          });
        }
      }
    }
  },
};

function findSame(ports: Port[], p: Port): Port | null {
  if (p.containerPort === null || !p.containerPortNode) return null;
  for (const q of ports) {
    if (q.containerPort === p.containerPort && q.protocol === p.protocol && q.containerPortNode) return q;
  }
  return null;
}
