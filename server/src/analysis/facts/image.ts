/**
 * An image reference, split once: `registry/path/name:tag@digest`. Every reader of images (the
 * server families, the pull-policy default, the busybox and Calico checks) uses this.
 */
import { memoByText } from '../memo';

export interface ImageRef {
  /** The reference as written, trimmed. */
  raw: string;
  /** Repository path without tag or digest, as written (`docker.io/library/busybox`). */
  path: string;
  /** `path` in lower case: what families are matched against. */
  repository: string;
  /** Last path segment, lower case (`busybox`). */
  name: string;
  tag: string | null;
  digest: string | null;
}

/**
 * Splits by the text as written: a manifest names a handful of images many times, and every rule,
 * fact and hover that reads an image asks again (five to ten times per container).
 */
const splitOf = memoByText(splitImage);

/** Splits an image reference; null for an empty one. The result is shared: read it, do not change it. */
export function parseImage(image: string | null | undefined): ImageRef | null {
  return image ? splitOf(image) : null;
}

function splitImage(image: string): ImageRef | null {
  const raw = image.trim();
  if (!raw) return null;
  let s = raw;
  let digest: string | null = null;
  const at = s.indexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
  }
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  let tag: string | null = null;
  if (colon > slash) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
  }
  if (!s) return null;
  const repository = s.toLowerCase();
  return { raw, path: s, repository, name: repository.slice(repository.lastIndexOf('/') + 1), tag, digest };
}

/** The API server's default `imagePullPolicy`: `Always` for `:latest` or no tag, else `IfNotPresent`. */
export function defaultPullPolicy(image: string | null): 'Always' | 'IfNotPresent' {
  const ref = parseImage(image);
  if (!ref || ref.digest !== null) return 'IfNotPresent';
  return ref.tag === null || ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
