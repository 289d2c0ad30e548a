#!/usr/bin/env node
// Browser end-to-end test: the packaged .vsix installed into a fresh code-server, driven from
// Debian's Chromium the way a person uses it. Prints PASS/FAIL per step and ends with
// "N passed, N failed". Screenshots go to test-results/e2e/<run>/ and are kept when a step fails
// (or always with --keep-screenshots). With --locale zh-cn the editor runs in Simplified Chinese
// (a test language pack) and the steps expect InitLens's Chinese texts.
//   node test/e2e/run.mjs [--vsix file.vsix] [--keep-screenshots] [--locale zh-cn] [--headed-slowmo ms]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installLanguagePack, installVsix, launchChromium, makeSandbox, onShutdown, removeSandbox, root, startCodeServer } from '../../scripts/code-server.mjs';
import { setupEditor } from '../../scripts/setup-editor.mjs';

const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const keepScreenshots = argv.includes('--keep-screenshots') || process.env.E2E_KEEP_SCREENSHOTS === '1';
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m) => process.stderr.write(`[e2e] ${m}\n`);
const WAIT = 30_000;
const locale = opt('--locale') ?? 'en';
const zh = locale === 'zh-cn';
/** What the steps expect to read, in the display language. */
const TEXT = zh
  ? { headline: '容器名“Copy_Config”不是合法的 DNS 标签', fixTitle: '改名为“copy-config”', timeline: `InitLens: ${nls('package.nls.zh-cn.json', 'command.showTimeline')}` }
  : { headline: 'Container name "Copy_Config" is not a valid DNS label', fixTitle: 'Rename container "Copy_Config" to "copy-config"', timeline: 'InitLens: Show Init Timeline' };

function nls(file, key) {
  return JSON.parse(readFileSync(join(root, file), 'utf8'))[key];
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
try {
  setupEditor();
} catch (e) {
  console.log(`FAIL: setting up the editor: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// 1. The packaged extension.
let vsix = opt('--vsix') || process.env.INITLENS_VSIX;
if (!vsix) {
  say('packaging (npm run package)…');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    say('packaging failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
}
if (!existsSync(vsix)) {
  say(`no .vsix at ${vsix}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// What the package contributes decides which steps apply (features land one by one).
const unzip = spawnSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' });
const shipped = unzip.status === 0 ? JSON.parse(unzip.stdout) : pkg;
const hasSnippets = (shipped.contributes?.snippets ?? []).length > 0;
const timelineCommand = (shipped.contributes?.commands ?? []).find((c) => c.command === 'initlens.showTimeline');

const shotsDir = join(root, 'test-results', 'e2e', new Date().toISOString().replace(/[:.]/g, '-') + (zh ? '-zh-cn' : ''));
mkdirSync(shotsDir, { recursive: true });
const sandbox = makeSandbox('initlens-e2e-');
const workspace = join(sandbox.dir, 'workspace');
cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });

let server = null;
let browser = null;
let page = null;
let passed = 0;
let failed = 0;
let shotNo = 0;

const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (failed === 0) removeSandbox(sandbox);
  else say(`kept ${sandbox.dir} (code-server log: ${sandbox.log})`);
};
const runCleanup = onShutdown(cleanup);

async function shot(name) {
  if (!page) return null;
  const file = join(shotsDir, `${String(++shotNo).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
  await page.screenshot({ path: file }).catch(() => {});
  return file;
}

async function step(name, fn) {
  const s = Date.now();
  try {
    await fn();
    passed++;
    const file = await shot(name);
    console.log(`PASS: ${name} (${((Date.now() - s) / 1000).toFixed(1)} s)${keepScreenshots && file ? ` — ${file}` : ''}`);
  } catch (e) {
    failed++;
    const file = await shot(`FAILED-${name}`);
    console.log(`FAIL: ${name} (${((Date.now() - s) / 1000).toFixed(1)} s): ${String(e?.message ?? e).split('\n').slice(0, 6).join('\n    ')}`);
    if (file) console.log(`    screenshot: ${file}`);
  }
}

// ---- helpers over the workbench DOM (selectors from ../shared/reference/real-vscode.md) ----
const editorLines = () => page.locator('.editor-group-container.active .monaco-editor .view-lines').first();

async function openFile(name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(name);
  // Enter picks the focused row: wait until the filter has put the file there.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name.split('/').pop() }).waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name.split('/').pop() }).waitFor({ timeout: WAIT });
  await editorLines().waitFor({ timeout: WAIT });
}

async function textEventually(locator, predicate, what, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await locator.textContent().catch(() => '')) ?? '';
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; text was: ${last.slice(0, 300)}`);
    await page.waitForTimeout(100); // polling the DOM, not waiting a fixed time for the editor
  }
}

/** Squiggles of the active editor, top to bottom. */
async function squiggles(kind = 'error') {
  // One DOM read: decorations are re-rendered as the editor updates, so handles go stale.
  const boxes = await page
    .locator(`.editor-group-container.active .monaco-editor .squiggly-${kind}`)
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
  return boxes.filter((b) => b.width > 0).sort((a, b) => a.y - b.y || a.x - b.x);
}

async function waitSquiggles(count, kind = 'error') {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const s = await squiggles(kind);
    if (s.length === count) return s;
    if (Date.now() > deadline) throw new Error(`expected ${count} ${kind} squiggle(s), found ${s.length}`);
    await page.waitForTimeout(100);
  }
}

async function runCommand(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

/** "Ln 12, Col 7" of the status bar. */
async function cursorLine() {
  const text = (await page.locator('[id="status.editor.selection"]').textContent({ timeout: WAIT })) ?? '';
  const m = /Ln (\d+)/.exec(text);
  if (!m) throw new Error(`no cursor position in the status bar ("${text}")`);
  return Number(m[1]);
}

function lineOf(file, text) {
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`"${text}" not in ${file}`);
  return i + 1;
}

// ---- the run ----
try {
  say(`installing ${vsix}`);
  installVsix(sandbox, vsix);
  if (zh) installLanguagePack(sandbox, locale);
  server = await startCodeServer({ sandbox, folder: workspace, locale: zh ? locale : undefined });
  say(`code-server on port ${server.port} (${elapsed()})`);
  browser = await launchChromium(sandbox);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url(workspace));

  await step('workbench loads with the workspace', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken-pod.yaml' }).waitFor({ timeout: WAIT });
  });

  await step('a broken Pod shows red squiggles', async () => {
    await openFile('broken-pod.yaml');
    await textEventually(editorLines(), (t) => t.includes('Copy_Config'), 'the editor text');
    await waitSquiggles(2); // the container name and the readinessProbe
    await textEventually(page.locator('[id="status.problems"]'), (t) => /2/.test(t), 'two problems in the status bar');
  });

  await step('the Problems panel lists them with rule ids', async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: WAIT });
    const text = await textEventually(panel, (t) => t.includes('invalid-container-name') && t.includes('init-lifecycle-or-probe'), 'both rule ids in the Problems panel');
    // a Problems row is the headline: plain text, whole; the explanation is a hover away
    if (!text.includes(TEXT.headline)) throw new Error(`Problems panel lacks the headline: ${text.slice(0, 300)}`);
    if (text.includes('`')) throw new Error(`raw Markdown in the Problems panel: ${text.slice(0, 300)}`);
    if (text.includes('Invalid value')) throw new Error(`the explanation leaked into the Problems panel: ${text.slice(0, 300)}`);
    const rows = await panel.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', clipped: [...e.querySelectorAll('.marker-message-details, .monaco-highlighted-label')].some((x) => x.scrollWidth > x.clientWidth + 1) })));
    const clipped = rows.filter((r) => r.clipped && r.text.includes(TEXT.headline.slice(0, 12)));
    if (clipped.length) throw new Error(`a headline is cut in the Problems panel: ${clipped.map((r) => r.text).join(' | ')}`);
  });

  await step('hovering the squiggle shows the headline and the explanation', async () => {
    const [first] = await squiggles();
    if (!first) throw new Error('no squiggle');
    await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
    // The content hover (the glyph-margin hover is another, hidden .monaco-hover); the API server's
    // error text is only in the finding's explanation, which InitLens's hover adds.
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Invalid value: "Copy_Config"' }).first();
    await hover.waitFor({ state: 'visible', timeout: WAIT });
    await textEventually(hover, (t) => t.includes('initlens') && t.includes('invalid-container-name') && t.includes(TEXT.headline), 'the headline, source and rule id in the hover');
    // code spans are rendered, not shown as backticks
    const raw = await hover.textContent();
    if (raw?.includes('`')) throw new Error(`raw backticks in the hover: ${raw.slice(0, 300)}`);
    await shot('hover');
    await page.mouse.move(5, 5);
  });

  await step('the quick-fix menu lists plain titles', async () => {
    await page.keyboard.press('Escape');
    const word = editorLines().locator('span', { hasText: /^Copy_Config$/ }).last();
    await word.click();
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget').first();
    await menu.waitFor({ state: 'visible', timeout: WAIT });
    const text = await textEventually(menu, (t) => t.includes(TEXT.fixTitle), 'the rename fix in the quick-fix menu');
    if (text.includes('`')) throw new Error(`raw backticks in the quick-fix menu: ${text.slice(0, 300)}`);
    await shot('quick-fix-menu');
    await page.keyboard.press('Escape');
  });

  await step('fixing the YAML removes the squiggle and the problem', async () => {
    await page.keyboard.press('Escape');
    const word = editorLines().locator('span', { hasText: /^Copy_Config$/ }).last();
    await word.dblclick();
    await page.keyboard.type('copy-config');
    await waitSquiggles(1);
    await textEventually(page.locator('.markers-panel'), (t) => !t.includes('invalid-container-name') && t.includes('init-lifecycle-or-probe'), 'the name problem to go');
  });

  await step('a snippet inserts through completion', async () => {
    if (!hasSnippets) throw new Error('the packaged manifest contributes no snippets');
    await openFile('snippet-target.yaml');
    await editorLines().click();
    await page.keyboard.type('k8s-pod-init');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'k8s-pod-init' }).first();
    await row.waitFor({ state: 'visible', timeout: WAIT });
    await row.click();
    await textEventually(editorLines(), (t) => t.includes('initContainers:') && t.includes('init-job'), 'the expanded snippet');
    await page.keyboard.press('Escape');
  });

  await step('the init timeline shows bars and jumps to a container', async () => {
    if (!timelineCommand) throw new Error('the packaged manifest contributes no initlens.showTimeline');
    await openFile('broken-pod.yaml');
    await runCommand(TEXT.timeline);
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    // Bars are SVG groups with role=listitem and an aria-label "<container>: <what it does>".
    const bars = view.locator('[role="listitem"][data-bar]');
    await bars.first().waitFor({ timeout: WAIT });
    const labels = await bars.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    // (copy-config was renamed by the fix step above; the timeline follows the unsaved text)
    const names = [/^copy-config:/, /^migrate:/, /^orders:/];
    const order = names.map((re) => labels.findIndex((l) => re.test(l)));
    if (order.includes(-1)) throw new Error(`missing bars; bars: ${labels.join(' | ')}`);
    if (!(order[0] < order[1] && order[1] < order[2])) throw new Error(`bars out of order: ${labels.join(' | ')}`);
    await shot('timeline');
    // Clicking migrate's bar selects that container in the editor.
    await view.locator('[role="listitem"][data-bar][aria-label^="migrate:"]').first().click();
    const from = lineOf('broken-pod.yaml', '- name: migrate');
    const to = lineOf('broken-pod.yaml', '  containers:');
    const deadline = Date.now() + WAIT;
    for (;;) {
      const line = await cursorLine().catch(() => -1);
      if (line >= from && line < to) break;
      if (Date.now() > deadline) throw new Error(`the editor did not jump into migrate (lines ${from}-${to - 1}); cursor at line ${line}`);
      await page.waitForTimeout(100);
    }
  });
} catch (e) {
  failed++;
  console.log(`FAIL: harness: ${e?.stack ?? e}`);
  await shot('FAILED-harness');
}

await runCleanup();
if (failed === 0 && !keepScreenshots) rmSync(shotsDir, { recursive: true, force: true });
else say(`screenshots: ${shotsDir}`);
say(`done in ${elapsed()}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
