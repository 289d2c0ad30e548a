import { containerLabel } from '../facts/names';
import { t } from '../i18n';
import type { Container } from '../model';
import { containerRule, type Rule } from '../rule';
import { fixInitNeverExits } from '../fixes/containers';
import { factsOf } from '../facts';
import { calicoInstaller, type ContainerBlocker } from '../facts/lifetime';
import { firstPort, initStatus } from './scriptFacts';

/**
 * What the blocking program is called in a sentence: a product's own name (`nginx`, `Envoy`), or
 * "a proxy" / "an agent" / "an exporter" for the generic families, which are kinds, not names.
 */
export function serverName(b: { what: string; family: { id: string } | null }): string {
  switch (b.family?.id) {
    case 'generic-proxy':
      return t('a proxy');
    case 'generic-agent':
      return t('an agent');
    case 'generic-exporter':
      return t('an exporter');
    default:
      return b.what;
  }
}

/** For a headline: a server recognised by behaviour is "a server" (the detail says how it was recognised). */
function shortServerName(b: { what: string; family: { id: string } | null }): string {
  return b.family ? serverName(b) : t('a server');
}

/** The headline: which init container never exits, why in a few words, and the status it leaves the Pod in. */
function headlineFor(c: Container, b: ContainerBlocker): string {
  const name = containerLabel(c);
  const status = initStatus(c);
  switch (b.reason) {
    case 'sleep':
      return t('Init container "{0}" never exits ({1}): the Pod stays in {2}', name, b.what, status);
    case 'tail':
      return t('Init container "{0}" never exits (tail follows forever): the Pod stays in {1}', name, status);
    case 'loop':
      return t('Init container "{0}" never exits (endless loop): the Pod stays in {1}', name, status);
    case 'wait':
      return t('Init container "{0}" never exits (waits on {1}): the Pod stays in {2}', name, shortServerName(b), status);
    case 'server':
      return t('Init container "{0}" never exits (runs {1}): the Pod stays in {2}', name, shortServerName(b), status);
  }
}

function detailFor(c: Container, b: ContainerBlocker): string {
  const name = containerLabel(c);
  const status = initStatus(c);
  switch (b.reason) {
    case 'sleep':
      return t(
        '`{0}` does not end in any useful time, so the init container `{1}` never exits: the Pod stays in `{2}` and the containers after it never start. Remove the sleep; if the container must keep running beside the app, make it a native sidecar (`restartPolicy: Always`, Kubernetes ≥ 1.29).',
        b.what,
        name,
        status,
      );
    case 'tail':
      return t(
        '`{0}` follows the file forever, so the init container `{1}` never exits: the Pod stays in `{2}` and the containers after it never start. Read the file without following it, or make the container a native sidecar (`restartPolicy: Always`, Kubernetes ≥ 1.29) if it must keep running.',
        b.what,
        name,
        status,
      );
    case 'loop':
      return t(
        '`{0}` loops forever: nothing in its body exits or breaks, so the init container `{1}` never exits and the Pod stays in `{2}`. Leave the loop when the work is done (`break`/`exit 0`), or make the container a native sidecar (`restartPolicy: Always`, Kubernetes ≥ 1.29) if it must keep running.',
        b.what,
        name,
        status,
      );
    case 'wait':
      return t(
        '{0} is started in the background and the script then `wait`s for it; it runs until it is stopped, so the init container `{1}` never exits and the Pod stays in `{2}`. Run it as a native sidecar instead: an init container with `restartPolicy: Always` (Kubernetes ≥ 1.29), listed before the containers that use it.',
        serverName(b),
        name,
        status,
      );
    case 'server':
      if (b.fromImage) {
        return t(
          'The image `{0}` runs {1}, which serves until it is stopped, so the init container `{2}` never exits: the Pod stays in `{3}` and the containers after it never start. If it must run beside the app, add `restartPolicy: Always` to make it a native sidecar (Kubernetes ≥ 1.29) with a `startupProbe`; if it only has a one-shot task, give it a `command` that does that task and exits.',
          c.image ?? '',
          serverName(b),
          name,
          status,
        );
      }
      return t(
        'This starts {0}, which serves until it is stopped, so the init container `{1}` never exits: the Pod stays in `{2}` and the containers after it never start. If it must run beside the app, add `restartPolicy: Always` to make it a native sidecar (Kubernetes ≥ 1.29) with a `startupProbe`; otherwise run a command that exits.',
        serverName(b),
        name,
        status,
      );
  }
}

/** What a finding of `init-never-exits` tells its fixes. */
export interface InitNeverExitsData {
  /** The container's first port (for a sidecar's startupProbe). */
  port: number | null;
  /** Why it never exits: `sleep`, `server`, `loop`, `calico-sleep`… */
  reason: string;
  /** The server family recognised, if any. */
  family?: string | null;
  /** A variable that makes it exit. */
  env?: { name: string; value: string };
}

export const initNeverExits: Rule<InitNeverExitsData> = containerRule({
  id: 'init-never-exits',
  lists: ['initContainers'],
  defaultSeverity: 'warning',
  summary: 'An init container whose command never ends (sleep infinity, tail -f, an endless loop, a server or proxy): the Pod never finishes initializing.',
  catalogue: 'INIT101',
  fixes: fixInitNeverExits,
  checkContainer({ text, report }, c) {
    if (c.role !== 'init' || c.templated) return;
    const port = firstPort(c);
    const calico = calicoInstaller(c);
    if (calico) {
      report({
        range: calico,
        container: c,
        message: t('Calico installer "{0}" never exits without SLEEP=false: the Pod stays in {1}', containerLabel(c), initStatus(c)),
        detail: t(
          'Calico\'s CNI installer sleeps forever after installing unless `SLEEP` is `false` ("Prevents the container from sleeping forever" in Calico\'s own manifest), so the init container `{0}` never exits and the Pod stays in `{1}`. Add `- name: SLEEP` with `value: "false"` to its `env`.',
          containerLabel(c),
          initStatus(c),
        ),
        data: { port, reason: 'calico-sleep', env: { name: 'SLEEP', value: 'false' } },
      });
      return;
    }
    const b = factsOf(c, text).lifetime.blocker;
    if (!b || b.configDependent) return;
    report({
      range: [b.start, b.end],
      container: c,
      message: headlineFor(c, b),
      detail: detailFor(c, b),
      data: { port, reason: b.reason, family: b.family?.id ?? null },
    });
  },
});
