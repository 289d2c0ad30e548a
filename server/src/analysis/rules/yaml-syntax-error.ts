import type { Rule } from '../rule';

/**
 * A document that is not valid YAML. It is in the registry like every rule (its id, severity,
 * settings, docs page, `--list-rules`, SARIF), but it has nothing to check per Pod: `analyze()`
 * reports it for each document the parser rejects (analysis/syntax.ts) when the caller passes
 * `syntaxErrors: true` — the command line does; the language server does not, so the editor never
 * duplicates the YAML extension's own syntax diagnostics.
 */
export const yamlSyntaxError: Rule = {
  id: 'yaml-syntax-error',
  defaultSeverity: 'error',
  summary:
    'A YAML file or document that does not parse: nothing after the error is checked, and kubectl rejects it too. Reported by the command line only; the editor shows it through the YAML extension and the status bar.',
  check() {
    // reported per document by analyze(), not per Pod
  },
};
