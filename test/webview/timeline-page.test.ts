/// <reference lib="dom" />
/**
 * The timeline webview page (media/timeline.js + .css) in real Chromium (Debian's, through
 * playwright-core). A harness page stubs `acquireVsCodeApi`, applies a CSP like the panel's, and
 * receives models built by the real analysis from fixture YAML. Checks the DOM (bars, order,
 * hand-offs, failure paths, keyboard, export messages), proves YAML strings cannot inject markup,
 * takes screenshots into test-results/webview/ and measures a redraw.
 *
 * Run: node scripts/run-tests.mjs test/webview   (needs /usr/bin/chromium: scripts/ensure-chromium.sh)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pageProblems } from './checks';
import { ARGS, CHROMIUM, JOB, SIDECAR_DEPLOYMENT, THEMES, XSS, modelOf, open, out, posted, send, shot, show, tenInitPod } from './harness';

// ── tests ───────────────────────────────────────────────────────────────────────────────────────

const haveChromium = fs.existsSync(CHROMIUM);

describe('timeline webview page in Chromium', { skip: haveChromium ? false : `no ${CHROMIUM}: run scripts/ensure-chromium.sh` }, () => {
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  test('10 init containers: bars in list order, the hand-off, durations and unknown lengths', async () => {
    const page = await open(browser);
    const model = modelOf(tenInitPod());
    await show(page, model);
    const runs = await page.$$eval('#chart .bar-run', (bars) =>
      bars.map((b) => ({
        lane: b.getAttribute('data-lane'),
        slot: Number(b.getAttribute('data-slot')),
        label: b.getAttribute('aria-label') ?? '',
        cls: b.getAttribute('class') ?? '',
      })),
    );
    assert.equal(runs.length, 10);
    assert.deepEqual(
      runs.map((r) => r.slot),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      runs.map((r) => r.lane),
      ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'],
    );
    // drawn left to right in that order
    const xs = await page.$$eval('#chart .bar-run .bar-rect', (rs) => rs.map((r) => Number(r.getAttribute('x'))));
    assert.deepEqual(
      [...xs].sort((a, b) => a - b),
      xs,
    );
    assert.match(runs[0].label, /^step-1: runs to completion: 1 s/);
    assert.match(runs[2].label, /fetch-assets: runs to completion: unknown length/);
    assert.match(runs[2].cls, /\bunknown\b/);
    assert.match(runs[5].label, /wait-for-db: runs to completion: ≤ 60 s/);
    // the app starts after the last init container
    const app = await page.$eval('#chart .lane[data-lane="c10"] .bar-startup', (b) => Number(b.getAttribute('data-slot')));
    assert.equal(app, 10);
    // hand-off: fetch-assets writes the volume the web container mounts
    const links = await page.$$eval('#chart .handoff', (ps) =>
      ps.map((p) => `${p.getAttribute('data-from')}->${p.getAttribute('data-to')}:${p.getAttribute('data-volume')}:${p.getAttribute('class')}`),
    );
    assert.deepEqual(links, ['c2->c10:work:handoff writes']);
    // text view for screen readers
    const steps = await page.$$eval('.steps li', (lis) => lis.map((l) => l.textContent));
    assert.equal(steps.length, model.slots.length);
    assert.match(steps[5] ?? '', /wait-for-db — ≤ 60 s \(seq 1 30: 30 × sleep 2 s\)/);
    await shot(page, 'ten-init-light.png');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
    assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
    await page.close();
  });

  test('sidecars: gated start, running to the end, stopped in reverse order; failure path toggle', async () => {
    const page = await open(browser);
    const model = modelOf(SIDECAR_DEPLOYMENT);
    await show(page, model);
    const stops = await page.$$eval('#chart .bar-stop', (bs) => bs.map((b) => `${b.getAttribute('data-lane')}@${b.getAttribute('data-slot')}`));
    // app containers (c3, c4) stop first (slot 5), then log-shipper (c2, slot 6), then proxy (c0, slot 7)
    assert.deepEqual(stops.sort(), ['c0@7', 'c2@6', 'c3@5', 'c4@5'].sort());
    const proxyRunning = await page.$eval('#chart .lane[data-lane="c0"] .bar-running', (b) => b.getAttribute('aria-label') ?? '');
    assert.match(proxyRunning, /runs for the Pod's whole life/);
    const gate = await page.$eval('#chart .lane[data-lane="c0"] .bar-startup', (b) => b.getAttribute('aria-label') ?? '');
    assert.match(gate, /startupProbe gates what follows: ≤ 30 s until started/);
    // findings on the bar they concern (readinessProbe on a plain init container)
    const badge = await page.$eval('#chart .finding[data-lane="c1"]', (b) => ({ cls: b.getAttribute('class'), label: b.getAttribute('aria-label') }));
    assert.match(badge.cls ?? '', /sev-error/);
    assert.match(badge.label ?? '', /init-lifecycle-or-probe/);
    // failure path: off, then on for migrate
    assert.equal(await page.$$eval('#chart .failure-path', (x) => x.length), 0);
    await page.click('#fail-c1');
    const fp = await page.$eval('#chart .failure-path[data-lane="c1"]', (g) => g.textContent ?? '');
    assert.match(fp, /Init:CrashLoopBackOff/);
    assert.match(fp, /10 s → 20 s → 40 s → 80 s → 160 s → 5 min/);
    // the back-off steps once, not also inside the summary sentence
    assert.equal(fp.split('10 s').length - 1, 1, fp);
    assert.equal(await page.$eval('#fail-c1', (b) => b.getAttribute('aria-pressed')), 'true');
    assert.deepEqual((await page.evaluate(() => (window as unknown as { __state: { failure: string[] } }).__state)).failure, ['c1']);
    await shot(page, 'sidecars-failure-light.png');
    // the reveal message: Enter on a focused bar
    await page.focus('#chart .lane[data-lane="c1"] .bar-run');
    await page.keyboard.press('Enter');
    const reveal = (await posted(page)).filter((m) => m.type === 'reveal').pop();
    assert.ok(reveal && typeof reveal.start === 'number' && typeof reveal.end === 'number');
    // arrow keys move between bars
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-lane')), 'c2');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-lane')), 'c0');
    await page.close();
  });

  test('state kept when hidden: a reloaded page redraws from getState without a new model', async () => {
    const page = await open(browser);
    await show(page, modelOf(SIDECAR_DEPLOYMENT));
    await page.click('#fail-c0');
    // VS Code reloads a hidden webview when it is shown again and hands back the saved state; the
    // harness keeps it in sessionStorage across the reload
    await page.reload();
    await page.waitForSelector('#chart .failure-path[data-lane="c0"]', { timeout: 5000 });
    assert.match(await page.$eval('#title', (h) => h.textContent ?? ''), /Deployment\/shop/);
    assert.equal((await posted(page)).filter((m) => m.type === 'model').length, 0);
    await page.close();
  });

  test('the same model again is not redrawn: a bar held down through it still reveals its container', async () => {
    const page = await open(browser);
    const model = modelOf(SIDECAR_DEPLOYMENT);
    await show(page, model);
    const bar = await page.$('#chart .lane[data-lane="c1"] [role="listitem"][data-bar]');
    assert.ok(bar, 'a bar for migrate');
    // the panel sends the model again (it was focused, or shown again): nothing is replaced
    assert.equal((await send(page, { type: 'model', model })).answer, 'unchanged');
    assert.equal(await bar.evaluate((b) => b.isConnected), true, 'the bar drawn before is still in the page');
    // a person's click: pressed, the model arrives again, released
    const box = await bar.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    assert.equal((await send(page, { type: 'model', model })).answer, 'unchanged');
    await page.mouse.up();
    const reveals = (await posted(page)).filter((m) => m.type === 'reveal');
    assert.equal(reveals.length, 1, 'the click reveals migrate');
    const c1 = model.lanes.find((l) => l.id === 'c1');
    assert.ok(c1);
    const start = Number(reveals[0].start);
    assert.ok(start >= c1.range[0] && start < c1.range[1], `the reveal (${start}) is inside migrate (${c1.range.join('-')})`);
    // a different context, an empty message, then the same empty message
    assert.equal((await send(page, { type: 'model', model, context: { kubernetesVersion: '1.35' } })).answer, 'rendered');
    assert.equal((await send(page, { type: 'empty', message: 'closed' })).answer, 'rendered');
    assert.equal((await send(page, { type: 'empty', message: 'closed' })).answer, 'unchanged');
    assert.equal(await page.$eval('.empty', (p) => p.textContent), 'closed');
    // a page reloaded from its saved state has that drawn: the panel's re-sent message draws nothing
    await show(page, model);
    await page.reload();
    await page.waitForSelector('#chart');
    assert.equal((await send(page, { type: 'model', model })).answer, 'unchanged');
    assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
    await page.close();
  });

  test('a redraw puts the keyboard back on its bar and hides a tip for what is gone', async () => {
    const page = await open(browser);
    const model = modelOf(SIDECAR_DEPLOYMENT);
    await show(page, model);
    const id = await page.$eval('#chart .lane[data-lane="c1"] [role="listitem"][data-bar]', (b) => b.id);
    assert.match(id, /^bar-c1-/);
    await page.focus(`#${id}`);
    // a redraw (here: another target version in the context) while the keyboard is on migrate's bar
    assert.equal((await send(page, { type: 'model', model, context: { kubernetesVersion: '1.31' } })).answer, 'rendered');
    assert.equal(await page.evaluate(() => document.activeElement?.id), id, 'the keyboard is still on the bar');
    assert.equal(await page.$eval(`#${id}`, (b) => b.isConnected), true);
    // the mouse on a lane name shows its tip; the Pod goes away: so does the tip
    await page.locator('#chart .lane-name').first().hover();
    await page.waitForSelector('#tip:not([hidden])');
    assert.equal((await send(page, { type: 'empty', message: 'No Pod under the cursor.' })).answer, 'rendered');
    assert.equal(await page.$eval('#tip', (t) => t.hasAttribute('hidden')), true, 'the tip of a lane that is gone');
    assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
    await page.close();
  });

  test('a theme change while open redraws with colours that read in the new theme', async () => {
    const page = await open(browser, 'light');
    await show(page, modelOf(SIDECAR_DEPLOYMENT));
    assert.deepEqual((await pageProblems(page)).contrast, []);
    const count = async (): Promise<number> => (await posted(page)).filter((m) => m.type === 'rendered').length;
    const before = await count();
    // a context menu toggles a class on <body>: nothing to redraw
    await page.evaluate(() => document.body.classList.add('vscode-context-menu-visible'));
    await page.waitForTimeout(200);
    assert.equal(await count(), before, 'a context menu redrew the page');
    await page.evaluate(() => document.body.classList.remove('vscode-context-menu-visible'));
    // as VS Code re-themes a webview: the classes and data attributes on <body>, the variables on <html>
    await page.evaluate(
      ({ cls, vars }) => {
        document.body.classList.remove('vscode-light');
        document.body.classList.add(cls);
        document.body.dataset.vscodeThemeKind = cls;
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      },
      { cls: THEMES.dark.bodyClass, vars: THEMES.dark.vars },
    );
    // (without a redraw the texts keep the light theme's colours: 1.5:1 on the dark rows)
    await page.waitForFunction(
      (n) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'rendered').length > n,
      before,
      {
        timeout: 5000,
      },
    );
    assert.equal(await count(), before + 1, 'one redraw for one theme change');
    const after = await pageProblems(page);
    assert.deepEqual(after.contrast, [], `texts that do not read in the dark theme: ${after.contrast.join('; ')}`);
    assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
    await page.close();
  });

  test('Job: sidecar does not block completion, backoffLimit, export messages', async () => {
    const page = await open(browser);
    await show(page, modelOf(JOB));
    const facts = await page.$eval('.facts', (p) => p.textContent ?? '');
    assert.match(facts, /restartPolicy Never · grace period 30 s \(default\) · backoffLimit 3 · activeDeadlineSeconds 900 \(Job\)/);
    const sidecar = await page.$eval('#chart .lane[data-lane="c0"] .bar-running', (b) => b.getAttribute('aria-label') ?? '');
    assert.match(sidecar, /does not block completion/);
    await page.click('#toggle-failures');
    const texts = await page.$$eval('#chart .failure-path', (gs) => gs.map((g) => g.textContent ?? ''));
    assert.equal(texts.length, 2);
    assert.match(texts[1], /Job creates a new Pod/);
    await page.click('#copy-mermaid');
    await page.click('#save-svg');
    const msgs = await posted(page);
    const mermaid = msgs.find((m) => m.type === 'copyMermaid');
    assert.match(String(mermaid?.text), /^sequenceDiagram\n/);
    const svg = String(msgs.find((m) => m.type === 'saveSvg')?.svg);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(!/class="/.test(svg), 'classes replaced by computed colours');
    assert.match(svg, /fill="rgb\(/);
    fs.writeFileSync(path.join(out, 'job-export.svg'), svg);
    await shot(page, 'job-failures-light.png');
    await page.close();
  });

  test('XSS: names, images and commands with markup are shown as text and nothing runs', async () => {
    const page = await open(browser);
    const model = modelOf(XSS);
    assert.ok(model.lanes[0].name.includes('<img'));
    await show(page, model);
    await page.click('#toggle-failures');
    await page.waitForTimeout(200);
    const result = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      svgs: document.querySelectorAll('svg').length,
      text: document.body.textContent ?? '',
      csp: (window as unknown as { __csp: string[] }).__csp,
    }));
    assert.equal(result.pwned, undefined);
    assert.equal(result.imgs, 0);
    assert.equal(result.scripts, 5, 'only the harness stub and the four page scripts');
    assert.equal(result.svgs, 1 + (await page.$$eval('.legend svg', (x) => x.length)), 'only the chart and the legend marks');
    assert.ok(result.text.includes('<img src=x onerror=window.__pwned=2>'), 'the name is shown as text');
    assert.ok(result.text.includes('</script><script>window.__pwned=3</script>'));
    assert.deepEqual(result.csp, []);
    // the exports carry the strings as text too
    await page.click('#save-svg');
    const svg = String((await posted(page)).find((m) => m.type === 'saveSvg')?.svg);
    assert.ok(!svg.includes('<img'), 'escaped in the SVG');
    assert.ok(svg.includes('&lt;img'));
    await shot(page, 'xss.png');
    await page.close();
  });

  test('narrow panel: the page never scrolls sideways; the chart scrolls in its own box when it must', async () => {
    const page = await open(browser, 'light', 400);
    await show(page, modelOf(tenInitPod()));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll of the page at 400px (${overflow})`);
    await page.focus('#chart .bar-startup');
    await shot(page, 'ten-init-narrow.png');
    await page.close();
  });

  test('redraw time for a Pod with 10 init containers (model + render)', async () => {
    const page = await open(browser);
    const yaml = tenInitPod();
    await show(page, modelOf(yaml)); // warm up
    const modelTimes: number[] = [];
    const renderTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      // a fresh analysis each time, as after an edit (the text changes)
      const edited = yaml.replace('sleep 1', `sleep ${i + 2}`);
      const t0 = performance.now();
      const m = modelOf(edited);
      modelTimes.push(performance.now() - t0);
      renderTimes.push(await show(page, m));
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const inPage = Number(await page.$eval('body', (b) => b.getAttribute('data-render-ms')));
    const report = {
      analysisAndModelMs: median(modelTimes),
      renderMs: median(renderTimes),
      maxRenderMs: Math.max(...renderTimes),
      lastRenderInPageMs: inPage,
    };
    fs.writeFileSync(path.join(out, 'redraw-timing.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(
      `redraw, 10 init containers: analysis+model ${report.analysisAndModelMs.toFixed(1)} ms, message-to-drawn ${report.renderMs.toFixed(1)} ms (median of 20), DOM build ${inPage.toFixed(1)} ms`,
    );
    assert.ok(report.renderMs < 200, `render ${report.renderMs} ms`);
    await page.close();
  });
});
