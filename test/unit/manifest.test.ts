/**
 * The extension manifest agrees with the code: every rule is listed under `initlens.rules` with its
 * default severity and a summary in package.nls.json (regenerate with `npm run sync-manifest`),
 * every `%key%` placeholder has an English text, and the manifest wires the bundles and the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/analysis';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as any;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const SYNC = 'run `npm run sync-manifest`';

test('initlens.rules lists exactly the rules of the registry, with their default severity', () => {
  const props = pkg.contributes.configuration.properties['initlens.rules'].properties as Record<string, { default: string; markdownDescription: string }>;
  assert.deepEqual(Object.keys(props).sort(), allRules.map((r) => r.id).sort(), SYNC);
  for (const rule of allRules) {
    assert.equal(props[rule.id].default, rule.defaultSeverity, `${rule.id}: ${SYNC}`);
    assert.equal(nls[`config.rules.rule.${rule.id}`], rule.summary, `${rule.id}: ${SYNC}`);
  }
});

test('every %placeholder% in package.json has an English text in package.nls.json', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 5);
  for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k].length > 0, `package.nls.json lacks "${k}"`);
});

test('the manifest wires the bundles, activation, commands and the CLI', () => {
  assert.equal(pkg.main, './dist/extension.js');
  assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml']);
  assert.equal(pkg.bin.initlens, 'bin/initlens.js');
  const commands = (pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command);
  assert.ok(commands.includes('initlens.restartServer') && commands.includes('initlens.showOutput'));
  const props = pkg.contributes.configuration.properties;
  for (const k of ['initlens.kubernetesVersion', 'initlens.rules', 'initlens.maxFileSize', 'initlens.trace.server']) assert.ok(props[k], k);
  assert.match('1.33', new RegExp(props['initlens.kubernetesVersion'].pattern));
  assert.doesNotMatch('latest', new RegExp(props['initlens.kubernetesVersion'].pattern));
  // No default value: an unset setting must reach the server as unset, so that yaml.kubernetesVersion
  // and InitLens's own default (with versionSource 'default') apply.
  assert.equal(props['initlens.kubernetesVersion'].default, '');
  assert.match('', new RegExp(props['initlens.kubernetesVersion'].pattern));
});
