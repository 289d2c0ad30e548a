/// <reference lib="dom" />
/**
 * The exports stand alone: the saved SVG, opened by itself in Chromium, draws the chart exactly as
 * the panel does (same texts at the same places in the same colours, same bars), with a title, the
 * versions, the legend and no buttons; "light" colours whatever the editor's theme; every text in it
 * readable and apart from the others; the PNG is that picture at twice the size.
 *
 * Run: node scripts/run-tests.mjs test/webview/export.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TimelineModel } from '../../server/src/analysis/timeline';
import { ARGS, CHROMIUM, SIDECAR_DEPLOYMENT, modelOf, open, out, posted, show, tenInitPod } from './harness';
import { pageProblems } from './checks';

type Drawn = { texts: string[]; shapes: string[] };

/** Every text and shape of a chart <svg>, with geometry relative to it and the colour it is drawn in. */
async function drawn(page: Page, selector: string): Promise<Drawn> {
  return page.$eval(selector, (chart) => {
    // a nested <svg>'s client rect is its content's box: its origin is the outer one's plus x, y
    const outer = chart.parentElement?.closest('svg');
    const base = (outer ?? chart).getBoundingClientRect();
    const o = outer ? { left: base.left + Number(chart.getAttribute('x')), top: base.top + Number(chart.getAttribute('y')) } : base;
    const r = (n: number): string => n.toFixed(1);
    const skip = (e: Element): boolean => !!e.closest('.fail-toggle, defs, title');
    const texts = Array.from(chart.querySelectorAll('text'))
      .filter((e) => !skip(e))
      .map((e) => {
        const b = e.getBoundingClientRect();
        const own = Array.from(e.childNodes)
          .filter((n) => n.nodeName !== 'title')
          .map((n) => n.textContent)
          .join('|');
        return `${own} @${r(b.left - o.left)},${r(b.top - o.top)} ${getComputedStyle(e).fill}`;
      });
    const shapes = Array.from(chart.querySelectorAll('rect, circle, path, line'))
      .filter((e) => !skip(e))
      .map((e) => {
        const b = e.getBoundingClientRect();
        const cs = getComputedStyle(e);
        return `${e.localName} @${r(b.left - o.left)},${r(b.top - o.top)} ${r(b.width)}×${r(b.height)} ${cs.fill} ${cs.fillOpacity} ${cs.stroke}`;
      });
    return { texts, shapes };
  });
}

async function exported(page: Page, button: string, type: string): Promise<Record<string, unknown>> {
  await page.click(button);
  await page.waitForFunction((t) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === t), type);
  return (await posted(page)).filter((m) => m.type === type).pop()!;
}

const haveChromium = fs.existsSync(CHROMIUM);

describe('standalone exports', { skip: haveChromium ? false : `no ${CHROMIUM}` }, () => {
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  for (const [name, theme, yaml] of [
    ['sidecars', 'dark', SIDECAR_DEPLOYMENT],
    ['ten-init', 'high-contrast', tenInitPod()],
  ] as const) {
    test(`${name}: the SVG in the current theme (${theme}) opens as the panel draws it`, async () => {
      const model: TimelineModel = modelOf(yaml);
      let page = await open(browser, theme, 1000);
      await show(page, model);
      await page.click('#toggle-failures');
      await page.selectOption('#export-theme', 'current');
      const svg = String((await exported(page, '#save-svg', 'saveSvg')).svg);
      await page.close();
      const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
      assert.ok(width >= 640, `natural width ${width}`);
      assert.ok(!/class=|tabindex|role="button"|data-/.test(svg), 'no classes, controls or data attributes');
      assert.ok(!svg.includes('>!<'), 'no "!" buttons');
      assert.match(svg, /Deployment\/shop — init timeline|Pod\/ten-steps — init timeline/);
      assert.match(svg, /volume hand-off/, 'legend');
      const file = path.join(out, `${name}-export-${theme}.svg`);
      fs.writeFileSync(file, '<?xml version="1.0" encoding="UTF-8"?>\n' + svg);

      // the panel at the export's width: the page's content box is the SVG's width
      let vw = width + 24;
      for (let k = 0; k < 3; k++) {
        page = await open(browser, theme, vw);
        await show(page, model);
        const inner = await page.$eval('#app', (a) => a.clientWidth);
        if (inner === width) break;
        await page.close();
        vw += width - inner;
      }
      assert.equal(await page.$eval('#app', (a) => a.clientWidth), width);
      await page.click('#toggle-failures');
      await page.mouse.move(0, 0);
      const panel = await drawn(page, '#chart');
      await page.locator('#chart').screenshot({ path: path.join(out, `${name}-panel-${theme}.png`) });
      await page.close();

      const height = Number(/^<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
      const view = await browser.newPage({ viewport: { width, height } });
      await view.addInitScript('window.__name = (f) => f');
      await view.goto(pathToFileURL(file).href);
      const alone = await drawn(view, 'svg > svg');
      // (a full-page screenshot of an SVG document never finishes in this Chromium: the viewport is its size)
      await view.screenshot({ path: path.join(out, `${name}-export-${theme}.png`) });
      for (const k of ['texts', 'shapes'] as const) {
        const i = alone[k].findIndex((x, j) => x !== panel[k][j]);
        assert.ok(
          i < 0 && alone[k].length === panel[k].length,
          `${k} differ (${alone[k].length} in the SVG, ${panel[k].length} in the panel); first at ${i}:\n  svg:   ${alone[k][i]}\n  panel: ${panel[k][i]}`,
        );
      }
      await view.close();
    });
  }

  test('light export from a dark editor, readable and apart; PNG at twice the size', async () => {
    const model = modelOf(SIDECAR_DEPLOYMENT);
    const page = await open(browser, 'dark', 900);
    await show(page, {
      ...model,
      summary: { bestSeconds: 0, worstSeconds: 65, dominant: 'c1', text: 'Ready in 0 s – 1 min 5 s; migrate dominates (unknown length)' },
    });
    await page.click('#fail-c1');
    assert.equal(await page.$eval('#export-theme', (s) => (s as HTMLSelectElement).value), 'light');
    const svg = String((await exported(page, '#save-svg', 'saveSvg')).svg);
    assert.match(svg, /^<svg[^>]*><rect[^>]*fill="rgb\(255, 255, 255\)"/, 'a white background');
    assert.match(svg, /Ready in 0 s – 1 min 5 s; migrate dominates/);
    const file = path.join(out, 'sidecars-export-light.svg');
    fs.writeFileSync(file, svg);
    const view = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await view.addInitScript('window.__name = (f) => f');
    await view.goto(pathToFileURL(file).href);
    const p = await pageProblems(view);
    assert.deepEqual([...p.overlaps, ...p.overflows, ...p.contrast], []);
    assert.ok(p.texts > 30, `${p.texts} texts`);
    await view.close();

    const png = (await exported(page, '#save-png', 'savePng')) as { data: string };
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    const w = bytes.readUInt32BE(16);
    const h = bytes.readUInt32BE(20);
    const svgW = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    const svgH = Number(/^<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
    assert.deepEqual([w, h], [svgW * 2, svgH * 2]);
    fs.writeFileSync(path.join(out, 'sidecars-export-light.png'), bytes);
    assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
    await page.close();
  });
});
