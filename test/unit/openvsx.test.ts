/**
 * The package can be published to Open VSX as well as the Marketplace. `ovsx` has no offline check
 * (`ovsx verify` compares a .vsix with the registry's signature, online), so this test applies the
 * rules the Open VSX server and the `ovsx` client check on upload, to the manifest as the package
 * ships it (with the `%key%` texts resolved from package.nls.json) and to the file list:
 *   - client: `publisher`, `name` and `version` present; a license (`license` or a LICENSE file);
 *   - server (ExtensionValidator): namespace and name of `[\w\-+$~]+`, at most 255 characters; a
 *     version of letters, digits and `$+-,.:;_`, not a reserved word; no control or format characters
 *     in displayName, description, categories, keywords, license; field sizes (255, description
 *     2048, galleryBanner.color 16); galleryBanner.theme dark|light; markdown github|standard;
 *     qna marketplace|false|URL; repository, homepage and bugs are URLs with a host when present.
 * Plus what both registries need to show the page: `engines.vscode`, README, CHANGELOG and LICENSE in
 * the package, and a PNG icon (SVG icons are refused).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { imagesOf } from '../helpers/markdownImages';
// @ts-expect-error: a plain .mjs script without type declarations
import { inlinePictures } from '../../scripts/package-readme.mjs';

const root = path.resolve(__dirname, '..', '..');
const raw = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** A manifest string as the registry reads it: `%key%` resolved from package.nls.json. */
const text = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const m = /^%(.+)%$/.exec(v);
  return m ? nls[m[1]] : v;
};
const NAME = /^[\w\-+$~]+$/;

function badCharacter(value: string): number {
  // Java's Character.getType: CONTROL (Cc), FORMAT (Cf), UNASSIGNED (Cn), PRIVATE_USE (Co), LINE/PARAGRAPH_SEPARATOR (Zl, Zp)
  return [...value].findIndex((c) => /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u.test(c));
}

function isUrl(value: string): boolean {
  try {
    return new URL(value.replace(/^git\+/, '')).host !== '';
  } catch {
    return false;
  }
}

test('namespace (publisher), name and version pass the Open VSX validator', () => {
  for (const field of ['publisher', 'name']) {
    const v = raw[field];
    assert.ok(typeof v === 'string' && v.length > 0 && v.length <= 255, `${field} missing or too long`);
    assert.match(v, NAME, `${field} "${v}" has characters Open VSX refuses`);
  }
  const version = raw.version as string;
  assert.ok(version && !['latest', 'pre-release', 'reviews'].includes(version));
  assert.match(version, /^[\p{L}\p{N}$+\-,.:;_]+$/u);
  assert.match(version, /^\d+\.\d+\.\d+/, 'vsce wants semver');
});

test('texts have no control characters and fit the Open VSX field sizes', () => {
  const fields: [string, string | undefined, number][] = [
    ['displayName', text(raw.displayName), 255],
    ['description', text(raw.description), 2048],
    ['license', text(raw.license), 255],
    ['galleryBanner.color', text((raw.galleryBanner as { color?: string } | undefined)?.color), 16],
    ...((raw.categories as string[]) ?? []).map((c): [string, string, number] => ['categories', c, 255]),
    ...((raw.keywords as string[]) ?? []).map((k): [string, string, number] => ['keywords', k, 255]),
  ];
  assert.ok(text(raw.displayName), 'displayName resolves to a text');
  assert.ok(text(raw.description), 'description resolves to a text');
  for (const [field, value, limit] of fields) {
    if (value === undefined) continue;
    assert.equal(badCharacter(value), -1, `a control or format character in ${field}: ${JSON.stringify(value)}`);
    assert.ok(value.length <= limit, `${field} is longer than ${limit} characters`);
  }
  // the Marketplace shows at most 30 keywords (vsce refuses more)
  assert.ok(((raw.keywords as string[]) ?? []).length <= 30);
});

test('enumerated and URL fields hold values Open VSX accepts', () => {
  const banner = raw.galleryBanner as { theme?: string } | undefined;
  if (banner?.theme) assert.ok(['dark', 'light'].includes(banner.theme), 'galleryBanner.theme');
  if (raw.markdown) assert.ok(['github', 'standard'].includes(raw.markdown as string), 'markdown');
  if (raw.qna !== undefined && raw.qna !== false) assert.ok(raw.qna === 'marketplace' || isUrl(String(raw.qna)), 'qna');
  const repo = typeof raw.repository === 'string' ? raw.repository : (raw.repository as { url?: string } | undefined)?.url;
  const bugs = typeof raw.bugs === 'string' ? raw.bugs : (raw.bugs as { url?: string } | undefined)?.url;
  for (const [field, value] of [
    ['repository', repo],
    ['homepage', raw.homepage as string | undefined],
    ['bugs', bugs],
  ] as const) {
    if (value !== undefined) assert.ok(isUrl(value) && value.length <= 255, `${field} is not a URL Open VSX accepts: ${value}`);
  }
});

test('license, engine, icon and the pages the registries show are in the package', () => {
  assert.ok(text(raw.license), 'no license field (ovsx asks for one, or for a LICENSE file)');
  const engines = raw.engines as { vscode?: string } | undefined;
  assert.match(engines?.vscode ?? '', /^\^?\d+\.\d+\.\d+$/, 'engines.vscode');
  const icon = raw.icon as string;
  assert.match(icon, /\.png$/, 'the icon must be a PNG (SVG icons are refused)');
  assert.equal(fs.readFileSync(path.join(root, icon)).subarray(1, 4).toString('latin1'), 'PNG');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set(r.stdout.split('\n').map((l) => l.trim()));
  for (const f of ['package.json', 'CHANGELOG.md', 'LICENSE', icon, 'package.nls.json']) assert.ok(files.has(f), `${f} is not in the package`);
  // README.md goes in through `--readme-path dist/README.md` with its pictures inlined (VS Code's
  // page of an installed extension loads only https: and data: images and resolves relative paths
  // against its own document, so relative pictures show alt text there)
  const scripts = raw.scripts as Record<string, string>;
  assert.match(scripts.package, /node scripts\/package-readme\.mjs && vsce package .*--readme-path dist\/README\.md/);
  const { inlined, text: packed } = inlinePictures(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), root);
  const local = imagesOf('README.md').filter((i) => !/^[a-z]+:/.test(i.src));
  assert.ok(local.length > 0, 'the README shows pictures');
  assert.deepEqual([...inlined].sort(), [...new Set(local.map((i) => i.src))].sort());
  for (const i of local) assert.ok(!packed.includes(`](${i.src})`), `${i.src} is still a relative path in the packed README`);
  assert.ok(Buffer.byteLength(packed) < 1_000_000, 'the packed README stays under 1 MB');
  // the Chinese README keeps relative paths: its pictures ship at them
  for (const readme of ['docs/zh-cn/README.md']) {
    assert.ok(files.has(readme), `${readme} is not in the package`);
    for (const img of imagesOf(readme).filter((i) => !/^[a-z]+:/.test(i.src))) {
      const rel = path.posix.normalize(path.posix.join(path.posix.dirname(readme), img.src));
      assert.ok(files.has(rel), `.vscodeignore leaves ${rel} (shown by ${readme}) out of the package`);
    }
  }
});
