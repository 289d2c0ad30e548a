/**
 * `runAsNonRoot: true` on an init container that will run as root: the kubelet refuses to create it
 * (`verifyRunAsNonRoot`, pkg/kubelet/kuberuntime/security_context_others.go) and the Pod stays in
 * `Init:CreateContainerConfigError`. Two ways: `runAsUser: 0` with `runAsNonRoot: true`, or no
 * `runAsUser` at all and an image whose default user is root (or a name the kubelet cannot check).
 */
import { effectiveSecurityContext, type EffectiveSecurityContext } from '../facts/securityContext';
import { fixRunAsRootBlocked } from '../fixes/security';
import { t } from '../i18n';
import { mdCodeContent } from '../markdown';
import { type Container, containerLabel, type PodSpec } from '../model';
import { get, getString, rangeOf } from '../nodes';
import type { Rule, RuleContext } from '../rule';

/**
 * The Pod is laid out well enough to conclude from what is (not) written, and is a Linux Pod (a
 * Windows Pod, `spec.os.name: windows`, has its own user checks and no capabilities or sysctls).
 */
export function securityReadable(pod: PodSpec): boolean {
  if (pod.templated || (pod.partial && !pod.fragment)) return false;
  return getString(get(pod.node, 'os'), 'name') !== 'windows';
}

const STATUS = 'Init:CreateContainerConfigError';

/** What a finding of `init-run-as-root-blocked` tells its fixes. */
export interface InitRunAsRootBlockedData {
  container: string | null;
  /** `runAsUser: 0` with runAsNonRoot, an image that runs as root, or one whose user is a name. */
  cause: 'runAsUser' | 'image-root' | 'image-name';
  /** Where the `runAsUser: 0` is written (for `cause: runAsUser`). */
  level?: 'pod' | 'container';
  status: string;
}

function runAsNonRootRelated(sc: EffectiveSecurityContext): Array<{ range: readonly [number, number] | null; message: string }> {
  if (!sc.runAsNonRoot) return [];
  return [
    {
      range: sc.runAsNonRoot.range,
      message: sc.runAsNonRoot.level === 'pod' ? t('runAsNonRoot: true is set for the whole Pod here') : t('runAsNonRoot: true is set on the container here'),
    },
  ];
}

function checkContainer(ctx: RuleContext<InitRunAsRootBlockedData>, c: Container, reportedPodUser: { done: boolean }): void {
  const sc = effectiveSecurityContext(c);
  if (sc.uncertain || sc.runAsNonRoot?.value !== true) return;
  const name = containerLabel(c);
  if (sc.runAsUser) {
    if (sc.runAsUser.value !== 0) return;
    // a Pod-level `runAsUser: 0` stops the Pod at the first init container that inherits it: one finding
    if (sc.runAsUser.level === 'pod') {
      if (reportedPodUser.done) return;
      reportedPodUser.done = true;
    }
    ctx.report({
      range: sc.runAsUser.range,
      container: c,
      message: t('{0} cannot start: runAsUser 0 breaks runAsNonRoot', name),
      detail: t(
        'The kubelet refuses to create `{0}`: "container\'s runAsUser breaks non-root policy" (`verifyRunAsNonRoot`), and the Pod stays in `{1}`; nothing after it starts. If the chore needs root, set `runAsNonRoot: false` on this container; otherwise give it a non-zero `runAsUser`.',
        mdCodeContent(name),
        STATUS,
      ),
      related: runAsNonRootRelated(sc),
      data: { container: c.name, cause: 'runAsUser', level: sc.runAsUser.level, status: STATUS },
    });
    return;
  }
  const img = sc.imageUser;
  if (!img || !c.imageNode) return;
  if (img.uid === 0) {
    ctx.report({
      range: rangeOf(c.imageNode),
      container: c,
      message: t('{0} cannot start: runAsNonRoot is set and image {1} runs as root', name, img.image),
      detail: t(
        '`{1}` sets no `USER`, so it runs as root, and nothing sets `runAsUser`. The kubelet refuses to create `{0}`: "container has runAsNonRoot and image will run as root" (`verifyRunAsNonRoot`), and the Pod stays in `{2}`; nothing after it starts. Set a non-zero `runAsUser` the chore can work as on this container (with `fsGroup` for volume permissions), use a non-root image, or, if the chore needs root, `runAsUser: 0` with `runAsNonRoot: false` on this container only.',
        mdCodeContent(name),
        img.image,
        STATUS,
      ),
      related: runAsNonRootRelated(sc),
      data: { container: c.name, cause: 'image-root', status: STATUS },
    });
  } else if (img.uid === null && img.name) {
    ctx.report({
      range: rangeOf(c.imageNode),
      container: c,
      message: t('{0} cannot start: runAsNonRoot is set and image {1} has user name {2}', name, img.image, img.name),
      detail: t(
        '`{1}` runs as the user name `{2}`, which the kubelet cannot check: "container has runAsNonRoot and image has non-numeric user ({2}), cannot verify user is non-root" (`verifyRunAsNonRoot`). The Pod stays in `{3}`. Set the numeric `runAsUser` of that user on this container.',
        mdCodeContent(name),
        img.image,
        img.name,
        STATUS,
      ),
      related: runAsNonRootRelated(sc),
      data: { container: c.name, cause: 'image-name', status: STATUS },
    });
  }
}

export const initRunAsRootBlocked: Rule<InitRunAsRootBlockedData> = {
  id: 'init-run-as-root-blocked',
  defaultSeverity: 'error',
  summary: 'An init container with runAsNonRoot: true would run as root (runAsUser 0, or a root image): the kubelet refuses to start it.',
  catalogue: 'INIT114',
  fixes: fixRunAsRootBlocked,
  check(ctx) {
    const { pod } = ctx;
    if (!securityReadable(pod)) return;
    const podUser = { done: false };
    for (const c of pod.initContainers) checkContainer(ctx, c, podUser);
  },
};
