/**
 * How the analysis has yaml read a document (documents.ts `composeDocuments`): the core schema with a
 * quick string tag in front and keys read as strings. It must read every value as yaml's own core
 * schema does, or a rule would see `true` where the file says `"true"`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Schema } from 'yaml';
import { composeDocuments, PLAIN_STRING, splitDocuments } from '../../server/src/analysis/documents';
import { sweptYamlFiles } from '../helpers/files';
import { bigList, manyFindings, scriptHeavyPod, singlePod } from '../helpers/perfInputs';

/** The core tags that read a plain scalar by its pattern, in yaml's order. */
function coreTestTags(): Array<{ tag: string; test: RegExp }> {
  return new Schema({ schema: 'core' }).tags.flatMap((t) =>
    t.default === true && 'test' in t && t.test instanceof RegExp ? [{ tag: t.tag, test: t.test }] : [],
  );
}

test('the quick string tag takes no scalar that a core tag reads as anything else', () => {
  // The patterns it was checked against. A new yaml whose core tags read differently fails here:
  // check PLAIN_STRING's first characters against the new patterns, then update this list.
  assert.deepEqual(
    coreTestTags().map((t) => `${t.tag} ${t.test.source}`),
    [
      'tag:yaml.org,2002:null ^(?:~|[Nn]ull|NULL)?$',
      'tag:yaml.org,2002:bool ^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
      'tag:yaml.org,2002:int ^0o[0-7]+$',
      'tag:yaml.org,2002:int ^[-+]?[0-9]+$',
      'tag:yaml.org,2002:int ^0x[0-9a-fA-F]+$',
      'tag:yaml.org,2002:float ^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
      'tag:yaml.org,2002:float ^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
      'tag:yaml.org,2002:float ^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
    ],
  );
  // every first character PLAIN_STRING takes, with every way the core patterns go on
  const rests = ['', 'rue', 'RUE', 'alse', 'ALSE', 'ull', 'ULL', '0', '1', '07', 'o7', 'x1f', '.5', '5.', 'e3', '1e3', '.inf', 'inf', '.nan', 'nan', 'NaN'];
  const tags = coreTestTags();
  let taken = 0;
  for (let code = 0; code < 0x3000; code++) {
    const first = String.fromCharCode(code);
    if (!PLAIN_STRING.test?.test(first)) continue;
    taken++;
    for (const rest of rests) {
      const s = first + rest;
      for (const t of tags) assert.ok(!t.test.test(s), `${JSON.stringify(s)} is ${t.tag} for yaml, a string for PLAIN_STRING`);
    }
  }
  // and what it leaves to the core tags: every first character a core pattern can start with
  for (const first of '-+.0123456789~nNtTfF') assert.ok(!PLAIN_STRING.test?.test(first), first);
  assert.ok(!PLAIN_STRING.test?.test(''), 'the empty scalar is null');
  assert.ok(taken > 0x3000 - 30);
});

/** Every scalar that is not a key, in document order, as [value, type, range start]. */
function valuesOf(node: unknown, out: Array<[unknown, unknown, number | undefined]> = [], depth = 0): Array<[unknown, unknown, number | undefined]> {
  if (depth > 500) return out;
  if (isPair(node)) {
    valuesOf(node.value, out, depth + 1);
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items) valuesOf(item, out, depth + 1);
  } else if (isScalar(node)) {
    out.push([node.value, node.type, node.range?.[0]]);
  } else if (isAlias(node)) {
    out.push(['*', node.source, node.range?.[0]]);
  }
  return out;
}

/** Every key, in document order, as [its value as a string, range start]. */
function keysOf(node: unknown, out: Array<[string, number | undefined]> = [], depth = 0): Array<[string, number | undefined]> {
  if (depth > 500) return out;
  if (isPair(node)) {
    const k = node.key;
    out.push(isScalar(k) ? [String(k.value), k.range?.[0]] : ['(node)', (k as { range?: number[] } | null)?.range?.[0]]);
    keysOf(node.value, out, depth + 1);
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items) keysOf(item, out, depth + 1);
  }
  return out;
}

function yamlsOwn(text: string): Document.Parsed[] {
  return parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
}

test('every value of every example, fixture, corpus file and bench input reads as with yaml alone', () => {
  const texts = sweptYamlFiles().map((f) => [f, fs.readFileSync(f, 'utf8')] as const);
  texts.push(['many findings', manyFindings(100_000)], ['a List', bigList(100_000)], ['a single Pod', singlePod(2000)], ['scripts', scriptHeavyPod(1000)]);
  let values = 0;
  for (const [name, text] of texts) {
    for (const chunk of splitDocuments(text)) {
      const ours = composeDocuments(chunk.text);
      const theirs = yamlsOwn(chunk.text);
      assert.equal(ours.length, theirs.length, name);
      ours.forEach((doc, i) => {
        const expected = theirs[i];
        assert.deepEqual(valuesOf(doc.contents), valuesOf(expected.contents), `${name}: values`);
        // keys read as strings, as `String(key)` of what yaml reads (the key "1" for `1:`)
        assert.deepEqual(keysOf(doc.contents), keysOf(expected.contents), `${name}: keys`);
        assert.deepEqual(
          doc.errors.map((e) => e.code),
          expected.errors.map((e) => e.code),
          `${name}: errors`,
        );
        values += valuesOf(doc.contents).length;
      });
    }
  }
  assert.ok(values > 10_000, `${values} values compared`);
});

test('a key that is not a plain string reads as before and is no error; a 1.1 document reads 1.1 values', () => {
  const odd =
    'labels:\n  1: one\n  true: on\n  ~: nothing\n  ? [a, b]\n  : complex\n  &k name: x\n  *k : y\n  !!int 7: seven\nflags: [yes, no, on, off, y, n, 0o17, 0x1f, .inf, -.5, 1e3, ~, null, "true", busybox]\n';
  const [doc] = composeDocuments(odd);
  const [expected] = yamlsOwn(odd);
  assert.deepEqual(doc.errors, []);
  assert.deepEqual(valuesOf(doc.contents), valuesOf(expected.contents));
  assert.deepEqual(
    keysOf(doc.contents).map(([k]) => k),
    ['labels', '1', 'true', '~', '(node)', 'name', '(node)', '7', 'flags'],
  );
  // a key `1:` is the string "1", as once the manifest is JSON
  const labels = (doc.contents as unknown as { items: Array<{ value: { items: Array<{ key: { value: unknown } }> } }> }).items[0].value.items;
  assert.equal(labels[0].key.value, '1');
  // `%YAML 1.1` reads `yes` as true: yaml's own 1.1 tags, without the quick string tag in front
  const [old] = composeDocuments('%YAML 1.1\n---\nstdin: yes\nname: on\n');
  assert.deepEqual(old.toJS(), { stdin: true, name: true });
  const [now] = composeDocuments('stdin: yes\nname: on\n');
  assert.deepEqual(now.toJS(), { stdin: 'yes', name: 'on' });
});
