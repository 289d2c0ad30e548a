import { factsOf, mountersOf, podScoped, type VolumeEffect } from '../facts';
import type { Fix } from '../fixes/context';
import { t } from '../i18n';
import { containerLabel, type Container } from '../model';
import { rangeOf } from '../nodes';
import type { Rule } from '../rule';
import { programName } from '../facts/lifetime';

/** What a finding of `reads-empty-volume` tells its fixes. */
export interface ReadsEmptyVolumeData {
  volume: string;
  /** Where the reader sees the volume. */
  mountPath: string;
  /** The one other app container that could write into it, when there is exactly one. */
  writer?: string;
}

/** Another container mounts the volume read-write: it writes there, or could. */
function couldBeWritten(reader: Container, volume: string): boolean {
  return mountersOf(reader.pod, volume).some((x) => x !== reader && x.mounts.some((m) => m.name === volume && !m.readOnly));
}

/** Programs that only read files (or wait): a script made of these cannot fill a volume. */
const READ_ONLY_PROGRAMS = new Set([
  'tail',
  'cat',
  'head',
  'less',
  'more',
  'grep',
  'egrep',
  'fgrep',
  'wc',
  'ls',
  'stat',
  'md5sum',
  'sha256sum',
  'jq',
  'yq',
  'sort',
  'uniq',
  'sleep',
  'echo',
  'printf',
  'true',
  'false',
  ':',
  'test',
  '[',
  '[[',
  'exit',
  'set',
  'exec',
  'wait',
]);

/** The reader itself may fill the volume: it writes there, or runs anything but readers. */
function readerMayWrite(reader: Container, text: string, volume: string): boolean {
  if (factsOf(reader, text).volumeWrites.some((w) => w.hit.volume === volume)) return true;
  const p = reader.program;
  if (!p || p.unreadable || reader.templated) return true;
  return p.commands.some((cmd) => {
    if (cmd.words.length === 0) return cmd.redirects.length > 0;
    const name = programName(cmd);
    return name !== null && !READ_ONLY_PROGRAMS.has(name);
  });
}

export const readsEmptyVolume: Rule<ReadsEmptyVolumeData> = {
  id: 'reads-empty-volume',
  defaultSeverity: 'warning',
  summary:
    'A sidecar or app container reads or tails files in a pod-scoped volume (`emptyDir`) that no container writes or could write: it reads nothing, for ever.',
  fixes(ctx): Fix[] {
    const pod = ctx.pod;
    const d = ctx.data;
    const writer = pod?.containers.find((c) => c.name === d.writer);
    if (!pod || !writer || !d.volume || !d.mountPath) return [];
    if (writer.mounts.some((m) => m.mountPath === d.mountPath || m.name === d.volume)) return [];
    return [
      {
        rule: ctx.finding.rule,
        title: t('Mount volume "{0}" at {1} in {2}', d.volume, d.mountPath, containerLabel(writer)),
        edits: [ctx.ed.addToList(writer.node, 'volumeMounts', { name: d.volume, mountPath: d.mountPath })],
        safe: false,
        preferred: true,
      },
    ];
  },
  check({ pod, text, report }) {
    if (pod.partial || !pod.volumes) return;
    for (const c of pod.all) {
      if (c.role === 'init' || c.templated) continue;
      const reads: VolumeEffect[] = factsOf(c, text).volumeReads.filter((r) => !r.effect.test && podScoped(pod, r.hit.volume));
      if (reads.length === 0) continue;
      const done = new Set<string>();
      for (const r of reads) {
        const vol = r.hit.volume;
        if (done.has(vol)) continue;
        done.add(vol);
        if (couldBeWritten(c, vol) || readerMayWrite(c, text, vol)) continue;
        const others = pod.containers.filter((x) => x !== c);
        const mountPath = r.hit.mount.mountPath ?? '';
        report({
          range: [r.effect.word.start, r.effect.word.end],
          container: c,
          message: t('{0} reads from volume {1}, but no container writes into it', containerLabel(c), vol),
          detail: t(
            'An `emptyDir` starts empty with the Pod, and `{0}` is the only container that mounts `{1}` (or the others mount it `readOnly`), so nothing ever puts `{2}` there: `{0}` reads nothing, for ever. Mount `{1}` at `{3}` in the container that writes the files (often the app writes its logs to its own filesystem instead), or read from where they really are.',
            containerLabel(c),
            vol,
            r.effect.path,
            mountPath,
          ),
          related: [{ range: rangeOf(r.hit.mount.nameNode), message: t('The only mount of "{0}".', vol) }],
          data: { volume: vol, mountPath, ...(others.length === 1 && others[0].name ? { writer: others[0].name } : {}) },
        });
      }
    }
  },
};
