/**
 * Messages in two parts (issue 14): a finding's `message` is a headline a Problems row shows whole —
 * plain text, ≤ 100 characters in English and ≤ 50 in Chinese — and its `detail` carries the
 * explanation (Markdown code spans allowed). Checked two ways, in both languages:
 *
 *   - every finding of every fixture, example, integration workspace file and corpus manifest:
 *     its headline, its related-information messages and its quick-fix titles;
 *   - the catalogue: every `t()` text the rules use as a headline (`message:` in a report) or a
 *     related message, and every quick-fix title, with each placeholder filled with a realistic
 *     8-character name ("fetch-db"), so a headline no fixture reaches is held to the limits too.
 *
 * And no Markdown where it is not rendered: Problems rows, quick-fix titles, notifications, the
 * webview, `.initlens.yaml` problems and CLI text carry no backticks or `**`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';
import { fixesFor } from '../../server/src/analysis/fixes';
import { clip, clipMiddle, shortPath } from '../../server/src/analysis/rules/headline';
import { plainText, run as runCli } from '../../server/src/cli';
import { useLocale } from '../../server/src/l10n';
import { root } from '../helpers/built';

interface Token {
  kind: string;
  text: string;
  start: number;
  substitutions?: boolean;
}
interface Extractor {
  tokenize(src: string): Token[];
  literalValue(token: Token): string;
  scanSource(src: string, file: string): { messages: Array<{ key: string; where: string }>; problems: unknown[] };
}
const { tokenize, literalValue, scanSource } = require(path.join(root, 'scripts', 'l10n-extract.ts')) as Extractor;

/** Headline limits (characters, not bytes): one Problems row. */
const LIMIT = { en: 100, 'zh-cn': 50 } as const;
/**
 * Quick-fix titles name a container, a path and a list of containers; the light-bulb menu is
 * wider than a Problems row, but a title still has to fit in it.
 */
const TITLE_LIMIT = { en: 100, 'zh-cn': 70 } as const;
const LOCALES = ['en', 'zh-cn'] as const;

const chinese = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const length = (s: string): number => [...s].length;

function markdownIn(s: string): string | null {
  if (s.includes('`')) return 'a backtick';
  if (s.includes('**')) return '**';
  if (/\r|\n/.test(s)) return 'a line break';
  if (s.trim() !== s || s.trim() === '') return 'blank or padded';
  return null;
}

// ── every finding the inputs give ───────────────────────────────────────────────────────────────

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const inputs = [
  ...yamlFiles(path.join(root, 'test', 'fixtures')),
  ...yamlFiles(path.join(root, 'examples')),
  ...yamlFiles(path.join(root, 'test', 'integration', 'workspace')),
  ...yamlFiles(path.join(root, '..', 'shared', 'corpus')),
];

function settingsFor(text: string): { kubernetesVersion?: string } {
  const m = /^#\s*kubernetesVersion:\s*(\S+)/m.exec(text);
  return m ? { kubernetesVersion: m[1] } : {};
}

describe('every headline the rules produce', () => {
  for (const locale of LOCALES) {
    test(`${locale}: headlines, related messages and fix titles of every fixture, example and corpus manifest`, () => {
      useLocale(locale);
      try {
        const problems: string[] = [];
        let findings = 0;
        let titles = 0;
        for (const file of inputs) {
          const text = fs.readFileSync(file, 'utf8');
          const analysis = analyze(text, settingsFor(text));
          const where = (what: string, s: string): string => `${path.relative(root, file)}: ${what} ${JSON.stringify(s)}`;
          for (const f of analysis.findings) {
            findings++;
            const md = markdownIn(f.message);
            if (md) problems.push(where(`${f.rule} headline has ${md}:`, f.message));
            if (length(f.message) > LIMIT[locale]) problems.push(where(`${f.rule} headline is ${length(f.message)} > ${LIMIT[locale]} characters:`, f.message));
            if (!f.detail?.trim()) problems.push(where(`${f.rule} has no detail for`, f.message));
            else if (f.detail === f.message) problems.push(where(`${f.rule} detail repeats the headline:`, f.message));
            for (const r of f.related) {
              const rmd = markdownIn(r.message);
              if (rmd) problems.push(where(`${f.rule} related message has ${rmd}:`, r.message));
              if (length(r.message) > LIMIT[locale] + 20) problems.push(where(`${f.rule} related message is too long:`, r.message));
            }
            for (const fix of fixesFor(text, analysis, f)) {
              titles++;
              const tmd = markdownIn(fix.title);
              if (tmd) problems.push(where(`${f.rule} fix title has ${tmd}:`, fix.title));
              if (length(fix.title) > TITLE_LIMIT[locale])
                problems.push(where(`${f.rule} fix title is ${length(fix.title)} > ${TITLE_LIMIT[locale]}:`, fix.title));
            }
          }
        }
        assert.ok(findings > 150 && titles > 150, `only ${findings} findings and ${titles} fix titles checked`);
        assert.deepEqual(problems, []);
      } finally {
        useLocale('en');
      }
    });
  }

  test('Chinese headlines really are Chinese', () => {
    useLocale('zh-cn');
    try {
      const text = fs.readFileSync(path.join(root, 'examples', 'web-api-server-rejects.yaml'), 'utf8');
      const found = analyze(text, settingsFor(text)).findings;
      assert.ok(found.length > 3);
      for (const f of found) assert.match(f.message, /[\u4e00-\u9fff]/, f.message);
    } finally {
      useLocale('en');
    }
  });
});

// ── the catalogue: what a headline can say, with realistic names filled in ──────────────────────

type Role = 'headline' | 'detail' | 'title' | 'fragment';

/**
 * The `t()` calls of one rule or fix module, each with its role: the value of a `message:` property
 * (or of a `const message =`, or returned by a function whose name says headline) is a headline,
 * `detail:` a detail; in a fix module every top-level `t()` is a title. A `t()` nested in another
 * call's arguments is a fragment of a longer text, checked through the findings above.
 */
function classify(src: string, fixModule: boolean): Array<{ key: string; role: Role }> {
  const tokens = tokenize(src);
  const out: Array<{ key: string; role: Role }> = [];
  // the property or variable each bracket depth is giving a value to
  const owner: Array<string | null> = [null];
  let depth = 0;
  let fn: string | null = null;
  let tDepth = Infinity; // depth of the innermost t( argument list we are in
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (tok.kind === 'punct' && ['(', '[', '{'].includes(tok.text)) {
      depth++;
      owner[depth] = null;
      continue;
    }
    if (tok.kind === 'punct' && [')', ']', '}'].includes(tok.text)) {
      if (depth === tDepth) tDepth = Infinity;
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (tok.kind === 'punct' && tok.text === ';') owner[depth] = null;
    if (tok.kind === 'name' && prev?.text === 'function') fn = tok.text;
    if (tok.kind === 'name' && next?.text === ':' && (prev?.text === '{' || prev?.text === ',')) owner[depth] = tok.text;
    if (tok.kind === 'name' && next?.text === '=' && (prev?.text === 'const' || prev?.text === 'let')) owner[depth] = tok.text;
    if (tok.kind === 'name' && tok.text === 'return') owner[depth] = fn && /headline/i.test(fn) ? 'message' : null;
    if (tok.kind !== 'name' || tok.text !== 't' || next?.text !== '(' || prev?.text === 'function' || prev?.text === '.') continue;
    const arg = tokens[k + 2];
    if (!arg || !(arg.kind === 'string' || (arg.kind === 'template' && !arg.substitutions))) continue;
    const key = literalValue(arg);
    let role: Role = 'fragment';
    if (depth < tDepth) {
      if (fixModule) role = 'title';
      else if (owner[depth] === 'message') role = 'headline';
      else if (owner[depth] === 'detail') role = 'detail';
    }
    out.push({ key, role });
    if (depth + 1 < tDepth) tDepth = depth + 1;
  }
  return out;
}

function moduleFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

const ruleModules = moduleFiles(path.join(root, 'server', 'src', 'analysis', 'rules'));
const fixModules = moduleFiles(path.join(root, 'server', 'src', 'analysis', 'fixes'));
const catalogue = [
  ...ruleModules.flatMap((f) => classify(fs.readFileSync(f, 'utf8'), false).map((c) => ({ ...c, file: path.relative(root, f) }))),
  ...fixModules.flatMap((f) => classify(fs.readFileSync(f, 'utf8'), true).map((c) => ({ ...c, file: path.relative(root, f) }))),
];

/** A realistic name, 8 characters (container names in the examples average 9, ports and versions 4), for every placeholder. */
const FILLER = 'fetch-db';
const fill = (s: string): string => s.replace(/\{\d+\}/g, FILLER);

describe('the headline catalogue', () => {
  test('the classifier finds the headlines, details and titles', () => {
    const roles = (role: Role): string[] => catalogue.filter((c) => c.role === role).map((c) => c.key);
    assert.ok(roles('headline').length >= 60, `${roles('headline').length} headlines`);
    assert.ok(roles('detail').length >= 40, `${roles('detail').length} details`);
    assert.ok(roles('title').length >= 20, `${roles('title').length} titles`);
    assert.ok(roles('headline').includes('Container name "{0}" is already used: the API server rejects the Pod'));
    assert.ok(roles('headline').includes('"{0}" is first used here.'), 'related messages are headlines too');
    assert.ok(roles('headline').includes('Init container "{0}" never exits (runs {1}): the Pod stays in {2}'), 'a headline function');
    assert.ok(roles('detail').some((k) => k.startsWith('The API server rejects this Pod: {0}: Duplicate value')));
    assert.ok(roles('fragment').includes('Values are case-sensitive: write `{0}`.'), 'a piece of a detail is a fragment');
    assert.ok(roles('title').includes('Rename container "{0}" to "{1}"'));
  });

  for (const locale of LOCALES) {
    test(`${locale}: every headline and title fits with realistic names and has no Markdown`, () => {
      const problems: string[] = [];
      for (const c of catalogue) {
        if (c.role !== 'headline' && c.role !== 'title') continue;
        const text = locale === 'en' ? c.key : chinese[c.key];
        if (text === undefined) {
          problems.push(`${c.file}: no zh-cn translation of ${JSON.stringify(c.key)}`);
          continue;
        }
        const filled = fill(text);
        const limit = c.role === 'title' ? TITLE_LIMIT[locale] : LIMIT[locale];
        const md = markdownIn(filled);
        if (md) problems.push(`${c.file}: ${c.role} has ${md}: ${JSON.stringify(text)}`);
        if (length(filled) > limit) problems.push(`${c.file}: ${c.role} is ${length(filled)} > ${limit} with names filled in: ${JSON.stringify(filled)}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('the test fails on a headline that is too long or has a backtick (self-check)', () => {
    const bad = classify(
      "report({ range, message: t('`{0}` is a very long headline that goes on and on about what happens when the Pod starts and never stops', x), detail: t('ok') })",
      false,
    );
    assert.deepEqual(
      bad.map((b) => b.role),
      ['headline', 'detail'],
    );
    assert.equal(markdownIn(fill(bad[0].key)), 'a backtick');
    assert.ok(length(fill(bad[0].key)) > LIMIT.en);
  });
});

// ── no Markdown where Markdown is not rendered ──────────────────────────────────────────────────

describe('no Markdown where it is not rendered', () => {
  /**
   * Where a person reads plain text: notifications and the timeline panel (client), the webview,
   * the CLI, the timeline model the webview shows, `.initlens.yaml` problems, the file-too-large
   * diagnostic, renames. Hovers (analysis/hover.ts), rule details and rule summaries are Markdown.
   */
  const PLAIN = [
    'client/src',
    'media',
    'server/src/cli.ts',
    'server/src/analysis/timeline.ts',
    'server/src/analysis/settings.ts',
    'server/src/analysis/navigation.ts',
    'server/src/configFile.ts',
    'server/src/features/diagnostics.ts',
    'server/src/features/codeActions.ts',
    'server/src/features/timeline.ts',
  ];
  const files = PLAIN.flatMap((p) => {
    const abs = path.join(root, p);
    if (!fs.existsSync(abs)) return [];
    return fs.statSync(abs).isDirectory()
      ? moduleFiles(abs).concat(
          fs
            .readdirSync(abs)
            .filter((f) => f.endsWith('.js'))
            .map((f) => path.join(abs, f)),
        )
      : [abs];
  });

  for (const locale of LOCALES) {
    test(`${locale}: plain-text messages have no backticks or **`, () => {
      const problems: string[] = [];
      for (const file of files) {
        for (const m of scanSource(fs.readFileSync(file, 'utf8'), path.relative(root, file)).messages) {
          const text = locale === 'en' ? m.key : (chinese[m.key] ?? '');
          if (text.includes('`') || text.includes('**')) problems.push(`${m.where}: ${JSON.stringify(text)}`);
        }
      }
      assert.deepEqual(problems, []);
    });

    test(`${locale}: CLI text output, --verbose and --list-rules show no backticks`, () => {
      let out = '';
      const io = { stdout: (s: string) => void (out += s), stderr: () => undefined, cwd: root, env: { LANG: 'C' } };
      runCli(['--lang', locale, '--verbose', 'examples'], io);
      runCli(['--lang', locale, '--list-rules'], io);
      useLocale('en');
      assert.ok(out.split('\n').length > 60);
      assert.doesNotMatch(out, /`/);
    });
  }

  test('plainText: code spans lose their backticks, quoted when they hold several words', () => {
    assert.equal(plainText('Add `restartPolicy: Always` to `istio-proxy`.'), 'Add "restartPolicy: Always" to istio-proxy.');
    assert.equal(plainText('a stray ` backtick'), "a stray ' backtick");
  });

  test('clip, clipMiddle and shortPath keep headlines short without losing what matters', () => {
    assert.equal(clip('short'), 'short');
    assert.equal(clip('x'.repeat(40), 10), 'xxxxxxxxx…');
    assert.equal(clipMiddle('this-name-is-far-too-long-for-a-kubernetes-container-name', 21), 'this-name-…ainer-name');
    assert.equal(shortPath('/usr/share/nginx/html/index.html'), '…/nginx/html/index.html');
    assert.equal(shortPath('/etc/app.conf'), '/etc/app.conf');
  });
});
