#!/usr/bin/env node
// The README pictures, taken by the browser harness (the packaged .vsix in code-server, driven from
// Debian's Chromium) from examples/: the shots listed in test/e2e/pictures.json, in the light theme
// at a fixed window size and device scale 2, cropped to what they show, optimised (pngquant, then
// optipng) and written to docs/images/. Each picture's fingerprint (test/e2e/pictures-fingerprint.ts)
// and hash go to test/e2e/pictures.lock.json, which test/unit/pictures.test.ts checks.
//   npm run pictures                           take every enabled shot and write them
//   node test/e2e/pictures.mjs --only hover    just these shots (comma-separated ids; `extension-page`:
//                                              the check that VS Code's page of the .vsix shows them)
//   node test/e2e/pictures.mjs --check         take them, write nothing, and compare each with the
//                                              committed picture (tolerant: see `compare`); a picture
//                                              whose pixels still differ after a second take warns
//   --check --strict                           … and fails instead of warning
//   --vsix file.vsix                           use this package instead of `npm run package`
// Prints PASS/FAIL per shot and ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { PNG } from 'pngjs';
import { installLanguagePack, installVsix, launchChromium, makeSandbox, onShutdown, removeSandbox, root, startCodeServer } from '../../scripts/code-server.mjs';
import { setupEditor } from '../../scripts/setup-editor.mjs';

const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const check = argv.includes('--check');
const strict = argv.includes('--strict');
const only = opt('--only')?.split(',');
const WAIT = 30_000;
const say = (m) => process.stderr.write(`[pictures] ${m}\n`);
const t0 = Date.now();

const spec = JSON.parse(readFileSync(join(root, 'test', 'e2e', 'pictures.json'), 'utf8'));
const lockFile = join(root, 'test', 'e2e', 'pictures.lock.json');
const shots = spec.shots.filter((s) => s.enabled !== false && (!only || only.includes(s.id)));
// VS Code's page of the installed extension (English window): always, or with --only extension-page
const checkExtensionPage = !only || only.includes('extension-page');
let passed = 0;
let failed = 0;
const fail = (what, e) => {
  failed++;
  console.log(
    `FAIL: ${what}: ${String(e?.message ?? e)
      .split('\n')
      .slice(0, 6)
      .join('\n    ')}`,
  );
};
const finish = () => {
  say(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
};

try {
  setupEditor(); // Chromium, code-server, and pngquant + optipng (apt)
} catch (e) {
  fail('setting up the editor', e);
  finish();
}

// What each shot shows, where its finding is, and its fingerprint — from the analysis itself.
const fp = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'test', 'e2e', 'pictures-fingerprint.ts')], {
  cwd: root,
  encoding: 'utf8',
});
if (fp.status !== 0) {
  fail('computing the fingerprints', fp.stderr);
  finish();
}
const facts = new Map(JSON.parse(fp.stdout).map((f) => [f.id, f]));

let vsix = opt('--vsix') || process.env.INITLENS_VSIX;
if (!vsix) {
  say('packaging (npm run package)…');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
  if (r.status !== 0 || !existsSync(vsix)) {
    fail('packaging', 'npm run package failed');
    finish();
  }
}

const nls = {
  en: JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')),
  'zh-cn': JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')),
};
const work = join(root, 'test-results', 'pictures');
mkdirSync(work, { recursive: true });
const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : { pictures: {} };

let server = null;
let browser = null;
let page = null;
let sandbox = null;
const runCleanup = onShutdown(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (sandbox && failed === 0) removeSandbox(sandbox);
  else if (sandbox) say(`kept ${sandbox.dir} (code-server log: ${sandbox.log})`);
});

// ---- driving the workbench (selectors from ../shared/reference/real-vscode.md) ----
const editorLines = () => page.locator('.editor-group-container.active .monaco-editor .view-lines').first();

async function quickInput(key, text, rowText) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: rowText }).waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

async function openExample(name) {
  await quickInput('Control+P', name, name);
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout: WAIT });
  await editorLines().waitFor({ timeout: WAIT });
}

/** Ctrl+G to a 1-based line and column. */
async function goTo({ line, column }) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT });
}

/** Waits until `fn()` returns something truthy (polling the DOM, not sleeping a fixed time). */
async function until(fn, what, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** A box that stops moving (layout and fonts settled): three equal reads in a row. */
async function settledBox(locator, what) {
  let last = '';
  let same = 0;
  return until(async () => {
    const b = await locator.boundingBox();
    const key = JSON.stringify(b);
    same = b && key === last ? same + 1 : 0;
    last = key;
    return same >= 2 ? b : null;
  }, what);
}

const union = (boxes) => {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
};
const pad = (b, p, within) => {
  const x = Math.max(within.x, Math.floor(b.x - p));
  const y = Math.max(within.y, Math.floor(b.y - p));
  return {
    x,
    y,
    width: Math.min(within.x + within.width, Math.ceil(b.x + b.width + p)) - x,
    height: Math.min(within.y + within.height, Math.ceil(b.y + b.height + p)) - y,
  };
};

/** The squiggle of the finding at `at`: the one on the caret's line after Ctrl+G there. */
async function squiggleAt(at, severity) {
  const kind = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info';
  await goTo(at);
  const caret = await until(() => page.locator('.editor-group-container.active .monaco-editor .cursor').first().boundingBox(), 'the caret');
  const boxes = await until(async () => {
    const all = await page
      .locator(`.editor-group-container.active .monaco-editor .squiggly-${kind}`)
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
    const mine = all.filter((b) => b.width > 0 && Math.abs(b.y + b.height / 2 - (caret.y + caret.height / 2)) < caret.height);
    return mine.length ? mine : null;
  }, `the ${kind} squiggle on line ${at.line}`);
  return union(boxes);
}

/** The editor's text area with its line numbers, the height of one line, and the tops of the lines shown. */
async function editorArea() {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const box = await editor.boundingBox();
  const tops = await editor.locator('.view-line').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top).sort((a, b) => a - b));
  const lineHeight = await editor
    .locator('.view-line')
    .first()
    .evaluate((e) => e.getBoundingClientRect().height);
  return { box, lineHeight, tops };
}

/** The top of a line of code (1-based), from its line number in the gutter. */
async function lineTopOf(line) {
  const numbers = page.locator('.editor-group-container.active .monaco-editor .line-numbers');
  const tops = await numbers.evaluateAll((els, n) => els.filter((e) => e.textContent?.trim() === String(n)).map((e) => e.getBoundingClientRect().top), line);
  if (tops.length !== 1) throw new Error(`line number ${line} is not shown once in the gutter`);
  return tops[0];
}

/** Widens a crop to whole lines of code: the top of a line, the bottom of a line (2 px of slack for sub-pixel layout). */
function snapToLines(b, { tops, lineHeight }, within) {
  const top = Math.max(within.y, Math.max(...tops.filter((t) => t <= b.y + 2), within.y));
  const bottoms = tops.map((t) => t + lineHeight).filter((t) => t >= b.y + b.height - 2);
  const bottom = Math.min(within.y + within.height, bottoms.length ? Math.min(...bottoms) : b.y + b.height);
  return {
    x: Math.max(within.x, Math.floor(b.x)),
    y: Math.floor(top),
    width: Math.ceil(Math.min(within.x + within.width, b.x + b.width) - Math.max(within.x, b.x)),
    height: Math.ceil(bottom - top),
  };
}

const SHOOT = {
  async hover(shot, f) {
    await openExample(shot.example);
    const squiggle = await squiggleAt(f.at, f.severity);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: f.headline }).first();
    // Show Hover (Ctrl+K Ctrl+I) at the caret, which Ctrl+G put at the finding; the mouse as a
    // second way (the pointer is not drawn in a screenshot)
    await until(
      async () => {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        if (
          await hover.waitFor({ state: 'visible', timeout: 3000 }).then(
            () => true,
            () => false,
          )
        )
          return true;
        await page.mouse.move(squiggle.x - 40, squiggle.y - 40);
        await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2, { steps: 4 });
        return hover.waitFor({ state: 'visible', timeout: 3000 }).then(() => true);
      },
      'the hover on the squiggle',
      2 * WAIT,
    );
    await until(async () => (await hover.textContent())?.includes(shot.rule), 'the rule id in the hover');
    if (f.hoverEnd) await until(async () => (await hover.textContent())?.includes(f.hoverEnd), `InitLens's detail in the hover ("…${f.hoverEnd}")`);
    // and VS Code's status row done asking for quick fixes ("Checking for quick fixes…" → "Quick Fix…")
    await until(
      async () => !/Checking for quick fixes|正在检查快速修复/.test((await hover.textContent()) ?? ''),
      'the hover to finish checking for quick fixes',
    );
    const hoverBox = await settledBox(hover, 'the hover to settle');
    const area = await editorArea();
    // two lines of code above the squiggle's line and one below, whole lines: the same crop every run
    const line = await lineTopOf(f.at.line);
    const code = { x: area.box.x, y: line - 2 * area.lineHeight, width: squiggle.x + squiggle.width - area.box.x, height: 4 * area.lineHeight };
    return snapToLines(union([pad(hoverBox, 8, area.box), code]), area, area.box);
  },

  async 'quick-fix'(shot, f) {
    await openExample(shot.example);
    const squiggle = await squiggleAt(f.at, f.severity);
    const menu = page.locator('.action-widget').first();
    // Ctrl+. again while the server is still busy ("No code actions available")
    await until(
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        await menu.waitFor({ state: 'visible', timeout: 5000 });
        return (await menu.textContent())?.includes(f.fix);
      },
      `"${f.fix}" in the quick-fix menu`,
      2 * WAIT,
    );
    const menuBox = await settledBox(menu, 'the quick-fix menu to settle');
    const area = await editorArea();
    const line = await lineTopOf(f.at.line);
    const code = { x: area.box.x, y: line - 3 * area.lineHeight, width: squiggle.x + squiggle.width - area.box.x, height: 4 * area.lineHeight };
    return snapToLines(union([pad(menuBox, 8, area.box), code]), area, area.box);
  },

  async timeline(shot, f) {
    await openExample(shot.example);
    await goTo(f.at ?? { line: 1, column: 1 });
    await quickInput('F1', `>InitLens: ${nls[shot.lang]['command.showTimeline']}`, nls[shot.lang]['command.showTimeline']);
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await view.locator('[role="listitem"][data-bar]').first().waitFor({ timeout: WAIT });
    // the timeline alone, as wide as the window: no side bar, and its editor group maximised
    if (await page.locator('.part.sidebar').isVisible()) {
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: WAIT });
    }
    // (the webview itself floats above the groups; its tab is in the second group)
    await page.locator('.editor-group-container').nth(1).locator('.tab.active').click();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+M');
    await until(
      async () => (await page.locator('.editor-group-container').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).length)) === 1,
      'the timeline group to fill the window',
    );
    // the heading, toolbar, chart and legend; not the text version below them (section.details)
    const parts = view.locator('#app > :not(.details)');
    await settledBox(view.locator('#app'), 'the timeline to lay out');
    const boxes = (await Promise.all((await parts.all()).map((p) => p.boundingBox()))).filter((b) => b && b.width > 0 && b.height > 0);
    if (boxes.length === 0) throw new Error('the timeline panel shows nothing');
    const frame = await page.locator('iframe.webview.ready').boundingBox();
    return pad(union(boxes), 12, frame);
  },
};

/** pngquant (palette, quality-bounded) then optipng (lossless); the input is replaced. */
function optimise(file) {
  const q = spawnSync('pngquant', ['--quality=75-98', '--speed=1', '--strip', '--force', '--output', `${file}.q.png`, file], { encoding: 'utf8' });
  if (q.status === 0) renameSync(`${file}.q.png`, file);
  else if (q.status !== 99) throw new Error(`pngquant failed: ${q.stderr}`); // 99: would lose too much; keep it lossless
  const o = spawnSync('optipng', ['-quiet', '-o2', '-strip', 'all', file], { encoding: 'utf8' });
  if (o.status !== 0) throw new Error(`optipng failed: ${o.stderr}`);
}

/**
 * Tolerant comparison of a fresh shot with the committed picture: sizes within 4 px each way, then
 * the mean luminance of 8×8-pixel blocks over the common part, at the best of the offsets up to
 * ±SHIFT px (a hover or menu that VS Code places a pixel or two lower is the same picture); a block
 * differs when its mean moves by more than 12 (of 255) — anti-aliasing and palette noise stay far
 * below that, a changed word, bar or colour does not. Passes when at most 0.5 % of the blocks differ.
 */
function compare(freshFile, committedFile) {
  if (!existsSync(committedFile)) return `no committed picture at ${committedFile}`;
  const a = PNG.sync.read(readFileSync(freshFile));
  const b = PNG.sync.read(readFileSync(committedFile));
  if (Math.abs(a.width - b.width) > 4 || Math.abs(a.height - b.height) > 4) return `size ${a.width}×${a.height}, committed ${b.width}×${b.height}`;
  const lumOf = (img) => {
    const out = new Float32Array(img.width * img.height);
    for (let i = 0; i < out.length; i++) out[i] = 0.2126 * img.data[i * 4] + 0.7152 * img.data[i * 4 + 1] + 0.0722 * img.data[i * 4 + 2];
    return out;
  };
  const la = lumOf(a);
  const lb = lumOf(b);
  const SHIFT = 4;
  const B = 8;
  const w = Math.min(a.width, b.width) - SHIFT * 2;
  const h = Math.min(a.height, b.height) - SHIFT * 2;
  let best = 1;
  for (let dy = -SHIFT; dy <= SHIFT && best > 0; dy++) {
    for (let dx = -SHIFT; dx <= SHIFT && best > 0; dx++) {
      let blocks = 0;
      let differ = 0;
      for (let by = SHIFT; by + B <= SHIFT + h; by += B) {
        for (let bx = SHIFT; bx + B <= SHIFT + w; bx += B) {
          let sum = 0;
          for (let y = by; y < by + B; y++) {
            const ra = y * a.width;
            const rb = (y + dy) * b.width + dx;
            for (let x = bx; x < bx + B; x++) sum += la[ra + x] - lb[rb + x];
          }
          blocks++;
          if (Math.abs(sum) / (B * B) > 12) differ++;
        }
      }
      best = Math.min(best, differ / Math.max(1, blocks));
    }
  }
  return best <= 0.005 ? null : `${(best * 100).toFixed(1)} % of the picture differs at the best alignment`;
}

/** On top of the harness's quiet settings: no highlight of the caret's line, word or brackets in a picture. */
const PICTURE_SETTINGS = {
  'editor.renderLineHighlight': 'none',
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  'editor.matchBrackets': 'never',
  'editor.guides.bracketPairs': false,
  'editor.hover.sticky': true,
};

async function startEditor(lang, { https = false } = {}) {
  sandbox = makeSandbox('initlens-pictures-');
  const settingsFile = join(sandbox.userData, 'User', 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), ...PICTURE_SETTINGS }, null, 2));
  installVsix(sandbox, vsix);
  if (lang !== 'en') installLanguagePack(sandbox, lang);
  const workspace = join(sandbox.dir, 'examples');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  server = await startCodeServer({ sandbox, folder: workspace, locale: lang === 'en' ? undefined : lang, https });
  browser = await launchChromium(sandbox, { ignoreCertificateErrors: https });
  page = await browser.newPage({
    viewport: { width: spec.window.width, height: spec.window.height },
    deviceScaleFactor: spec.window.deviceScaleFactor,
    ignoreHTTPSErrors: https,
  });
  await page.goto(server.url(workspace), { timeout: 120_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
  // no blinking caret in a picture
  await page.addStyleTag({ content: '.monaco-editor .cursors-layer { visibility: hidden !important; }' });
}

/** A fresh window (the side bar may be hidden and a group maximised by a timeline shot before). */
async function reloadWorkbench() {
  await page.reload({ timeout: 120_000 });
  await page.locator('.part.editor').waitFor({ state: 'visible', timeout: 90_000 });
  await page.locator('.part.statusbar .statusbar-item').first().waitFor({ state: 'visible', timeout: 90_000 });
}

async function stopEditor() {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (sandbox && failed === 0) removeSandbox(sandbox);
  browser = server = page = sandbox = null;
}

/**
 * VS Code's own page of the installed extension shows the README with its pictures. It is checked in
 * a window served over https (code-server --cert, a self-signed certificate; Chromium ignores the
 * certificate errors), because the page's CSP is `img-src https: data:` (microsoft/vscode#43173): over
 * http nothing but data: could load. Measured over https (code-server 4.x): the CSP lets the scheme
 * through, but a relative `docs/images/hover.png` resolves against the webview's own document,
 * https://127.0.0.1:<port>/stable-<commit>/static/out/vs/workbench/contrib/webview/browser/pre/docs/images/hover.png,
 * which code-server answers with 404 (naturalWidth 0); the page has no base pointing into the
 * extension's folder (desktop VS Code resolves against vscode-webview:// the same way). Pictures show
 * once vsce rewrites them to absolute https URLs, which it does when package.json has a `repository`.
 * That is why `npm run package` packs the README with its pictures inlined as data: URIs
 * (scripts/package-readme.mjs, `--readme-path dist/README.md`), which this page loads.
 * So: PASS when every picture loads; SKIP (said, not counted) only when the page shows the README
 * with exactly the README's relative paths, they fail as above and no repository is set (a package
 * made without the inlining); FAIL otherwise.
 */
async function extensionPageShowsPictures() {
  // the Extensions view (Ctrl+Shift+X), its installed list, and InitLens's row
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+X');
  const search = page.locator('.extensions-viewlet .suggest-input-container').first();
  await search.waitFor({ state: 'visible', timeout: WAIT });
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('@installed');
  const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'InitLens' }).first();
  await row.waitFor({ timeout: WAIT });
  await row.click();
  const readme = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const tokens = new MarkdownIt().parse(readFileSync(join(root, 'README.md'), 'utf8'), {});
  const wanted = tokens.flatMap((t) => t.children ?? []).filter((t) => t.type === 'image' && t.attrGet('src')?.startsWith('docs/images/')).length;
  try {
    return await until(async () => {
      const loaded = await readme.locator('img').evaluateAll((els) => els.filter((e) => e.complete && e.naturalWidth > 0).length);
      return loaded >= wanted && wanted > 0 ? loaded : null;
    }, `the ${wanted} README pictures to load in the extension page`);
  } catch (e) {
    const imgs = await readme.locator('img').evaluateAll((els) => els.map((x) => ({ src: x.getAttribute('src'), url: x.src, width: x.naturalWidth })));
    const srcs = imgs.map((i) => i.src);
    const expected = tokens
      .flatMap((t) => t.children ?? [])
      .filter((t) => t.type === 'image')
      .map((t) => t.attrGet('src'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    if (!pkg.repository && srcs.length === expected.length && srcs.every((src, i) => src === expected[i]) && imgs.every((i) => i.width === 0)) {
      const csp = await readme
        .locator('meta[http-equiv="Content-Security-Policy"]')
        .getAttribute('content', { timeout: 5000 })
        .catch(() => '?');
      const imgSrc = /img-src [^;]*/.exec(csp ?? '')?.[0] ?? csp;
      const status = await page.request
        .get(imgs[0].url)
        .then((r) => r.status())
        .catch((err) => err.message);
      const why =
        `over https the page's CSP (${imgSrc}) allows the scheme, but its ${srcs.length} README pictures keep their relative paths, ` +
        `which resolve against the webview's own document (${srcs[0]} → ${imgs[0].url}: HTTP ${status}, naturalWidth ${imgs[0].width}; ` +
        `naturalWidth of all: ${imgs.map((i) => i.width).join(', ')}); they show once package.json has a repository (vsce then rewrites them to absolute https URLs)`;
      throw Object.assign(new Error(why), { skip: true });
    }
    throw new Error(`${e.message}; the page's img src: ${srcs.join(' | ')}`);
  }
}

for (const lang of [...new Set(shots.map((s) => s.lang))]) {
  try {
    say(`code-server, display language ${lang}…`);
    await startEditor(lang);
  } catch (e) {
    fail(`starting code-server (${lang})`, e);
    continue;
  }
  for (const shot of shots.filter((s) => s.lang === lang)) {
    const s = Date.now();
    try {
      const f = facts.get(shot.id);
      if (!f) throw new Error(`no fingerprint for ${shot.id}`);
      const fresh = join(work, `${shot.id}.png`);
      let pixelsDiffer = false;
      const take = async () => {
        // a fresh window for each shot: no hover, menu or panel left from the one before
        await reloadWorkbench();
        await page.addStyleTag({ content: '.monaco-editor .cursors-layer { visibility: hidden !important; }' });
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+W'); // close the editors the window restored
        const clip = await SHOOT[shot.action](shot, f);
        await page.screenshot({ path: fresh, clip, animations: 'disabled', caret: 'hide' });
        optimise(fresh);
      };
      await take();
      const target = join(root, shot.out);
      if (check) {
        // VS Code places a hover or a menu by timing (above or below the line, a pixel lower): a
        // mismatch is taken again once before it counts.
        let diff = compare(fresh, target);
        if (diff) {
          await take();
          diff = compare(fresh, target);
        }
        if (diff) {
          const message = `${shot.out} no longer matches what the harness draws (${diff}; fresh shot: ${fresh}): run npm run pictures`;
          if (strict) throw new Error(message);
          // What determines a picture is guarded by its fingerprint (test/unit/pictures.test.ts, and
          // below); the pixels alone vary with VS Code's placement and timing, so they warn.
          console.log(`WARN: ${shot.id}: ${message}`);
          pixelsDiffer = true;
        }
        const recorded = lock.pictures[shot.id];
        if (!recorded || recorded.fingerprint !== f.fingerprint) throw new Error(`the fingerprint of ${shot.out} is out of date: run npm run pictures`);
      } else {
        mkdirSync(dirname(target), { recursive: true });
        cpSync(fresh, target);
        const png = PNG.sync.read(readFileSync(target));
        lock.pictures[shot.id] = {
          out: shot.out,
          fingerprint: f.fingerprint,
          sha256: createHash('sha256').update(readFileSync(target)).digest('hex'),
          width: png.width,
          height: png.height,
        };
      }
      passed++;
      console.log(
        `PASS: ${shot.id} (${((Date.now() - s) / 1000).toFixed(1)} s) — ${check ? (pixelsDiffer ? 'fingerprint matches, pixels differ (WARN above)' : 'matches') : 'wrote'} ${shot.out}`,
      );
    } catch (e) {
      fail(shot.id, e);
      await page
        ?.screenshot({ path: join(work, `FAILED-${shot.id}.png`) })
        .then(() => say(`window at the failure: ${join(work, `FAILED-${shot.id}.png`)}`))
        .catch(() => {});
    }
  }
  await stopEditor();
}

// VS Code's page of the installed extension, in a window of its own served over https: the page's
// CSP allows only https: and data: images, and a window served over http gets http: image URLs.
if (checkExtensionPage) {
  const s = Date.now();
  try {
    say('code-server over https (self-signed certificate), display language en…');
    await startEditor('en', { https: true });
    const n = await extensionPageShowsPictures();
    await page.screenshot({ path: join(work, 'extension-page.png') });
    passed++;
    console.log(`PASS: the extension page of the installed .vsix shows the README's ${n} pictures (${((Date.now() - s) / 1000).toFixed(1)} s)`);
  } catch (e) {
    if (e?.skip) console.log(`SKIP: the extension page shows the README pictures: ${e.message}`);
    else fail('the extension page shows the README pictures', e);
    await page?.screenshot({ path: join(work, 'FAILED-extension-page.png') }).catch(() => {});
  }
  await stopEditor();
}

if (!check) {
  // (every picture written above is recorded, whatever failed after it: the record matches the files)
  // keep only the pictures the spec lists (a shot that was renamed or dropped leaves no stale entry)
  const ids = new Set(spec.shots.filter((s) => s.enabled !== false).map((s) => s.id));
  for (const id of Object.keys(lock.pictures)) if (!ids.has(id)) delete lock.pictures[id];
  const sorted = Object.fromEntries(Object.entries(lock.pictures).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(lockFile, `${JSON.stringify({ pictures: sorted }, null, 2)}\n`);
  say(`recorded ${lockFile}`);
}
await runCleanup();
rmSync(join(work, 'tmp'), { recursive: true, force: true });
finish();
