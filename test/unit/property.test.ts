/**
 * Property-based hardening (fast-check): manifests from the fixtures, the examples and the shared
 * corpus (read in place, when present), mutated the ways half-typed and pasted YAML is broken —
 * deleted, re-indented, swapped and truncated lines, inserted random bytes, and values of the wrong
 * type (a number where a list is, a list where a string is, a map where a scalar is…), both on the
 * parsed AST (then re-stringified) and textually. For every mutant:
 *  - `analyze()` neither throws nor has a rule throw (`onRuleError` is never called), finishes
 *    within a bound, and every finding's start/end and related ranges lie inside the text;
 *  - hover, volume navigation/rename, quick fixes (`fixesFor`, `fixAll`), the timeline and the
 *    completion context, at random positions, do not throw either.
 *
 * The run is bounded and reproducible (fixed seed; about 25 s on 2 cores). More:
 * `INITLENS_PROPERTY_RUNS=20000` (runs per property), `INITLENS_PROPERTY_SEED=<n>` (another seed; a
 * failure prints the seed and path to replay it).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { analyze, type AnalysisResult } from '../../server/src/analysis';
import { completionContext } from '../../server/src/analysis/completionContext';
import { fixAll, fixesFor } from '../../server/src/analysis/fixes';
import { hoverAt } from '../../server/src/analysis/hover';
import { prepareVolumeRename, renameVolume, volumeDefinition, volumeHighlights, volumeReferences } from '../../server/src/analysis/navigation';
import { buildTimeline } from '../../server/src/analysis/timeline';
import { parseKubeVersion } from '../../server/src/analysis/version';
import { HOSTILE_MANIFESTS } from '../helpers/hostile';

const root = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.INITLENS_PROPERTY_RUNS) || 0;
const SEED = Number(process.env.INITLENS_PROPERTY_SEED) || 20251125;
/** One analysis of a mutant may take this long (they are small files; the slowest seen is ~0.1 s). */
const ANALYSIS_BOUND_MS = 3000;
const V = parseKubeVersion('1.33')!;

function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out;
}

const SEEDS: Array<{ name: string; text: string }> = [
  ...yamlFiles(path.join(root, 'test', 'fixtures')),
  ...yamlFiles(path.join(root, 'examples')),
  ...yamlFiles(path.resolve(root, '..', 'shared', 'corpus')),
]
  .sort()
  .map((file) => ({ name: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }))
  // the huge install manifests make each run slow without adding shapes the others lack
  .filter((s) => s.text.length <= 60_000)
  // and the shapes of issue 11: null lists, aliases, merge keys, flow, tags, empty documents, CR
  .concat(Object.entries(HOSTILE_MANIFESTS).map(([name, text]) => ({ name: `hostile: ${name}`, text })));

// ── mutations ─────────────────────────────────────────────────────────────────────────────────

type Mutation = (text: string) => string;

const lines = (text: string): string[] => text.split('\n');
const at = (n: number, len: number): number => (len === 0 ? 0 : n % len);

const deleteLines = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })).map(
  ([i, n]): Mutation =>
    (text) => {
      const ls = lines(text);
      ls.splice(at(i, ls.length), n);
      return ls.join('\n');
    },
);

const reindent = fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 }), fc.integer({ min: 1, max: 6 })).map(
  ([i, delta, n]): Mutation =>
    (text) => {
      const ls = lines(text);
      const from = at(i, ls.length);
      for (let k = from; k < Math.min(ls.length, from + n); k++) {
        ls[k] = delta >= 0 ? ' '.repeat(delta) + ls[k] : ls[k].replace(new RegExp(`^ {0,${-delta}}`), '');
      }
      return ls.join('\n');
    },
);

const swapLines = fc.tuple(fc.nat(), fc.nat()).map(
  ([i, j]): Mutation =>
    (text) => {
      const ls = lines(text);
      const a = at(i, ls.length);
      const b = at(j, ls.length);
      [ls[a], ls[b]] = [ls[b], ls[a]];
      return ls.join('\n');
    },
);

const truncate = fc.double({ min: 0, max: 1, noNaN: true }).map(
  (f): Mutation =>
    (text) =>
      text.slice(0, Math.floor(text.length * f)),
);

/** Characters that matter to YAML, to shells, to offsets (CR, tab, NUL, BOM, surrogate pairs), and any others. */
const hostileChar = fc.oneof(
  fc.constantFrom(
    '\0',
    '\t',
    '\r',
    '\r\n',
    '\n',
    '\uFEFF',
    '😀',
    '\uD800',
    ' ',
    '#',
    ':',
    '- ',
    '[',
    ']',
    '{',
    '}',
    ',',
    '"',
    "'",
    '\\',
    '&a ',
    '*a',
    '|',
    '>',
    '!',
    '%',
    '@',
    '`',
    '$(',
    '{{',
    '---\n',
    '...\n',
    '<<: ',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
);

const insertBytes = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(hostileChar, { minLength: 1, maxLength: 6 })).map(
  ([f, chars]): Mutation =>
    (text) => {
      const i = Math.floor(text.length * f);
      return text.slice(0, i) + chars.join('') + text.slice(i);
    },
);

/** Values of the wrong type, as YAML text (flow, so they fit after any `key:`). */
const WRONG_TEXT = [
  '42',
  '-1',
  '3.5',
  'true',
  'null',
  '~',
  '""',
  '[]',
  '{}',
  '[a, b]',
  '[1, [2]]',
  '{a: 1}',
  '{name: {x: 1}}',
  '[{name: 1}]',
  '*nope',
  '!!binary aGk=',
  '"{{ .Values.x }}"',
  '|\n  text',
];

/** Replaces the value after `key:` on some line (or the whole line) with a value of another type. */
const wrongTypeText = fc.tuple(fc.nat(), fc.constantFrom(...WRONG_TEXT)).map(
  ([i, value]): Mutation =>
    (text) => {
      const ls = lines(text);
      const candidates = ls.map((l, k) => (/^\s*(?:- )?[\w.-]+:/.test(l) ? k : -1)).filter((k) => k >= 0);
      if (candidates.length === 0) return text;
      const k = candidates[at(i, candidates.length)];
      ls[k] = ls[k].replace(/^(\s*(?:- )?[\w.-]+:).*$/, `$1 ${value}`);
      return ls.join('\n');
    },
);

/** Values of the wrong type for the AST: replace a node with one of these (made in its document). */
const WRONG_VALUES: unknown[] = [42, -7, 0.5, true, null, '', 'text', 'Always', [], [1, 2], ['a', ['b']], {}, { a: 1 }, { name: ['x'] }, [{ name: 3 }], 1e21];

function allNodes(doc: ReturnType<typeof parseDocument>): Node[] {
  const out: Node[] = [];
  visit(doc, {
    Node(_key, node) {
      out.push(node as Node);
    },
  });
  return out;
}

/**
 * On the parsed document: replace a node's value with one of another type, swap two keys of a map,
 * or drop a pair — then stringify. Documents yaml cannot stringify back are left as they were.
 */
const astMutation = fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...WRONG_VALUES)).map(
  ([i, j, op, value]): Mutation =>
    (text) => {
      // each piece keeps its own `---` line (yaml writes it back when the document had one)
      const docs = text.split(/^(?=---[ \t]*\r?$)/m);
      const d = at(i, docs.length);
      try {
        const doc = parseDocument(docs[d], { uniqueKeys: false });
        if (doc.errors.length > 0) return text;
        const nodes = allNodes(doc);
        if (nodes.length === 0) return text;
        const target = nodes[at(j, nodes.length)];
        let changed = false;
        visit(doc, {
          Pair(_k, pair) {
            if (changed || !isPair(pair)) return;
            if (pair.value === target) {
              if (op === 0 || op === 1) pair.value = doc.createNode(value);
              changed = true;
            }
          },
          Map(_k, map) {
            if (changed || map !== target || !isMap(map) || map.items.length < 2) return;
            const a = map.items[at(j, map.items.length)];
            const b = map.items[at(j + 1, map.items.length)];
            if (op === 2) [a.key, b.key] = [b.key, a.key];
            else map.items.splice(at(j, map.items.length), 1);
            changed = true;
          },
          Seq(_k, seq) {
            if (changed || seq !== target || !isSeq(seq) || seq.items.length === 0) return;
            seq.items[at(j, seq.items.length)] = doc.createNode(value);
            changed = true;
          },
          Scalar(_k, s) {
            if (changed || s !== target || !isScalar(s)) return;
            if (typeof value !== 'object' || value === null) s.value = value;
            changed = true;
          },
        });
        if (!changed) return text;
        docs[d] = doc.toString();
        return docs.join('');
      } catch {
        return text;
      }
    },
);

const mutation = fc.oneof(deleteLines, reindent, swapLines, truncate, insertBytes, wrongTypeText, astMutation, astMutation);
const mutant = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([seed, ms]) => ({ seed: seed.name, text: ms.reduce((t, m) => m(t), seed.text) }));

// ── checks ────────────────────────────────────────────────────────────────────────────────────

/** `INITLENS_PROPERTY_TRACE=<file>`: each text is written there before it is analysed (to catch a hang). */
const TRACE = process.env.INITLENS_PROPERTY_TRACE;

function analyzeChecked(text: string): AnalysisResult {
  if (TRACE) fs.writeFileSync(TRACE, text);
  const errors: string[] = [];
  const started = performance.now();
  const result = analyze(text, null, { onRuleError: (rule, e) => errors.push(`${rule}: ${(e as Error)?.stack ?? String(e)}`) });
  const ms = performance.now() - started;
  assert.deepEqual(errors, [], 'a rule threw');
  assert.ok(ms < ANALYSIS_BOUND_MS, `analysis took ${Math.round(ms)} ms`);
  for (const f of result.findings) {
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.rule}: [${f.start}, ${f.end}) outside the text (${text.length})`);
    for (const r of f.related) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${f.rule}: related [${r.start}, ${r.end}) outside`);
    for (const [k, v] of Object.entries(f.data ?? {})) {
      if (k.endsWith('Range') && Array.isArray(v)) assert.ok(v[0] >= 0 && v[0] <= v[1] && v[1] <= text.length, `${f.rule}: data.${k} outside`);
      if (k.endsWith('Offset') && typeof v === 'number') assert.ok(v >= 0 && v <= text.length, `${f.rule}: data.${k} outside`);
    }
  }
  return result;
}

function params(runs: number): fc.Parameters<unknown> {
  return { numRuns: RUNS || runs, seed: SEED, endOnFailure: true };
}

describe('property: mutated manifests', () => {
  test('seed manifests are available', () => {
    assert.ok(SEEDS.length >= 40, `only ${SEEDS.length} seed manifests`);
  });

  test('analyze() never throws, no rule throws, ranges lie inside the text, bounded time', () => {
    fc.assert(
      fc.property(mutant, ({ text }) => {
        analyzeChecked(text);
      }),
      params(4000),
    );
  });

  test('hover, navigation, completion context and timeline never throw at any position', () => {
    fc.assert(
      fc.property(mutant, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), ({ text }, positions) => {
        const result = analyzeChecked(text);
        for (const p of positions) {
          const offset = Math.floor(p * text.length);
          const h = hoverAt(result, offset, V);
          if (h) assert.ok(h.start >= 0 && h.end <= text.length && h.start <= h.end);
          for (const r of [...volumeDefinition(result, offset), ...volumeReferences(result, offset), ...volumeHighlights(result, offset)]) {
            assert.ok(r.start >= 0 && r.end <= text.length && r.start <= r.end);
          }
          const prep = prepareVolumeRename(result, offset);
          if (prep) {
            assert.ok(prep.start >= 0 && prep.end <= text.length);
            const renamed = renameVolume(result, offset, 'renamed-volume');
            if ('edits' in renamed) for (const e of renamed.edits) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
          }
          completionContext(text, offset);
          buildTimeline(result, offset);
        }
        buildTimeline(result);
      }),
      params(2000),
    );
  });

  test('quick fixes (fixesFor, fixAll) never throw and edit inside the text', () => {
    fc.assert(
      fc.property(mutant, ({ text }) => {
        const result = analyzeChecked(text);
        for (const f of result.findings.slice(0, 20)) {
          for (const fix of fixesFor(text, result, f)) {
            for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${fix.title}: edit outside`);
          }
        }
        const all = fixAll(text);
        if (all.edit) assert.ok(all.edit.start >= 0 && all.edit.end <= text.length);
      }),
      params(2000),
    );
  });

  test('random text (not derived from a manifest) never breaks the analysis', () => {
    const piece = fc.oneof(
      hostileChar,
      fc.constantFrom(
        'apiVersion: v1\n',
        'kind: Pod\n',
        'spec:\n',
        '  containers:\n',
        '  initContainers:\n',
        '  - name: a\n',
        '    image: x\n',
        '    command: [sh, -c, "until nslookup db; do sleep 1; done"]\n',
        '    restartPolicy: Always\n',
        '  volumes:\n',
        '    volumeMounts:\n',
        '  ',
        '    ',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const result = analyzeChecked(text);
        hoverAt(result, Math.floor(text.length / 2), V);
        completionContext(text, text.length);
        buildTimeline(result);
      }),
      params(4000),
    );
  });
});
