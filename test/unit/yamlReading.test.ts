/**
 * How the analysis has yaml read a document (documents.ts `composeDocuments`): the core schema with a
 * quick string tag in front. It must read every key and value as yaml's own core schema does, or a
 * rule would see `"true"` where the file says `true`.
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
  // every first character, with every way the core patterns go on: what PLAIN_STRING takes, no core
  // tag reads as anything but a string
  const rests = [
    '',
    'rue',
    'RUE',
    'alse',
    'ALSE',
    'ull',
    'ULL',
    'rue ',
    'ulls',
    'o',
    '0',
    '1',
    '07',
    'o7',
    'x1f',
    '.5',
    '5.',
    'e3',
    '1e3',
    '.inf',
    'inf',
    '.nan',
    'nan',
    'NaN',
  ];
  const tags = coreTestTags();
  let taken = 0;
  let tried = 0;
  for (let code = 0; code < 0x3000; code++) {
    for (const rest of rests) {
      const s = String.fromCharCode(code) + rest;
      tried++;
      if (!PLAIN_STRING.test?.test(s)) continue;
      taken++;
      for (const t of tags) assert.ok(!t.test.test(s), `${JSON.stringify(s)} is ${t.tag} for yaml, a string for PLAIN_STRING`);
    }
  }
  // and what it leaves to the core tags: every first character of a number or `~`, the nine words
  for (const first of '-+.0123456789~') assert.ok(!PLAIN_STRING.test?.test(`${first}a`), first);
  for (const word of ['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '']) assert.ok(!PLAIN_STRING.test?.test(word), word);
  // while the common keys and values that merely start like them are taken at once
  for (const word of ['name', 'nginx', 'n', 'namespace', 'template', 'targetPort', 'false-start', 'truE', 'Nullable', 'busybox', '/data'])
    assert.ok(PLAIN_STRING.test?.test(word), word);
  assert.ok(taken > tried * 0.95, `${taken} of ${tried}`);
});

/**
 * Every node in document order as [what, value, type, tag, range start]: keys and values alike, an alias
 * as the value it resolves to (an alias of an anchored key reads that key's value), a collection by
 * its kind. Compared with `deepEqual`, so `1` and `"1"` differ.
 */
function nodesOf(doc: Document.Parsed): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, what: string, depth: number): void => {
    if (depth > 500) return;
    if (isPair(node)) {
      walk(node.key, 'key', depth + 1);
      walk(node.value, 'value', depth + 1);
    } else if (isMap(node) || isSeq(node)) {
      out.push([what, isMap(node) ? 'map' : 'seq', node.tag, node.range?.[0]]);
      for (const item of node.items) walk(item, 'item', depth + 1);
    } else if (isScalar(node)) {
      // a 1.1 merge key is a symbol, one per copy of yaml loaded: compared by its name
      out.push([what, typeof node.value === 'symbol' ? String(node.value) : node.value, node.type, node.tag, node.range?.[0]]);
    } else if (isAlias(node)) {
      const target = node.resolve(doc);
      out.push([what, 'alias', node.source, isScalar(target) ? target.value : target ? 'collection' : null, node.range?.[0]]);
    } else if (node !== null && node !== undefined) {
      out.push([what, typeof node]);
    }
  };
  walk(doc.contents, 'root', 0);
  return out;
}

function yamlsOwn(text: string): Document.Parsed[] {
  return parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
}

function sameReading(name: string, text: string): number {
  const ours = composeDocuments(text);
  const theirs = yamlsOwn(text);
  assert.equal(ours.length, theirs.length, name);
  let nodes = 0;
  ours.forEach((doc, i) => {
    const expected = theirs[i];
    const read = nodesOf(doc);
    assert.deepEqual(read, nodesOf(expected), `${name}: nodes`);
    assert.deepEqual(
      doc.errors.map((e) => [e.code, e.pos[0]]),
      expected.errors.map((e) => [e.code, e.pos[0]]),
      `${name}: errors`,
    );
    assert.deepEqual(
      doc.warnings.map((e) => [e.code, e.pos[0]]),
      expected.warnings.map((e) => [e.code, e.pos[0]]),
      `${name}: warnings`,
    );
    nodes += read.length;
  });
  return nodes;
}

test('every key and value of every example, fixture, corpus file and bench input reads as with yaml alone', () => {
  const texts = sweptYamlFiles().map((f) => [f, fs.readFileSync(f, 'utf8')] as const);
  texts.push(['many findings', manyFindings(100_000)], ['a List', bigList(100_000)], ['a single Pod', singlePod(2000)], ['scripts', scriptHeavyPod(1000)]);
  let nodes = 0;
  for (const [name, text] of texts) {
    for (const chunk of splitDocuments(text)) nodes += sameReading(name, chunk.text);
  }
  assert.ok(nodes > 10_000, `${nodes} nodes compared`);
});

test('odd keys and values read as with yaml alone: numbers, booleans, null, tags, aliases of keys, complex keys, 1.1 documents', () => {
  const cases: Record<string, string> = {
    keys: 'labels:\n  1: one\n  true: on\n  ~: nothing\n  0x1f: hex\n  1.0: f\n  .inf: i\n  : empty\n  ? [a, b]\n  : complex\n  !!int 7: seven\n',
    values:
      'flags: [yes, no, on, off, y, n, 0o17, 0x1f, .inf, -.5, 1e3, ~, null, Null, NULL, "true", busybox, -, +x, .hidden, 0, nginx:1.25, tRue, True, FALSE]\n',
    'alias of an anchored key': 'metadata:\n  annotations:\n    &ro true: "x"\n    &p 8080: port\nspec:\n  readOnly: *ro\n  port: *p\n',
    'tags on keys': 'labels:\n  !!timestamp app: web\n  !foo key: x\n  !!int abc: y\n  !!str 5: z\n',
    'tags on values': 'a: !!str 5\nb: !!int "7"\nc: !foo bar\nd: ! e\n',
    'yaml 1.1': '%YAML 1.1\n---\nbase: &b {image: busybox}\nc:\n  <<: *b\n  stdin: yes\n  yes: on\n  n: 0b101\n',
    'tag directive': '%TAG !k! tag:example.com,2000:\n---\n!k!x key: !k!y value\n',
    'block and quoted': 'a: |\n  true\nb: >-\n  12\nc: \'null\'\nd: "~"\n',
  };
  for (const [name, text] of Object.entries(cases)) assert.ok(sameReading(name, text) > 0, name);
  // the keys are what they were: `1:` is the number 1, `~:` null, `!!int 7:` the number 7
  const [doc] = composeDocuments(cases.keys);
  const keys = nodesOf(doc)
    .filter((n) => (n as unknown[])[0] === 'key')
    .map((n) => (n as unknown[])[1]);
  assert.deepEqual(keys.slice(0, 8), ['labels', 1, true, null, 31, 1, Number.POSITIVE_INFINITY, null]);
  // an alias of an anchored key `&ro true:` is the boolean true
  const [aliased] = composeDocuments(cases['alias of an anchored key']);
  assert.deepEqual((aliased.toJS() as { spec: unknown }).spec, { readOnly: true, port: 8080 });
  // `%YAML 1.1` reads `yes` as true: yaml's own 1.1 tags, without the quick string tag in front
  const [old] = composeDocuments('%YAML 1.1\n---\nstdin: yes\nname: on\n');
  assert.deepEqual(old.toJS(), { stdin: true, name: true });
  const [now] = composeDocuments('stdin: yes\nname: on\n');
  assert.deepEqual(now.toJS(), { stdin: 'yes', name: 'on' });
});
