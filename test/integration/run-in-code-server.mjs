#!/usr/bin/env node
// Runs the extension-host suite (test/integration/index.ts) inside code-server's extension host:
// the workbench takes extensionDevelopmentPath/extensionTestsPath from the page URL's `payload`,
// runs the suite, and calls window.codeAutomationExit(code) when it ends. Exits with the suite's
// status and ends everything it started (code-server's process group, Chromium).
//   node test/integration/run-in-code-server.mjs [--grep <text>] [--keep]
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildExtension,
  installLanguagePack as installTestLanguagePack,
  launchChromium,
  makeSandbox,
  onShutdown,
  removeSandbox,
  root,
  startCodeServer,
} from '../../scripts/code-server.mjs';
import { setupEditor } from '../../scripts/setup-editor.mjs';
import { buildSuite } from './build.mjs';

const SUITE_TAG = 'initlens-suite| '; // must match index.ts

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : process.env.INITLENS_TEST_GREP;
const localeAt = argv.indexOf('--locale');
const locale = localeAt >= 0 ? argv[localeAt + 1] : undefined; // VS Code's display language
const SUITE_DEADLINE_MS = Number(process.env.INITLENS_SUITE_DEADLINE_MS || 8 * 60_000);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m) => process.stderr.write(`[integration] ${m}\n`);

try {
  setupEditor();
} catch (e) {
  say(`FAIL: setting up the editor: ${e.message}`);
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!pkg.main) {
  say('package.json has no "main": the extension cannot load');
  process.exit(1);
}
buildExtension();
if (!existsSync(join(root, pkg.main.endsWith('.js') ? pkg.main : pkg.main + '.js'))) {
  say(`the extension's main (${pkg.main}) was not built`);
  process.exit(1);
}
const suite = await buildSuite();
say(`built extension and suite (${elapsed()})`);

if (grep) process.env.INITLENS_TEST_GREP = grep; // code-server's extension host inherits it
const sandbox = makeSandbox('initlens-it-');
const workspace = join(sandbox.dir, 'workspace');
cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
mkdirSync(join(workspace, '.vscode'), { recursive: true });

let server = null;
let browser = null;
let status = 1;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (!keep && status === 0) removeSandbox(sandbox);
  else say(`kept ${sandbox.dir} (code-server log: ${sandbox.log})`);
};
const runCleanup = onShutdown(cleanup);

try {
  if (locale && locale !== 'en') installLanguagePack(locale);
  server = await startCodeServer({ sandbox, folder: workspace, locale });
  say(`code-server up on port ${server.port} (${elapsed()})`);
  browser = await launchChromium(sandbox);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

  let finish;
  const finished = new Promise((r) => (finish = r));
  await page.exposeFunction('codeAutomationExit', (code) => {
    finish(typeof code === 'number' ? code : 1);
  });
  // The suite's output reaches the page console as the extension host's log lines; index.ts tags
  // each line with SUITE_TAG so that it can be told from the workbench's own logging.
  page.on('console', (msg) => {
    const text = msg.text();
    if (process.env.INITLENS_DEBUG_CONSOLE) process.stderr.write(`[console.${msg.type()}] ${JSON.stringify(text)}\n`);
    const at = text.indexOf(SUITE_TAG);
    if (at >= 0) process.stdout.write(text.slice(at + SUITE_TAG.length) + '\n');
    else if (msg.type() === 'error' && !/Failed to load resource|open-vsx\.org|integration test\(s\) failed/.test(text)) {
      say(
        `workbench error: ${
          text
            .replace(/%c|color: #\w+/g, '')
            .trim()
            .split('\n')[0]
        }`,
      );
    }
  });
  page.on('pageerror', (e) => say(`page error: ${e.message}`));

  const payload = [
    ['extensionDevelopmentPath', server.remote(root)],
    ['extensionTestsPath', server.remote(suite)],
  ];
  await page.goto(server.url(workspace, payload));
  say(`workbench loading; suite running (${elapsed()})`);

  const timeout = new Promise((r) => setTimeout(() => r('timeout'), SUITE_DEADLINE_MS).unref());
  const exitedEarly = server.exited.then(() => 'server-exit');
  const result = await Promise.race([finished, timeout, exitedEarly]);
  if (result === 'timeout') {
    const shot = join(root, 'test-results', 'integration', 'timeout.png');
    mkdirSync(join(root, 'test-results', 'integration'), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    say(`the suite did not finish within ${SUITE_DEADLINE_MS / 1000} s (screenshot: ${shot})`);
    status = 1;
  } else if (result === 'server-exit') {
    say('code-server exited while the suite ran');
    status = 1;
  } else {
    status = result;
    if (status !== 0) {
      const shot = join(root, 'test-results', 'integration', 'failed.png');
      mkdirSync(join(root, 'test-results', 'integration'), { recursive: true });
      if (
        await page.screenshot({ path: shot }).then(
          () => true,
          () => false,
        )
      )
        say(`screenshot: ${shot}`);
    }
  }
} catch (e) {
  say(`FAILED: ${e.stack || e.message}`);
  status = 1;
}
await runCleanup();
say(`${status === 0 ? 'PASS' : 'FAIL'}: extension-host suite in code-server, exit ${status} (${elapsed()})`);
process.exit(status);

/**
 * code-server takes a display language only from an installed language pack: package the empty
 * test pack (test/integration/language-pack-zh-cn) and install it into the sandbox.
 */
function installLanguagePack(lang) {
  installTestLanguagePack(sandbox, lang);
  say(`installed the ${lang} test language pack`);
}
