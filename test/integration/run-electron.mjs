#!/usr/bin/env node
// Runs the extension-host suite under @vscode/test-electron: in the VS Code named by
// VSCODE_EXECUTABLE_PATH, or one it downloads (VSCODE_TEST_VERSION, default stable) where the
// network allows. Where neither works (as on the build machine, which reaches only npm and apt),
// it fails at once with a clear message; `npm run test:integration` runs the same suite in code-server.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension, root } from '../../scripts/code-server.mjs';
import { buildSuite } from './build.mjs';

const say = (m) => process.stderr.write(`[test:electron] ${m}\n`);
const executable = process.env.VSCODE_EXECUTABLE_PATH;

if (executable) {
  if (!existsSync(executable)) {
    say(`VSCODE_EXECUTABLE_PATH=${executable} does not exist`);
    process.exit(1);
  }
} else {
  const host = 'update.code.visualstudio.com';
  const reachable = await Promise.race([
    lookup(host).then(
      () => true,
      () => false,
    ),
    new Promise((r) => setTimeout(() => r(false), 10_000).unref()),
  ]);
  if (!reachable) {
    say(`cannot download VS Code: ${host} is not reachable from here.`);
    say('Set VSCODE_EXECUTABLE_PATH to a VS Code executable (e.g. /usr/share/code/code), or run the same');
    say('suite in code-server with `npm run test:integration`.');
    process.exit(1);
  }
}

buildExtension();
const suite = await buildSuite();
const { runTests } = await import('@vscode/test-electron');
const sandbox = mkdtempSync(join(tmpdir(), 'initlens-electron-'));
const workspace = join(sandbox, 'workspace');
cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
let status = 1;
try {
  status = await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.VSCODE_TEST_VERSION || 'stable' }),
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    extensionTestsEnv: process.env.INITLENS_TEST_GREP ? { INITLENS_TEST_GREP: process.env.INITLENS_TEST_GREP } : undefined,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(sandbox, 'user-data'),
      '--extensions-dir',
      join(sandbox, 'extensions'),
    ],
  });
} catch (e) {
  say(`FAILED: ${e?.message ?? e}`);
  status = 1;
}
rmSync(sandbox, { recursive: true, force: true });
say(`${status === 0 ? 'PASS' : 'FAIL'}: extension-host suite under @vscode/test-electron`);
process.exit(status);
