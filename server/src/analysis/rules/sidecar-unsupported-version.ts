import { t } from '../i18n';
import { rangeOf } from '../nodes';
import { containerLabel } from '../model';
import { containerRule, type Rule } from '../rule';
import { atLeast, formatKubeVersion } from '../version';

/** What a finding of `sidecar-unsupported-version` tells its fixes. */
export interface SidecarUnsupportedVersionData {
  targetVersion: string;
}

export const sidecarUnsupportedVersion: Rule<SidecarUnsupportedVersionData> = containerRule({
  id: 'sidecar-unsupported-version',
  lists: ['initContainers'],
  defaultSeverity: 'warning',
  summary: 'A native sidecar (`restartPolicy: Always` on an init container) while the target Kubernetes version is below 1.29.',
  catalogue: 'INIT102',
  checkContainer({ version, report }, c) {
    if (atLeast(version, 1, 29)) return;
    const v = formatKubeVersion(version);
    if (c.role !== 'sidecar' || !c.restartPolicyNode) return;
    report({
      range: rangeOf(c.restartPolicyNode),
      container: c,
      message: atLeast(version, 1, 28)
        ? t('Sidecar "{0}" needs a feature gate in Kubernetes {1}, else it is a plain init container', containerLabel(c), v)
        : t('Kubernetes {0} has no native sidecars: "{1}" runs as a plain init container', v, containerLabel(c)),
      detail: atLeast(version, 1, 28)
        ? t(
            'Native sidecars are alpha in Kubernetes {0}: unless the SidecarContainers feature gate is on (API server and kubelet), the API server drops `restartPolicy` and this container runs as a plain init container. If it never exits, the Pod hangs in `Init` forever. Target Kubernetes 1.29 or later (sidecars on by default), enable the gate, or run the helper in `containers` the pre-1.29 way.',
            v,
          )
        : t(
            'Kubernetes {0} has no native sidecars: the API server drops `restartPolicy` and this container runs as a plain init container; if it never exits, the Pod hangs in `Init` forever. Native sidecars need 1.29 or later (1.28 with the SidecarContainers feature gate). Target a newer version, or run the helper in `containers` the pre-1.29 way.',
            v,
          ),
      data: { targetVersion: v },
    });
  },
});
