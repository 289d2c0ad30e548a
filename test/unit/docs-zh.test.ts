/**
 * The Simplified Chinese docs (docs/zh-cn/) keep up with the English ones: every rule page has a
 * translation, the two pages link to each other (the link resolves to the other file), and the YAML
 * examples are the same YAML (comments may be translated, so the parsed values are compared, not the
 * text). The same holds for settings.md and quick-fixes.md, and the zh-cn index lists every rule.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const docs = path.join(root, 'docs');
const enRules = path.join(docs, 'rules');
const zhDocs = path.join(docs, 'zh-cn');
const zhRules = path.join(zhDocs, 'rules');

const ruleIds = fs
  .readdirSync(enRules)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -'.md'.length))
  .sort();

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Targets of the markdown links whose text is exactly `label`. */
function linkTargets(markdown: string, label: string): string[] {
  const out: string[] = [];
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`\\[${escaped}\\]\\(([^)\\s]+)\\)`, 'g');
  for (const m of markdown.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Checks that `from` has a `[label](…)` link resolving to the existing file `to`. */
function assertLinksTo(from: string, label: string, to: string): void {
  const targets = linkTargets(read(from), label);
  const rel = path.relative(root, from);
  assert.ok(targets.length > 0, `${rel}: no [${label}](…) link`);
  for (const target of targets) {
    const resolved = path.resolve(path.dirname(from), target.replace(/#.*$/, ''));
    assert.equal(path.relative(root, resolved), path.relative(root, to), `${rel}: [${label}](${target}) points elsewhere`);
    assert.ok(fs.existsSync(resolved), `${rel}: [${label}](${target}) does not exist`);
  }
}

/** The contents of the fenced ```yaml blocks, in order. */
function yamlBlocks(markdown: string): string[] {
  const out: string[] = [];
  const re = /^[ \t]*```ya?ml[ \t]*\r?\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
  for (const m of markdown.matchAll(re)) out.push(m[1]!);
  return out;
}

/** The parsed value of every document in `source`, plus its parse errors (so broken YAML never matches good YAML). */
function yamlValue(source: string): unknown[] {
  return parseAllDocuments(source).map((d) => ({ value: d.toJS(), errors: d.errors.map((e) => e.code) }));
}

/** The English page's YAML examples appear in the Chinese page, in order, with the same values. */
function assertSameYaml(en: string, zh: string): void {
  const a = yamlBlocks(read(en));
  const b = yamlBlocks(read(zh));
  const rel = path.relative(root, zh);
  assert.equal(b.length, a.length, `${rel}: ${b.length} yaml blocks, the English page has ${a.length}`);
  a.forEach((block, i) => {
    assert.deepEqual(yamlValue(b[i]!), yamlValue(block), `${rel}: yaml block ${i + 1} differs from the English one`);
  });
}

describe('docs/zh-cn rule pages', () => {
  test('there are English rule pages to check', () => {
    assert.ok(ruleIds.length >= 27, `only ${ruleIds.length} pages in docs/rules`);
  });

  for (const id of ruleIds) {
    describe(id, () => {
      const en = path.join(enRules, `${id}.md`);
      const zh = path.join(zhRules, `${id}.md`);

      test('has a Chinese page', () => {
        assert.ok(fs.existsSync(zh), `missing docs/zh-cn/rules/${id}.md`);
      });

      test('the pages link to each other', () => {
        assertLinksTo(en, '简体中文', zh);
        assertLinksTo(zh, 'English', en);
      });

      test('the Chinese title is the rule id', () => {
        assert.equal(read(zh).split(/\r?\n/, 1)[0], `# ${id}`);
      });

      test('the YAML examples are the same YAML', () => {
        assertSameYaml(en, zh);
      });
    });
  }
});

describe('docs/zh-cn other pages', () => {
  for (const name of ['settings.md', 'quick-fixes.md']) {
    test(`${name} links to the English page and keeps its YAML`, () => {
      const en = path.join(docs, name);
      const zh = path.join(zhDocs, name);
      assert.ok(fs.existsSync(zh), `missing docs/zh-cn/${name}`);
      assertLinksTo(zh, 'English', en);
      assertSameYaml(en, zh);
    });
  }

  test('README.md links every rule page', () => {
    const readme = path.join(zhDocs, 'README.md');
    const text = read(readme);
    for (const id of ruleIds) {
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => path.resolve(zhDocs, m[1]!));
      assert.ok(targets.includes(path.join(zhRules, `${id}.md`)), `docs/zh-cn/README.md: no link to rules/${id}.md`);
    }
  });

  test('the yaml block helper sees through comments but not value changes', () => {
    const a = '```yaml\nx: 1 # one\n```\n';
    const b = '```yaml\nx: 1 # 一\n```\n';
    assert.deepEqual(yamlValue(yamlBlocks(b)[0]!), yamlValue(yamlBlocks(a)[0]!));
    assert.notDeepEqual(yamlValue('x: 2\n'), yamlValue(yamlBlocks(a)[0]!));
  });
});
