/**
 * Every sentence a person reads goes through `t`, with the English text as its key and
 * `{0}`-style placeholders, as VS Code's l10n does. A message bundle (locale → translations)
 * is installed once per process by the server or the CLI; without one, English is used.
 */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  const translated = catalogue?.[message];
  return format(typeof translated === 'string' && translated ? translated : message, args);
}

/** The catalogue installed by `setMessageBundle`; none: English. */
let catalogue: Record<string, string> | undefined;

/**
 * `{0}`-style placeholders filled as `@vscode/l10n`'s `t` fills them (`{name}` with no such
 * argument stays as written), without its regex replace and callback: the analysis formats a few
 * dozen sentences per document (facts such as "a server (it listens on port 8080)" included), and
 * the library's `t` cost about 2 µs each.
 */
function format(template: string, args: ReadonlyArray<string | number | boolean>): string {
  if (args.length === 0) return template;
  let out = '';
  let from = 0;
  let open = template.indexOf('{');
  while (open >= 0) {
    const close = template.indexOf('}', open + 1);
    if (close < 0) break;
    if (close > open + 1) {
      // `{0}`…`{9}` index the arguments directly; any other name goes through a keyed lookup, as before
      const digit = close === open + 2 ? template.charCodeAt(open + 1) - 48 : -1;
      const value =
        digit >= 0 && digit <= 9 ? args[digit] : (args as unknown as Record<string, string | number | boolean | undefined>)[template.slice(open + 1, close)];
      if (value !== undefined && value !== null) {
        out += template.slice(from, open) + String(value);
        from = close + 1;
      }
    }
    open = template.indexOf('{', close + 1);
  }
  return from === 0 ? template : out + template.slice(from);
}

/**
 * A rule's one-line summary in the language in use. The summaries are messages too (the extractor,
 * scripts/l10n-extract.ts, puts every rule's summary into the bundle), but they live in the rule
 * registry rather than in a `t()` call.
 */
export function ruleSummary(rule: { summary: string }): string {
  return t(rule.summary);
}

let currentLocale = 'en';

export function setMessageBundle(locale: string, contents: Record<string, string> | undefined): void {
  currentLocale = contents ? locale : 'en';
  catalogue = contents;
}

export function getLocale(): string {
  return currentLocale;
}
