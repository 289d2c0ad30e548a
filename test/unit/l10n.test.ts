/**
 * Simplified Chinese beside English: the message catalogues are complete and consistent with the
 * sources, and the server analysis, hovers, timeline and CLI actually speak Chinese for zh-cn.
 *
 *   - l10n/bundle.l10n.json is what `npm run l10n` (scripts/l10n-extract.ts) makes of the sources
 *     today: a new or changed t() text without a re-run fails here;
 *   - every message (server, CLI, client, webview, rule summaries) has a zh-cn translation with the
 *     same placeholders, and every package.nls.json key has one in package.nls.zh-cn.json.
 */
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules, analyze } from '../../server/src/analysis';
import { hoverAt } from '../../server/src/analysis/hover';
import { getLocale, ruleSummary } from '../../server/src/analysis/i18n';
import { buildTimeline } from '../../server/src/analysis/timeline';
import { parseKubeVersion } from '../../server/src/analysis/version';
import { run, type CliIO } from '../../server/src/cli';
import { useLocale } from '../../server/src/l10n';
import { ruleDocsUri } from '../../server/src/paths';
import { built, root } from '../helpers/built';

// scripts/ is outside the type-checked projects: the extractor is loaded by path (tsx compiles it)
// and described here by the part this test uses.
interface Token {
  kind: string;
  text: string;
}
interface Extractor {
  extract(): { bundle: Record<string, string>; messages: Array<{ key: string; where: string }>; problems: Array<{ where: string; problem: string }> };
  scanSource(src: string, file: string): { messages: Array<{ key: string; where: string }>; problems: Array<{ where: string; problem: string }> };
  tokenize(src: string): Token[];
  literalValue(token: Token): string;
  placeholders(message: string): string[];
  serialize(bundle: Record<string, string>): string;
}
const { extract, literalValue, placeholders, scanSource, serialize, tokenize } = require(path.join(root, 'scripts', 'l10n-extract.ts')) as Extractor;

const readJson = (file: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
const HAN = /[\u4e00-\u9fff]/;

afterEach(() => void useLocale('en'));

describe('message catalogues', () => {
  const extracted = extract();
  const english = readJson('l10n/bundle.l10n.json');
  const chinese = readJson('l10n/bundle.l10n.zh-cn.json');

  test('every t() call has one string literal as its first argument', () => {
    assert.deepEqual(extracted.problems, []);
    assert.ok(extracted.messages.length > 300, `only ${extracted.messages.length} messages found`);
  });

  test('l10n/bundle.l10n.json is up to date with the sources (run `npm run l10n`)', () => {
    const current = fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8');
    const stale = Object.keys(extracted.bundle).filter((k) => !(k in english));
    const unused = Object.keys(english).filter((k) => !(k in extracted.bundle));
    assert.deepEqual({ stale, unused }, { stale: [], unused: [] }, 'run `npm run l10n`');
    assert.equal(current, serialize(extracted.bundle), 'run `npm run l10n`');
  });

  test('every rule summary is a message', () => {
    for (const r of allRules) assert.ok(r.summary in english, r.id);
  });

  test('every message has a zh-cn translation, with the same placeholders, and no translation is left over', () => {
    const missing = Object.keys(english).filter((k) => typeof chinese[k] !== 'string' || !chinese[k].trim());
    assert.deepEqual(missing, [], 'translate these in l10n/bundle.l10n.zh-cn.json');
    const placeholderMismatch = Object.keys(english).filter((k) => placeholders(chinese[k]).join() !== placeholders(k).join());
    assert.deepEqual(placeholderMismatch, [], 'a translation drops or adds a {n} placeholder');
    const leftOver = Object.keys(chinese).filter((k) => !(k in english));
    assert.deepEqual(leftOver, [], 'translations of messages no source uses any more');
  });

  test('translations are Chinese, keep backquoted field names and kubectl statuses verbatim', () => {
    const notChinese = Object.entries(chinese).filter(([k, v]) => HAN.test(k) === false && !HAN.test(v) && /[a-z]{3,} [a-z]{3,}/i.test(k));
    assert.deepEqual(
      notChinese.map(([k]) => k),
      [],
      'left in English',
    );
    for (const [k, v] of Object.entries(chinese)) {
      for (const status of k.match(/\b(?:Init:)?(?:CrashLoopBackOff|Error|BackoffLimitExceeded)\b/g) ?? []) {
        assert.ok(v.includes(status), `${status} is not kept verbatim in ${JSON.stringify(v)}`);
      }
      // API field names quoted in the English text stay in the translation (the rule names may move)
      for (const code of k.match(/`(?:restartPolicy|initContainers|startupProbe|volumeMounts|backoffLimit)[^`]*`/g) ?? []) {
        assert.ok(v.includes(code), `${code} is not kept in ${JSON.stringify(v)}`);
      }
    }
  });

  test('the API server error texts quoted in messages stay verbatim (English)', () => {
    for (const [k, v] of Object.entries(chinese)) {
      const api = /The API server rejects this [^:]+: \{\d\}: ([A-Za-z ]+: [^.]+?)(?:\.|$)/.exec(k);
      if (api) assert.ok(v.includes(api[1]), `API text ${JSON.stringify(api[1])} is not verbatim in ${JSON.stringify(v)}`);
    }
  });

  test('package.nls.zh-cn.json translates every key of package.nls.json, rule summaries from the bundle', () => {
    const nls = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(nls).sort(), 'run `npm run sync-manifest` after translating');
    for (const [k, v] of Object.entries(nls)) {
      assert.equal(placeholders(zh[k]).join(), placeholders(v).join(), k);
      if (k !== 'config.title') assert.match(zh[k], HAN, `${k} is not translated`);
    }
    for (const r of allRules) assert.equal(zh[`config.rules.rule.${r.id}`], chinese[r.summary], `${r.id}: run \`npm run sync-manifest\``);
  });

  test('the client, the timeline panel and the webview take their texts from the same bundle pair', () => {
    const files = fs
      .readdirSync(path.join(root, 'l10n'))
      .filter((f) => f.endsWith('.json'))
      .sort();
    assert.deepEqual(files, ['bundle.l10n.json', 'bundle.l10n.zh-cn.json']);
    const keys = new Set<string>();
    for (const file of ['client/src/timelinePanel.ts', 'client/src/commands.ts', 'media/timeline.js', 'media/timeline-chart.js', 'media/timeline-export.js']) {
      const r = scanSource(fs.readFileSync(path.join(root, file), 'utf8'), file);
      assert.deepEqual(r.problems, [], file);
      for (const m of r.messages) keys.add(m.key);
    }
    for (const k of ['Init Timeline', 'Copy as Mermaid', 'unknown length', 'InitLens: the server could not be restarted. See the InitLens output.']) {
      assert.ok(keys.has(k), k);
    }
    for (const k of keys) assert.ok(k in english && chinese[k], k);
    const panel = fs.readFileSync(path.join(root, 'client', 'src', 'timelinePanel.ts'), 'utf8');
    assert.match(panel, /vscode\.l10n\.bundle/);
    assert.match(panel, /id="initlens-l10n"/);
  });
});

describe('extractor tokenizer', () => {
  test('strings with escaped quotes, templates, regular expressions and comments', () => {
    const src = [
      "const a = t('It\\'s {0}', x); // t('in a comment')",
      'const b = t("say \\"hi\\" {0}", y) / 2 / 3;',
      "const r = /t\\('not a call'\\)/g.test(s) ? `${t('inside ${} template')}` : '';",
      "/* t('block comment') */ const c = l10n.t(`plain template`);",
      "const d = vscode.l10n.t('Client {0}', 1); const e = other.t('not ours');",
      'function t(message) { return message; }',
      "const f = t('a' + 'b'); const g = t(name);",
      "const h = t('line one\\nline two \\u00e9');",
    ].join('\n');
    const r = scanSource(src, 'x.ts');
    assert.deepEqual(
      r.messages.map((m) => m.key),
      ["It's {0}", 'say "hi" {0}', 'inside ${} template', 'plain template', 'Client {0}', 'line one\nline two é'],
    );
    assert.deepEqual(
      r.problems.map((p) => p.where),
      ['x.ts:7', 'x.ts:7'],
    );
  });

  test('division after a closing parenthesis is not a regular expression', () => {
    const tokens = tokenize("const x = (a) / b / c; t('after')");
    assert.ok(!tokens.some((tk) => tk.kind === 'regex'));
    assert.equal(literalValue(tokens[tokens.length - 2]), 'after');
  });
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
      command: ["sh", "-c", "sleep 5"]
  containers:
    - name: app
      image: nginx:1.27.0
`;

describe('Chinese at run time', () => {
  test('the server accepts zh-cn, zh-CN and zh-hans for the same catalogue; other locales fall back to English', () => {
    for (const l of ['zh-cn', 'zh-CN', 'zh-hans', 'zh-Hans', 'zh']) assert.equal(useLocale(l), 'zh-cn', l);
    for (const l of ['en', 'en-US', 'fr', 'zh-tw', '']) assert.equal(useLocale(l), 'en', l);
    assert.equal(getLocale(), 'en');
  });

  test('a rule message, its summary and a hover come out in Chinese for zh-cn', () => {
    useLocale('zh-CN');
    const finding = analyze(POD, {}).findings.find((f) => f.rule === 'invalid-container-name');
    assert.ok(finding);
    assert.equal(finding.message, '容器名“Init_DB”不是合法的 DNS 标签：只能用 a-z、0-9 和“-”');
    assert.match(finding.detail ?? '', /^API 服务器会拒绝此 Pod：spec\.initContainers\[0\]\.name: Invalid value: "Init_DB": /);
    assert.match(ruleSummary(allRules.find((r) => r.id === 'invalid-container-name')!), /API 服务器会拒绝该 Pod/);

    const hover = hoverAt(analyze(POD, {}), POD.indexOf('Init_DB') + 1, parseKubeVersion('1.33')!);
    assert.ok(hover);
    assert.match(hover.contents, /Init 容器/);
    assert.match(hover.contents, /`Init_DB`/);
    // the finding under the cursor: its Chinese explanation comes first
    assert.ok(hover.contents.startsWith('API 服务器会拒绝此 Pod：'), hover.contents);
    assert.match(hover.contents.replace(/\\([!-/:-@[-`{-~])/g, '$1'), /API 服务器会拒绝此 Pod：spec\.initContainers\[0\]\.name: Invalid value/);

    useLocale('en');
    const en = analyze(POD, {}).findings.find((f) => f.rule === 'invalid-container-name')!;
    assert.match(en.message, /^Container name "Init_DB" is not a valid DNS label/);
    assert.match(en.detail ?? '', /^The API server rejects this Pod/);
  });

  test('the timeline model (labels, durations, failure paths, Mermaid) comes out in Chinese', () => {
    useLocale('zh-cn');
    const model = buildTimeline(analyze(POD, {}));
    assert.ok(model);
    assert.equal(model.slots[0].duration.text, '5 秒');
    assert.equal(model.slots[1].label, '应用容器启动');
    assert.match(model.lanes[0].failure.summary, /Init:CrashLoopBackOff/);
    assert.match(model.lanes[0].failure.summary, HAN);
    assert.match(model.mermaid, /\(Init 容器\)/);
  });

  test('diagnostics link to the Chinese docs page for a Chinese locale when it exists', () => {
    for (const r of allRules) {
      const zhPage = fs.existsSync(path.join(root, 'docs', 'zh-cn', 'rules', `${r.id}.md`));
      for (const l of ['zh-cn', 'zh-CN', 'zh-hans']) {
        assert.match(ruleDocsUri(r.id, l), zhPage ? /\/docs\/zh-cn\/rules\/[a-z0-9-]+\.md$/ : /\/docs\/rules\/[a-z0-9-]+\.md$/, `${r.id} ${l}`);
      }
      assert.match(ruleDocsUri(r.id, 'en'), /\/docs\/rules\/[a-z0-9-]+\.md$/);
    }
  });
});

describe('CLI language', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-l10n-'));
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function cli(args: string[], env: Record<string, string | undefined>): { status: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: dir, env };
    const status = run(args, io);
    return { status, stdout, stderr };
  }

  test('--lang zh-cn prints messages, help and errors in Chinese', () => {
    const r = cli(['--lang', 'zh-cn', 'pod.yaml'], { LANG: 'C.UTF-8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^pod\.yaml:7:13 error invalid-container-name 容器名“Init_DB”不是合法的 DNS 标签/m);
    assert.match(cli(['--lang=zh-cn', '--help'], {}).stdout, /^用法：initlens \[选项\] PATH\.\.\.$/m);
    const bad = cli(['--lang', 'zh-cn', '--format', 'xml', 'pod.yaml'], {});
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, "initlens: --format 必须是 text、json 或 sarif，而不是“xml”\n请尝试 'initlens --help'。\n");
    assert.match(cli(['--lang', 'zh-cn', 'missing.yaml'], {}).stderr, /无法读取 missing\.yaml：文件或文件夹不存在/);
    assert.match(cli(['--lang', 'zh-cn', '--list-rules'], {}).stdout, /^invalid-container-name\s+error\s+容器名称不是 DNS-1123 标签/m);
  });

  test('the language defaults from LC_ALL, then LC_MESSAGES, then LANG (zh_CN.UTF-8 → zh-cn); --lang wins', () => {
    const zh = /不是合法的 DNS 标签/;
    assert.match(cli(['pod.yaml'], { LANG: 'zh_CN.UTF-8' }).stdout, zh);
    assert.match(cli(['pod.yaml'], { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }).stdout, zh);
    assert.doesNotMatch(cli(['pod.yaml'], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }).stdout, zh);
    assert.match(cli(['pod.yaml'], { LC_ALL: 'zh_CN.utf8', LANG: 'en_US.UTF-8' }).stdout, zh);
    assert.doesNotMatch(cli(['--lang', 'en', 'pod.yaml'], { LANG: 'zh_CN.UTF-8' }).stdout, zh);
    assert.doesNotMatch(cli(['pod.yaml'], { LANG: 'zh_TW.UTF-8' }).stdout, zh);
    assert.match(cli(['pod.yaml'], {}).stdout, /is not a valid DNS label/);
    // a bad --lang is reported in the environment's language
    assert.match(cli(['--lang', 'fr', 'pod.yaml'], { LANG: 'zh_CN.UTF-8' }).stderr, /--lang 必须是 en 或 zh-cn，而不是“fr”/);
  });

  test('SARIF rule descriptions and help links follow the language', () => {
    const sarif = JSON.parse(cli(['--lang', 'zh-cn', '--format', 'sarif', 'pod.yaml'], {}).stdout) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; helpUri: string }> } } }>;
    };
    const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'invalid-container-name')!;
    assert.match(rule.shortDescription.text, HAN);
    if (fs.existsSync(path.join(root, 'docs', 'zh-cn', 'rules', 'invalid-container-name.md')))
      assert.match(rule.helpUri, /zh-cn\/rules\/invalid-container-name\.md$/);
  });

  test('the built command prints Chinese with LANG=zh_CN.UTF-8', () => {
    const bin = path.join(root, 'bin', 'initlens.js');
    built('cli.js');
    const env = { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    const r = spawnSync(process.execPath, [bin, 'pod.yaml'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /容器名“Init_DB”不是合法的 DNS 标签/);
    const en = spawnSync(process.execPath, [bin, '--lang', 'en', 'pod.yaml'], { cwd: dir, env, encoding: 'utf8' });
    assert.match(en.stdout, /Container name "Init_DB" is not a valid DNS label/);
  });
});

test('braces in a message are placeholders ({0}) or literal empty maps ({}), never text @vscode/l10n would eat', () => {
  const english = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const bad = Object.keys(english).filter((k) => (k.match(/\{[^}]*\}/g) ?? []).some((m) => !/^\{(\d+)?\}$/.test(m)));
  assert.deepEqual(bad, []);
});
