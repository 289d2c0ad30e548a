/**
 * The model reads a container's keys through `pairsOf` (one pass over the map) rather than `getPair`
 * per key (a pass per key): for every map of every example, fixture and corpus manifest, and for
 * maps with merges, duplicate keys, quoted `"<<"` and non-string keys, both give the same pair.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type YAMLMap } from 'yaml';
import { indexAliases, getPair, keyedPairs, mapPairs, pairsFor, pairsOf, TAG, tagOf } from '../../server/src/analysis/nodes';
import { yamlFiles } from '../helpers/files';

const root = path.join(__dirname, '..', '..');

function mapsOf(text: string): YAMLMap[] {
  const maps: YAMLMap[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    indexAliases(doc);
    visit(doc, {
      Map(_k, m) {
        maps.push(m as YAMLMap);
      },
    });
  }
  return maps;
}

const PROBES = ['name', 'image', 'command', 'args', 'env', 'volumeMounts', 'ports', 'restartPolicy', 'mountPath', 'readOnly', '<<', 'absent', '1', 'true'];

function checkSame(maps: YAMLMap[], where: string): number {
  let checked = 0;
  for (const m of maps) {
    const at = pairsOf(m);
    const keys = new Set(PROBES);
    for (const p of m.items) {
      const k = (p.key as { value?: unknown } | null)?.value ?? p.key;
      if (typeof k === 'string') keys.add(k);
    }
    for (const k of keys) {
      assert.equal(at(k), getPair(m, k), `${where}: key ${JSON.stringify(k)}`);
      checked++;
    }
    // mapPairs: one pair per key, the last, in first-seen order, as a table of them gives
    if (!m.items.some((p) => (p.key as { value?: unknown } | null)?.value === '<<')) {
      const table = new Map<unknown, unknown>();
      for (const p of m.items) table.set((p.key as { value?: unknown } | null)?.value ?? p.key, p);
      assert.deepEqual(
        mapPairs(m).map((p) => m.items.indexOf(p as never)),
        [...table.values()].map((p) => m.items.indexOf(p as never)),
        `${where}: mapPairs`,
      );
    }
    // pairsFor: the same answers for a list of keys, in order (the probes, then every key of the map)
    const list = [...keys];
    const all = pairsFor(m, list);
    assert.equal(all.length, list.length);
    for (let i = 0; i < list.length; i++) assert.equal(all[i], getPair(m, list[i]), `${where}: pairsFor key ${JSON.stringify(list[i])}`);
  }
  return checked;
}

test('pairsOf gives getPair’s pair for every key of every map (examples, fixtures, corpus)', () => {
  const files = [
    ...yamlFiles(path.join(root, 'examples')),
    ...yamlFiles(path.join(root, 'test', 'fixtures')),
    ...yamlFiles(path.join(root, '..', 'shared', 'corpus')),
  ];
  assert.ok(files.length > 50, `only ${files.length} files`);
  let checked = 0;
  for (const f of files) checked += checkSame(mapsOf(fs.readFileSync(f, 'utf8')), path.relative(root, f));
  assert.ok(checked > 10_000, `only ${checked} lookups`);
});

test('merges, duplicates, quoted "<<" and odd keys: the same pair as getPair', () => {
  const text = `
base: &base { name: from-base, image: busybox, env: [] }
merged:
  <<: *base
  image: own
mergedList:
  <<: [*base, { ports: [] }]
  name: after
mergedFirst:
  name: before
  <<: *base
dup:
  name: first
  name: second
quoted:
  "<<": not a merge
  name: q
tagged:
  !!str <<: tagged is no merge
  name: t
twice:
  a: 1
  b: 2
  a: 3
nan:
  .nan: 1
  .NaN: 2
odd:
  1: one
  true: yes
  ? [a, b]
  : complex
  name: o
`;
  const maps = mapsOf(text);
  checkSame(maps, 'inline');
  const byFirstName = (key: string) => maps.find((m) => isMap(m) && getPair(m, key));
  assert.equal(keyedPairs(byFirstName('<<')), null, 'a map with a merge is left to getPair');
  const quoted = maps.find((m) => m.items.some((p) => (p.key as { type?: string }).type === 'QUOTE_DOUBLE'));
  assert.ok(quoted && keyedPairs(quoted) !== null, 'a quoted "<<" is an ordinary key');
});

test('the node tags nodes.ts reads are the ones yaml’s predicates test', () => {
  const text = 'a: &x 1\nb: *x\nc: [1, {d: e}]\n? [k]\n: v\n';
  let seen = 0;
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Node(_k, n) {
        for (const x of [n, ...(isMap(n) ? n.items : [])]) {
          assert.equal(tagOf(x) === TAG.alias, isAlias(x));
          assert.equal(tagOf(x) === TAG.map, isMap(x));
          assert.equal(tagOf(x) === TAG.pair, isPair(x));
          assert.equal(tagOf(x) === TAG.scalar, isScalar(x));
          assert.equal(tagOf(x) === TAG.seq, isSeq(x));
          seen++;
        }
      },
    });
  }
  assert.ok(seen > 10);
  for (const x of [null, undefined, 1, 'a', {}]) assert.equal(tagOf(x), undefined);
});
