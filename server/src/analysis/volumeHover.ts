/**
 * The hover on a volume name — its `volumes` (or `volumeClaimTemplates`) entry or any
 * `volumeMounts[*].name`: declared where and as what, who mounts it where, and who writes and who
 * reads what in it, in start order (the volume reads and writes of each container's facts,
 * analysis/facts). Pure: analysis + offset in, Markdown and a range out.
 */
import { containerLabel } from './facts/names';
import type { AnalysisResult } from './analyze';
import { factsOf, type VolumeEffect } from './facts';
import { t } from './i18n';
import { mdCode } from './markdown';
import type { Container, PodSpec } from './model';
import { volumeAt } from './navigation';
import { rangeOf } from './nodes';

export interface VolumeHover {
  contents: string;
  start: number;
  end: number;
}

/** A name or path from the file, inert in Markdown (analysis/markdown.ts). */
const code = (s: string): string => mdCode(s);

function who(pod: PodSpec, c: Container): string {
  const n = code(containerLabel(c));
  switch (c.role) {
    case 'init':
      return t('{0} (init container {1} of {2})', n, c.initOrder + 1, pod.initContainers.length);
    case 'sidecar':
      return t('{0} (native sidecar)', n);
    case 'app':
      return t('{0} (app container)', n);
    default:
      return t('{0} (ephemeral container)', n);
  }
}

/** Start order: init containers and sidecars in order, then the app containers, then ephemeral ones. */
function ordered(pod: PodSpec): Container[] {
  return [...pod.initContainers, ...pod.containers, ...pod.ephemeralContainers];
}

function fileOf(e: VolumeEffect): string {
  const p = e.hit.pathInVolume;
  return p === '' ? t('the volume root') : code(p + (e.effect.exact || p.endsWith('/') ? '' : '/…'));
}

/** `a`, `b` (via `cp`) — the files of one container's effects, each once. */
function files(effects: readonly VolumeEffect[]): string {
  const seen = new Map<string, string>();
  for (const e of effects) {
    const f = fileOf(e);
    if (!seen.has(f)) seen.set(f, e.effect.via);
  }
  const list = [...seen].slice(0, 4).map(([f, via]) => t('{0} (by {1})', f, code(via)));
  if (seen.size > 4) list.push(t('{0} more', seen.size - 4));
  return list.join(', ');
}

export function volumeHoverAt(analysis: AnalysisResult, offset: number): VolumeHover | null {
  const sym = volumeAt(analysis, offset);
  if (!sym) return null;
  const { pod, name, doc } = sym;
  const at = doc.toModel(offset);
  const here = sym.occurrences.find((o) => {
    const r = rangeOf(o.node);
    return !!r && at >= r[0] && at <= r[1];
  });
  const r = here ? rangeOf(here.node) : null;
  if (!r) return null;

  const lines: string[] = [];
  const volume = pod.volumes?.get(name);
  const claim = pod.volumeClaimTemplates.get(name);
  if (volume) {
    lines.push(
      volume.source
        ? t('**Volume {0}**: {1}, declared in `volumes`', code(name), code(volume.source))
        : t('**Volume {0}**: declared in `volumes` with no source (an `emptyDir` is not assumed: the API server rejects it)', code(name)),
    );
  } else if (claim) {
    lines.push(t('**Volume {0}**: from `volumeClaimTemplates`, a PersistentVolumeClaim per replica', code(name)));
  } else {
    lines.push(t('**Volume {0}**: not declared in this Pod; the API server rejects the mounts of it', code(name)));
  }

  const mounts: string[] = [];
  const writers: string[] = [];
  const readers: string[] = [];
  const unknown: string[] = [];
  for (const c of ordered(pod)) {
    const own = c.mounts.filter((m) => m.name === name);
    if (own.length === 0) continue;
    for (const m of own) {
      const extras = [m.subPath ? t('subPath {0}', code(m.subPath)) : '', m.readOnly ? t('read-only') : ''].filter(Boolean);
      mounts.push(`- ${t('{0} at {1}', who(pod, c), code(m.mountPath ?? '?'))}${extras.length ? ` (${extras.join(', ')})` : ''}`);
    }
    const facts = factsOf(c, doc.text);
    if (facts.programUnknown) {
      if (c.program !== null || c.templated) unknown.push(who(pod, c));
      continue;
    }
    const writes = facts.volumeWrites.filter((e) => e.hit.volume === name);
    const reads = facts.volumeReads.filter((e) => e.hit.volume === name);
    const n = code(containerLabel(c));
    if (writes.length) writers.push(`- ${n}: ${files(writes)}`);
    if (reads.length) readers.push(`- ${n}: ${files(reads)}`);
  }

  lines.push('', mounts.length ? t('Mounted by:') : t('No container mounts it: nothing can use it.'));
  lines.push(...mounts);
  if (writers.length) lines.push('', t('Written by:'), ...writers);
  if (readers.length) lines.push('', t('Read by:'), ...readers);
  if (mounts.length && !writers.length && !readers.length) {
    lines.push('', t('No command in this Pod is seen writing or reading files in it (images may, on their own).'));
  }
  if (unknown.length) lines.push('', t('Not known for {0}: the program cannot be read (templated, or from the image).', unknown.join(', ')));
  return { contents: lines.join('\n'), ...doc.toFile(r) };
}
