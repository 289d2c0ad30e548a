/**
 * An init container runs a privileged chore — `sysctl -w`, `iptables`, `mount`, `modprobe`, `chown`
 * — without what the chore needs: `privileged: true`, a capability (`NET_ADMIN`, `SYS_ADMIN`,
 * `CHOWN`…), or root at all. It starts, then the command fails with "Operation not permitted",
 * "Read-only file system" or "Permission denied", and the Pod loops in `Init:CrashLoopBackOff`.
 */
import { type Chore, missingPrivileges, sysctlNamespace } from '../facts/privilege';
import { effectiveSecurityContext, type EffectiveSecurityContext } from '../facts/securityContext';
import { fixMissingPrivilege } from '../fixes/security';
import { t } from '../i18n';
import { mdCodeContent } from '../markdown';
import { type Container, containerLabel } from '../model';
import { containerRule, type Rule } from '../rule';
import { securityReadable } from './init-run-as-root-blocked';

export { sysctlNamespace } from '../facts/privilege';

/** What a finding of `init-missing-privilege` tells its fixes. */
export interface InitMissingPrivilegeData {
  container: string | null;
  program: string;
  /** The sysctl key set, when the chore is a sysctl. */
  sysctl: string | null;
  /** The sysctl is namespaced and can move to the Pod's `sysctls` (no fix then); null for other chores. */
  namespaced: boolean | null;
  /** Capabilities to add (empty when adding capabilities cannot help). */
  addCapabilities: string[];
  /** The fix is `privileged: true`. */
  privileged: boolean;
  /** The fix is running the container as root. */
  root: boolean;
  /** The container runs and the command fails (the timeline's failure path says so). */
  failsAtRuntime: true;
}

function message(c: Container, ch: Chore, sc: EffectiveSecurityContext): { message: string; detail: string } {
  const name = containerLabel(c);
  if (ch.needsRoot) {
    const user = sc.uid !== null ? String(sc.uid) : '?';
    return {
      message: t('{0} needs root, but {1} runs as user {2}', ch.program, name, user),
      detail: t(
        '`{1}` runs as uid {2}, so `{0}` fails with "Operation not permitted": Kubernetes gives a non-root process no capabilities at all (no ambient set), whatever `capabilities.add` or `privileged` say. Run this one init container as root (`runAsUser: 0`, and `runAsNonRoot: false` if the Pod sets it) while the app stays non-root — or, for volume ownership, set `fsGroup` in the Pod\'s `securityContext` instead of `chown`.',
        mdCodeContent(ch.program),
        mdCodeContent(name),
        mdCodeContent(user),
      ),
    };
  }
  if (ch.need.kind === 'privileged' && ch.need.what === 'sysctl') {
    const key = ch.sysctl ?? '';
    const ns = sysctlNamespace(key);
    if (ns && !(ns === 'net' && c.pod.hostNetwork)) {
      return {
        message: t("{0} sets sysctl {1} without privileged: set it in the Pod's sysctls instead", name, key),
        detail: t(
          '`/proc/sys` is read-only in a container that is not `privileged`, so writing `{0}` fails with "Read-only file system". `{0}` is namespaced (`NamespacedBy`, pkg/kubelet/sysctl/namespace.go): it belongs in `spec.securityContext.sysctls`, which sets it for this Pod only and needs no init container (sysctls outside the safe set must be allowed on the node with the kubelet\'s `--allowed-unsafe-sysctls`).',
          mdCodeContent(key),
        ),
      };
    }
    return {
      message: t('{0} sets node sysctl {1} but is not privileged: the write fails', name, key),
      detail: t(
        '`{0}` is not namespaced: it changes the node, and `/proc/sys` is read-only unless the container is `privileged`, so the write fails with "Read-only file system" and `{1}` ends in `Init:Error`, then `Init:CrashLoopBackOff`. Set `privileged: true` in this init container\'s `securityContext` (as Elasticsearch\'s `vm.max_map_count` init container does), or set the value on the nodes.',
        mdCodeContent(key),
        mdCodeContent(name),
      ),
    };
  }
  if (ch.need.kind === 'privileged') {
    const cap = ch.need.what === 'mount' ? 'SYS_ADMIN' : 'SYS_MODULE';
    return {
      message: t('{0} runs {1} but is not privileged: Operation not permitted', name, ch.program),
      detail: t(
        '`{0}` needs `privileged: true` (at least `{1}`, which the runtime\'s AppArmor and seccomp profiles may still block) and `{2}` has neither, so it fails with "Operation not permitted"; the Pod ends in `Init:Error`, then `Init:CrashLoopBackOff`.',
        mdCodeContent(ch.program),
        cap,
        mdCodeContent(name),
      ),
    };
  }
  const caps = ch.missing.join(', ');
  return {
    message: t('{0} runs {1} without capability {2}: Operation not permitted', name, ch.program, caps),
    detail: t(
      '`{0}` needs `{1}` and `{2}` is not given it (or drops it), so it fails with "Operation not permitted" and the Pod ends in `Init:Error`, then `Init:CrashLoopBackOff`. Add `{1}` to `securityContext.capabilities.add` of this init container, as Istio\'s `istio-init` does with `NET_ADMIN` and `NET_RAW`.',
      mdCodeContent(ch.program),
      mdCodeContent(caps),
      mdCodeContent(name),
    ),
  };
}

/** A word's range without the quotes of a quoted YAML scalar (`"mount"` → `mount`). */
function unquoted(text: string, start: number, end: number): [number, number] {
  const q = text[start];
  if (end - start >= 2 && (q === '"' || q === "'") && text[end - 1] === q) return [start + 1, end - 1];
  return [start, end];
}

export const initMissingPrivilege: Rule<InitMissingPrivilegeData> = containerRule({
  id: 'init-missing-privilege',
  lists: ['initContainers'],
  defaultSeverity: 'warning',
  summary: 'An init container runs a privileged chore (sysctl -w, iptables, mount, modprobe, chown) without the privilege, capability or root user it needs.',
  fixes: fixMissingPrivilege,
  checkContainer({ pod, text, report }, c) {
    if (!securityReadable(pod)) return;
    const chores = missingPrivileges(c);
    // most init containers lack nothing: no security context read and no table for them here
    if (chores.length === 0) return;
    const sc = effectiveSecurityContext(c);
    const seen = new Set<string>();
    for (const ch of chores) {
      const key = `${ch.program}|${ch.sysctl ?? ''}|${ch.missing.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { message: msg, detail } = message(c, ch, sc);
      report({
        range: unquoted(text, ch.word.start, ch.word.end),
        container: c,
        message: msg,
        detail,
        data: {
          container: c.name,
          program: ch.program,
          sysctl: ch.sysctl,
          namespaced: ch.sysctl ? sysctlNamespace(ch.sysctl) !== null && !(sysctlNamespace(ch.sysctl) === 'net' && pod.hostNetwork) : null,
          addCapabilities: ch.addCaps,
          privileged: ch.needsPrivileged,
          root: ch.needsRoot,
          failsAtRuntime: true,
        },
      });
    }
  },
});
