/**
 * Where the files shipped beside the code live (docs pages, l10n bundles, package.json). The code
 * runs from `dist/*.js` when bundled and from `server/src/*.ts` under tsx (tests); both find the
 * extension root by walking up to InitLens's package.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let root: string | undefined;

/** The folder holding InitLens's package.json (the extension / repository root). */
export function extensionRoot(): string {
  if (root !== undefined) return root;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const manifest = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (pkg.name === 'initlens') return (root = dir);
    } catch {
      // not here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (root = path.resolve(__dirname, '..'));
}

/** InitLens's version from package.json. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(extensionRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * The file URI of a rule's docs page: `docs/zh-cn/rules/<id>.md` for a Chinese display language when
 * that page exists, `docs/rules/<id>.md` otherwise.
 */
export function ruleDocsUri(ruleId: string, locale = 'en'): string {
  const base = extensionRoot();
  if (isChinese(locale)) {
    const zh = path.join(base, 'docs', 'zh-cn', 'rules', `${ruleId}.md`);
    if (fs.existsSync(zh)) return pathToFileURL(zh).toString();
  }
  return pathToFileURL(path.join(base, 'docs', 'rules', `${ruleId}.md`)).toString();
}

export function isChinese(locale: string): boolean {
  return /^zh(-cn|-hans|$)/i.test(locale.trim());
}
