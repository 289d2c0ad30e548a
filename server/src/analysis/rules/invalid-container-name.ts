import { t } from '../i18n';
import { rangeOf } from '../nodes';
import { containerRule, type Rule } from '../rule';
import { clip } from './headline';
import { trimChar, trimEndChar } from '../text';
import { fixInvalidContainerName } from '../fixes/containers';
import { apiPath, containerKeyRange } from './util';

import { DNS_LABEL as DNS1123_LABEL } from '../facts/names';

/** What a finding of `invalid-container-name` tells its fixes. */
export interface InvalidContainerNameData {
  /** A valid name close to the one given. */
  suggestion: string;
}

export const invalidContainerName: Rule<InvalidContainerNameData> = containerRule({
  id: 'invalid-container-name',
  defaultSeverity: 'error',
  summary: 'A container name that is not a DNS-1123 label: the API server rejects the Pod.',
  catalogue: 'INIT009',
  fixes: fixInvalidContainerName,
  checkContainer({ pod, report }, c) {
    if (c.templated) return;
    if (c.name === null || c.name === '') {
      if (pod.partial) return;
      report({
        range: c.nameNode ? rangeOf(c.nameNode) : containerKeyRange(c, 'image'),
        container: c,
        message: t('Container has no name: the API server rejects the Pod'),
        detail: t('The API server rejects this Pod: {0}: Required value. Give the container a name.', apiPath(pod, c, 'name')),
      });
      return;
    }
    if (c.name.includes('{{')) return;
    const problems: string[] = [];
    if (!DNS1123_LABEL.test(c.name)) {
      problems.push(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      );
    }
    if (c.name.length > 63) problems.push('must be no more than 63 characters');
    if (problems.length === 0) return;
    report({
      range: rangeOf(c.nameNode),
      container: c,
      message:
        c.name.length > 63
          ? t('Container name "{0}" is over 63 characters: the API server rejects the Pod', clip(c.name, 20))
          : t('Container name "{0}" is not a valid DNS label: use a-z, 0-9 and "-"', clip(c.name)),
      detail: t(
        'The API server rejects this Pod: {0}: Invalid value: "{1}": {2}. Use lower-case letters, digits and "-" only, at most 63 characters.',
        apiPath(pod, c, 'name'),
        c.name,
        problems.join('; '),
      ),
      data: { suggestion: suggestName(c.name) },
    });
  },
});

/** A valid label close to `name`: lower-cased, other characters turned into '-'. */
export function suggestName(name: string): string {
  let s: string = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-');
  s = trimChar(s, '-');
  if (s.length > 63) s = trimEndChar(s.slice(0, 63), '-');
  return s || 'container';
}
