/**
 * The facts layer: what each container does, computed once per container and kept with the
 * document's analysis (the containers are cached with their document, and so are their facts).
 * Rules, hovers, the timeline, fixes and completion read these facts rather than working them out
 * again: its program (parsed once), its lifetime, the files it reads and writes through which mount
 * into which volume, the ports it serves, the hosts it talks to, the variables it reads, its image.
 */
import type { Container, PodSpec } from '../model';
import {
  carryMovedFileEffects,
  containerFileEffects,
  type FileEffects,
  isPodScopedVolume,
  programUnknown,
  volumeEffects,
  type VolumeEffect,
} from '../fileEffects';
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
import { computeTiming, type ContainerTiming, type HookTiming, type ProbeWindow } from './timing';
import { movedSpan, type Range } from '../nodes';
import { type Chore, privilegedChores } from './privilege';
import { ObjectMemo } from '../memo';

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

const cache = new ObjectMemo<Container, ContainerFacts>();

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
const SERVES_FROM: ReadonlyMap<string, string> = new Map([
  ['nginx', '/usr/share/nginx/html'],
  ['nginx-unprivileged', '/usr/share/nginx/html'],
  ['openresty', '/usr/local/openresty/nginx/html'],
  ['httpd', '/usr/local/apache2/htdocs'],
  ['caddy', '/usr/share/caddy'],
  ['tomcat', '/usr/local/tomcat/webapps'],
  ['jetty', '/var/lib/jetty/webapps'],
]);

/**
 * Facts are computed when first asked for, then kept: a rule that needs one fact pays for that one.
 * The getters live on the prototype and the values in fields, so a container's facts cost one
 * object, not one object plus a closure per fact (500 containers × 14 closures per analysis).
 */
class LazyFacts implements ContainerFacts {
  readonly label: string;
  readonly program: Program | null;
  private _lifetime: Lifetime | undefined;
  private _timing: ContainerTiming | undefined;
  private _image: ImageFacts | undefined;
  private _fileEffects: FileEffects | undefined;
  private _programUnknown: boolean | undefined;
  private _scriptVars: ScriptVars | null | undefined;
  private _volumeWrites: VolumeEffect[] | undefined;
  private _volumeReads: VolumeEffect[] | undefined;
  private _serves: ServedPort[] | undefined;
  private _localPorts: PortUse[] | undefined;
  private _security: EffectiveSecurityContext | undefined;
  private _chores: Chore[] | undefined;
  private _talksTo: LookupTarget[] | undefined;

  constructor(
    readonly container: Container,
    private readonly text: string,
  ) {
    this.label = containerLabel(container);
    this.program = container.program;
  }

  /** The container-only facts of the same container in the previous version (`carryFacts`). */
  inherit(o: LazyFacts, kept: PodSettingsKept): void {
    // lifetime reads `pod.partial` too, which model.ts keeps equal when it reuses a container
    this._lifetime = o._lifetime;
    this._timing = o._timing;
    this._image = o._image;
    this._fileEffects = o._fileEffects;
    this._programUnknown = o._programUnknown;
    this._scriptVars = o._scriptVars;
    this._volumeWrites = o._volumeWrites;
    this._volumeReads = o._volumeReads;
    this._serves = o._serves;
    this._localPorts = o._localPorts;
    this._talksTo = o._talksTo;
    if (kept.security) {
      this._security = o._security;
      if (kept.volumes) this._chores = o._chores;
    }
  }

  /**
   * The facts of the same container in the previous version when the edit moved it (`carryMovedFacts`):
   * those that hold no offset are shared, those whose only offsets are ranges in the text are copied
   * with them moved by `delta`; the rest is worked out again when asked for.
   */
  inheritMoved(o: LazyFacts, delta: number): void {
    this._image = o._image;
    this._programUnknown = o._programUnknown;
    // script-relative offsets (the script's own parse)
    this._scriptVars = o._scriptVars;
    if (o._lifetime !== undefined) this._lifetime = movedLifetime(o._lifetime, delta);
    if (o._timing !== undefined) this._timing = movedTiming(o._timing, delta);
    if (o._serves !== undefined) this._serves = o._serves.map((s) => ({ ...s, range: movedRange(s.range, delta) }));
    if (o._localPorts !== undefined) this._localPorts = o._localPorts.map((u) => movedSpan(u, delta));
    if (o._talksTo !== undefined) this._talksTo = o._talksTo.map((x) => ({ ...x, word: movedSpan(x.word, delta) }));
  }

  get lifetime(): Lifetime {
    if (this._lifetime === undefined) this._lifetime = computeLifetime(this.container, this.text);
    return this._lifetime;
  }

  get timing(): ContainerTiming {
    if (this._timing === undefined) this._timing = computeTiming(this.container, this.text);
    return this._timing;
  }

  get image(): ImageFacts {
    if (this._image === undefined) {
      const c = this.container;
      const ref = parseImage(c.image);
      this._image = { ref, family: classifyImage(c.image), servesFrom: ref && !c.hasCommand ? (SERVES_FROM.get(ref.name) ?? null) : null };
    }
    return this._image;
  }

  get fileEffects(): FileEffects {
    if (this._fileEffects === undefined) this._fileEffects = containerFileEffects(this.container, this.text);
    return this._fileEffects;
  }

  get programUnknown(): boolean {
    if (this._programUnknown === undefined) this._programUnknown = programUnknown(this.container);
    return this._programUnknown;
  }

  get scriptVars(): ScriptVars | null {
    if (this._scriptVars === undefined) {
      const p = this.container.program;
      this._scriptVars = p?.kind === 'shell' && p.script !== null && !p.unreadable ? (parseScript(p.script)?.vars ?? null) : null;
    }
    return this._scriptVars;
  }

  get volumeWrites(): VolumeEffect[] {
    if (this._volumeWrites === undefined) this._volumeWrites = volumeEffects(this.container, this.text, 'writes');
    return this._volumeWrites;
  }

  get volumeReads(): VolumeEffect[] {
    if (this._volumeReads === undefined) this._volumeReads = volumeEffects(this.container, this.text, 'reads');
    return this._volumeReads;
  }

  get serves(): ServedPort[] {
    if (this._serves === undefined) this._serves = servedPorts(this.container);
    return this._serves;
  }

  get localPorts(): PortUse[] {
    if (this._localPorts === undefined) this._localPorts = localPortUses(this.container, this.text);
    return this._localPorts;
  }

  get security(): EffectiveSecurityContext {
    if (this._security === undefined) this._security = effectiveSecurityContext(this.container);
    return this._security;
  }

  get chores(): Chore[] {
    if (this._chores === undefined) this._chores = privilegedChores(this.container);
    return this._chores;
  }

  get talksTo(): LookupTarget[] {
    if (this._talksTo === undefined) {
      const c = this.container;
      this._talksTo = c.program && !c.program.unreadable && !c.templated ? c.program.commands.flatMap((cmd) => lookupTargets(cmd)) : [];
    }
    return this._talksTo;
  }
}

function computeFacts(c: Container, text: string): ContainerFacts {
  return new LazyFacts(c, text);
}

/** What the Pod-level settings that some facts read have kept from the previous version (model.ts). */
export interface PodSettingsKept {
  /** The Pod's `securityContext` is the very same pair (its nodes did not move). */
  security: boolean;
  /** Every volume (and claim template) has the same kind, by name. */
  volumes: boolean;
}

/**
 * Gives `to` — the same container in the next version of its document, its nodes the very same
 * objects (model.ts, after an incremental re-parse) — the facts already worked out for `from` that
 * read nothing but the container itself (its nodes, its program, its mounts and their text), and
 * those that read the Pod when what they read of it is unchanged (`kept`): `security` reads the
 * Pod's `securityContext` (and holds its nodes), `chores` the security and the volumes' kinds.
 * Anything else, or not yet worked out, is worked out again when asked for.
 */
export function carryFacts(from: Container, to: Container, text: string, kept: PodSettingsKept): void {
  const old = cache.get(from);
  if (!(old instanceof LazyFacts) || to.program !== from.program || to.mounts !== from.mounts) return;
  const f = new LazyFacts(to, text);
  f.inherit(old, kept);
  cache.set(to, f);
}

/**
 * Gives `to` — the same container in the next version of its document, moved by `delta` by an edit
 * before it (model.ts: its map a moved copy of the previous one, its program the previous one moved,
 * as templated as it was) — the facts already worked out for `from` that read nothing but the
 * container: the image, whether its program is unknown and its script's variables as they are; its
 * lifetime, timing, served and local ports, the hosts it talks to and its file effects with their
 * ranges moved. Its volume reads and writes (they hold its mounts: cheap to find again from the file
 * effects) and its security (the Pod's nodes) are worked out again.
 */
export function carryMovedFacts(from: Container, to: Container, text: string, delta: number): void {
  const old = cache.get(from);
  if (!(old instanceof LazyFacts)) return;
  const f = new LazyFacts(to, text);
  f.inheritMoved(old, delta);
  cache.set(to, f);
  // its file effects (kept by fileEffects.ts, where its volume reads and writes come from)
  carryMovedFileEffects(from, to, delta);
}

function movedRange(r: Range | null, delta: number): Range | null {
  return r && [r[0] + delta, r[1] + delta];
}

/** A lifetime whose blocker (the only offsets it holds) is moved by `delta`. */
function movedLifetime(l: Lifetime, delta: number): Lifetime {
  return l.blocker ? { ...l, blocker: movedSpan(l.blocker, delta) } : l;
}

/** A timing whose probe and hook ranges (the only offsets it holds) are moved by `delta`. */
function movedTiming(t: ContainerTiming, delta: number): ContainerTiming {
  const probe = (w: ProbeWindow | null): ProbeWindow | null => w && (w.range ? { ...w, range: movedRange(w.range, delta) } : w);
  const hook = (h: HookTiming | null): HookTiming | null => h && (h.range ? { ...h, range: movedRange(h.range, delta) } : h);
  return {
    ...t,
    startup: probe(t.startup),
    readiness: probe(t.readiness),
    liveness: probe(t.liveness),
    postStart: hook(t.postStart),
    preStop: hook(t.preStop),
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
