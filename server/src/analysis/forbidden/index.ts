/**
 * What `server/src/analysis/tsconfig.json` maps `vscode`, `vscode-languageserver*` and Node's
 * built-in modules to. The analysis is pure (text + settings in, findings out), so an import of one
 * of them must not compile. This file is outside the project's file list, so an import that lands
 * here fails with TS6307 ("not listed within the file list of project") at the import itself, and
 * the type error below names the rule.
 */
export const forbidden: 'server/src/analysis may not import vscode, vscode-languageserver or Node built-ins' = 'imported anyway';
