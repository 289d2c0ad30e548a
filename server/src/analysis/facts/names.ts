/**
 * Names, once: the DNS label the API server checks container, volume and namespace names against,
 * and how a container is called in messages when it has no name.
 */
import type { Container } from '../model';

/** RFC 1123 label, the API server's `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (length checked separately). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A valid RFC 1123 label of at most 63 characters. */
export function isDnsLabel(s: string): boolean {
  return s.length > 0 && s.length <= 63 && DNS_LABEL.test(s);
}

/** `name` of a container for messages, or its place (`initContainers[1]`) when it has none. */
export function containerLabel(c: Pick<Container, 'name' | 'list' | 'index'>): string {
  return c.name ?? `${c.list}[${c.index}]`;
}

/** Base name of a path: `/usr/bin/envoy` → `envoy`. */
export function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}
