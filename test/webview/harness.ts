/// <reference lib="dom" />
/**
 * The page tests' harness: the timeline webview (media/*.js + timeline.css) in a file:// page with
 * a stub `acquireVsCodeApi`, a CSP like the panel's and VS Code's theme colours as CSS variables;
 * fixture manifests; and helpers to show a model, read what the page posted and take screenshots.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { analyze } from '../../server/src/analysis';
import { buildTimeline, timelineForPod, type TimelineModel } from '../../server/src/analysis/timeline';
import { yamlFiles } from '../helpers/files';

export const root = path.resolve(__dirname, '..', '..');
export const out = path.join(root, 'test-results', 'webview');
export const CHROMIUM = '/usr/bin/chromium';
/** The same launch flags as the editor tests (scripts/code-server.mjs). */
export const ARGS = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'chromium-args.json'), 'utf8')) as string[];

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

export const SIDECAR_DEPLOYMENT = `apiVersion: apps/v1
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

export const JOB = `apiVersion: batch/v1
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

export const XSS = `apiVersion: v1
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

export function modelOf(yaml: string, offset?: number): TimelineModel {
  const m = buildTimeline(analyze(yaml, { kubernetesVersion: '1.33' }), offset);
  assert.ok(m);
  return m;
}

// ── harness ─────────────────────────────────────────────────────────────────────────────────────

/** VS Code's default themes' colours (Light Modern, Dark Modern, Dark High Contrast, Light High Contrast). */
export const THEMES: Record<string, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-purple': '#652d90',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-foreground': '#616161',
      '--vscode-editorError-foreground': '#e51400',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-editorInfo-foreground': '#1a85ff',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-list-hoverBackground': '#f2f2f2',
    },
  },
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
      '--vscode-editorError-foreground': '#f14c4c',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-border': '#454545',
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
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-foreground': '#ffffff',
      '--vscode-editorError-foreground': '#f48771',
      '--vscode-editorWarning-foreground': '#ffd700',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-secondaryHoverBackground': '#000000',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-editorHoverWidget-background': '#0c141f',
      '--vscode-editorHoverWidget-border': '#6fc3df',
      '--vscode-list-hoverBackground': 'rgba(0,0,0,0)',
    },
  },
  'high-contrast-light': {
    bodyClass: 'vscode-high-contrast-light',
    vars: {
      '--vscode-foreground': '#292929',
      '--vscode-descriptionForeground': '#292929',
      '--vscode-editor-background': '#ffffff',
      '--vscode-contrastBorder': '#0f4a85',
      '--vscode-focusBorder': '#006bbd',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-purple': '#652d90',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-foreground': '#292929',
      '--vscode-editorError-foreground': '#b5200d',
      '--vscode-editorWarning-foreground': '#895503',
      '--vscode-editorInfo-foreground': '#1a85ff',
      '--vscode-button-secondaryBackground': '#ffffff',
      '--vscode-button-secondaryForeground': '#292929',
      '--vscode-button-secondaryHoverBackground': '#ffffff',
      '--vscode-textLink-foreground': '#0f4a85',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#292929',
      '--vscode-dropdown-border': '#0f4a85',
      '--vscode-editorHoverWidget-background': '#ffffff',
      '--vscode-editorHoverWidget-border': '#292929',
      '--vscode-list-hoverBackground': 'rgba(0,0,0,0)',
    },
  },
};

/** Writes the page as the panel serves it; with `bundle`, the Chinese strings the panel passes in (zh-cn). */
export function writeHarness(theme: string, bundle: Record<string, string> | null = null): string {
  fs.mkdirSync(out, { recursive: true });
  const t = THEMES[theme];
  const themeCss = path.join(out, `theme-${theme}.css`);
  fs.writeFileSync(
    themeCss,
    `html { ${Object.entries(t.vars)
      .map(([k, v]) => `${k}: ${v};`)
      .join(' ')} }\n`,
  );
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
  const strings = bundle ? `<script type="application/json" id="initlens-l10n">${JSON.stringify(bundle).replace(/</g, '\\u003c')}</script>` : '';
  const html = `<!DOCTYPE html>
<html lang="${bundle ? 'zh-cn' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file:; img-src file: blob:; font-src file:; script-src 'nonce-${nonce}'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${url(path.join(root, 'media', 'timeline.css'))}">
<link rel="stylesheet" href="${url(path.join(root, 'media', 'observed.css'))}">
<link rel="stylesheet" href="${url(themeCss)}">
</head>
<body class="${t.bodyClass}">
${strings}
<main id="app"></main>
<script nonce="${nonce}" src="${url(stub)}"></script>
${['observed.js', 'timeline-chart.js', 'timeline-export.js', 'timeline.js'].map((f) => `<script nonce="${nonce}" src="${url(path.join(root, 'media', f))}"></script>`).join('\n')}
</body>
</html>`;
  const file = path.join(out, `harness-${theme}${bundle ? '-zh' : ''}.html`);
  fs.writeFileSync(file, html);
  return url(file);
}

export async function open(browser: Browser, theme = 'light', width = 1000, bundle: Record<string, string> | null = null): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 700 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  (page as Page & { __errors?: string[] }).__errors = errors;
  // tsx names the functions the tests pass to page.evaluate with a helper the page lacks
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(writeHarness(theme, bundle));
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  return page;
}

/** Sends a message as the panel does; says whether the page drew it ('rendered') or had it drawn already ('unchanged'). */
export async function send(page: Page, message: Record<string, unknown>): Promise<{ answer: 'rendered' | 'unchanged'; ms: number }> {
  return page.evaluate(async (m) => {
    const w = window as unknown as { __posted: Array<{ type: string }> };
    const before = w.__posted.length;
    const t0 = performance.now();
    window.postMessage(m, '*');
    for (;;) {
      const answer = w.__posted.slice(before).find((x) => x.type === 'rendered' || x.type === 'unchanged');
      if (answer) return { answer: answer.type as 'rendered' | 'unchanged', ms: performance.now() - t0 };
      await new Promise((r) => setTimeout(r, 0));
    }
  }, message);
}

/** Shows a model the page has not drawn yet; the milliseconds from the message to the drawn page. */
export async function show(page: Page, model: TimelineModel): Promise<number> {
  const { answer, ms } = await send(page, { type: 'model', model });
  assert.equal(answer, 'rendered', 'the page drew nothing new: it had this model drawn already');
  return ms;
}

export async function posted(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
}

export async function shot(page: Page, name: string): Promise<void> {
  // the tip follows the mouse: move it off the page so the picture shows the chart alone
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.getElementById('tip')?.setAttribute('hidden', ''));
  await page.screenshot({ path: path.join(out, name), fullPage: true });
}

/** Every Pod of every file, as the panel would draw it. */
export function allModels(): Array<{ file: string; model: TimelineModel; yaml: string }> {
  const files = [
    ...yamlFiles(path.join(root, 'examples')),
    ...yamlFiles(path.join(root, 'test', 'fixtures')),
    ...yamlFiles(path.resolve(root, '..', 'shared', 'corpus')),
  ];
  const out: Array<{ file: string; model: TimelineModel; yaml: string }> = [];
  for (const file of files) {
    const yaml = fs.readFileSync(file, 'utf8');
    const result = analyze(yaml, { kubernetesVersion: '1.33' });
    const pods = result.documents.flatMap((document) => document.pods.map((pod) => ({ document, pod })));
    pods.forEach(({ document, pod }, podIndex) => {
      out.push({ file: path.relative(root, file), yaml, model: timelineForPod({ document, pod, podIndex, podCount: pods.length }, result.findings) });
    });
  }
  return out;
}
