/** The images a Markdown file shows (parsed with markdown-it, as the Marketplace and VS Code do). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';

const root = path.resolve(__dirname, '..', '..');

/** In order, with the index of the top-level block each is in and whether it comes before the first `##`. */
export function imagesOf(file: string): { src: string; block: number; beforeFirstSection: boolean }[] {
  const tokens = new MarkdownIt({ html: true }).parse(fs.readFileSync(path.join(root, file), 'utf8'), {});
  const out: { src: string; block: number; beforeFirstSection: boolean }[] = [];
  let sectionSeen = false;
  let block = 0;
  for (const tok of tokens) {
    if (tok.type === 'heading_open' && tok.tag === 'h2') sectionSeen = true;
    if (tok.level === 0 && tok.nesting !== -1) block++;
    for (const child of tok.children ?? []) {
      if (child.type === 'image') out.push({ src: child.attrGet('src') ?? '', block, beforeFirstSection: !sectionSeen });
    }
  }
  return out;
}
