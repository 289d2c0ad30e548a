/**
 * Renders Markdown the way an editor would and lists what user text must never produce: links,
 * images and raw HTML (InitLens writes none of them in hovers or completion documentation).
 *
 * The renderer is markdown-it (a dev dependency, the version @vscode/vsce already brings): it
 * follows CommonMark, has the GFM tables the hovers use, and with `linkify` it autolinks bare URLs
 * as VS Code's hover renderer does — so a bare `https://…` that escaped a code span is caught too.
 * `html: true` makes raw HTML show up as html tokens instead of being silently escaped.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: true, linkify: true });

interface Tok {
  type: string;
  content: string;
  attrs: Array<[string, string]> | null;
  children: Tok[] | null;
}

/** Each link, image or piece of raw HTML in the rendered Markdown, described. */
export function renderedProblems(markdown: string): string[] {
  const out: string[] = [];
  const walk = (tokens: Tok[]): void => {
    for (const t of tokens) {
      if (t.type === 'link_open') out.push(`link ${t.attrs?.find((a) => a[0] === 'href')?.[1] ?? ''}`);
      else if (t.type === 'image') out.push(`image ${t.attrs?.find((a) => a[0] === 'src')?.[1] ?? ''}`);
      else if (t.type === 'html_inline' || t.type === 'html_block') out.push(`html ${t.content.trim()}`);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}) as unknown as Tok[]);
  return out;
}

/** The rendered HTML (for messages). */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}
