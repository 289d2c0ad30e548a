// Writes the rule registry into the extension manifest: one `initlens.rules` property per rule (so
// the Settings editor and settings.json completion list every rule id with its summary), and the
// summaries into package.nls.json. Run after adding or renaming a rule:  npm run sync-manifest
// (test/unit/manifest.test.ts fails while the manifest and the registry disagree).
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

type Json = Record<string, any>;
const properties = ((pkg.contributes as Json)?.configuration as Json)?.properties as Json | undefined;
const rulesSetting = properties?.['initlens.rules'] as Json | undefined;
if (!rulesSetting) {
  console.error('package.json has no contributes.configuration.properties["initlens.rules"]');
  process.exit(2);
}

const ruleProps: Json = {};
const nlsOut: Record<string, unknown> = {};
for (const [k, v] of Object.entries(nls)) if (!k.startsWith('config.rules.rule.')) nlsOut[k] = v;
for (const rule of [...allRules].sort((a, b) => a.id.localeCompare(b.id))) {
  const key = `config.rules.rule.${rule.id}`;
  ruleProps[rule.id] = { type: 'string', enum: RULE_VALUES, default: rule.defaultSeverity, markdownDescription: `%${key}%` };
  nlsOut[key] = rule.summary;
}

const before = JSON.stringify(rulesSetting.properties ?? {}) + JSON.stringify(nls);
rulesSetting.properties = ruleProps;
const after = JSON.stringify(rulesSetting.properties) + JSON.stringify(nlsOut);

if (check) {
  if (before !== after) {
    console.error('package.json / package.nls.json are out of date with the rule registry: run `npm run sync-manifest`.');
    process.exit(1);
  }
} else if (before !== after) {
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  fs.writeFileSync(path.join(root, 'package.nls.json'), JSON.stringify(nlsOut, null, 2) + '\n');
  console.log(`initlens.rules: ${Object.keys(ruleProps).length} rules written to package.json and package.nls.json`);
}
