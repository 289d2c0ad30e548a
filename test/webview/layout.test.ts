/// <reference lib="dom" />
/**
 * The timeline page's layout and colours, checked from the rendered page (test/webview/checks.ts):
 * no text box intersects another, a bar or an arrow; no text overflows its box; every text reaches
 * 4.5:1; shortened text carries its full text. At 400, 800 and 1600 px, in VS Code's light, dark
 * and both high-contrast themes, for a 10-init-container Pod, the examples and the real-world
 * corpus, with every failure path open. Screenshots go to test-results/webview/ (paths printed).
 *
 * Run: node scripts/run-tests.mjs test/webview/layout.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TimelineModel } from '../../server/src/analysis/timeline';
import { ARGS, CHROMIUM, JOB, SIDECAR_DEPLOYMENT, allModels, modelOf, open, out, shot, show, tenInitPod } from './harness';
import { pageProblems, type PageProblems } from './checks';

const THEME_NAMES = ['light', 'dark', 'high-contrast', 'high-contrast-light'] as const;
const WIDTHS = [400, 800, 1600] as const;

/** Eight containers (six init, two app) with long names: the "no scroll at 800 px" case. */
function eightContainerPod(): string {
  const init = [
    'cloud-sql-proxy-wait-for-database',
    'fetch-static-assets-from-bucket',
    'render-config-templates',
    'migrate-schema',
    'warm-cache',
    'register-with-service-discovery',
  ];
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
${init.map((n, i) => `        - name: ${n}\n          image: busybox:1.36.1\n          command: ['sh', '-c', 'sleep ${i + 2}']\n`).join('')}      containers:
        - name: application-container-with-a-long-name
          image: nginx:1.27.2
        - name: metrics-exporter
          image: prom/statsd-exporter:v0.27.1
`;
}

/** A summary as branch `durations` will fill it, so the summary line and the dominant lane are drawn. */
function withSummary(model: TimelineModel): TimelineModel {
  const dominant = model.lanes.find((l) => l.name === 'wait-for-db') ?? model.lanes[0];
  return {
    ...model,
    summary: { bestSeconds: 10, worstSeconds: 130, dominant: dominant.id, text: `Ready in 10 s – 2 min 10 s; ${dominant.name} dominates (≤ 60 s)` },
  };
}

function problemsText(p: PageProblems): string {
  return [...p.overlaps, ...p.overflows, ...p.crossings, ...p.contrast, ...p.untipped].slice(0, 20).join('\n');
}

function assertClean(p: PageProblems, where: string): void {
  const all = [...p.overlaps, ...p.overflows, ...p.crossings, ...p.contrast, ...p.untipped];
  assert.equal(all.length, 0, `${where}: ${all.length} problems\n${problemsText(p)}`);
  assert.ok(p.texts > 10, `${where}: only ${p.texts} texts found`);
}

async function openAll(page: Page): Promise<void> {
  if ((await page.$eval('#toggle-failures', (b) => b.getAttribute('aria-pressed'))) !== 'true') await page.click('#toggle-failures');
}

const haveChromium = fs.existsSync(CHROMIUM);

describe('timeline page layout and contrast', { skip: haveChromium ? false : `no ${CHROMIUM}` }, () => {
  let browser: Browser;
  const shots: string[] = [];

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    if (shots.length) console.log('screenshots:\n' + shots.map((s) => '  ' + path.join(out, s)).join('\n'));
  });

  test('10 init containers, sidecars and a Job: every theme at 400, 800 and 1600 px', async () => {
    const fixtures: Array<[string, TimelineModel]> = [
      ['ten-init', withSummary(modelOf(tenInitPod()))],
      ['sidecars', modelOf(SIDECAR_DEPLOYMENT)],
      ['job', modelOf(JOB)],
    ];
    let minContrast = Infinity;
    for (const theme of THEME_NAMES) {
      for (const width of WIDTHS) {
        const page = await open(browser, theme, width);
        for (const [name, model] of fixtures) {
          await show(page, model);
          // closed, then every failure path open
          assertClean(await pageProblems(page), `${name} ${theme} ${width}px`);
          await openAll(page);
          const p = await pageProblems(page);
          assertClean(p, `${name} ${theme} ${width}px, failure paths open`);
          minContrast = Math.min(minContrast, p.minContrast);
          const file = `${name}-${theme}-${width}.png`;
          await shot(page, file);
          shots.push(file);
          await page.click('#toggle-failures');
        }
        assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
        await page.close();
      }
    }
    console.log(`lowest text contrast over the fixtures: ${minContrast.toFixed(2)}:1`);
  });

  test('no horizontal scroll at 800 px and wider for 8 containers; names shortened only with the full text a hover away', async () => {
    const model = modelOf(eightContainerPod());
    for (const width of [800, 1600]) {
      const page = await open(browser, 'light', width);
      await show(page, model);
      const scroll = await page.evaluate(() => {
        const wrap = document.querySelector('.chart-wrap') as HTMLElement;
        return { doc: document.documentElement.scrollWidth - document.documentElement.clientWidth, chart: wrap.scrollWidth - wrap.clientWidth };
      });
      assert.deepEqual(scroll, { doc: 0, chart: 0 }, `${width}px`);
      assertClean(await pageProblems(page), `8 containers ${width}px`);
      // hover and focus show the full name of a shortened one
      const cut = await page.$$eval('#chart .lane-name', (ts) => ts.filter((t) => (t.textContent ?? '').includes('…')).map((t) => t.getAttribute('data-tip')));
      for (const name of await page.$$eval('#chart .lane-name[tabindex]', (ts) => ts.map((t) => t.getAttribute('data-tip')))) assert.ok(name);
      const first = await page.$('#chart .lane-name');
      await first!.hover();
      assert.match(
        await page.$eval('#tip', (t) => ((t as HTMLElement).hidden ? '' : (t.textContent ?? ''))),
        /^cloud-sql-proxy-wait-for-database — init container · busybox:1\.36\.1$/,
      );
      if (cut.length) {
        await page.focus('#chart .lane-name[tabindex]');
        assert.equal(
          await page.$eval('#tip', (t) => ((t as HTMLElement).hidden ? '' : (t.textContent ?? ''))),
          await page.$eval('#chart .lane-name[tabindex]', (t) => t.getAttribute('data-tip')),
        );
      }
      const file = `eight-containers-light-${width}.png`;
      await shot(page, file);
      shots.push(file);
      await page.close();
    }
  });

  test('the summary line and the dominant lane are drawn, not by colour alone', async () => {
    const page = await open(browser, 'dark', 1000);
    await show(page, withSummary(modelOf(tenInitPod())));
    assert.match(await page.$eval('#summary', (p) => p.textContent ?? ''), /Ready in 10 s – 2 min 10 s; wait-for-db dominates/);
    const dominant = await page.$eval('#chart .lane.dominant', (g) => ({
      lane: g.getAttribute('data-lane'),
      chip: g.querySelector('.chip-text')?.textContent,
      outlined: !!g.querySelector('.dominant-bar'),
    }));
    assert.deepEqual(dominant, { lane: 'c5', chip: 'dominates', outlined: true });
    assert.equal(await page.$$eval('#chart .lane.dominant', (x) => x.length), 1);
    await page.close();
  });

  test('the observed start-up of recorded Pods (media/observed.js): the same checks in every theme', async () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'observed');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
    assert.ok(files.length >= 3, `${files.length} recorded Pods`);
    const failures: string[] = [];
    for (const theme of THEME_NAMES) {
      const page = await open(browser, theme, 1000);
      for (const f of files) {
        const model = modelOf(fs.readFileSync(path.join(dir, f), 'utf8'));
        assert.ok(model.observed, `${f} has an observed start-up`);
        await show(page, model);
        assert.ok(await page.$('.observed, [class*="observed"]'), `${f}: the observed section is drawn`);
        const p = await pageProblems(page);
        const n = p.overlaps.length + p.overflows.length + p.crossings.length + p.contrast.length + p.untipped.length;
        if (n) failures.push(`${f} ${theme}: ${n}\n${problemsText(p)}`);
      }
      await shot(page, `observed-${theme}-1000.png`);
      shots.push(`observed-${theme}-1000.png`);
      await page.close();
    }
    assert.deepEqual(failures, []);
  });

  test('every Pod of the examples and the corpus: light at 400, 800, 1600 px; dark and high contrast at 800 px', async () => {
    const models = allModels().filter((m) => !m.file.startsWith('test'));
    assert.ok(models.length > 50, `${models.length} Pods`);
    const runs: Array<[string, number]> = [
      ['light', 400],
      ['light', 800],
      ['light', 1600],
      ['dark', 800],
      ['high-contrast', 800],
      ['high-contrast-light', 800],
    ];
    const failures: string[] = [];
    let minContrast = Infinity;
    for (const [theme, width] of runs) {
      const page = await open(browser, theme, width);
      for (const { file, model } of models) {
        await show(page, model);
        await openAll(page);
        const p = await pageProblems(page);
        minContrast = Math.min(minContrast, p.minContrast);
        const n = p.overlaps.length + p.overflows.length + p.crossings.length + p.contrast.length + p.untipped.length;
        if (n) failures.push(`${file} Pod ${model.podIndex + 1} ${theme} ${width}px: ${n}\n${problemsText(p)}`);
      }
      if (theme === 'light' && width === 800) {
        // one real manifest's picture for the record
        const m = models.find((x) => x.file.includes('019-istio')) ?? models[0];
        await show(page, m.model);
        await shot(page, `corpus-istio-${theme}-${width}.png`);
        shots.push(`corpus-istio-${theme}-${width}.png`);
      }
      assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
      await page.close();
    }
    console.log(`examples + corpus: ${models.length} Pods × ${runs.length} theme/width runs; lowest contrast ${minContrast.toFixed(2)}:1`);
    assert.deepEqual(failures.slice(0, 8), []);
  });
});
