import { t } from '../i18n';
import { containerLabel } from '../model';
import type { Rule } from '../rule';
import { fixSidecarAfterDependent } from '../fixes/containers';
import { servedBefore, sidecarUses } from './sidecarUse';
import { containerRange } from './util';

/** What a finding of `sidecar-after-dependent` tells its fixes. */
export interface SidecarAfterDependentData {
  /** Indexes in `initContainers` of the sidecar and of the earlier container that needs it. */
  sidecarIndex: number;
  dependentIndex: number;
  port: number | null;
}

export const sidecarAfterDependent: Rule<SidecarAfterDependentData> = {
  id: 'sidecar-after-dependent',
  defaultSeverity: 'warning',
  summary: 'An init container uses a port or files of a sidecar listed after it, which is not running yet.',
  catalogue: 'INIT104',
  fixes: fixSidecarAfterDependent,
  check({ pod, text, report }) {
    if (pod.partial) return;
    const list = pod.initContainers;
    // only sidecars can be the later side: walking just them keeps a long list linear
    const sidecars = list.filter((c) => c.role === 'sidecar');
    list.forEach((dep) => {
      if (dep.templated) return;
      const seen = new Set<string>();
      for (const sidecar of sidecars) {
        if (sidecar.index <= dep.index) continue;
        for (const u of sidecarUses(sidecar, dep, text)) {
          if (u.port !== null && servedBefore(pod.all, dep, u.port, text)) continue;
          const key = `${u.start}:${u.end}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report({
            range: [u.start, u.end],
            container: dep,
            message:
              u.port !== null
                ? t('"{0}" uses port {1} of sidecar "{2}", which starts after it', containerLabel(dep), u.port, containerLabel(sidecar))
                : t('"{0}" needs a file from sidecar "{1}", which starts after it', containerLabel(dep), containerLabel(sidecar)),
            detail:
              u.port !== null
                ? t(
                    '`{0}` talks to `{1}`, port {2} of the sidecar `{3}`, but `{3}` is listed after it: init containers and sidecars start one after another in list order, so `{3}` is not running yet when `{0}` runs, and the connection fails. Move `{3}` before `{0}` in `initContainers` (and give it a `startupProbe` on port {2}).',
                    containerLabel(dep),
                    u.what,
                    u.port,
                    containerLabel(sidecar),
                  )
                : t(
                    '`{0}` reads `{1}`, which the sidecar `{2}` writes into the volume `{3}`, but `{2}` is listed after it: it is not running yet when `{0}` runs, so the file is not there. Move `{2}` before `{0}` in `initContainers`.',
                    containerLabel(dep),
                    u.what,
                    containerLabel(sidecar),
                    u.volume ?? '',
                  ),
            related: [
              {
                range: containerRange(sidecar),
                message: t('The sidecar "{0}" starts only after "{1}" has finished.', containerLabel(sidecar), containerLabel(dep)),
              },
            ],
            data: { sidecarIndex: sidecar.index, dependentIndex: dep.index, port: u.port },
          });
        }
      }
    });
  },
};
