/** Helpers shared by rule modules. */
import type { Container, PodSpec } from '../model';
import { keyRange, type Range, rangeOf } from '../nodes';
import { parseImage } from '../facts/image';

/** The field path the API server prints, e.g. `spec.template.spec.initContainers[1].lifecycle`. */
export function apiPath(pod: PodSpec, container: Container | null, ...fields: string[]): string {
  const parts: string[] = [];
  if (pod.path) parts.push(pod.path);
  if (container) parts.push(`${container.list}[${container.index}]`);
  parts.push(...fields);
  return parts.join('.');
}

/** The range of a container's `name` value, or of the container's first key when it has none. */
export function containerRange(c: Container): Range | null {
  if (c.nameNode) return rangeOf(c.nameNode);
  const first = c.node.items[0];
  return first ? rangeOf(first.key) : rangeOf(c.node);
}

/** The key `field` of the container, falling back to the container's name. */
export function containerKeyRange(c: Container, field: string): Range | null {
  return keyRange(c.node, field) ?? containerRange(c);
}

/** Joins names for a message: `a`, `a and b`, `a, b and c`. */
export function listNames(names: string[], and = 'and'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

/** The image name without registry, tag or digest: `docker.io/library/busybox:1.36` → `busybox`. */
export function imageName(image: string | null): string | null {
  const p = parseImage(image);
  return p ? p.path.slice(p.path.lastIndexOf('/') + 1) : null;
}

/** The tag of an image (`1.36` of `busybox:1.36`), or null when it has none. */
export function imageTag(image: string | null): string | null {
  return parseImage(image)?.tag ?? null;
}
