import { t } from '../i18n';
import type { Container, PodSpec } from '../model';
import { asMap, get, getPair, rangeOf, scalarText, seqItems } from '../nodes';
import { containerRule, type Rule } from '../rule';
import { fixUndeclaredVolume } from '../fixes/volumes';
import { absenceUnknown } from './incomplete';
import { apiPath } from './util';

/** What a finding of `undeclared-volume` tells its fixes. */
export interface UndeclaredVolumeData {
  volume: string;
  /** The declared volume closest to the name, if one is close. */
  suggestion: string | null;
  field: string;
}

export const undeclaredVolume: Rule<UndeclaredVolumeData> = containerRule({
  id: 'undeclared-volume',
  defaultSeverity: 'error',
  summary: 'A `volumeMounts` or `volumeDevices` entry naming a volume the Pod does not declare.',
  catalogue: 'INIT011',
  fixes: fixUndeclaredVolume,
  checkContainer({ pod, text, report }, c) {
    const volumes = pod.volumes;
    const claims = pod.volumeClaimTemplates;
    // whether the Pod's list can be trusted (a Pod-level question) is asked only of a name that is
    // not declared: most containers mount only declared volumes
    let known: boolean | undefined;
    for (const field of FIELDS) {
      const items = seqItems(get(c.node, field));
      for (let at = 0; at < items.length; at++) {
        const m = asMap(items[at]);
        const nameNode = m ? get(m, 'name') : null;
        const name = scalarText(nameNode);
        if (name === null || name === '' || name.includes('{{') || volumes?.has(name) || claims.has(name)) continue;
        known ??= volumesKnown(pod, text);
        if (!known) return;
        // the declared names (for a suggestion) gathered only for a finding
        const declared = new Set<string>([...(volumes?.keys() ?? []), ...claims.keys()]);
        reportOne(pod, c, field, at, name, nameNode, declared, report);
      }
    }
  },
});

const FIELDS = ['volumeMounts', 'volumeDevices'] as const;

type Report = Parameters<Rule['check']>[0]['report'];

function reportOne(
  pod: PodSpec,
  c: Container,
  field: 'volumeMounts' | 'volumeDevices',
  index: number,
  name: string,
  nameNode: unknown,
  declared: Set<string>,
  report: Report,
): void {
  const suggestion = closestName(name, declared);
  const path = apiPath(pod, c, `${field}[${index}]`, 'name');
  const inClaims = pod.kind === 'StatefulSet' ? t(" or in the StatefulSet's `volumeClaimTemplates`") : '';
  const message = suggestion
    ? t('Volume "{0}" is not declared in this Pod: did you mean "{1}"?', name, suggestion)
    : t('Volume "{0}" is not declared in this Pod: the API server rejects it', name);
  const detail = suggestion
    ? t(
        'The API server rejects this Pod: {0}: Not found: "{1}". No volume named `{1}` is declared in `volumes`{2}; did you mean `{3}`?',
        path,
        name,
        inClaims,
        suggestion,
      )
    : field === 'volumeDevices'
      ? t(
          'The API server rejects this Pod: {0}: Not found: "{1}". No volume named `{1}` is declared in `volumes`{2}. Declare it as a `persistentVolumeClaim` (or `ephemeral`) volume with `volumeMode: Block`, or fix the name.',
          path,
          name,
          inClaims,
        )
      : t(
          'The API server rejects this Pod: {0}: Not found: "{1}". No volume named `{1}` is declared in `volumes`{2}. Add it to `volumes` (e.g. `- name: {1}` with `emptyDir: {}`) or fix the name.',
          path,
          name,
          inClaims,
        );
  const related =
    suggestion && pod.volumes?.get(suggestion)?.nameNode
      ? [{ range: rangeOf(pod.volumes.get(suggestion)!.nameNode), message: t('Volume "{0}" is declared here.', suggestion) }]
      : [];
  report({
    range: rangeOf(nameNode),
    container: c,
    message,
    detail,
    related,
    data: { volume: name, suggestion, field },
  });
}

/** Whether the Pod's list of volumes can be trusted to be complete. */
function volumesKnown(pod: PodSpec, text: string): boolean {
  // a patch or an assertion: its lists merge with (or match against) a base that declares more
  if (!pod.partial || pod.volumes === null) return !absenceUnknown(pod);
  if (!pod.templated) return true;
  // a Helm template that builds the list with actions (`{{- include … }}`, `{{- if }}`) may add more
  const key = rangeOf(getPair(pod.node, 'volumes')?.key);
  if (!key) return false;
  const lineStart = text.lastIndexOf('\n', key[0] - 1) + 1;
  const indent = key[0] - lineStart;
  let pos = text.indexOf('\n', key[0]);
  if (text.slice(lineStart, pos < 0 ? text.length : pos).includes('{{')) return false;
  while (pos >= 0 && pos < text.length) {
    const next = text.indexOf('\n', pos + 1);
    const line = text.slice(pos + 1, next < 0 ? text.length : next);
    pos = next;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const ind = line.length - line.trimStart().length;
    const body = line.trimStart();
    if (body.startsWith('{{')) {
      if (ind >= indent) return false;
      continue;
    }
    if (ind < indent || (ind === indent && !body.startsWith('- '))) break;
    if (body.includes('{{')) return false;
  }
  return true;
}

/** The declared name closest to `name` when it is close enough to be a typo, else null. */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDist = Infinity;
  for (const cand of candidates) {
    const d = editDistance(name.toLowerCase(), cand.toLowerCase());
    if (d < bestDist) {
      best = cand;
      bestDist = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(name.length, best.length) / 3)));
  return bestDist <= limit ? best : null;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
