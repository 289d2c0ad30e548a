/** Volume definition, references, highlights and rename, within one Pod. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/fixes';
import { prepareVolumeRename, renameVolume, volumeDefinition, volumeHighlights, volumeReferences } from '../../server/src/analysis/navigation';

const TEXT = `apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  initContainers:
  - name: fetch
    image: busybox:1.36
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: "work"
      mountPath: /usr/share/nginx/html
  volumes:
  - name: work
    emptyDir: {}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers:
      - name: db
        image: postgres:16
        volumeMounts:
        - name: work
          mountPath: /var/lib/postgresql
  volumeClaimTemplates:
  - metadata:
      name: work
`;

const nth = (needle: string, n: number): number => {
  let at = -1;
  for (let i = 0; i < n; i++) at = TEXT.indexOf(needle, at + 1);
  return at;
};

describe('volume navigation', () => {
  const a = analyze(TEXT);
  test('definition from a mount, in its own Pod', () => {
    const d = volumeDefinition(a, nth('work', 1) + 1);
    assert.equal(d.length, 1);
    assert.equal(d[0].start, nth('name: work\n    emptyDir', 1) + 6);
    const s = volumeDefinition(a, nth('name: work\n          mountPath', 1) + 7);
    assert.equal(TEXT.slice(s[0].start - 12, s[0].end), 'metadata:\n      name: work'.slice(-(12 + 4)));
  });
  test('references and highlights stay in the Pod', () => {
    const refs = volumeReferences(a, nth('name: work\n    emptyDir', 1) + 7, false);
    assert.deepEqual(
      refs.map((r) => TEXT.slice(r.start, r.end)),
      ['work', '"work"'],
    );
    assert.equal(volumeHighlights(a, nth('"work"', 1) + 2).length, 3);
  });
  test('rename keeps quoting and rejects invalid names', () => {
    assert.deepEqual(prepareVolumeRename(a, nth('"work"', 1) + 2)?.placeholder, 'work');
    assert.equal(prepareVolumeRename(a, nth('busybox', 1)), null);
    const r = renameVolume(a, nth('work', 1) + 1, 'site');
    assert.ok('edits' in r);
    const out = applyEdits(TEXT, r.edits);
    assert.ok(out.includes('{name: site, mountPath: /work}') && out.includes('- name: "site"') && out.includes('  - name: site\n    emptyDir'));
    assert.ok(out.includes('        - name: work\n'), 'the StatefulSet keeps its own volume');
    assert.ok('error' in renameVolume(a, nth('work', 1) + 1, 'Bad_Name'));
  });
});
