/**
 * Loads the message bundle for a display language (`l10n/bundle.l10n.<locale>.json`, the file
 * VS Code's own l10n uses) and installs it for `t()`. English needs no bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setMessageBundle } from './analysis/i18n';
import { extensionRoot } from './paths';

/** Installs the bundle for `locale`; returns the locale actually in use (`en` when none is found). */
export function useLocale(locale: string | undefined): string {
  const wanted = (locale ?? 'en').trim().toLowerCase();
  if (!wanted || wanted === 'en' || wanted.startsWith('en-')) {
    setMessageBundle('en', undefined);
    return 'en';
  }
  // VS Code sends `zh-cn`; accept `zh` and `zh-hans` as the same catalogue.
  const candidates = [wanted, /^zh(-hans)?$/.test(wanted) ? 'zh-cn' : '', wanted.split('-')[0]].filter(Boolean);
  for (const c of candidates) {
    const file = path.join(extensionRoot(), 'l10n', `bundle.l10n.${c}.json`);
    try {
      const contents = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
      setMessageBundle(c, contents);
      return c;
    } catch {
      // no such catalogue (or unreadable): try the next, else English
    }
  }
  setMessageBundle('en', undefined);
  return 'en';
}
