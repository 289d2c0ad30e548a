/**
 * A small reader for VS Code's snippet syntax (the TextMate-style grammar documented under
 * "Snippet syntax"): tab stops `$1` / `${1}`, placeholders `${1:default}` (nested), choices
 * `${1|a,b|}`, the final stop `$0`, variables `$NAME` / `${NAME}` / `${NAME:default}` /
 * `${NAME/regex/format/flags}`, and the escapes `\$`, `\}`, `\\` (plus `\,` and `\|` inside a
 * choice). Used to expand a snippet with its defaults (tests, completion previews) and to re-indent
 * snippet bodies without breaking them. Pure: no VS Code.
 */

export type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children: SnippetNode[] | null }
  | { type: 'choice'; index: number; options: string[] }
  | { type: 'variable'; name: string; children: SnippetNode[] | null; transform: boolean };

export class SnippetSyntaxError extends Error {}

/** Parses a snippet body; throws `SnippetSyntaxError` on a malformed one (unclosed `${`, …). */
export function parseSnippet(body: string): SnippetNode[] {
  const p = new Reader(body);
  const nodes = p.sequence(false);
  if (p.pos < body.length) throw new SnippetSyntaxError(`unexpected "${body[p.pos]}" at ${p.pos}`);
  return nodes;
}

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  /** Reads until the end, or (inside a placeholder) until an unescaped `}`. */
  sequence(nested: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push({ type: 'text', value: text });
      text = '';
    };
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\') {
        const n = this.s[this.pos + 1];
        if (n === '$' || n === '}' || n === '\\') {
          text += n;
          this.pos += 2;
        } else {
          text += c;
          this.pos++;
        }
        continue;
      }
      if (c === '}' && nested) break;
      if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
          continue;
        }
        text += c;
        this.pos++;
        continue;
      }
      text += c;
      this.pos++;
    }
    flush();
    return out;
  }

  private dollar(): SnippetNode | null {
    const s = this.s;
    const start = this.pos;
    const next = s[start + 1];
    if (next === undefined) return null;
    if (/[0-9]/.test(next)) {
      const m = /^[0-9]+/.exec(s.slice(start + 1))!;
      this.pos = start + 1 + m[0].length;
      return { type: 'tabstop', index: Number(m[0]), children: null };
    }
    if (/[_a-zA-Z]/.test(next)) {
      const m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(s.slice(start + 1))!;
      this.pos = start + 1 + m[0].length;
      return { type: 'variable', name: m[0], children: null, transform: false };
    }
    if (next !== '{') return null;
    this.pos = start + 2;
    const num = /^[0-9]+/.exec(s.slice(this.pos));
    if (num) {
      const index = Number(num[0]);
      this.pos += num[0].length;
      const c = s[this.pos];
      if (c === '}') {
        this.pos++;
        return { type: 'tabstop', index, children: null };
      }
      if (c === ':') {
        this.pos++;
        const children = this.sequence(true);
        this.expect('}');
        return { type: 'tabstop', index, children };
      }
      if (c === '|') {
        this.pos++;
        const options = this.choiceOptions();
        return { type: 'choice', index, options };
      }
      if (c === '/') {
        // a transform on a tab stop: `${1/(.*)/${1:/upcase}/}` — kept as the tab stop
        this.skipTransform();
        return { type: 'tabstop', index, children: null };
      }
      throw new SnippetSyntaxError(`malformed tab stop at ${start}`);
    }
    const name = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(s.slice(this.pos));
    if (!name) throw new SnippetSyntaxError(`malformed "\${" at ${start}`);
    this.pos += name[0].length;
    const c = s[this.pos];
    if (c === '}') {
      this.pos++;
      return { type: 'variable', name: name[0], children: null, transform: false };
    }
    if (c === ':') {
      this.pos++;
      const children = this.sequence(true);
      this.expect('}');
      return { type: 'variable', name: name[0], children, transform: false };
    }
    if (c === '/') {
      this.skipTransform();
      return { type: 'variable', name: name[0], children: null, transform: true };
    }
    throw new SnippetSyntaxError(`malformed variable at ${start}`);
  }

  private choiceOptions(): string[] {
    const options: string[] = [];
    let cur = '';
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\' && /[,|\\$}]/.test(this.s[this.pos + 1] ?? '')) {
        cur += this.s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === ',') {
        options.push(cur);
        cur = '';
        this.pos++;
        continue;
      }
      if (c === '|') {
        options.push(cur);
        this.pos++;
        this.expect('}');
        if (options.length === 0 || options.some((o) => o.length === 0)) {
          throw new SnippetSyntaxError('empty choice option');
        }
        return options;
      }
      cur += c;
      this.pos++;
    }
    throw new SnippetSyntaxError('unclosed choice');
  }

  /** `/regex/format/flags}` after a name or index. */
  private skipTransform(): void {
    let slashes = 0;
    let depth = 0;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === '$' && this.s[this.pos + 1] === '{') {
        depth++;
        this.pos += 2;
        continue;
      }
      if (c === '}' && depth > 0) {
        depth--;
        this.pos++;
        continue;
      }
      if (c === '/' && depth === 0) slashes++;
      if (c === '}' && slashes >= 3) {
        this.pos++;
        return;
      }
      this.pos++;
    }
    throw new SnippetSyntaxError('unclosed transform');
  }

  private expect(c: string): void {
    if (this.s[this.pos] !== c) throw new SnippetSyntaxError(`expected "${c}" at ${this.pos}`);
    this.pos++;
  }
}

export interface ExpandOptions {
  /** Values for variables (`TM_FILENAME_BASE`…). Unknown variables use their default, else their name. */
  variables?: Record<string, string>;
  /** Values chosen for tab stops (index → text), overriding defaults. */
  values?: Record<number, string>;
}

/**
 * Expands a snippet as VS Code would when the user accepts every default: a placeholder gives its
 * default text, a choice its first option, `$0` nothing, and a bare `$1` the text of the `${1:…}`
 * placeholder or choice with the same index anywhere in the snippet (mirrors are linked).
 */
export function expandSnippet(body: string | SnippetNode[], options: ExpandOptions = {}): string {
  const nodes = typeof body === 'string' ? parseSnippet(body) : body;
  const defaults = new Map<number, SnippetNode>();
  collectDefaults(nodes, defaults);
  const resolving = new Set<number>();
  const render = (list: SnippetNode[]): string => list.map(one).join('');
  const placeholderValue = (index: number): string => {
    const given = options.values?.[index];
    if (given !== undefined) return given;
    const def = defaults.get(index);
    if (!def || resolving.has(index)) return '';
    resolving.add(index);
    try {
      if (def.type === 'choice') return def.options[0];
      if (def.type === 'tabstop' && def.children) return render(def.children);
      return '';
    } finally {
      resolving.delete(index);
    }
  };
  const one = (n: SnippetNode): string => {
    switch (n.type) {
      case 'text':
        return n.value;
      case 'tabstop':
      case 'choice':
        return n.index === 0 && !(n.type === 'tabstop' && n.children) ? '' : placeholderValue(n.index);
      case 'variable': {
        const v = options.variables?.[n.name];
        if (v !== undefined) return v;
        return n.children ? render(n.children) : n.name;
      }
    }
  };
  return render(nodes);
}

/** The first placeholder (with a default) or choice for each index, in document order. */
function collectDefaults(nodes: SnippetNode[], out: Map<number, SnippetNode>): void {
  for (const n of nodes) {
    if (n.type === 'choice' && !out.has(n.index)) out.set(n.index, n);
    if (n.type === 'tabstop' && n.children) {
      if (!out.has(n.index)) out.set(n.index, n);
      collectDefaults(n.children, out);
    }
    if (n.type === 'variable' && n.children) collectDefaults(n.children, out);
  }
}

/** Every tab stop index used, with its kinds (for checks such as "every choice is pinned"). */
export function tabStops(body: string | SnippetNode[]): Map<number, SnippetNode[]> {
  const nodes = typeof body === 'string' ? parseSnippet(body) : body;
  const out = new Map<number, SnippetNode[]>();
  const walk = (list: SnippetNode[]): void => {
    for (const n of list) {
      if (n.type === 'tabstop' || n.type === 'choice') {
        const arr = out.get(n.index) ?? [];
        arr.push(n);
        out.set(n.index, arr);
      }
      if ((n.type === 'tabstop' || n.type === 'variable') && n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** Escapes text so that a snippet inserts it literally. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** One entry of a `.code-snippets` / snippets JSON file. */
export interface SnippetDefinition {
  /** The entry's key (its display name). */
  name: string;
  prefixes: string[];
  /** The body lines joined with `\n`. */
  body: string;
  description: string;
  scope: string | null;
}

/** Reads a snippets file (JSON, as VS Code reads it: comments allowed). */
export function readSnippetFile(text: string): SnippetDefinition[] {
  const json = JSON.parse(stripJsonComments(text)) as Record<string, unknown>;
  const out: SnippetDefinition[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (!raw || typeof raw !== 'object') continue;
    const e = raw as { prefix?: unknown; body?: unknown; description?: unknown; scope?: unknown };
    const prefixes = typeof e.prefix === 'string' ? [e.prefix] : Array.isArray(e.prefix) ? e.prefix.filter((p): p is string => typeof p === 'string') : [];
    const body = typeof e.body === 'string' ? e.body : Array.isArray(e.body) ? e.body.join('\n') : '';
    out.push({
      name,
      prefixes,
      body,
      description: typeof e.description === 'string' ? e.description : '',
      scope: typeof e.scope === 'string' ? e.scope : null,
    });
  }
  return out;
}

/** Removes `//` and `/* *\/` comments outside strings (VS Code's snippet files allow them). */
function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Re-indents a multi-line snippet body: every line after the first gets `indent` in front (empty
 * lines stay empty). Indentation is plain text, so this never touches the snippet's syntax.
 */
export function indentSnippetBody(body: string, indent: string): string {
  return body
    .split('\n')
    .map((line, i) => (i === 0 || line.length === 0 ? line : indent + line))
    .join('\n');
}
