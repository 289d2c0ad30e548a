/**
 * The user an image runs as when the Pod does not say (`runAsUser` unset): the `USER` of the image
 * config, for the images InitLens knows. The kubelet reads the same thing (`getImageUser`) to decide
 * whether `runAsNonRoot` lets the container start. Unknown images answer null: nothing is guessed.
 */
import { memoByText } from '../memo';
import { parseImage } from './image';
import { imageRepository } from '../images';

export interface ImageUser {
  /** Numeric user id, when the image's `USER` is numeric or absent (absent = 0, root). */
  uid: number | null;
  /** The user name, when the image's `USER` is a name (the kubelet cannot verify it is not root). */
  name: string | null;
  /** The repository matched, for messages (`busybox`, `gcr.io/distroless/static`). */
  image: string;
}

/** Prefixes under which Docker Official Images are served (Docker Hub and well-known mirrors). */
const OFFICIAL_PREFIXES = [
  '',
  'library/',
  'docker.io/',
  'docker.io/library/',
  'index.docker.io/library/',
  'registry-1.docker.io/library/',
  'registry.hub.docker.com/library/',
  'mirror.gcr.io/library/',
  'public.ecr.aws/docker/library/',
];

/** Docker Official Images whose config sets no `USER`: they start as root (entrypoints may drop it later). */
const OFFICIAL_ROOT = [
  'busybox',
  'alpine',
  'debian',
  'ubuntu',
  'centos',
  'fedora',
  'rockylinux',
  'almalinux',
  'amazonlinux',
  'oraclelinux',
  'archlinux',
  'photon',
  'bash',
  'buildpack-deps',
  'python',
  'node',
  'golang',
  'ruby',
  'perl',
  'php',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'postgres',
  'mysql',
  'mariadb',
  'redis',
  'mongo',
  'nginx',
  'httpd',
  'rabbitmq',
  'traefik',
  'vault',
  'consul',
  'registry',
  'docker',
];

/** Other repositories with a known default user. */
const KNOWN: ReadonlyMap<string, { uid: number | null; name: string | null }> = new Map([
  // Kubernetes' own busybox copies (no USER)
  ['registry.k8s.io/busybox', { uid: 0, name: null }],
  ['k8s.gcr.io/busybox', { uid: 0, name: null }],
  ['gcr.io/google-containers/busybox', { uid: 0, name: null }],
  ['gcr.io/google_containers/busybox', { uid: 0, name: null }],
  ['registry.k8s.io/pause', { uid: 65535, name: null }],
  // small tool images commonly used as init containers
  ['alpine/git', { uid: 0, name: null }],
  ['alpine/curl', { uid: 0, name: null }],
  ['alpine/k8s', { uid: 0, name: null }],
  ['curlimages/curl', { uid: null, name: 'curl_user' }],
  ['bitnami/kubectl', { uid: 1001, name: null }],
  ['bitnami/os-shell', { uid: 1001, name: null }],
  ['bitnami/bitnami-shell', { uid: 1001, name: null }],
  ['docker.io/bitnami/kubectl', { uid: 1001, name: null }],
  ['docker.io/bitnami/os-shell', { uid: 1001, name: null }],
  ['docker.io/bitnami/bitnami-shell', { uid: 1001, name: null }],
  ['nginxinc/nginx-unprivileged', { uid: 101, name: null }],
  // Red Hat Universal Base Images (no USER)
  ['registry.access.redhat.com/ubi8/ubi', { uid: 0, name: null }],
  ['registry.access.redhat.com/ubi8/ubi-minimal', { uid: 0, name: null }],
  ['registry.access.redhat.com/ubi8/ubi-micro', { uid: 0, name: null }],
  ['registry.access.redhat.com/ubi9/ubi', { uid: 0, name: null }],
  ['registry.access.redhat.com/ubi9/ubi-minimal', { uid: 0, name: null }],
  ['registry.access.redhat.com/ubi9/ubi-micro', { uid: 0, name: null }],
  // Istio's proxy image runs as 1337; istio-init sets runAsUser: 0 itself
  ['istio/proxyv2', { uid: 1337, name: null }],
  ['docker.io/istio/proxyv2', { uid: 1337, name: null }],
  ['gcr.io/istio-release/proxyv2', { uid: 1337, name: null }],
  // Elastic's images: USER 1000:0
  ['docker.elastic.co/elasticsearch/elasticsearch', { uid: 1000, name: null }],
]);

const DISTROLESS = /^gcr\.io\/distroless\/[a-z0-9._-]+$/;

function tagOf(image: string): string {
  return parseImage(image)?.tag?.toLowerCase() ?? 'latest';
}

/** Default users by image as written: every container's security context asks, and a manifest names few images. */
const userOfImage = memoByText(findDefaultUser);

/** The default user of a known image, or null when InitLens does not know the image. Shared: only read it. */
export function imageDefaultUser(image: string | null): ImageUser | null {
  return image === null ? null : userOfImage(image);
}

function findDefaultUser(image: string): ImageUser | null {
  const repo = imageRepository(image);
  if (!image || !repo || repo.includes('{{') || repo.includes('$')) return null;
  const known = KNOWN.get(repo);
  if (known) return { ...known, image: repo };
  if (DISTROLESS.test(repo)) {
    // `:nonroot` / `:debug-nonroot` run as 65532 (nonroot); every other tag runs as root
    return { uid: /(?:^|-)nonroot$/.test(tagOf(image)) ? 65532 : 0, name: null, image: repo };
  }
  for (const p of OFFICIAL_PREFIXES) {
    if (!repo.startsWith(p)) continue;
    const rest = repo.slice(p.length);
    if (OFFICIAL_ROOT.includes(rest)) return { uid: 0, name: null, image: rest };
  }
  return null;
}
