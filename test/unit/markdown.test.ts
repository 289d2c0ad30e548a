/**
 * User text in Markdown is inert (issue 11): the hovers of Pods whose names, restart policies,
 * volumes, mount paths and resource keys are hostile strings, rendered with a real CommonMark
 * renderer (test/helpers/markdown.ts), contain no link, image or HTML; the escaping functions of
 * analysis/markdown.ts keep the text exact (a code span shows what was written).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { analyze } from '../../server/src/analysis';
import { hoverAt } from '../../server/src/analysis/hover';
import { mdCode, mdCodeContent, mdFence, mdText } from '../../server/src/analysis/markdown';
import { parseKubeVersion } from '../../server/src/analysis/version';
import { loadSnippets, snippetCompletions } from '../../server/src/features/completion';
import { HOSTILE_VALUES, hostilePod } from '../helpers/hostile';
import { renderedProblems } from '../helpers/markdown';

const md = new MarkdownIt({ html: true, linkify: true });

/** The inline tokens of a one-paragraph rendering. */
function inline(markdown: string): Array<{ type: string; content: string }> {
  const tokens = md.parseInline(markdown, {});
  return (tokens[0]?.children ?? []) as Array<{ type: string; content: string }>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the expected text replaces control characters as markdown.ts does
const flat = (s: string): string => s.replace(/\r\n|[\r\n\u0085\u2028\u2029\t]/g, ' ').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');

describe('Markdown escaping', () => {
  test('the detector itself sees links, images, autolinks and HTML', () => {
    // link, image, <b>, </b>, autolinked URL
    assert.equal(renderedProblems('[x](https://e.example) ![](https://e.example/p.png) <b>x</b> https://e.example').length, 5);
  });

  test('mdCode: one code span holding exactly the text, whatever it is', () => {
    for (const v of HOSTILE_VALUES) {
      if (v.trim() === '') continue;
      const toks = inline(mdCode(v));
      assert.equal(toks.length, 1, `${JSON.stringify(v)} → ${JSON.stringify(toks)}`);
      assert.equal(toks[0].type, 'code_inline');
      assert.equal(toks[0].content, flat(v));
    }
  });

  test('mdText: plain text, shown as written, never markup', () => {
    for (const v of HOSTILE_VALUES) {
      const toks = inline(mdText(v));
      assert.ok(
        toks.every((t) => t.type === 'text' || t.type === 'softbreak'),
        `${JSON.stringify(v)} → ${JSON.stringify(toks)}`,
      );
      assert.equal(toks.map((t) => t.content).join(''), flat(v));
    }
  });

  test("mdCodeContent: inside a template's code span it cannot close the span", () => {
    for (const v of HOSTILE_VALUES) {
      const toks = inline('**Pod `restartPolicy: ' + mdCodeContent(v) + '`** (Pod)');
      assert.deepEqual(renderedProblems('**Pod `restartPolicy: ' + mdCodeContent(v) + '`** (Pod)'), []);
      assert.equal(toks.filter((t) => t.type === 'code_inline').length, 1, JSON.stringify(v));
    }
  });

  test('table cells: a pipe in a name does not open a new cell', () => {
    const table = (v: string): string => `| a | b |\n|---|---|\n| ${mdText(v)} | ${mdCode(v, { table: true })} |`;
    for (const v of HOSTILE_VALUES) {
      const tokens = md.parse(table(v), {});
      assert.equal(tokens.filter((t) => t.type === 'td_open').length, 2, JSON.stringify(v));
      assert.deepEqual(renderedProblems(table(v)), []);
    }
  });

  test('mdFence: a body with backtick fences stays inside the block', () => {
    const body = 'a: 1\n```\n<b>x</b>\n````\n[x](https://evil.example)';
    const tokens = md.parse(mdFence('yaml', body), {});
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].type, 'fence');
    assert.equal(tokens[0].content, body + '\n');
  });

  test('hovers at every position of Pods built from hostile values: no link, image or HTML', () => {
    const V = parseKubeVersion('1.35')!;
    let hovers = 0;
    for (const value of HOSTILE_VALUES) {
      const text = hostilePod(value);
      const analysis = analyze(text);
      assert.ok(analysis.documents[0].pods.length === 1, JSON.stringify(value));
      const seen = new Set<string>();
      for (let offset = 0; offset <= text.length; offset++) {
        const h = hoverAt(analysis, offset, V);
        if (!h || seen.has(h.contents)) continue;
        seen.add(h.contents);
        hovers++;
        assert.deepEqual(renderedProblems(h.contents), [], `${JSON.stringify(value)} at ${offset}:\n${h.contents}`);
      }
      assert.ok(seen.size >= 4, `${JSON.stringify(value)}: only ${seen.size} hovers`);
    }
    assert.ok(hovers > 50);
  });

  test('completion documentation renders without links, images or HTML', () => {
    const entries = loadSnippets();
    const items = snippetCompletions(
      entries,
      'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n    - \n',
      'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n    - '.length,
      (o) => ({ line: 0, character: o }),
    );
    assert.ok(items.length > 0);
    for (const item of items) {
      const doc = item.documentation as { value: string };
      assert.deepEqual(renderedProblems(doc.value), [], doc.value);
    }
  });
});
