import { t } from '../i18n';
import { type Container, containerLabel } from '../model';
import { rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { trimEndChar } from '../text';
import { fixDuplicateContainerName } from '../fixes/containers';
import { apiPath } from './util';

/** What a container of each list is called in the message (translated when the message is made). */
function listLabel(list: Container['list']): string {
  return list === 'initContainers' ? t('init container') : list === 'ephemeralContainers' ? t('ephemeral container') : t('container');
}

/**
 * Follows the API server's order of checks, so the finding sits where its error path points:
 * duplicates among `containers` on the later one; an init container whose name is already used
 * (by any app container or an earlier init container) on the init container; an ephemeral
 * container on itself.
 */
/** What a finding of `duplicate-container-name` tells its fixes. */
export interface DuplicateContainerNameData {
  name: string;
  /** A free name for the later container. */
  suggestion: string;
}

export const duplicateContainerName: Rule<DuplicateContainerNameData> = {
  id: 'duplicate-container-name',
  defaultSeverity: 'error',
  summary: 'Two containers with the same name across initContainers, containers and ephemeralContainers.',
  catalogue: 'INIT008',
  fixes: fixDuplicateContainerName,
  check({ pod, report }) {
    const usable = (c: Container): boolean => !!c.name && !c.name.includes('{{') && !!c.nameNode;
    // every name in the Pod, for the suggestions: gathered at the first duplicate (most Pods have none)
    let taken: Set<string> | null = null;

    const flag = (dup: Container, first: Container): void => {
      if (!taken) {
        taken = new Set<string>();
        for (const c of [...pod.initContainers, ...pod.containers, ...pod.ephemeralContainers]) if (usable(c)) taken.add(c.name!);
      }
      const name = dup.name!;
      const suggestion = freeName(name, dup.list === 'initContainers' ? 'init' : dup.list === 'ephemeralContainers' ? 'debug' : '2', taken);
      taken.add(suggestion);
      report({
        range: rangeOf(dup.nameNode),
        container: dup,
        message: t('Container name "{0}" is already used: the API server rejects the Pod', name),
        detail: t(
          'The API server rejects this Pod: {0}: Duplicate value: "{1}". The name is already used by {2} `{3}`; container names must be unique across `initContainers`, `containers` and `ephemeralContainers`. Rename one of them (e.g. `{4}`).',
          apiPath(pod, dup, 'name'),
          name,
          listLabel(first.list),
          containerLabel(first),
          suggestion,
        ),
        related: [{ range: rangeOf(first.nameNode), message: t('"{0}" is first used here.', name) }],
        data: { name, suggestion },
      });
    };

    // spec.containers: the later duplicate
    const apps = new Map<string, Container>();
    for (const c of pod.containers) {
      if (!usable(c)) continue;
      const first = apps.get(c.name!);
      if (first) flag(c, first);
      else apps.set(c.name!, c);
    }
    // spec.initContainers: seeded with every app container's name
    const seen = apps; // (not read again as the app containers' own names)
    for (const c of pod.initContainers) {
      if (!usable(c)) continue;
      const first = seen.get(c.name!);
      if (first) flag(c, first);
      else seen.set(c.name!, c);
    }
    // spec.ephemeralContainers: against all the others and each other
    for (const c of pod.ephemeralContainers) {
      if (!usable(c)) continue;
      const first = seen.get(c.name!);
      if (first) flag(c, first);
      else seen.set(c.name!, c);
    }
  },
};

function freeName(name: string, tag: string, taken: Set<string>): string {
  const base = trimEndChar(`${name}-${tag}`.slice(0, 63), '-');
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const cand = `${base.slice(0, 60)}-${i}`;
    if (!taken.has(cand)) return cand;
  }
}
