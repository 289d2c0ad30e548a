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
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze } from '../../server/src/analysis';
import { buildTimeline, type TimelineModel } from '../../server/src/analysis/timeline';

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'test-results', 'webview');
const CHROMIUM = '/usr/bin/chromium';
/** The same launch flags as the editor tests (scripts/code-server.mjs). */
const ARGS = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'chromium-args.json'), 'utf8')) as string[];

// ── fixtures ────────────────────────────────────────────────────────────────────────────────────

export function tenInitPod(): string {
  const items = Array.from({ length: 10 }, (_, i) => {
    if (i === 2) {
      return `    - name: fetch-assets
      image: busybox:1.36.1
      command: ['sh', '-c', 'wget -O /work/site.tar.gz https://example.com/site-1.0.0.tar.gz']
      volumeMounts:
        - name: work
          mountPath: /work
`;
    }
    if (i === 5) {
      return `    - name: wait-for-db
      image: busybox:1.36.1
      command:
        - sh
        - -c
        - |
          for i in $(seq 1 30); do
            nslookup db.default.svc.cluster.local && exit 0
            sleep 2
          done
          exit 1
`;
    }
    return `    - name: step-${i + 1}
      image: busybox:1.36.1
      command: ['sh', '-c', 'echo step ${i + 1} && sleep ${(i % 4) + 1}']
`;
  }).join('');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ten-steps
spec:
  initContainers:
${items}  containers:
    - name: web
      image: nginx:1.27.2
      volumeMounts:
        - name: work
          mountPath: /usr/share/nginx/html
          readOnly: true
  volumes:
    - name: work
      emptyDir: {}
`;
}

const SIDECAR_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.2
          restartPolicy: Always
          startupProbe:
            tcpSocket: {port: 9901}
            periodSeconds: 1
            failureThreshold: 30
        - name: migrate
          image: registry.example.com/shop-migrate:3.1.0
          readinessProbe:
            exec: {command: ['true']}
          volumeMounts:
            - name: cache
              mountPath: /cache
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
          restartPolicy: Always
          volumeMounts:
            - name: cache
              mountPath: /cache
              readOnly: true
      containers:
        - name: shop
          image: registry.example.com/shop:3.1.0
          lifecycle:
            preStop:
              exec: {command: ['sleep', '5']}
          volumeMounts:
            - name: cache
              mountPath: /cache
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
      volumes:
        - name: cache
          emptyDir: {}
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-report
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 900
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: cloud-sql-proxy
          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.13.0
          restartPolicy: Always
          args: ['--port=5432', 'proj:region:db']
          startupProbe:
            tcpSocket: {port: 5432}
            periodSeconds: 1
            failureThreshold: 30
      containers:
        - name: report
          image: registry.example.com/report:1.0.0
          command: ['sh', '-c', 'sleep 30']
`;

const XSS = `apiVersion: v1
kind: Pod
metadata:
  name: "<img src=x onerror=window.__pwned=1>"
spec:
  initContainers:
    - name: "<img src=x onerror=window.__pwned=2>"
      image: "busybox:1.36.1</script><script>window.__pwned=3</script>"
      command: ['sh', '-c', 'echo "</script><script>window.__pwned=4</script>" > /w/x; sleep 1']
      volumeMounts:
        - name: "<svg onload=window.__pwned=5>"
          mountPath: /w
  containers:
    - name: "</script><img src=x onerror=window.__pwned=6>"
      image: nginx:1.27.2
      volumeMounts:
        - name: "<svg onload=window.__pwned=5>"
          mountPath: /w
  volumes:
    - name: "<svg onload=window.__pwned=5>"
      emptyDir: {}
`;

function modelOf(yaml: string, offset?: number): TimelineModel {
  const m = buildTimeline(analyze(yaml, { kubernetesVersion: '1.33' }), offset);
  assert.ok(m);
  return m;
}

// ── harness ─────────────────────────────────────────────────────────────────────────────────────

const THEMES: Record<string, { bodyClass: string; vars: Record<string, string> }> = {
  light: { bodyClass: 'vscode-light', vars: {} },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-foreground': '#cccccc',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-list-hoverBackground': 'rgba(255,255,255,0.04)',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-green': '#89d185',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-list-hoverBackground': 'rgba(0,0,0,0)',
    },
  },
};

function writeHarness(theme: string): string {
  fs.mkdirSync(out, { recursive: true });
  const t = THEMES[theme];
  const themeCss = path.join(out, `theme-${theme}.css`);
  fs.writeFileSync(themeCss, `html { ${Object.entries(t.vars).map(([k, v]) => `${k}: ${v};`).join(' ')} }\n`);
  const nonce = 'harness-nonce-0123456789';
  // The stub is a separate file loaded with the nonce, like the real page's script.
  const stub = path.join(out, 'vscode-stub.js');
  fs.writeFileSync(
    stub,
    `window.__posted = []; window.__csp = [];
window.__state = JSON.parse(sessionStorage.getItem('state') || 'null') || undefined;
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); sessionStorage.setItem('state', JSON.stringify(s)); },
});
`,
  );
  const url = (p: string): string => pathToFileURL(p).href;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file:; img-src file:; font-src file:; script-src 'nonce-${nonce}'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${url(path.join(root, 'media', 'timeline.css'))}">
<link rel="stylesheet" href="${url(themeCss)}">
</head>
<body class="${t.bodyClass}">
<main id="app"></main>
<script nonce="${nonce}" src="${url(stub)}"></script>
<script nonce="${nonce}" src="${url(path.join(root, 'media', 'timeline.js'))}"></script>
</body>
</html>`;
  const file = path.join(out, `harness-${theme}.html`);
  fs.writeFileSync(file, html);
  return url(file);
}

async function open(browser: Browser, theme = 'light', width = 1000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 700 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  (page as Page & { __errors?: string[] }).__errors = errors;
  await page.goto(writeHarness(theme));
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  return page;
}

async function show(page: Page, model: TimelineModel): Promise<number> {
  return page.evaluate(async (m) => {
    const w = window as unknown as { __posted: Array<{ type: string }> };
    const before = w.__posted.length;
    const t0 = performance.now();
    window.postMessage({ type: 'model', model: m }, '*');
    while (!w.__posted.slice(before).some((x) => x.type === 'rendered')) await new Promise((r) => setTimeout(r, 0));
    return performance.now() - t0;
  }, model);
}

async function posted(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(out, name), fullPage: true });
}

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
      bars.map((b) => ({ lane: b.getAttribute('data-lane'), slot: Number(b.getAttribute('data-slot')), label: b.getAttribute('aria-label') ?? '', cls: b.getAttribute('class') ?? '' })),
    );
    assert.equal(runs.length, 10);
    assert.deepEqual(runs.map((r) => r.slot), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(runs.map((r) => r.lane), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
    // drawn left to right in that order
    const xs = await page.$$eval('#chart .bar-run .bar-rect', (rs) => rs.map((r) => Number(r.getAttribute('x'))));
    assert.deepEqual([...xs].sort((a, b) => a - b), xs);
    assert.match(runs[0].label, /^step-1: runs to completion: 1 s/);
    assert.match(runs[2].label, /fetch-assets: runs to completion: unknown length/);
    assert.match(runs[2].cls, /\bunknown\b/);
    assert.match(runs[5].label, /wait-for-db: runs to completion: ≤ 60 s/);
    // the app starts after the last init container
    const app = await page.$eval('#chart .lane[data-lane="c10"] .bar-startup', (b) => Number(b.getAttribute('data-slot')));
    assert.equal(app, 10);
    // hand-off: fetch-assets writes the volume the web container mounts
    const links = await page.$$eval('#chart .handoff', (ps) => ps.map((p) => `${p.getAttribute('data-from')}->${p.getAttribute('data-to')}:${p.getAttribute('data-volume')}:${p.getAttribute('class')}`));
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
    assert.equal(result.scripts, 2, 'only the harness scripts');
    assert.equal(result.svgs, 1, 'only the chart');
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

  test('narrow panel, dark and high-contrast themes (screenshots)', async () => {
    const model = modelOf(SIDECAR_DEPLOYMENT);
    for (const [theme, width] of [['dark', 1000], ['high-contrast', 1000], ['light', 400]] as const) {
      const page = await open(browser, theme, width);
      await show(page, theme === 'light' ? modelOf(tenInitPod()) : model);
      if (theme !== 'light') await page.click('#fail-c0');
      const w = await page.$eval('#chart', (s) => Number(s.getAttribute('width')));
      assert.ok(w <= width, `chart ${w} fits in ${width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll at ${width}px (${overflow})`);
      await page.focus('#chart .bar-startup');
      await shot(page, `${theme === 'light' ? 'ten-init-narrow' : 'sidecars-' + theme}.png`);
      await page.close();
    }
  });

  test('redraw time for a Pod with 10 init containers (model + render)', async () => {
    const page = await open(browser);
    const yaml = tenInitPod();
    await show(page, modelOf(yaml)); // warm up
    const modelTimes: number[] = [];
    const renderTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      // a fresh analysis each time, as after an edit (the text changes)
      const edited = yaml.replace('sleep 1', `sleep ${i + 1}`);
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
    console.log(`redraw, 10 init containers: analysis+model ${report.analysisAndModelMs.toFixed(1)} ms, message-to-drawn ${report.renderMs.toFixed(1)} ms (median of 20), DOM build ${inPage.toFixed(1)} ms`);
    assert.ok(report.renderMs < 200, `render ${report.renderMs} ms`);
    await page.close();
  });
});
