/**
 * One registry (server/src/analysis/rules/index.ts), and everything that names a rule agrees with
 * it, in both directions: a rule lacking its docs pages (en, zh-cn), fixtures, message-catalogue
 * entries or manifest setting fails here, and so does any of those naming a rule that does not exist
 * (a renamed or deleted rule leaves no orphans). Fixes belong to their rule (`Rule.fixes`): no table
 * keyed by rule ids anywhere else in the analysis.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, analyze, findRule, ruleIds, type Rule } from '../../server/src/analysis';
import { fixesFor, rulesWithFixes } from '../../server/src/analysis/fixes';
import { fixtureVersions, readExpectations } from '../helpers/expect';

const root = path.resolve(__dirname, '..', '..');
const rel = (...p: string[]): string => path.join(root, ...p);
const readJson = <T>(...p: string[]): T => JSON.parse(fs.readFileSync(rel(...p), 'utf8')) as T;
const ids = allRules.map((r) => r.id);

function mdNames(dir: string): string[] {
  return fs
    .readdirSync(rel(dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort();
}

function sameSet(actual: Iterable<string>, what: string): void {
  const got = [...new Set(actual)].sort();
  const unknown = got.filter((x) => !ruleIds.has(x));
  const missing = ids.filter((x) => !got.includes(x));
  assert.deepEqual({ unknown, missing }, { unknown: [], missing: [] }, what);
}

describe('the registry', () => {
  test('is one flat list of distinct rules, each with an id, a severity, a summary and a check', () => {
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    for (const r of allRules) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
      assert.ok(['error', 'warning', 'info'].includes(r.defaultSeverity), r.id);
      assert.ok(r.summary.length > 10, r.id);
      assert.equal(typeof r.check, 'function', r.id);
      assert.equal(findRule(r.id), r);
    }
  });

  test('every rule object in server/src/analysis/rules/ is registered (none is written and forgotten)', () => {
    const dir = rel('server', 'src', 'analysis', 'rules');
    const exported: Rule[] = [];
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const mod = require(path.join(dir, f)) as Record<string, unknown>;
      for (const v of Object.values(mod)) {
        if (v && typeof v === 'object' && typeof (v as Rule).id === 'string' && typeof (v as Rule).check === 'function') exported.push(v as Rule);
      }
    }
    const unregistered = exported.filter((r) => !allRules.includes(r)).map((r) => r.id);
    assert.deepEqual(unregistered, []);
    // and each rule lives in the module named after it
    for (const r of allRules) assert.ok(fs.existsSync(path.join(dir, `${r.id}.ts`)), `rules/${r.id}.ts`);
  });
});

describe('everything that names a rule names one that exists, and every rule has all of it', () => {
  test('docs pages, English and Chinese', () => {
    sameSet(mdNames('docs/rules'), 'docs/rules/<id>.md');
    sameSet(mdNames('docs/zh-cn/rules'), 'docs/zh-cn/rules/<id>.md');
  });

  test('fixture folders with a firing and a passing fixture', () => {
    const folders = fs.readdirSync(rel('test', 'fixtures', 'rules')).filter((f) => fs.statSync(rel('test', 'fixtures', 'rules', f)).isDirectory());
    sameSet(folders, 'test/fixtures/rules/<id>/');
    for (const id of ids) {
      const files = fs.readdirSync(rel('test', 'fixtures', 'rules', id));
      assert.ok(files.some((f) => /^fires.*\.yaml$/.test(f)) && files.some((f) => /^passes.*\.yaml$/.test(f)), `${id}: fires*.yaml and passes*.yaml`);
    }
  });

  test('`# expect:` markers in any fixture name a rule that exists', () => {
    const unknown: string[] = [];
    const walk = (dir: string): void => {
      for (const f of fs.readdirSync(dir)) {
        const p = path.join(dir, f);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (f.endsWith('.yaml'))
          for (const e of readExpectations(fs.readFileSync(p, 'utf8'))) if (!ruleIds.has(e.rule)) unknown.push(`${path.relative(root, p)}: ${e.rule}`);
      }
    };
    walk(rel('test', 'fixtures'));
    assert.deepEqual(unknown, []);
  });

  test('package.json settings and their descriptions in package.nls.json / package.nls.zh-cn.json', () => {
    const pkg = readJson<{ contributes: { configuration: { properties: Record<string, { properties?: Record<string, unknown> }> } } }>('package.json');
    sameSet(Object.keys(pkg.contributes.configuration.properties['initlens.rules'].properties ?? {}), 'package.json initlens.rules');
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const keys = Object.keys(readJson<Record<string, string>>(file)).filter((k) => k.startsWith('config.rules.rule.'));
      sameSet(
        keys.map((k) => k.slice('config.rules.rule.'.length)),
        `${file} config.rules.rule.<id>`,
      );
    }
  });

  test('the message catalogues hold every rule summary', () => {
    const en = readJson<Record<string, string>>('l10n', 'bundle.l10n.json');
    const zh = readJson<Record<string, string>>('l10n', 'bundle.l10n.zh-cn.json');
    for (const r of allRules) {
      assert.ok(r.summary in en, `${r.id}: summary not in l10n/bundle.l10n.json (npm run l10n)`);
      assert.ok(typeof zh[r.summary] === 'string' && zh[r.summary].length > 0, `${r.id}: summary not translated in l10n/bundle.l10n.zh-cn.json`);
    }
  });

  test('the corpus baseline reviews findings of existing rules only', () => {
    const baseline = readJson<{ findings: Array<{ rule: string; file: string }> }>('test', 'corpus', 'baseline.json');
    assert.deepEqual(
      baseline.findings.filter((f) => !ruleIds.has(f.rule)).map((f) => `${f.file}: ${f.rule}`),
      [],
    );
  });

  test('docs/quick-fixes.md (both languages) lists the rules with fixes, then every other rule', () => {
    assert.ok(rulesWithFixes.length > 10);
    for (const [file, without] of [
      ['docs/quick-fixes.md', '## Rules without a fix'],
      ['docs/zh-cn/quick-fixes.md', '## 没有修复的规则'],
    ]) {
      const text = fs.readFileSync(rel(file), 'utf8');
      const cut = text.indexOf(without);
      assert.ok(cut > 0, `${file}: no "${without}" section`);
      const rows = (part: string): string[] => [...part.matchAll(/^\| `([a-z0-9-]+)`[^|]*\|/gm)].map((m) => m[1]);
      const withFix = rows(text.slice(0, cut));
      const withoutFix = rows(text.slice(cut));
      assert.deepEqual(
        [...withFix, ...withoutFix].filter((id) => !ruleIds.has(id)),
        [],
        `${file} lists a rule that does not exist`,
      );
      assert.deepEqual(
        rulesWithFixes.filter((id) => !withFix.includes(id)),
        [],
        `${file} misses a rule with fixes`,
      );
      assert.deepEqual(
        withFix.filter((id) => !rulesWithFixes.includes(id)),
        [],
        `${file} lists a fix for a rule that has none`,
      );
      assert.deepEqual(
        ids.filter((id) => !withFix.includes(id) && !withoutFix.includes(id)),
        [],
        `${file} says nothing of these rules`,
      );
    }
  });
});

describe('fixes belong to their rule', () => {
  test("every fix offered on a firing fixture is its finding's rule's, and every rule with fixes offers one somewhere", () => {
    const offered = new Set<string>();
    for (const id of ids) {
      const dir = rel('test', 'fixtures', 'rules', id);
      for (const f of fs.readdirSync(dir).filter((x) => /^fires.*\.yaml$/.test(x))) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        // the fixture's first target (`# kubernetesVersion: 1.36, 1.37` lists several)
        const v = fixtureVersions(text)[0];
        const settings = v ? { kubernetesVersion: v } : {};
        const analysis = analyze(text, settings);
        for (const finding of analysis.findings) {
          for (const fix of fixesFor(text, analysis, finding)) {
            assert.equal(fix.rule, finding.rule, `${id}/${f}: "${fix.title}"`);
            if (!fix.suppression) offered.add(fix.rule);
          }
        }
      }
    }
    assert.deepEqual(
      rulesWithFixes.filter((id) => !offered.has(id)),
      [],
      'rules whose fixes never produce an edit on their own fixtures',
    );
  });

  test("no module of the analysis outside a rule's own names a rule id (no tables keyed by rule ids)", () => {
    const src = rel('server', 'src', 'analysis');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const f of fs.readdirSync(dir)) {
        const p = path.join(dir, f);
        if (fs.statSync(p).isDirectory()) {
          walk(p);
          continue;
        }
        if (!f.endsWith('.ts')) continue;
        const own = path.dirname(p) === path.join(src, 'rules') ? f.slice(0, -3) : null;
        const code = fs.readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const id of ids) {
          if (id === own) continue;
          if (new RegExp(`['"\`]${id}['"\`]`).test(code)) offenders.push(`${path.relative(src, p)}: '${id}'`);
        }
      }
    };
    walk(src);
    assert.deepEqual(offenders, []);
  });
});
