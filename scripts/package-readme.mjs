#!/usr/bin/env node
// The README that goes into the .vsix: README.md with its pictures inlined as data: URIs, written to
// dist/README.md for `vsce package --readme-path`. VS Code's page of an installed extension loads only
// https: and data: images and resolves relative paths against its own webview document, so the
// repository's relative picture paths show alt text there (test/e2e/pictures.mjs checks that page).
// Once package.json has a public `repository`, vsce can rewrite the paths to https URLs instead.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/** README text with every local picture (markdown image with a relative path) inlined. */
export function inlinePictures(markdown, baseDir) {
  const sources = new Set();
  const visit = (tokens) => {
    for (const tok of tokens) {
      if (tok.type === 'image') {
        const src = tok.attrGet('src') ?? '';
        if (!/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('/')) sources.add(src);
      }
      if (tok.children) visit(tok.children);
    }
  };
  visit(new MarkdownIt().parse(markdown, {}));
  let out = markdown;
  for (const src of sources) {
    const type = TYPES[extname(src).toLowerCase()];
    if (!type) throw new Error(`README picture ${src}: only ${Object.keys(TYPES).join(', ')} can be inlined (vsce refuses SVG)`);
    const data = readFileSync(join(baseDir, decodeURI(src))).toString('base64');
    out = out.split(`](${src})`).join(`](data:${type};base64,${data})`);
  }
  return { text: out, inlined: [...sources] };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { text, inlined } = inlinePictures(readFileSync(join(root, 'README.md'), 'utf8'), root);
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'README.md'), text);
  process.stderr.write(`[package-readme] dist/README.md with ${inlined.length} pictures inlined\n`);
}
