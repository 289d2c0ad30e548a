/**
 * One coordinate space: everything that leaves the analysis is in offsets of the whole file. The
 * same Pod is written as the first and as the third document of a file, and every output for the
 * third one — findings and their related ranges, hovers, go-to-definition, references, rename,
 * timeline lanes, code-lens anchors and quick-fix edits — must land on the same words as for the
 * first. Then an edit above it moves it, and the answers (now from the analyzer's cache) move with it.
 *
 * The conversion lives in DocumentAnalysis alone: it does not expose where a document starts, so no
 * consumer can add that offset by hand (the `@ts-expect-error` below fails `npm run check-types` if
 * it ever does).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, analyze, type AnalysisResult, type DocumentAnalysis } from '../../server/src/analysis';
import { applyEdits, fixesFor } from '../../server/src/analysis/fixes';
import { hoverAt } from '../../server/src/analysis/hover';
import { prepareVolumeRename, renameVolume, volumeDefinition, volumeReferences } from '../../server/src/analysis/navigation';
import { buildTimeline, initContainersKeys } from '../../server/src/analysis/timeline';
import { parseKubeVersion } from '../../server/src/analysis/version';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
      command: ["sh", "-c", "echo ready > /work/ready"]
      volumeMounts:
        - name: workdir
          mountPath: /work
  containers:
    - name: app
      image: nginx:1.27.3
      volumeMounts:
        - name: wrokdir
          mountPath: /data
  volumes:
    - name: workdir
      emptyDir: {}
`;
const OTHER = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n';
const v = parseKubeVersion('1.33')!;

/** Everything the analysis says about the Pod in `doc`, as the words it points at in `text`. */
function outputs(text: string, analysis: AnalysisResult, doc: number): Record<string, unknown> {
  const d = analysis.documents[doc];
  const span = d.toFile([0, d.text.length]);
  const at = (needle: string, nth = 1): number => {
    let i = span.start - 1;
    for (let k = 0; k < nth; k++) i = text.indexOf(needle, i + 1);
    assert.ok(i >= span.start && i < span.end, `${needle} in document ${doc}`);
    return i;
  };
  const word = (r: { start: number; end: number } | [number, number] | null | undefined): string =>
    r ? (Array.isArray(r) ? text.slice(r[0], r[1]) : text.slice(r.start, r.end)) : '(none)';
  const findings = analysis.findings.filter((f) => f.document === doc);
  const hover = hoverAt(analysis, at('Init_DB') + 2, v);
  const timeline = buildTimeline(analysis, at('Init_DB'));
  const fixes = findings.flatMap((f) =>
    fixesFor(text, analysis, f)
      .filter((x) => !x.suppression)
      .map((x) => {
        // the document as the fix leaves it (the text around it must stay as it was)
        const out = applyEdits(text, x.edits);
        const tail = text.length - span.end;
        assert.equal(out.slice(0, span.start) + out.slice(out.length - tail), text.slice(0, span.start) + text.slice(span.end), x.title);
        return `${f.rule}: ${x.title} → ${JSON.stringify(out.slice(span.start, out.length - tail).replace(/^---\n/, ''))}`;
      }),
  );
  const rename = renameVolume(analysis, at('workdir', 2) + 1, 'shared');
  return {
    findings: findings.map((f) => `${f.rule} ${word(f)} | ${f.related.map((r) => word(r)).join(', ')}`),
    hover: hover ? word(hover) : null,
    definition: volumeDefinition(analysis, at('workdir') + 1).map(word),
    references: volumeReferences(analysis, at('workdir') + 1).map(word),
    prepareRename: word(prepareVolumeRename(analysis, at('workdir') + 1)),
    rename: 'edits' in rename ? rename.edits.map((e) => `${word(e)}→${e.newText}`) : rename.error,
    timeline: timeline ? [word(timeline.range).slice(0, 14), ...timeline.lanes.map((l) => `${word(l.selection)} ${word(l.range).split('\n')[0]}`)] : null,
    lenses: initContainersKeys(analysis)
      .filter((k) => k.start >= span.start && k.end <= span.end)
      .map(word),
    fixes,
  };
}

test('the third document answers exactly like the first: every output is in file offsets', () => {
  const text = POD + '---\n' + OTHER + '---\n' + POD;
  const analysis = analyze(text);
  assert.equal(analysis.documents.length, 3);
  const first = outputs(text, analysis, 0);
  const third = outputs(text, analysis, 2);
  assert.deepEqual(third, first);
  // and they are the right words, not merely equally wrong
  assert.ok(
    (first.findings as string[]).some((f) => f.startsWith('invalid-container-name Init_DB')),
    String(first.findings),
  );
  assert.ok(
    (first.findings as string[]).some((f) => f.startsWith('undeclared-volume wrokdir')),
    String(first.findings),
  );
  assert.equal(first.hover, 'Init_DB');
  assert.deepEqual(first.definition, ['workdir']);
  assert.deepEqual(first.references, ['workdir', 'workdir']);
  assert.deepEqual(first.lenses, ['initContainers']);
  assert.ok(
    (first.fixes as string[]).some((f) => f.includes('Rename container "Init_DB" to "init-db"') && f.includes('- name: init-db')),
    String(first.fixes),
  );
});

test('an edit above a document moves its answers, also when they come from the cache', () => {
  const analyzer = new Analyzer();
  const before = POD + '---\n' + OTHER + '---\n' + POD;
  analyzer.analyze(before);
  const after = POD + '---\n' + OTHER.replace('k: v', 'a-much-longer-key: with a longer value') + '---\n' + POD;
  const cached = analyzer.analyze(after);
  assert.equal(analyzer.lastFresh, 1, 'only the edited document is analysed again');
  assert.deepEqual(outputs(after, cached, 2), outputs(after, analyze(after), 2));
  assert.deepEqual(outputs(after, cached, 2), outputs(after, cached, 0));
});

test('a document does not tell where it starts: the conversions are its only way out', () => {
  const d: DocumentAnalysis = analyze(OTHER + '---\n' + POD).documents[1];
  // @ts-expect-error DocumentAnalysis converts offsets itself; there is no start to add by hand
  void d.start;
  assert.equal(d.toModel(d.toFile([5, 9]).start), 5);
  assert.ok(d.contains(d.toFile([0, 0]).start) && !d.contains(d.toFile([0, 0]).start - 1));
});
