/**
 * `t` fills placeholders itself (the analysis formats dozens of sentences per document, and the
 * library's regex replace cost about 2 µs each): it must give exactly what `@vscode/l10n`'s `t`
 * gives, in English and with a catalogue installed, for odd templates too.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { setMessageBundle, t } from '../../server/src/analysis/i18n';

const TEMPLATES = [
  'plain text',
  '{0}',
  '"{0}" writes {1} outside its volume mounts: the file is lost on exit',
  'a server (it listens on port {0})',
  '{1} before {0}, {0} again',
  'missing {2} stays',
  'empty {} braces, {0}',
  'nested {a{0} and {{0}}',
  'unclosed {0',
  '{length} and {name}',
  '}{0}{',
  '',
];
const ARGS: Array<Array<string | number | boolean>> = [[], ['x'], ['x', 7], [true, 0, 'z'], ['$1 {1}', '{0}']];

afterEach(() => {
  setMessageBundle('en', undefined);
  l10n.config({ contents: {} });
});

test('t gives what @vscode/l10n gives, without a catalogue', () => {
  setMessageBundle('en', undefined);
  for (const m of TEMPLATES) for (const a of ARGS) assert.equal(t(m, ...a), l10n.t(m, ...a), `${JSON.stringify(m)} ${JSON.stringify(a)}`);
});

test('t gives what @vscode/l10n gives, with a catalogue', () => {
  const contents: Record<string, string> = {};
  for (const m of TEMPLATES) contents[m] = `译 ${m} {0}`;
  contents['only here {0}'] = '';
  setMessageBundle('zh-cn', contents);
  l10n.config({ contents });
  for (const m of [...TEMPLATES, 'only here {0}', 'not in it {0}', 'constructor', 'toString'])
    for (const a of ARGS) assert.equal(t(m, ...a), l10n.t(m, ...a), `${JSON.stringify(m)} ${JSON.stringify(a)}`);
});
