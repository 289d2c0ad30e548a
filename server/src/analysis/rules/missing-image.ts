import { t } from '../i18n';
import { get, getPair, keyRange, rangeOf } from '../nodes';
import { containerLabel } from '../model';
import { containerRule, type Rule } from '../rule';
import { fixMissingImage } from '../fixes/containers';
import { absenceUnknown } from './incomplete';
import { apiPath, containerRange } from './util';

/** What a finding of `missing-image` tells its fixes. */
export interface MissingImageData {
  problem: 'missing' | 'empty' | 'padded' | 'blank';
  /** The image without the spaces around it. */
  suggestion?: string | null;
}

export const missingImage: Rule<MissingImageData> = containerRule({
  id: 'missing-image',
  defaultSeverity: 'error',
  summary: 'A container with no `image`, an empty one, or one padded with whitespace.',
  catalogue: 'INIT010',
  fixes: fixMissingImage,
  checkContainer({ pod, report }, c) {
    const value = c.imageNode ? c.imageNode.value : undefined;
    // an image scalar with a value is there (most containers): the pair is looked up only when not
    if (value === null || value === undefined) {
      const pair = getPair(c.node, 'image');
      const node = get(c.node, 'image');
      // patches, overlays and Helm fragments leave the image to something else
      if (absenceUnknown(pod) || c.templated) return;
      // `image:` given something that is not a scalar (a map, a list): another problem
      if (pair && node !== null && !c.imageNode) return;
      report({
        range: pair ? keyRange(c.node, 'image') : containerRange(c),
        container: c,
        message: t('Container "{0}" has no image: the API server rejects the Pod', containerLabel(c)),
        detail: t(
          'The API server rejects this Pod: {0}: Required value. Every container needs an image; add `image:` with a pinned tag (e.g. `busybox:1.36`).',
          apiPath(pod, c, 'image'),
        ),
        data: { problem: 'missing' },
      });
      return;
    }
    if (typeof value !== 'string') return; // a number: odd, but not this rule's business
    if (value.includes('{{')) return;
    if (value.length === 0) {
      report({
        range: rangeOf(c.imageNode),
        container: c,
        message: t('Container "{0}" has an empty image: the API server rejects the Pod', containerLabel(c)),
        detail: t(
          'The API server rejects this Pod: {0}: Required value. The image is empty; give the image to run (e.g. `busybox:1.36`).',
          apiPath(pod, c, 'image'),
        ),
        data: { problem: 'empty' },
      });
      return;
    }
    const trimmed = value.trim();
    if (trimmed === value) return;
    report({
      range: rangeOf(c.imageNode),
      container: c,
      message:
        pod.kind === 'Pod'
          ? t('Image of "{0}" has leading or trailing spaces: the API server rejects the Pod', containerLabel(c))
          : t('Image of "{0}" has leading or trailing spaces: every Pod created from it is rejected', containerLabel(c)),
      detail: paddedMessage(pod.kind === 'Pod', apiPath(pod, c, 'image'), value),
      data: { problem: trimmed ? 'padded' : 'blank', suggestion: trimmed || null },
    });
  },
});

function paddedMessage(isPod: boolean, path: string, value: string): string {
  const quoted = JSON.stringify(value);
  if (isPod) {
    return t(
      'The API server rejects this Pod: {0}: Invalid value: {1}: must not have leading or trailing whitespace. Remove the spaces (a `>` or `|` block scalar adds a trailing newline).',
      path,
      quoted,
    );
  }
  return t(
    'The image {0} has leading or trailing whitespace. The API server accepts it in a Pod template, but every Pod the controller creates from it is rejected ({1}: Invalid value: {0}: must not have leading or trailing whitespace), so no Pod ever starts. Remove the spaces (a `>` or `|` block scalar adds a trailing newline).',
    quoted,
    path.replace(/^(spec\.(jobTemplate\.spec\.)?)?template\./, ''),
  );
}
