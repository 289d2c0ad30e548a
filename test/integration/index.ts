/**
 * The extension-host suite's entry point (`--extensionTestsPath`): the same bundle runs under
 * @vscode/test-electron (run-electron.mjs) and inside code-server (run-in-code-server.mjs).
 * Mocha is loaded from the project's node_modules; suites register after Mocha's globals exist.
 */
import Mocha = require('mocha');
import { format } from 'node:util';
import * as vscode from 'vscode';
import { diagnosticsSuite } from './diagnostics.suite';
import { settingsSuite } from './settings.suite';
import { snippetsSuite } from './snippets.suite';
import { timelineSuite } from './timeline.suite';
import { recoverySuite } from './recovery.suite';
import { l10nSuite } from './l10n.suite';
import { fixesSuite } from './fixes.suite';
import { statusSuite } from './status.suite';
import { runningPodSuite } from './runningPod.suite';

/** In code-server the output reaches the harness through the page console, mixed with the
 * workbench's own logging: each line carries this tag (see run-in-code-server.mjs). */
const SUITE_TAG = 'initlens-suite| ';

export function run(): Promise<void> {
  if (vscode.env.remoteName) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => console.log(SUITE_TAG + format(...args));
  }
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec' });
  const grep = process.env.INITLENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'initlens-integration', mocha);
  diagnosticsSuite();
  settingsSuite();
  snippetsSuite();
  timelineSuite();
  recoverySuite();
  l10nSuite();
  fixesSuite();
  statusSuite();
  runningPodSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
