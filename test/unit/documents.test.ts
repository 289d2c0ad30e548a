import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { splitDocuments, parseChunk } from '../../server/src/analysis/documents';
import { analyze } from '../../server/src/analysis';
import { fixAll } from '../../server/src/analysis/fixes';

function docsOf(text: string): string[] {
  return splitDocuments(text).map((c) => c.text);
}

test('chunks cover the text exactly, in order', () => {
  const texts = [
    'a: 1\n---\nb: 2\n',
    '# lead comment\n---\na: 1\n---\n---\nc: 3',
    'a: 1\n...\n---\nb: 2\n',
    'a: |\n  --- not a marker when indented\n---\nb: 2\r\n---\r\nc: 3\r\n',
    '',
    '---',
    '--- {a: 1}\n--- [1, 2]\n',
  ];
  for (const t of texts) {
    const chunks = splitDocuments(t);
    assert.equal(chunks.map((c) => c.text).join(''), t);
    let at = 0;
    for (const c of chunks) {
      assert.equal(c.start, at);
      at += c.text.length;
    }
  }
});

test('same number of documents as the yaml library finds', () => {
  const texts = [
    'a: 1\n---\nb: 2\n',
    '# lead comment\n---\na: 1\n---\nc: 3',
    'a: 1\n---\n',
    '--- {a: 1}\n--- [1, 2]\n',
    'a: |\n  --- indented\n---\nb: 2\r\n---\r\nc: 3\r\n',
    'a: 1\n...\n---\nb: 2\n',
  ];
  for (const t of texts) {
    assert.equal(docsOf(t).length, parseAllDocuments(t).length, JSON.stringify(t));
  }
});

test('parseChunk collects comments only when a directive may be present, and never throws', () => {
  const p = parseChunk('a: 1 # initlens-disable x\n# other\n');
  assert.deepEqual(
    p.comments.map((c) => c.text),
    ['# initlens-disable x', '# other'],
  );
  assert.equal(parseChunk('a: 1 # plain\n').comments.length, 0);
  assert.ok(parseChunk('a: [\n').doc);
  assert.ok(parseChunk('\u0000\u0001: : : {{ }}').doc !== undefined);
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
  containers:
    - name: app
      image: nginx:1.27.0
`;

test('an empty document (only comments or blank lines) does not hide the next one: the helm template shape', () => {
  for (const head of [
    '---\n# Source: chart/templates/pod.yaml\n---\n',
    '---\n\n---\n',
    '---\n---\n',
    '# lead\n---\n# only a comment\n---\n',
    '--- # c\n---\n',
  ]) {
    const text = head + POD;
    assert.equal(docsOf(text).length, parseAllDocuments(text).length, JSON.stringify(head));
    const r = analyze(text);
    const f = r.findings.filter((x) => x.rule === 'invalid-container-name');
    assert.equal(f.length, 1, JSON.stringify(head));
    assert.equal(text.slice(f[0].start, f[0].end), 'Init_DB');
    assert.equal(r.documents.at(-1)!.pods.length, 1);
  }
  // and every document of a longer stream is analysed
  const stream = ['---', '# Source: a.yaml', '---', POD, '---', '# Source: b.yaml', '---', POD.replace('name: p', 'name: q')].join('\n');
  assert.equal(analyze(stream).findings.filter((x) => x.rule === 'invalid-container-name').length, 2);
});

test('CR-only line ends: the same findings at the same offsets as with LF, and fixes write CR', () => {
  const lf = POD + '---\n' + POD.replace('name: p', 'name: q');
  const cr = lf.replace(/\n/g, '\r');
  const a = analyze(lf).findings.map((f) => [f.rule, f.start, f.end, f.document]);
  const b = analyze(cr).findings.map((f) => [f.rule, f.start, f.end, f.document]);
  assert.ok(a.length >= 2);
  assert.deepEqual(b, a);
  const r = analyze(cr);
  assert.equal(r.documents.map((d) => d.text).join(''), cr, 'documents keep the original text');
  const fixed = fixAll(cr).text;
  assert.ok(!fixed.includes('\n'), 'no LF written into a CR file');
  assert.notEqual(fixed, cr);
  assert.equal(analyze(fixed).findings.filter((f) => f.rule === 'invalid-container-name').length, 0);
});
