/**
 * The facts layer: what each container does, computed once per container and kept with the
 * document's analysis (the containers are cached with their document, and so are their facts).
 * Rules, hovers, the timeline, fixes and completion read these facts rather than working them out
 * again: its program (parsed once), its lifetime, the files it reads and writes through which mount
 * into which volume, the ports it serves, the hosts it talks to, the variables it reads, its image.
 */
import type { Container, PodSpec } from '../model';
import { containerFileEffects, type FileEffects, isPodScopedVolume, programUnknown, volumeEffects, type VolumeEffect } from '../fileEffects';
import { classifyImage, type ServerFamily } from '../images';
import { localPortUses, type PortUse, servedPorts, type ServedPort } from '../localPorts';
import { parseScript, type Program } from '../shell';
import type { ScriptVars } from './vars';
import { atLeast, type KubeVersion } from '../version';
import { lookupTargets, type LookupTarget } from './hosts';
import { type ImageRef, parseImage } from './image';
import { computeLifetime, type Lifetime } from './lifetime';
import { containerLabel } from './names';
import { effectiveSecurityContext, type EffectiveSecurityContext } from './securityContext';
import { computeTiming, type ContainerTiming } from './timing';
import { type Chore, privilegedChores } from './privilege';

export { containerLabel, DNS_LABEL, isDnsLabel, baseName } from './names';
export { parseImage, defaultPullPolicy } from './image';
export type { ImageRef } from './image';
export { skipWrappers, sleepSeconds, WRAPPER_PROGRAMS } from './commands';
export type { Lifetime, LifetimeKind, ContainerBlocker, Blocker, OpenStep } from './lifetime';
export { duration, formatSeconds, lifetimeDuration, lifetimeSentence, openStepText } from './durations';
export type { Duration } from './durations';
export type { ContainerTiming, ProbeWindow, HookTiming, PullTiming } from './timing';
export { kubeRefs } from './vars';
export type { ScriptVars, VarRef } from './vars';
// Path arithmetic and effect helpers of the file-effects reader: pure functions of paths and mounts.
// The reader itself (fileEffects.ts), the image families (images.ts), the port reader
// (localPorts.ts) and the shell reader (shell.ts) are private to the facts layer: rules, hovers,
// fixes, completion and the timeline read a container through `factsOf` and these helpers
// (test/unit/architecture.test.ts checks it).
export {
  effectPath,
  isKubeletManagedFile,
  isOutputWrite,
  isUnder,
  normalizePath,
  resolveMount,
  sameVolumeFile,
  volumePathsOverlap,
  isPodScopedVolume,
} from '../fileEffects';
export type { FileEffects, PathEffect, VolumeEffect } from '../fileEffects';
export { imageRepository } from '../images';
export type { SimpleCommand, Word, Program, LoopInfo } from '../shell';

export interface ImageFacts {
  ref: ImageRef | null;
  /** The server/proxy/agent family of the image, when it is a known one. */
  family: ServerFamily | null;
  /** Where the image serves files from (nginx: `/usr/share/nginx/html`), when known. */
  servesFrom: string | null;
}

export interface ContainerFacts {
  container: Container;
  label: string;
  program: Program | null;
  lifetime: Lifetime;
  /** Its pull, probes, hooks, and when it counts as started and as Ready. */
  timing: ContainerTiming;
  image: ImageFacts;
  /** Every path it writes and reads, volume or not (with its `workingDir` and literal env). */
  fileEffects: FileEffects;
  /** Its program cannot be read (templated, unreadable, or the image's own): it may do anything to its mounts. */
  programUnknown: boolean;
  /** The variables its shell script reads and defines; null when it runs no readable script. */
  scriptVars: ScriptVars | null;
  /** Writes that land in one of its volume mounts (content, not `chmod`). */
  volumeWrites: VolumeEffect[];
  /** Reads that come from one of its volume mounts. */
  volumeReads: VolumeEffect[];
  /** Ports it serves: `ports`, probe ports, listen flags. */
  serves: ServedPort[];
  /** Localhost ports it talks to. */
  localPorts: PortUse[];
  /** Hosts its commands resolve or connect to (`nslookup db`, `curl http://api:8080`). */
  talksTo: LookupTarget[];
  /** Its effective security context (Pod merged with container) and the image's default user. */
  security: EffectiveSecurityContext;
  /** What its commands do that needs a privilege (`chown`, `sysctl -w`, `iptables`), and what it lacks for them. */
  chores: Chore[];
}

const cache = new WeakMap<Container, ContainerFacts>();

/** The facts of a container; `text` is the document text its ranges refer to. */
export function factsOf(c: Container, text: string): ContainerFacts {
  let f = cache.get(c);
  if (!f) {
    f = computeFacts(c, text);
    cache.set(c, f);
  }
  return f;
}

/** Folders official images serve files from, by image name. */
const SERVES_FROM: Record<string, string> = {
  nginx: '/usr/share/nginx/html',
  'nginx-unprivileged': '/usr/share/nginx/html',
  openresty: '/usr/local/openresty/nginx/html',
  httpd: '/usr/local/apache2/htdocs',
  caddy: '/usr/share/caddy',
  tomcat: '/usr/local/tomcat/webapps',
  jetty: '/var/lib/jetty/webapps',
};

/** Facts are computed when first asked for, then kept: a rule that needs one fact pays for that one. */
function computeFacts(c: Container, text: string): ContainerFacts {
  const memo: Partial<ContainerFacts> = {};
  const once = <K extends keyof ContainerFacts>(k: K, f: () => ContainerFacts[K]): ContainerFacts[K] =>
    k in memo ? (memo[k] as ContainerFacts[K]) : (memo[k] = f());
  return {
    container: c,
    label: containerLabel(c),
    program: c.program,
    get lifetime() {
      return once('lifetime', () => computeLifetime(c, text));
    },
    get timing() {
      return once('timing', () => computeTiming(c, text));
    },
    get image() {
      return once('image', () => {
        const ref = parseImage(c.image);
        return { ref, family: classifyImage(c.image), servesFrom: ref && !c.hasCommand ? (SERVES_FROM[ref.name] ?? null) : null };
      });
    },
    get fileEffects() {
      return once('fileEffects', () => containerFileEffects(c, text));
    },
    get programUnknown() {
      return once('programUnknown', () => programUnknown(c));
    },
    get scriptVars() {
      return once('scriptVars', () =>
        c.program?.kind === 'shell' && c.program.script !== null && !c.program.unreadable ? (parseScript(c.program.script)?.vars ?? null) : null,
      );
    },
    get volumeWrites() {
      return once('volumeWrites', () => volumeEffects(c, text, 'writes'));
    },
    get volumeReads() {
      return once('volumeReads', () => volumeEffects(c, text, 'reads'));
    },
    get serves() {
      return once('serves', () => servedPorts(c));
    },
    get localPorts() {
      return once('localPorts', () => localPortUses(c, text));
    },
    get security() {
      return once('security', () => effectiveSecurityContext(c));
    },
    get chores() {
      return once('chores', () => privilegedChores(c));
    },
    get talksTo() {
      return once('talksTo', () => (c.program && !c.program.unreadable && !c.templated ? c.program.commands.flatMap((cmd) => lookupTargets(cmd)) : []));
    },
  };
}

/**
 * The role the kubelet gives a container at the target version: an init container with
 * `restartPolicy: Always` is a native sidecar only from 1.29 (alpha behind a gate in 1.28, off by
 * default); before that the field is dropped and it is a plain init container.
 */
export function effectiveRole(c: Container, version: KubeVersion | null | undefined): Container['role'] {
  if (c.role === 'sidecar' && version && !atLeast(version, 1, 29)) return 'init';
  return c.role;
}

/** Every container that mounts `volume`, with the mount. */
export function mountersOf(pod: PodSpec, volume: string): Container[] {
  return [...pod.all, ...pod.ephemeralContainers].filter((c) => c.mounts.some((m) => m.name === volume));
}

/** A volume that starts empty with the Pod and is gone with it (`emptyDir`, generic ephemeral). */
export function podScoped(pod: PodSpec, volume: string): boolean {
  return isPodScopedVolume(pod, volume);
}
