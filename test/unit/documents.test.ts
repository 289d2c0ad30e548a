import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { splitDocuments, parseChunk } from '../../server/src/analysis/documents';

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
