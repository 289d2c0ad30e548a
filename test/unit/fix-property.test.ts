/**
 * Every code action at every finding of the hostile corpus (issue 11): the manifests of
 * test/helpers/hostile.ts (`HOSTILE_MANIFESTS`) and every rule fixture and example, each also
 *  - in flow style (the container lists written `[{…}, {…}]`),
 *  - with its containers anchored and used again through aliases (`x-ref-N: *cN` after the spec),
 *  - with null lists (`initContainers: ~`, `volumes: null`, `env: null` where there were none),
 * applied alone. For each:
 *  - the edits lie inside the text, do not overlap, and do not split a CRLF;
 *  - the result parses (no document gets a YAML error it did not have);
 *  - no key or value is lost that the fix did not touch: every scalar (keys included) whose text no
 *    edit touched is still in the result — counted once per use, so a value changed through an alias
 *    (its anchor edited, the alias untouched) is caught.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type YAMLMap, type YAMLSeq } from 'yaml';
import { analyze } from '../../server/src/analysis';
import { normalizeLineBreaks } from '../../server/src/analysis/documents';
import { applyEdits, fixesFor, type TextEdit } from '../../server/src/analysis/fixes';
import { HOSTILE_MANIFESTS } from '../helpers/hostile';
import { yamlFiles } from '../helpers/files';

const root = path.resolve(__dirname, '..', '..');

function settingsFor(text: string): { kubernetesVersion?: string } {
  const m = /^#\s*kubernetesVersion:\s*(\S+)/m.exec(text);
  return m ? { kubernetesVersion: m[1] } : {};
}

// ── variants ──────────────────────────────────────────────────────────────────────────────────

const LISTS = ['initContainers', 'containers'];

/** The Pod spec maps of a document: maps with a `containers` or `initContainers` list. */
function podSpecs(doc: Document): YAMLMap[] {
  const out: YAMLMap[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (depth > 12) return;
    if (isMap(n)) {
      if (LISTS.some((k) => isSeq(n.get(k, true)))) out.push(n);
      for (const p of n.items) walk(p.value, depth + 1);
    } else if (isSeq(n)) for (const i of n.items) walk(i, depth + 1);
  };
  walk(doc.contents, 0);
  return out;
}

/** Each document of `text` changed by `change` (documents with errors, or unchanged, stay as written). */
function eachDocument(text: string, change: (doc: Document) => boolean): string | null {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return null;
  let changed = false;
  const out = docs.map((d) => {
    if (change(d)) changed = true;
    return d.toString();
  });
  return changed ? out.map((d, i) => (i === 0 ? d : '---\n' + d)).join('') : null;
}

function flowVariant(text: string): string | null {
  return eachDocument(text, (doc) => {
    let changed = false;
    for (const spec of podSpecs(doc)) {
      for (const k of LISTS) {
        const seq = spec.get(k, true);
        if (isSeq(seq) && !seq.flow) {
          (seq as YAMLSeq).flow = true;
          changed = true;
        }
      }
    }
    return changed;
  });
}

function aliasVariant(text: string): string | null {
  return eachDocument(text, (doc) => {
    const top = doc.contents;
    if (!isMap(top)) return false;
    let n = 0;
    for (const spec of podSpecs(doc)) {
      for (const k of LISTS) {
        const seq = spec.get(k, true);
        if (!isSeq(seq)) continue;
        for (const item of seq.items) {
          if (!isMap(item) || item.anchor) continue;
          const alias = doc.createAlias(item, `c${n}`);
          top.set(`x-ref-${n++}`, alias);
        }
      }
    }
    return n > 0;
  });
}

function nullVariant(text: string): string | null {
  return eachDocument(text, (doc) => {
    let changed = false;
    for (const spec of podSpecs(doc)) {
      for (const k of ['initContainers', 'volumes']) {
        if (!spec.has(k)) {
          spec.set(k, null);
          changed = true;
        }
      }
      for (const k of LISTS) {
        const seq = spec.get(k, true);
        if (!isSeq(seq)) continue;
        for (const c of seq.items) {
          if (!isMap(c)) continue;
          for (const f of ['env', 'volumeMounts']) {
            if (!c.has(f)) {
              c.set(f, null);
              changed = true;
            }
          }
        }
      }
    }
    return changed;
  });
}

const inputs: Array<{ name: string; text: string }> = [];
for (const [name, text] of Object.entries(HOSTILE_MANIFESTS)) inputs.push({ name: `hostile: ${name}`, text });
const seedFiles = [
  ...yamlFiles(path.join(root, 'test', 'fixtures', 'rules')).filter((f) => path.basename(f).startsWith('fires')),
  ...yamlFiles(path.join(root, 'examples')),
];
for (const file of seedFiles) {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.relative(root, file);
  inputs.push({ name, text });
  for (const [v, make] of [
    ['flow', flowVariant],
    ['aliases', aliasVariant],
    ['null lists', nullVariant],
  ] as const) {
    let variant: string | null = null;
    try {
      variant = make(text);
    } catch {
      variant = null;
    }
    // keep the settings comment at the top (yaml keeps comments, but be sure)
    if (variant !== null)
      inputs.push({ name: `${name} (${v})`, text: text.startsWith('#') && !variant.startsWith('#') ? text.split('\n')[0] + '\n' + variant : variant });
  }
}

// ── the oracle ────────────────────────────────────────────────────────────────────────────────

type Range = readonly [number, number];

function touches(edits: readonly TextEdit[], r: Range): boolean {
  return edits.some((e) => (e.start === e.end ? r[0] < e.start && e.start < r[1] : e.start < r[1] && e.end > r[0]));
}

/**
 * Every scalar of the text (keys too), once per use: an alias is expanded where it is written. With
 * `edits`, only the scalars no edit touched — for an expansion, whether the alias itself was touched.
 * Null when the expansion exceeds the budget (alias bombs).
 */
function scalars(text: string, edits: readonly TextEdit[] | null): Map<string, number> | null {
  const out = new Map<string, number>();
  let budget = 200_000;
  const docs = parseAllDocuments(normalizeLineBreaks(text));
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    const anchors = new Map<string, unknown>();
    const walk = (n: unknown, site: boolean | null, depth: number): boolean => {
      if (--budget < 0 || depth > 60) return false;
      if (isAlias(n)) {
        const target = anchors.get(n.source);
        const r = n.range;
        const touched = site ?? (edits !== null && !!r && touches(edits, [r[0], r[1]]));
        return target === undefined || walk(target, touched, depth + 1);
      }
      if (n && typeof n === 'object' && (n as { anchor?: string }).anchor) anchors.set((n as { anchor: string }).anchor, n);
      if (isScalar(n)) {
        const r = n.range;
        const touched = site ?? (edits !== null && !!r && touches(edits, [r[0], r[1]]));
        if (!touched) {
          const k = `${typeof n.value}:${String(n.value)}`;
          out.set(k, (out.get(k) ?? 0) + 1);
        }
        return true;
      }
      if (isMap(n)) {
        for (const p of n.items) if (!isPair(p) || !walk(p.key, site, depth + 1) || !walk(p.value, site, depth + 1)) return false;
        return true;
      }
      if (isSeq(n)) {
        for (const i of n.items) if (!walk(i, site, depth + 1)) return false;
      }
      return true;
    };
    if (!walk(doc.contents, null, 0)) return null;
  }
  return out;
}

function brokenDocuments(text: string): number {
  const docs = parseAllDocuments(normalizeLineBreaks(text));
  return Array.isArray(docs) ? docs.filter((d) => d.errors.length > 0).length : 1;
}

describe('fix property: every code action at every finding of the hostile corpus', () => {
  test('the corpus has the issue inputs and the variants', () => {
    assert.ok(inputs.length >= 40, `${inputs.length} inputs`);
    assert.ok(inputs.some((i) => i.name.endsWith('(aliases)')));
    assert.ok(inputs.some((i) => i.name.endsWith('(flow)')));
    assert.ok(inputs.some((i) => i.name.endsWith('(null lists)')));
  });

  let applied = 0;
  for (const input of inputs) {
    test(input.name, () => {
      const { text } = input;
      const settings = settingsFor(text);
      const analysis = analyze(text, settings);
      const broken = brokenDocuments(text);
      for (const f of analysis.findings) {
        for (const fix of fixesFor(text, analysis, f)) {
          const where = `${f.rule} at ${f.start} — "${fix.title}"`;
          const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
          for (let i = 0; i < edits.length; i++) {
            const e = edits[i];
            assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${where}: edit outside the text`);
            if (i > 0) assert.ok(e.start >= edits[i - 1].end, `${where}: overlapping edits ${JSON.stringify(edits)}`);
            for (const o of [e.start, e.end]) assert.ok(!(text[o - 1] === '\r' && text[o] === '\n'), `${where}: edit splits a CRLF`);
          }
          const out = applyEdits(text, edits);
          applied++;
          assert.ok(brokenDocuments(out) <= broken, `${where}: the result does not parse:\n${out}`);
          const before = scalars(text, edits);
          const after = scalars(out, null);
          if (before === null || after === null) continue;
          for (const [k, n] of before) {
            assert.ok((after.get(k) ?? 0) >= n, `${where}: lost ${k} (${n} untouched before, ${after.get(k) ?? 0} after):\n${out}`);
          }
        }
      }
    });
  }

  test('code actions were applied', () => {
    assert.ok(applied > 500, `${applied} applied`);
  });
});
