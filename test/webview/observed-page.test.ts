/// <reference lib="dom" />
/**
 * The observed start-up in the timeline webview (media/observed.js + .css, hooked into
 * media/timeline.js) in real Chromium: models built by the real analysis from recorded `kubectl get
 * pod -o yaml` outputs (test/fixtures/observed/) and the example Pod stuck in Init. Checks the
 * kubectl columns, the lane order against the predicted chart, that no text overlaps another or
 * leaves the chart, that text has at least 4.5:1 contrast in light, dark and high-contrast themes,
 * that YAML strings cannot inject markup, and that a lane reveals its status entry. Screenshots of
 * the section go to test-results/webview/observed-*.png.
 *
 * Run: node scripts/run-tests.mjs test/webview/observed-page.test.ts   (needs /usr/bin/chromium)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze } from '../../server/src/analysis';
import { buildTimeline, type TimelineModel } from '../../server/src/analysis/timeline';
import { setMessageBundle } from '../../server/src/analysis/i18n';
import { ARGS, CHROMIUM, open, out, root, show } from './harness';

const fixtures = path.join(root, 'test', 'fixtures', 'observed');

const CASES = {
  'stuck-in-init': path.join(root, 'examples', 'observed-init-stuck.yaml'),
  'init-crashloopbackoff': path.join(fixtures, 'orange-init-crashloopbackoff.yaml'),
  'job-sidecar-finished': path.join(fixtures, 'job-sidecar-completed.yaml'),
  'running-started-sidecar': path.join(fixtures, 'constructed-sidecar-running.yaml'),
} as const;

function modelOf(file: string): TimelineModel {
  const m = buildTimeline(analyze(fs.readFileSync(file, 'utf8'), { kubernetesVersion: '1.33' }));
  assert.ok(m?.observed, file);
  return m;
}

/** Every text of the observed chart: its box, and whether it overlaps another or leaves the chart. */
async function textProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const svgEl = document.getElementById('observed-chart') as unknown as SVGSVGElement;
    const box = svgEl.getBoundingClientRect();
    const texts = [...svgEl.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }));
    const problems: string[] = [];
    for (const a of texts) {
      if (a.r.left < box.left - 0.5 || a.r.right > box.right + 0.5 || a.r.top < box.top - 0.5 || a.r.bottom > box.bottom + 0.5)
        problems.push(`outside the chart: ${a.text}`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].r;
        const b = texts[j].r;
        const ix = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const iy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (ix > 1 && iy > 1) problems.push(`overlap: "${texts[i].text}" / "${texts[j].text}"`);
      }
    }
    return problems;
  });
}

/** The lowest contrast of any text in the observed section against the page background. */
// Written as plain JavaScript: a function passed to page.evaluate would carry the TypeScript
// loader's helpers (`__name`), which the page does not have.
const LOWEST_CONTRAST = `(() => {
  const parse = (c) => { const m = /rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)/.exec(c); return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0]; };
  const f = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  const bg = lum(parse(getComputedStyle(document.body).backgroundColor));
  let worst = { ratio: 99, text: '' };
  for (const n of document.getElementById('observed').querySelectorAll('text, li, td, th, p, h2')) {
    if (!n.textContent.trim()) continue;
    const cs = getComputedStyle(n);
    const l = lum(parse(n instanceof SVGElement ? cs.fill : cs.color));
    const ratio = (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: n.textContent.slice(0, 60) };
  }
  return worst;
})()`;

/** The lowest contrast of any text in the observed section against the page background. */
async function lowestContrast(page: Page): Promise<{ ratio: number; text: string }> {
  return page.evaluate(LOWEST_CONTRAST) as Promise<{ ratio: number; text: string }>;
}

const haveChromium = fs.existsSync(CHROMIUM);

describe('observed start-up in the timeline webview', { skip: haveChromium ? false : `no ${CHROMIUM}: run scripts/ensure-chromium.sh` }, () => {
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  test('a Pod stuck in Init on a wait loop: kubectl columns, the why, lanes under their predictions', async () => {
    const page = await open(browser);
    const model = modelOf(CASES['stuck-in-init']);
    await show(page, model);
    const cols = await page.$$eval('.kubectl-columns td', (tds) => tds.map((td) => `${td.getAttribute('data-col')}=${td.textContent}`));
    assert.deepEqual(cols, ['status=Init:1/3', 'ready=0/1', 'restarts=0', 'phase=Pending']);
    const why = await page.$$eval('.observed-explanation li', (lis) => lis.map((l) => l.textContent));
    assert.deepEqual(why.slice(0, 3), [
      'Init:1/3 — wait-for-db has been running 14 min 25 s.',
      'It polls db with no timeout.',
      'Nothing in this manifest defines a Service db.',
    ]);
    // the observed section comes right after the predicted chart, lanes in the same order
    const order = await page.$$eval('#app > *', (els) => els.map((e) => e.className || e.tagName));
    assert.equal(order[order.indexOf('observed') - 1], 'chart-wrap');
    const observedLanes = await page.$$eval('#observed-chart .obs-lane', (gs) => gs.map((g) => g.getAttribute('data-name')));
    assert.deepEqual(
      observedLanes,
      model.lanes.map((l) => l.name),
    );
    const states = await page.$$eval('#observed-chart .obs-lane', (gs) => gs.map((g) => g.getAttribute('data-state')));
    assert.deepEqual(states, ['terminated', 'running', 'waiting', 'waiting']);
    // the running init container's bar reaches the capture line
    const geo = await page.evaluate(() => {
      const run = document.querySelector('#observed-chart .obs-lane[data-name="wait-for-db"] .obs-run')!;
      const now = document.querySelector('#observed-chart .obs-now')!;
      return { end: Number(run.getAttribute('x')) + Number(run.getAttribute('width')), now: Number(now.getAttribute('x1')) };
    });
    assert.ok(Math.abs(geo.end - geo.now) < 1, JSON.stringify(geo));
    const text = await page.$eval('#observed-chart .obs-lane[data-name="wait-for-db"]', (g) =>
      [...g.querySelectorAll('.obs-text')].map((t) => t.textContent).join(' '),
    );
    assert.match(text, /running for 14 min 25 s/);
    assert.deepEqual(await textProblems(page), []);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
    assert.deepEqual((page as Page & { __errors?: string[] }).__errors, []);
    await page.close();
  });

  test('an init container in CrashLoopBackOff: the run before drawn dashed, exit 127 said', async () => {
    const page = await open(browser);
    await show(page, modelOf(CASES['init-crashloopbackoff']));
    assert.equal(await page.$eval('.kubectl-columns .col-status', (td) => td.textContent), 'Init:CrashLoopBackOff');
    assert.equal(await page.$eval('.kubectl-columns .col-restarts', (td) => td.textContent), '3');
    const lane = await page.$eval('#observed-chart .obs-lane[data-name="init-myservice"]', (g) => ({
      last: g.querySelectorAll('.obs-last').length,
      run: g.querySelectorAll('.obs-run').length,
      text: [...g.querySelectorAll('.obs-text')].map((t) => t.textContent).join(' '),
      role: [...g.querySelectorAll('.obs-role')].map((t) => t.textContent).join(' '),
    }));
    assert.deepEqual([lane.last, lane.run], [1, 0]);
    assert.match(lane.text, /waiting: CrashLoopBackOff · run before: exit 127 \(Error\) after 0 s/);
    assert.match(lane.role, /3 restarts/);
    assert.deepEqual(await textProblems(page), []);
    await page.close();
  });

  test('a Job whose native sidecar was stopped: Completed, sidecar exit 137 explained', async () => {
    const page = await open(browser);
    await show(page, modelOf(CASES['job-sidecar-finished']));
    assert.equal(await page.$eval('.kubectl-columns .col-status', (td) => td.textContent), 'Completed');
    const why = await page.$$eval('.observed-explanation li', (lis) => lis.map((l) => l.textContent ?? ''));
    assert.ok(why.some((s) => s.startsWith('Sidecar upload-logs exited with code 137')));
    const runs = await page.$$eval('#observed-chart .obs-run', (rs) => rs.length);
    assert.equal(runs, 3);
    assert.deepEqual(await textProblems(page), []);
    await page.close();
  });

  test('a running Pod with a started sidecar: Running 2/2, not initializing', async () => {
    const page = await open(browser);
    await show(page, modelOf(CASES['running-started-sidecar']));
    const cols = await page.$$eval('.kubectl-columns td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cols.slice(0, 3), ['Running', '2/2', '1']);
    const text = await page.$eval('#observed-chart .obs-lane[data-name="logshipper"]', (g) =>
      [...g.querySelectorAll('.obs-text')].map((t) => t.textContent).join(' '),
    );
    assert.match(text, /running for 2 min 55 s · started · ready · run before: exit 1 \(Error\) after 1 s/);
    await page.close();
  });

  test('a lane reveals its status entry in the editor', async () => {
    const page = await open(browser);
    const model = modelOf(CASES['init-crashloopbackoff']);
    await show(page, model);
    await page.click('#observed-chart .obs-lane[data-name="init-myservice"]');
    await page.focus('#observed-chart .obs-lane[data-name="orange-container"]');
    await page.keyboard.press('Enter');
    const reveals = (await page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted)).filter(
      (m) => m.type === 'reveal',
    );
    const ranges = model.observed!.containers.map((c) => c.range);
    assert.deepEqual(reveals, [
      { type: 'reveal', start: ranges[0]![0], end: ranges[0]![1] },
      { type: 'reveal', start: ranges[1]![0], end: ranges[1]![1] },
    ]);
    await page.close();
  });

  test('YAML strings in the status cannot inject markup', async () => {
    const page = await open(browser);
    const evil = '"<img src=x onerror=window.__pwned=1>"';
    const text = fs
      .readFileSync(CASES['init-crashloopbackoff'], 'utf8')
      .replaceAll('init-myservice', evil.slice(1, -1))
      .replace('reason: CrashLoopBackOff', 'reason: "</text><script>window.__pwned=2</script>"');
    const model = buildTimeline(analyze(text))!;
    assert.ok(model.observed);
    await show(page, model);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.$$eval('#observed img, #observed script', (e) => e.length), 0);
    assert.ok((await page.$eval('#observed', (s) => s.textContent ?? '')).includes('<img src=x onerror=window.__pwned=1>'));
    await page.close();
  });

  test('light, dark and high contrast: text at 4.5:1 or more, nothing overlapping; narrow and Chinese too (screenshots)', async () => {
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    for (const [name, file] of Object.entries(CASES)) {
      for (const theme of ['light', 'dark', 'high-contrast']) {
        const page = await open(browser, theme);
        await show(page, modelOf(file));
        const worst = await lowestContrast(page);
        assert.ok(worst.ratio >= 4.5, `${name} ${theme}: ${worst.ratio.toFixed(2)} for "${worst.text}"`);
        assert.deepEqual(await textProblems(page), [], `${name} ${theme}`);
        if (theme !== 'high-contrast' || name === 'stuck-in-init')
          await page.locator('#observed').screenshot({ path: path.join(out, `observed-${name}-${theme}.png`) });
        await page.close();
      }
    }
    const narrow = await open(browser, 'light', 420);
    await show(narrow, modelOf(CASES['stuck-in-init']));
    assert.deepEqual(await textProblems(narrow), [], 'narrow');
    await narrow.locator('#observed').screenshot({ path: path.join(out, 'observed-stuck-in-init-narrow.png') });
    await narrow.close();
    const chinese = await open(browser, 'dark', 1000, zh);
    // the explanation comes from the analysis, in the language the server speaks
    setMessageBundle('zh-cn', zh);
    let zhModel: TimelineModel;
    try {
      zhModel = modelOf(CASES['init-crashloopbackoff']);
    } finally {
      setMessageBundle('en', undefined);
    }
    assert.match(zhModel.observed!.explanation[0], /^Init:CrashLoopBackOff — init-myservice 正在等待：CrashLoopBackOff。$/);
    await show(chinese, zhModel);
    assert.deepEqual(await textProblems(chinese), [], 'zh-cn');
    await chinese.locator('#observed').screenshot({ path: path.join(out, 'observed-init-crashloopbackoff-zh-cn.png') });
    await chinese.close();
  });
});
