/**
 * Every sentence a person reads goes through `t`, with the English text as its key and
 * `{0}`-style placeholders, as VS Code's l10n does. A message bundle (locale → translations)
 * is installed once per process by the server or the CLI; without one, English is used.
 */
import * as l10n from '@vscode/l10n';

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return l10n.t(message, ...args);
}

/**
 * A rule's one-line summary in the language in use. The summaries are messages too (the extractor,
 * scripts/l10n-extract.ts, puts every rule's summary into the bundle), but they live in the rule
 * registry rather than in a `t()` call.
 */
export function ruleSummary(rule: { summary: string }): string {
  return l10n.t(rule.summary);
}

let currentLocale = 'en';

export function setMessageBundle(locale: string, contents: Record<string, string> | undefined): void {
  currentLocale = contents ? locale : 'en';
  l10n.config({ contents: contents ?? {} });
}

export function getLocale(): string {
  return currentLocale;
}
