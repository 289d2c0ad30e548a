/**
 * Hover content (Markdown) for the places where a Pod's lifecycle is decided: a container's `name`
 * (its role, what runs before and after it, the volumes it shares, what happens when it fails), the
 * `initContainers` key (start order and the Pod's effective requests and limits, sidecar-aware) and
 * `restartPolicy` at Pod and container level (what the value means for this kind of object at the
 * target Kubernetes version). Pure: analysis + offset in, Markdown and a range out.
 */
import { isSeq } from 'yaml';
import { type AnalysisResult, type DocumentAnalysis, documentAt } from './analyze';
import { containerLabel } from './facts/names';
import { factsOf, lifetimeSentence } from './facts';
import { securityHoverLine } from './facts/securityContext';
import { t } from './i18n';
import { detailMarkdown } from './detailMarkdown';
import { mdCode, mdCodeContent, mdText } from './markdown';
import type { Container, PodSpec } from './model';
import { get, getNumber, getPair, keyRange, rangeOf, scalarText } from './nodes';
import { effectiveResources, type EffectiveResources } from './resources';
import { atLeast, formatKubeVersion, type KubeVersion } from './version';
import { volumeHoverAt } from './volumeHover';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  /** Absolute offsets of the hovered word. */
  start: number;
  end: number;
}

/** What the hover needs of resources.ts (kept narrow so hovers can be tested on their own). */
export type EffectiveResourcesFn = (pod: PodSpec) => EffectiveResources;

function inRange(r: readonly [number, number] | null, offset: number): boolean {
  return !!r && offset >= r[0] && offset <= r[1];
}

// Every name and value from the file goes into the Markdown through analysis/markdown.ts (inert).
function code(s: string): string {
  return mdCode(s);
}

function name(c: Container): string {
  return mdCode(containerLabel(c));
}

/** A container's name inside a table cell. */
function cellName(c: Container): string {
  return mdCode(containerLabel(c), { table: true });
}

export function hoverAt(
  analysis: AnalysisResult,
  offset: number,
  version: KubeVersion,
  resources: EffectiveResourcesFn = effectiveResources,
): HoverResult | null {
  const found = findingsHover(analysis, offset);
  const doc = documentAt(analysis, offset);
  let info: HoverResult | null = null;
  if (doc) {
    info = volumeHoverAt(analysis, offset);
    const at = doc.toModel(offset);
    for (const pod of info ? [] : doc.pods) {
      const result = hoverInPod(doc, pod, at, version, resources);
      if (result) {
        info = { ...result, ...doc.toFile([result.start, result.end]) };
        break;
      }
    }
  }
  if (found && info) return { contents: `${found.contents}\n\n---\n\n${info.contents}`, start: info.start, end: info.end };
  return found ?? info;
}

/**
 * The explanation of each finding under the cursor: its detail (what happens at runtime, the API
 * server's error, the fix), so the squiggle is one hover away from the whole story. The headline is
 * not repeated: the editor shows the diagnostic (headline, source, rule id) at the top of the same
 * hover — in the screenshots a bold copy of it right below read as a stutter. A finding without a
 * detail falls back to its headline. The narrowest finding's range is the hover's range.
 */
export function findingsHover(analysis: AnalysisResult, offset: number): HoverResult | null {
  const here = analysis.findings
    .filter((f) => offset >= f.start && (offset < f.end || (offset === f.end && f.end > f.start)))
    .sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  if (here.length === 0) return null;
  const parts = here.map((f) => (f.detail ? detailMarkdown(f.detail) : mdText(f.message)));
  return { contents: parts.join('\n\n---\n\n'), start: here[0].start, end: here[0].end };
}

function hoverInPod(doc: DocumentAnalysis, pod: PodSpec, at: number, version: KubeVersion, resources: EffectiveResourcesFn): HoverResult | null {
  const ik = keyRange(pod.node, 'initContainers');
  if (ik && inRange(ik, at)) return { contents: initContainersHover(pod, resources), start: ik[0], end: ik[1] };
  const rk = keyRange(pod.node, 'restartPolicy');
  const rv = pod.restartPolicyNode ? rangeOf(pod.restartPolicyNode) : null;
  if ((rk && inRange(rk, at)) || (rv && inRange(rv, at))) {
    const r = inRange(rk, at) ? rk! : rv!;
    return { contents: podRestartPolicyHover(pod, version), start: r[0], end: r[1] };
  }
  for (const c of [...pod.all, ...pod.ephemeralContainers]) {
    const nk = keyRange(c.node, 'name');
    const nv = c.nameNode ? rangeOf(c.nameNode) : null;
    if ((nk && inRange(nk, at)) || (nv && inRange(nv, at))) {
      const r = nv && inRange(nv, at) ? nv : nk!;
      return { contents: containerHover(pod, c, version, doc.text), start: r[0], end: r[1] };
    }
    const ck = keyRange(c.node, 'restartPolicy');
    const cv = c.restartPolicyNode ? rangeOf(c.restartPolicyNode) : null;
    if ((ck && inRange(ck, at)) || (cv && inRange(cv, at))) {
      const r = cv && inRange(cv, at) ? cv : ck!;
      return { contents: containerRestartPolicyHover(pod, c, version), start: r[0], end: r[1] };
    }
    const rr = keyRange(c.node, 'restartPolicyRules');
    if (rr && inRange(rr, at)) return { contents: restartRulesHover(pod, c, version), start: rr[0], end: rr[1] };
  }
  return null;
}

function roleLine(pod: PodSpec, c: Container): string {
  const n = pod.initContainers.length;
  switch (c.role) {
    case 'init':
      return t('**Init container {0} of {1}** {2} — runs to completion before the next container starts.', c.initOrder + 1, n, name(c));
    case 'sidecar':
      return t(
        '**Native sidecar** {0} (init container {1} of {2}) — starts in order, then keeps running beside the app containers.',
        name(c),
        c.initOrder + 1,
        n,
      );
    case 'app':
      return t('**App container** {0} — starts once every init container has finished, in parallel with the other app containers.', name(c));
    default:
      return t('**Ephemeral container** {0} — added to a running Pod for debugging; not part of the start order.', name(c));
  }
}

function orderLines(pod: PodSpec, c: Container): string[] {
  const out: string[] = [];
  if (c.role === 'ephemeral') return out;
  if (c.list === 'initContainers') {
    const before = pod.initContainers.filter((x) => x.initOrder < c.initOrder);
    const after = pod.initContainers.filter((x) => x.initOrder > c.initOrder);
    const sidecarsBefore = before.filter((x) => x.role === 'sidecar');
    out.push(before.length ? t('Runs after: {0}.', before.map(label).join(' → ')) : t('Runs first.'));
    if (sidecarsBefore.length) out.push(t('Sidecars already running: {0}.', sidecarsBefore.map(name).join(', ')));
    const apps = pod.containers.map(name).join(', ');
    if (after.length && apps) out.push(t('Runs before: {0}, then the app containers {1}.', after.map(label).join(' → '), apps));
    else if (after.length) out.push(t('Runs before: {0}.', after.map(label).join(' → ')));
    else if (apps) out.push(t('Runs before the app containers: {0}.', apps));
  } else {
    if (pod.initContainers.length) out.push(t('Runs after: {0}.', pod.initContainers.map(label).join(' → ')));
    const sidecars = pod.initContainers.filter((x) => x.role === 'sidecar');
    if (sidecars.length) out.push(t('Sidecars running beside it: {0}.', sidecars.map(name).join(', ')));
    const others = pod.containers.filter((x) => x !== c);
    if (others.length) out.push(t('Starts together with: {0}.', others.map(name).join(', ')));
  }
  return out;
}

function label(c: Container): string {
  return c.role === 'sidecar' ? `${name(c)} ${t('(sidecar)')}` : name(c);
}

function volumeLines(pod: PodSpec, c: Container): string[] {
  if (c.mounts.length === 0) return [t('Mounts no volumes: what it writes stays in its own filesystem.')];
  const out: string[] = [];
  for (const m of c.mounts) {
    if (!m.name) continue;
    const others = [...pod.all, ...pod.ephemeralContainers]
      .filter((o) => o !== c)
      .flatMap((o) => o.mounts.filter((x) => x.name === m.name).map((x) => `${name(o)} (${code(x.mountPath ?? '?')})`));
    const vol = pod.volumes?.get(m.name) ?? pod.volumeClaimTemplates.get(m.name);
    const kind = vol?.source ? ` ${code(vol.source)}` : '';
    out.push(
      others.length
        ? t('- volume {0}{1} at {2}, shared with {3}', code(m.name), kind, code(m.mountPath ?? '?'), others.join(', '))
        : t('- volume {0}{1} at {2}, not shared', code(m.name), kind, code(m.mountPath ?? '?')),
    );
  }
  return out;
}

function backoffLimit(pod: PodSpec): number {
  return getNumber(pod.workloadSpecNode, 'backoffLimit') ?? 6;
}

/** What happens when the container fails, under this Pod's restartPolicy and this kind of object. */
function failureLine(pod: PodSpec, c: Container, version: KubeVersion): string {
  const policy = pod.effectiveRestartPolicy;
  const own = c.restartPolicy && atLeast(version, 1, 35) && c.role !== 'sidecar' ? c.restartPolicy : null;
  if (c.role === 'sidecar')
    return t("If it exits: the kubelet restarts it, whatever the Pod's `restartPolicy`; it is stopped after the app containers finish.");
  if (c.role === 'ephemeral') return t('If it exits: it is not restarted.');
  const p = own ?? policy;
  if (c.role === 'init') {
    if (p === 'Never') {
      return pod.workload === 'job'
        ? t(
            'If it fails: the Pod fails (`restartPolicy: Never`); the Job counts it against `backoffLimit` ({0}) and starts a new Pod, which runs every init container again.',
            backoffLimit(pod),
          )
        : t('If it fails: the whole Pod fails (`restartPolicy: Never`) and nothing after it runs.');
    }
    const extra = pod.workload === 'job' ? ' ' + t("Retries in place count against the Job's `backoffLimit` ({0}).", backoffLimit(pod)) : '';
    return (
      t(
        'If it fails: the kubelet restarts it with exponential back-off (`Init:Error`, then `Init:CrashLoopBackOff`); nothing after it starts until it succeeds.',
      ) + extra
    );
  }
  switch (p) {
    case 'Never':
      return pod.workload === 'job'
        ? t('If it fails: it is not restarted; the Pod fails and the Job counts it against `backoffLimit` ({0}).', backoffLimit(pod))
        : t('If it exits: it is not restarted (`restartPolicy: Never`).');
    case 'OnFailure':
      return t('If it fails: the kubelet restarts it with back-off (`CrashLoopBackOff`); a clean exit (0) is final.');
    default:
      return t('If it exits, even with 0: the kubelet restarts it with back-off (`CrashLoopBackOff`).');
  }
}

function containerHover(pod: PodSpec, c: Container, version: KubeVersion, text: string): string {
  const lines = [roleLine(pod, c), '', orderLines(pod, c).join('  \n')];
  // what the timeline's bar says, in the same words (test/unit/agreement.test.ts)
  if (c.role !== 'ephemeral') lines.push('', lifetimeSentence(factsOf(c, text).lifetime, mdText));
  if (c.role !== 'ephemeral') lines.push('', t('Volumes:'), ...volumeLines(pod, c));
  const security = securityHoverLine(c);
  if (security) lines.push('', security);
  lines.push('', failureLine(pod, c, version));
  return lines.join('\n');
}

function initContainersHover(pod: PodSpec, resources: EffectiveResourcesFn): string {
  const order = [...pod.initContainers.map(label), ...(pod.containers.length ? [`${pod.containers.map(name).join(' + ')}`] : [])].join(' → ');
  const lines = [t('**Start order:** {0}', order || t('(none)'))];
  let eff: EffectiveResources | null = null;
  try {
    eff = resources(pod);
  } catch {
    eff = null;
  }
  if (eff && (eff.requests.size || eff.limits.size)) {
    lines.push(
      '',
      t('**Effective Pod resources** (sidecar-aware, what the scheduler reserves):'),
      '',
      `| ${t('resource')} | ${t('requests')} | ${t('limits')} |`,
      '|---|---|---|',
    );
    const names = [...new Set([...eff.requests.keys(), ...eff.limits.keys()])].sort();
    for (const r of names) {
      lines.push(`| ${mdText(r)} | ${cell(eff.requests.get(r), false)} | ${cell(eff.limits.get(r), true)} |`);
    }
    if (eff.podLevel) lines.push('', t('Pod-level `spec.resources` sets the values it names.'));
  } else if (eff) {
    lines.push('', t('No container declares requests or limits.'));
  }
  return lines.join('\n');
}

function cell(r: EffectiveResources['requests'] extends Map<string, infer V> ? V | undefined : never, limit: boolean): string {
  if (!r) return '—';
  if (limit && r.missing.length && r.phase !== 'pod') return t('none ({0} sets no limit)', cellName(r.missing[0]));
  const why = r.phase === 'init' && r.setBy ? t('set by {0}', cellName(r.setBy)) : r.phase === 'pod' ? t('pod-level') : t('steady state');
  return `${r.uncertain ? '≥ ' : ''}${mdText(r.text)} (${why})`;
}

function podRestartPolicyHover(pod: PodSpec, version: KubeVersion): string {
  const value = pod.restartPolicy ?? 'Always';
  const lines = [t('**Pod `restartPolicy: {0}`** ({1})', mdCodeContent(value), pod.kind ?? t('Pod spec'))];
  if (pod.workload === 'job') {
    if (value === 'Never')
      lines.push(
        t(
          'A failed container fails the Pod; the Job starts a new Pod, up to `backoffLimit` ({0}). A failed init container fails the Pod too.',
          backoffLimit(pod),
        ),
      );
    else if (value === 'OnFailure')
      lines.push(
        t(
          'Failed containers, init containers included, are restarted in the same Pod with back-off; the restarts count against `backoffLimit` ({0}).',
          backoffLimit(pod),
        ),
      );
    else lines.push(t('Rejected for a Job: only `Never` and `OnFailure` are allowed (`Always` is the default, so a Job must set it).'));
  } else if (pod.workload === 'replicated') {
    if (value === 'Always')
      lines.push(
        t(
          'The only value a {0} accepts: containers are always restarted; a failing init container is retried with back-off and the Pod stays in `Init:CrashLoopBackOff`.',
          pod.kind ?? '',
        ),
      );
    else lines.push(t('Rejected: a {0} template accepts only `Always`.', pod.kind ?? ''));
  } else {
    if (value === 'Never') lines.push(t('Nothing is restarted: a failed init container fails the whole Pod; app containers end the Pod when they exit.'));
    else if (value === 'OnFailure')
      lines.push(t('Containers that fail are restarted with back-off; one that exits 0 stays stopped. Failed init containers are retried.'));
    else lines.push(t('App containers are restarted whenever they exit; init containers are retried on failure (they behave as `OnFailure`).'));
  }
  if (pod.initContainers.some((c) => c.role === 'sidecar')) {
    lines.push(t('Native sidecars are restarted whatever this value is.'));
  }
  if (!pod.restartPolicy) lines.push(t('Not set: the API server defaults it to `Always`.'));
  if (atLeast(version, 1, 35)) lines.push(t("From Kubernetes 1.35 a container's own `restartPolicy` overrides this value for that container."));
  return lines.join('\n\n');
}

/** What a container policy that differs from the Pod's does at runtime (1.35+). */
function overrideLine(podPolicy: string, own: string): string | null {
  if (own === podPolicy) return null;
  if (own === 'Never')
    return t('At runtime: when it exits it stays terminated while the rest of the Pod keeps running under `{0}` — a failure is not retried.', podPolicy);
  if (own === 'OnFailure') return t('At runtime: a clean exit (0) is final; a failure is retried with back-off, even though the Pod says `{0}`.', podPolicy);
  if (own === 'Always') return t('At runtime: the kubelet restarts it after every exit, even though the Pod says `{0}`.', podPolicy);
  return null;
}

/** `restartPolicyRules`: which exits restart what, and whether the target keeps the field at all. */
function restartRulesHover(pod: PodSpec, c: Container, version: KubeVersion): string {
  const v = formatKubeVersion(version);
  const lines = [t('**`restartPolicyRules`** on {0} (target Kubernetes {1})', name(c), v)];
  if (!atLeast(version, 1, 34)) {
    lines.push(t('Kubernetes {0} has no container restart rules (they arrived in 1.34): the field is dropped as unknown.', v));
    return lines.join('\n\n');
  }
  if (!atLeast(version, 1, 35)) {
    lines.push(t('Kubernetes 1.34 drops the rules (`ContainerRestartRules` is alpha and off): no exit code restarts this container.'));
    return lines.join('\n\n');
  }
  const all = seqItemsOf(c.node).some((r) => scalarText(get(r, 'action')) === 'RestartAllContainers');
  lines.push(
    t(
      "When the container exits with a matching code, the rule's action runs instead of the container's own `restartPolicy` ({0}) — a `Restart` rule restarts it in place even under a Pod `restartPolicy: Never`.",
      c.restartPolicy ?? t('not set'),
    ),
  );
  if (all) {
    lines.push(
      atLeast(version, 1, 36)
        ? t(
            '`RestartAllContainers` restarts the whole Pod in place: every init container runs again, in order, sidecars and app containers restart, and `emptyDir` contents are kept — so each init container must be safe to run twice.',
          )
        : t('`RestartAllContainers` is rejected at 1.35 (alpha, off); it is accepted from 1.36.'),
    );
  }
  void pod;
  return lines.join('\n\n');
}

function seqItemsOf(node: unknown): unknown[] {
  const rules = get(node, 'restartPolicyRules');
  return rules && isSeq(rules) ? rules.items : [];
}

function containerRestartPolicyHover(pod: PodSpec, c: Container, version: KubeVersion): string {
  const value = c.restartPolicy ?? '';
  const v = formatKubeVersion(version);
  const lines = [t('**Container `restartPolicy: {0}`** on {1} (target Kubernetes {2})', mdCodeContent(value), name(c), v)];
  if (c.list === 'initContainers') {
    if (value === 'Always') {
      if (atLeast(version, 1, 29))
        lines.push(
          t(
            'Makes this init container a **native sidecar**: it starts in order, the next container starts once it has started (or its `startupProbe` passed), and it keeps running and is restarted until the app containers finish.',
          ),
        );
      else if (atLeast(version, 1, 28))
        lines.push(
          t(
            'Native sidecars are alpha in 1.28 (feature gate `SidecarContainers`, off by default): without the gate the field is dropped and this container blocks the Pod in `Init`.',
          ),
        );
      else lines.push(t('Kubernetes {0} does not know native sidecars: the field is dropped and this container blocks the Pod in `Init` forever.', v));
    } else if (atLeast(version, 1, 35)) {
      lines.push(
        t(
          "From 1.35 (`ContainerRestartRules`): overrides the Pod's `restartPolicy` for this init container — `Never` fails the Pod on the first failure, `OnFailure` retries it.",
        ),
      );
    } else if (atLeast(version, 1, 34)) {
      lines.push(
        t(
          "Kubernetes 1.34 accepts and drops it (`ContainerRestartRules` is alpha and off): this runs as a plain init container under the Pod's `restartPolicy` ({0}).",
          pod.effectiveRestartPolicy,
        ),
      );
    } else {
      lines.push(t("Rejected before Kubernetes 1.34: an init container's `restartPolicy` may only be `Always` (a native sidecar)."));
    }
  } else if (c.list === 'containers') {
    if (atLeast(version, 1, 35)) {
      lines.push(
        t(
          "From 1.35 (`ContainerRestartRules`): overrides the Pod's `restartPolicy` ({0}) for this container. It does not make it a sidecar — sidecars live in `initContainers`.",
          pod.effectiveRestartPolicy,
        ),
      );
      const override = overrideLine(pod.effectiveRestartPolicy, value);
      if (override) lines.push(override);
    } else if (atLeast(version, 1, 34)) {
      lines.push(
        t(
          "Kubernetes 1.34 accepts and drops it (`ContainerRestartRules` is alpha and off): the container follows the Pod's `restartPolicy` ({0}).",
          pod.effectiveRestartPolicy,
        ),
      );
    } else
      lines.push(
        t('Rejected before Kubernetes 1.34: `may not be set for non-init containers`. A sidecar belongs in `initContainers` with `restartPolicy: Always`.'),
      );
  }
  if (getPair(c.node, 'restartPolicyRules')) lines.push(t('`restartPolicyRules` refine it by exit code.'));
  return lines.join('\n\n');
}
