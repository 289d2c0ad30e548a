import { t } from '../i18n';
import { containerLabel } from '../model';
import { get, has } from '../nodes';
import type { Rule } from '../rule';
import { fixSidecarWithoutStartupProbe } from '../fixes/containers';
import { sidecarUses } from './sidecarUse';
import { containerRange } from './util';

/** What a finding of `sidecar-without-startup-probe` tells its fixes. */
export interface SidecarWithoutStartupProbeData {
  port: number | null;
}

export const sidecarWithoutStartupProbe: Rule<SidecarWithoutStartupProbeData> = {
  id: 'sidecar-without-startup-probe',
  defaultSeverity: 'info',
  summary: 'A sidecar that later containers depend on has no `startupProbe`: they start before it is ready.',
  catalogue: 'INIT105',
  fixes: fixSidecarWithoutStartupProbe,
  check({ pod, text, report }) {
    if (pod.partial) return;
    for (const sidecar of pod.initContainers) {
      if (sidecar.role !== 'sidecar' || sidecar.templated) continue;
      if (has(sidecar.node, 'startupProbe') || get(get(sidecar.node, 'lifecycle'), 'postStart')) continue;
      const at = pod.all.indexOf(sidecar);
      for (const dep of pod.all.slice(at + 1)) {
        const u = sidecarUses(sidecar, dep, text)[0];
        if (!u) continue;
        report({
          range: containerRange(sidecar),
          container: sidecar,
          message:
            u.port !== null
              ? t('Sidecar "{0}" has no startupProbe: "{1}" may start before port {2} is open', containerLabel(sidecar), containerLabel(dep), u.port)
              : t('Sidecar "{0}" has no startupProbe: "{1}" may start before its file exists', containerLabel(sidecar), containerLabel(dep)),
          detail:
            u.port !== null
              ? t(
                  'The sidecar `{0}` has no `startupProbe`, and `{1}` uses its port {2}: without a probe the sidecar counts as started as soon as its process runs, so `{1}` starts while port {2} may not be open yet. Add a `startupProbe` (for example a `tcpSocket` probe on port {2}) so the next containers wait for it.',
                  containerLabel(sidecar),
                  containerLabel(dep),
                  u.port,
                )
              : t(
                  'The sidecar `{0}` has no `startupProbe`, and `{1}` reads `{2}`, which it writes: without a probe the sidecar counts as started as soon as its process runs, so `{1}` may start before the file exists. Add a `startupProbe` that checks for the file.',
                  containerLabel(sidecar),
                  containerLabel(dep),
                  u.what,
                ),
          related: [{ range: [u.start, u.end], message: t('"{0}" depends on "{1}" here.', containerLabel(dep), containerLabel(sidecar)) }],
          data: { port: u.port },
        });
        break;
      }
    }
  },
};
