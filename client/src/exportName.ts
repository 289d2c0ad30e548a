/** File names for saved timelines: pure, so it is tested without an editor. */
import type { TimelineModel } from '../../server/src/protocol';

/**
 * The default name of a saved timeline: object kind and name and the Pod's number in the file, e.g.
 * `deployment-web-pod-1-timeline.svg`; a fragment is named after its file.
 */
export function exportFileName(model: Pick<TimelineModel, 'object' | 'podIndex'> | null, fileName: string, ext: string): string {
  const subject = model?.object ?? fileName.replace(/\.ya?ml$/i, '');
  const slug =
    subject
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'pod';
  return `${slug}-pod-${(model?.podIndex ?? 0) + 1}-timeline.${ext}`;
}
