/**
 * The incremental re-parse (server/src/analysis/reparse.ts) against the full parse it stands in for:
 * chains of random edits over the examples, the fixtures, the corpus and the benchmark's inputs,
 * each re-parsed tree compared node for node (kinds, ranges, values, styles, comments) with a full
 * parse of the same text, and the analysis of a file typed into through `Analyzer` (with `previous`)
 * compared with a fresh analysis. Plus the cases it must leave to the full parse.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, Analyzer, type AnalysisResult } from '../../server/src/analysis';
import { parseChunk, splitDocuments } from '../../server/src/analysis/documents';
import { commonPrefix, commonSuffix, reparseEdit, sameTree } from '../../server/src/analysis/reparse';
import { sweptYamlFiles, yamlFiles } from '../helpers/files';
import { bigList, scriptHeavyPod, singlePod } from '../helpers/perfInputs';

const root = path.resolve(__dirname, '..', '..');

function inputs(): Array<{ name: string; text: string }> {
  const files = sweptYamlFiles();
  return [
    { name: 'singlePod(300)', text: singlePod(300) },
    { name: 'scriptHeavyPod(300)', text: scriptHeavyPod(300) },
    { name: 'bigList(20 KB)', text: bigList(20_000) },
    ...files.map((f) => ({ name: path.relative(root, f), text: fs.readFileSync(f, 'utf8') })),
  ];
}

/** A small deterministic generator (the failures must be reproducible). */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

const SNIPPETS = [
  'x',
  'ab',
  ' ',
  '\n',
  '\n      ',
  '\n          ',
  '- ',
  ': ',
  ': \n',
  '- \n',
  '"',
  "'",
  '#',
  ' #x',
  '{',
  '}',
  '{}',
  '[',
  ']',
  '|',
  '\t',
  '  ',
  '&a',
  '*a',
  '---',
  '\n---\n',
  '%',
  'name: q',
  '\n        - name: z\n          image: y',
];

/** The next version: a random insertion, deletion or replacement near `cursor` (typing) or anywhere. */
function edit(text: string, rnd: (n: number) => number, cursor: number): { next: string; at: number } {
  const at = rnd(3) === 0 ? rnd(text.length + 1) : Math.max(0, Math.min(text.length, cursor + rnd(7) - 3));
  const del = rnd(3) === 0 ? rnd(6) : 0;
  const ins = rnd(5) === 0 ? '' : SNIPPETS[rnd(SNIPPETS.length)];
  return { next: text.slice(0, at) + ins + text.slice(at + del), at: at + ins.length };
}

/** A letter typed or a character deleted at the cursor. */
function typed(text: string, rnd: (n: number) => number, cursor: number): { next: string; at: number } {
  if (rnd(4) === 0 && cursor > 0) return { next: text.slice(0, cursor - 1) + text.slice(cursor), at: cursor - 1 };
  return { next: text.slice(0, cursor) + 'k' + text.slice(cursor), at: cursor + 1 };
}

describe('common prefix and suffix scans', () => {
  /** The scans char by char, as they were before they compared blocks. */
  function charByChar(a: string, b: string): [number, number] {
    const min = Math.min(a.length, b.length);
    let p = 0;
    while (p < min && a.charCodeAt(p) === b.charCodeAt(p)) p++;
    let s = 0;
    while (s < min - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
    return [p, s];
  }

  test('find what two texts start and end with, wherever the edit falls (block edges too)', () => {
    const rnd = random(15);
    const base = singlePod(120);
    const places = [0, 1, 1023, 1024, 1025, 2047, 2048, 4096, base.length - 1025, base.length - 1024, base.length - 1, base.length];
    for (let k = 0; k < 2000; k++) {
      const at = k < places.length * 4 ? places[k % places.length] : rnd(base.length + 1);
      const del = rnd(4);
      const ins = ['', 'x', 'ab', base.slice(at, at + 3), '\n'][rnd(5)];
      const next = base.slice(0, at) + ins + base.slice(at + del);
      for (const [a, b] of [
        [base, next],
        [next, base],
      ]) {
        const p = commonPrefix(a, b);
        const s = commonSuffix(a, b, Math.min(a.length, b.length) - p);
        assert.deepEqual([p, s], charByChar(a, b), `an edit at ${at} (deleting ${del}, inserting ${JSON.stringify(ins)})`);
      }
    }
  });
});

describe('incremental re-parse', () => {
  test('gives the full parse’s tree after chains of random edits (examples, fixtures, corpus)', () => {
    const rnd = random(20261127);
    let tried = 0;
    let used = 0;
    const mismatches: string[] = [];
    for (const { name, text: file } of inputs()) {
      for (const chunk of splitDocuments(file)) {
        let text = chunk.text;
        let doc = parseChunk(text).doc;
        if (!doc || doc.errors.length > 0) continue;
        let cursor = rnd(text.length + 1);
        for (let k = 0; k < 8; k++) {
          const { next, at } = edit(text, rnd, cursor);
          tried++;
          const r = reparseEdit({ text, doc }, next);
          const full = parseChunk(next).doc;
          if (!full) continue;
          if (r) {
            used++;
            if (full.errors.length > 0 || !sameTree(r.doc, full)) {
              mismatches.push(
                `${name}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))} → ${JSON.stringify(next.slice(Math.max(0, at - 60), at + 20))}`,
              );
            }
          }
          if (full.errors.length > 0) continue; // type on from the last text that parsed
          text = next;
          cursor = at;
          // go on from the re-parsed tree most of the time: it is what the next edit starts from in the editor
          doc = r && rnd(4) > 0 ? r.doc : full;
        }
      }
    }
    assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${used} re-parses differ from the full parse`);
    // the test means something only if a good share of edits took the incremental path
    assert.ok(used > tried / 20, `only ${used} of ${tried} edits were re-parsed incrementally`);
  });

  test('re-parses an edit inside one container of a big Pod, and only that container', () => {
    const text = singlePod(1000);
    const doc = parseChunk(text).doc;
    assert.ok(doc);
    const next = text.replace('echo step 30 ', 'echo step 30x ');
    const r = reparseEdit({ text, doc }, next);
    assert.ok(r, 'an edit inside init-30 is re-parsed incrementally');
    const region = next.slice(r.region[0], r.region[1]);
    assert.match(region, /^ {4}- name: init-30\n/);
    assert.ok(!region.includes('init-31'), 'the region is the container, not the list');
    const full = parseChunk(next).doc;
    assert.ok(full && sameTree(r.doc, full));
    // the copies of the nodes after the edit have the very properties a parse gives (a schema on collections)
    const differ: string[] = [];
    const walk = (a: unknown, b: unknown, where: string): void => {
      if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return;
      const ka = Reflect.ownKeys(a).map(String).join(',');
      const kb = Reflect.ownKeys(b).map(String).join(',');
      if (ka !== kb && differ.length < 3) differ.push(`${where}: ${ka} ≠ ${kb}`);
      if (!(a as { schema?: unknown }).schema !== !(b as { schema?: unknown }).schema && differ.length < 3) differ.push(`${where}: a schema on one only`);
      const x = a as { key?: unknown; value?: unknown; items?: unknown[] };
      const y = b as typeof x;
      if (Array.isArray(x.items) && Array.isArray(y.items))
        x.items.forEach((it, i) => {
          walk(it, y.items?.[i], `${where}[${i}]`);
        });
      if ('key' in x) {
        walk(x.key, y.key, `${where}.key`);
        walk(x.value, y.value, `${where}.value`);
      }
    };
    walk(r.doc.contents, full.contents, 'contents');
    assert.deepEqual(differ, []);
  });

  /** More items, so that the edited one is a small part of the document. */
  const padding = Array.from({ length: 8 }, (_, i) => `  - b${i}: ${i}\n`).join('');
  const reparsedIncrementally: Array<[string, string, string]> = [
    [
      'an item after a blank line and a comment',
      'spec:\n  containers:\n    - name: a\n      image: b\n\n    # the app\n    - name: c\n      image: d\n    - name: e\n',
      'spec:\n  containers:\n    - name: a\n      image: b\n\n    # the app\n    - name: c\n      image: dd\n    - name: e\n',
    ],
    [
      'a script with && and a glob (no YAML alias)',
      'spec:\n  initContainers:\n    - name: a\n      command: [sh, -c, "cp /src/*.conf /work && echo ok"]\n    - name: b\n',
      'spec:\n  initContainers:\n    - name: a\n      command: [sh, -c, "cp /src/*.conf /work && echo done"]\n    - name: b\n',
    ],
  ];
  // more items after them: an item that is a third of the document or more is parsed in full
  const rest = Array.from({ length: 12 }, (_, i) => `    - name: z${i}\n      image: busybox\n`).join('');
  for (const [what, shortBefore, shortAfter] of reparsedIncrementally) {
    const before = shortBefore + rest;
    const after = shortAfter + rest;
    test(`re-parses ${what} incrementally, as the full parse reads it`, () => {
      const doc = parseChunk(before).doc;
      assert.ok(doc);
      const r = reparseEdit({ text: before, doc }, after);
      assert.ok(r, 'taken incrementally');
      const full = parseChunk(after).doc;
      assert.ok(full && sameTree(r.doc, full));
    });
  }

  const leftToTheFullParse: Array<[string, string, string]> = [
    [
      'an edit outside every list item',
      'metadata:\n  name: a\nspec:\n  containers:\n    - name: c\n',
      'metadata:\n  name: ab\nspec:\n  containers:\n    - name: c\n',
    ],
    ['an edit that removes the dash', 'spec:\n  containers:\n    - name: c\n    - name: d\n', 'spec:\n  containers:\n    - name: c\n    name: d\n'],
    ['a line that leaves the item', 'spec:\n  containers:\n    - name: c\n      image: i\n', 'spec:\n  containers:\n    - name: c\n  image: i\n'],
    ['an edit that joins two items', 'spec:\n  containers:\n    - name: c\n    - name: d\n', 'spec:\n  containers:\n    - name: c    - name: d\n'],
    ['anchors and aliases', 'a: &x 1\nl:\n  - b: *x\n', 'a: &x 1\nl:\n  - b: *xy\n'],
    ['an alias typed into an item', 'a: 1\nl:\n  - b: 2\n  - c: 3\n', 'a: 1\nl:\n  - b: *x\n  - c: 3\n'],
    ['an anchor typed into an item', 'a: 1\nl:\n  - b: 2\n  - c: 3\n', 'a: 1\nl:\n  - b: &x 2\n  - c: 3\n'],
    ['a suppression comment', 'l:\n  - a: 1 # initlens-disable-line x\n', 'l:\n  - a: 12 # initlens-disable-line x\n'],
    ['a trailing comment the next node may take', 'l:\n  - a: 1\n  - b: 2\n', 'l:\n  - a: 1 #c\n  - b: 2\n'],
    ['an empty value at the end of an item', 'l:\n  - a: 1\n  - b: 2\n', 'l:\n  - a:\n  - b: 2\n'],
    ['a blank line added at the end of an item', 'l:\n  - a: 1\n  - b: 2\n', 'l:\n  - a: 1\n\n  - b: 2\n'],
    ['a tab in the indentation', 'l:\n  - a: 1\n    b: 2\n', 'l:\n  - a: 1\n\tb: 2\n'],
    ['an unclosed flow collection', 'l:\n  - a: [1]\n  - b: 2\n', 'l:\n  - a: [1\n  - b: 2\n'],
    ['a document with errors before', 'l:\n  - a: [1\n  - b: 2\n', 'l:\n  - a: [12\n  - b: 2\n'],
    // directives change how the item reads (`yes` is a boolean in YAML 1.1, `!!` can name another
    // prefix), and a parse of the item alone does not see them
    ['a %YAML 1.1 directive', `%YAML 1.1\n---\nl:\n  - a: x\n${padding}`, `%YAML 1.1\n---\nl:\n  - a: yes\n${padding}`],
    ['a %TAG directive', `%TAG !! tag:example.com,2000:\n---\nl:\n  - a: 1\n${padding}`, `%TAG !! tag:example.com,2000:\n---\nl:\n  - a: !!str 1\n${padding}`],
  ];
  for (const [what, before, after] of leftToTheFullParse) {
    test(`leaves ${what} to the full parse`, () => {
      const doc = parseChunk(before).doc;
      assert.ok(doc);
      assert.equal(reparseEdit({ text: before, doc }, after), null);
    });
  }
});

describe('Analyzer with the previous version', () => {
  test('typing into a file gives the analysis a fresh one gives (findings and ranges)', () => {
    const rnd = random(7);
    const files = [
      singlePod(400),
      scriptHeavyPod(300),
      bigList(8_000),
      ...yamlFiles(path.join(root, 'examples'))
        .slice(0, 8)
        .map((f) => fs.readFileSync(f, 'utf8')),
    ];
    const analyzer = new Analyzer();
    let reparsed = 0;
    for (const file of files) {
      let text = file;
      let previous: AnalysisResult | null = analyzer.analyze(text);
      let cursor = rnd(text.length);
      for (let k = 0; k < 12; k++) {
        // mostly typing letters and deleting at the cursor, now and then an edit anywhere
        const { next, at } = rnd(3) > 0 ? typed(text, rnd, cursor) : edit(text, rnd, cursor);
        const incremental = analyzer.analyze(next, null, { previous });
        reparsed += analyzer.lastReparsed;
        const fresh = analyze(next);
        assert.deepEqual(
          incremental.findings.map((f) => [f.rule, f.start, f.end, f.message]),
          fresh.findings.map((f) => [f.rule, f.start, f.end, f.message]),
          `after an edit at ${at}: ${JSON.stringify(next.slice(Math.max(0, at - 40), at + 20))}`,
        );
        previous = incremental;
        text = next;
        cursor = at;
      }
    }
    assert.ok(reparsed > 15, `only ${reparsed} analyses took the incremental path`);
  });

  test('re-parses and lets go of the versions typed over with old Mac line ends (lone CR)', () => {
    // the documents keep the original text, the cache the one analysed (CR read as LF)
    const analyzer = new Analyzer();
    let text = singlePod(300).replace(/\n/g, '\r');
    let previous = analyzer.analyze(text);
    const size = analyzer.cacheSize;
    let reparsed = 0;
    const at = text.lastIndexOf('echo step ') + 10;
    assert.ok(at > text.length / 2);
    for (let n = 0; n < 10; n++) {
      text = text.slice(0, at + n) + 'k' + text.slice(at + n);
      previous = analyzer.analyze(text, null, { previous });
      reparsed += analyzer.lastReparsed;
      assert.deepEqual(
        previous.findings.map((f) => [f.rule, f.start, f.end]),
        analyze(text).findings.map((f) => [f.rule, f.start, f.end]),
      );
    }
    assert.ok(analyzer.cacheSize <= size + 100, `the cache holds ${analyzer.cacheSize} characters after typing, ${size} before`);
    assert.ok(reparsed > 0, 'no edit was re-parsed incrementally');
  });

  test('lets go of the versions typed over', () => {
    const analyzer = new Analyzer();
    let text = singlePod(300);
    let previous = analyzer.analyze(text);
    const size = analyzer.cacheSize;
    for (let n = 0; n < 30; n++) {
      text = text.replace(/echo step 5\d* /, `echo step 5${n} `);
      previous = analyzer.analyze(text, null, { previous });
    }
    assert.ok(analyzer.cacheSize <= size + 100, `the cache holds ${analyzer.cacheSize} characters after typing, ${size} before`);
  });
});
