// Writes the rule registry into the extension manifest: one `initlens.rules` property per rule (so
// the Settings editor and settings.json completion list every rule id with its summary), and the
// summaries into package.nls.json. Run after adding or renaming a rule:  npm run sync-manifest
// (test/unit/manifest.test.ts fails while the manifest and the registry disagree).
// The Chinese summaries in package.nls.zh-cn.json come from the message bundle
// l10n/bundle.l10n.zh-cn.json, where every rule summary is a message (keyed by its English text,
// put there by `npm run l10n`); a summary without a translation is written in English and reported.
// Only the keys it owns are touched; everything else in package.json is left as it is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/analysis';

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');

const RULE_VALUES = ['error', 'warning', 'info', 'off'];

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
}

const pkg = readJson('package.json');
const nls = readJson('package.nls.json');
const ZH_NLS = 'package.nls.zh-cn.json';
const zhNls = fs.existsSync(path.join(root, ZH_NLS)) ? readJson(ZH_NLS) : {};
const zhBundle = readJson(path.join('l10n', 'bundle.l10n.zh-cn.json')) as Record<string, unknown>;

type Json = Record<string, any>;
const properties = ((pkg.contributes as Json)?.configuration as Json)?.properties as Json | undefined;
const rulesSetting = properties?.['initlens.rules'] as Json | undefined;
if (!rulesSetting) {
  console.error('package.json has no contributes.configuration.properties["initlens.rules"]');
  process.exit(2);
}

const ruleProps: Json = {};
const nlsOut: Record<string, unknown> = {};
const zhOut: Record<string, unknown> = {};
for (const [k, v] of Object.entries(nls)) if (!k.startsWith('config.rules.rule.')) nlsOut[k] = v;
for (const [k, v] of Object.entries(zhNls)) if (!k.startsWith('config.rules.rule.')) zhOut[k] = v;
const untranslated: string[] = [];
for (const rule of [...allRules].sort((a, b) => a.id.localeCompare(b.id))) {
  const key = `config.rules.rule.${rule.id}`;
  ruleProps[rule.id] = { type: 'string', enum: RULE_VALUES, default: rule.defaultSeverity, markdownDescription: `%${key}%` };
  nlsOut[key] = rule.summary;
  const zh = zhBundle[rule.summary];
  if (typeof zh === 'string' && zh) zhOut[key] = zh;
  else {
    zhOut[key] = rule.summary;
    untranslated.push(rule.id);
  }
}
if (untranslated.length) {
  console.error(`no Chinese summary yet for ${untranslated.join(', ')}: run \`npm run l10n\` and translate it in l10n/bundle.l10n.zh-cn.json`);
}

const before = JSON.stringify(rulesSetting.properties ?? {}) + JSON.stringify(nls) + JSON.stringify(zhNls);
rulesSetting.properties = ruleProps;
const after = JSON.stringify(rulesSetting.properties) + JSON.stringify(nlsOut) + JSON.stringify(zhOut);

if (check) {
  if (before !== after) {
    console.error('package.json / package.nls.json / package.nls.zh-cn.json are out of date with the rule registry: run `npm run sync-manifest`.');
    process.exit(1);
  }
} else if (before !== after) {
  // each file only when its own part changed (package.json is shared with other edits)
  const write = (file: string, data: unknown): void => {
    const text = JSON.stringify(data, null, 2) + '\n';
    const full = path.join(root, file);
    if (!fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== text) fs.writeFileSync(full, text);
  };
  write('package.json', pkg);
  write('package.nls.json', nlsOut);
  write(ZH_NLS, zhOut);
  console.log(`initlens.rules: ${Object.keys(ruleProps).length} rules written to package.json, package.nls.json and ${ZH_NLS}`);
}
