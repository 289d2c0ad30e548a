import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parseDocument, type Scalar, visit } from 'yaml';
import { sweptYamlFiles } from '../helpers/files';
import { scalarSource, sourceRange } from '../../server/src/analysis/scalarSource';

/** The source text of value[from,to) for the scalar at `key`. */
function slice(text: string, key: string, needle: string): string {
  const doc = parseDocument(text);
  const node = doc.get(key, true) as Scalar;
  const src = scalarSource(text, node);
  assert.ok(src?.offsets, `decoded ${key}`);
  const i = src.value.indexOf(needle);
  assert.ok(i >= 0);
  const [s, e] = sourceRange(src, i, i + needle.length);
  return text.slice(s, e);
}

test('maps words back into every scalar style', () => {
  const text = [
    'plain: until nslookup db; do sleep 2; done',
    "single: 'it''s > /out/file'",
    'double: "echo \\"x\\" > /out/file"',
    'folded: >-',
    '  first line',
    '  echo hi > /out/file',
    'literal: |',
    '  set -e',
    '    cat /in > /out/file',
    'multi: plain',
    '  continued > /out/file',
    '',
  ].join('\n');
  for (const key of ['plain', 'single', 'double', 'folded', 'literal', 'multi']) {
    const needle = key === 'plain' ? 'nslookup' : '/out/file';
    assert.equal(slice(text, key, needle), needle, key);
  }
});

test('escapes map to their escape sequence', () => {
  const text = 'k: "a\\tb\\u00e9c"\n';
  const doc = parseDocument(text);
  const src = scalarSource(text, doc.get('k', true) as Scalar)!;
  assert.equal(src.value, 'a\tbéc');
  const [s, e] = sourceRange(src, 3, 4);
  assert.equal(text.slice(s, e), '\\u00e9');
});

test('CRLF line endings and non-BMP characters keep exact offsets', () => {
  const text = 'k: |\r\n  echo 😀\r\n  cat /x > /out\r\n';
  assert.equal(slice(text, 'k', '/out'), '/out');
  const t2 = 'k: "😀 then /out"\n';
  assert.equal(slice(t2, 'k', '/out'), '/out');
});

test('falls back to the whole scalar when the style cannot be decoded', () => {
  const text = 'k: |2\n    indented by indicator\n';
  const doc = parseDocument(text);
  const node = doc.get('k', true) as Scalar;
  const src = scalarSource(text, node)!;
  const [s, e] = sourceRange(src, 0, 3);
  assert.deepEqual([s, e], [node.range![0], node.range![1]]);
});

test('block scalars: folding, more-indented lines and chomping map each character to its source', () => {
  for (const header of ['|', '|-', '|+', '>', '>-', '>+']) {
    const text = `k: ${header}\n  a b\n  c\n\n  x\n    d\n  e\n\n\nz: 1\n`;
    const doc = parseDocument(text);
    const node = doc.get('k', true) as Scalar;
    const src = scalarSource(text, node)!;
    assert.ok(src.offsets, header);
    for (let i = 0; i < src.value.length; i++) {
      const [s, e] = sourceRange(src, i, i + 1);
      const ch = src.value[i];
      // a folded line break becomes a space or a newline; everything else is itself
      if (ch === '\n' || (ch === ' ' && text[s] === '\n')) assert.equal(text[s], '\n', `${header} ${i}`);
      else assert.equal(text.slice(s, e), ch, `${header} ${i}`);
    }
    // the break after `a b`: a space when folded, a newline otherwise; either way the line break
    assert.equal(text[sourceRange(src, 3, 4)[0]], '\n', header);
    const d = src.value.indexOf('d');
    assert.deepEqual(sourceRange(src, d, d + 1), [text.indexOf('d'), text.indexOf('d') + 1], header);
    assert.equal(src.offsets.at(src.value.length), node.range![1], header);
  }
});

test('every block scalar in the examples, fixtures and corpus maps each character to itself or to its line break', () => {
  const files = sweptYamlFiles();
  let blocks = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      visit(doc, {
        Scalar(_, node) {
          if (typeof node.value !== 'string' || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED')) return;
          const src = scalarSource(text, node);
          if (!src?.offsets) return;
          blocks++;
          for (let i = 0; i < src.value.length; i++) {
            const [s, e] = sourceRange(src, i, i + 1);
            const ch: string = src.value[i];
            if (ch === '\n' || (ch === ' ' && (text[s] === '\n' || text[s] === '\r'))) assert.ok(text[s] === '\n' || text[s] === '\r', `${file} ${i}`);
            else assert.equal(text.slice(s, e), ch, `${file}: value[${i}]`);
          }
          assert.equal(src.offsets.at(src.value.length), node.range![1], file);
        },
      });
    }
  }
  assert.ok(blocks > 100, `${blocks} block scalars read`);
});
