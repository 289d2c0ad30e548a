/// <reference lib="dom" />
/**
 * "Copy as Mermaid" gives text that Mermaid itself reads: the `mermaid` package's own parser (its
 * browser bundle, in Debian's Chromium) parses the diagram of every Pod in the examples, the rule
 * fixtures and the real-world corpus, then draws a few and reads the drawn text back, so an escaped
 * `;` or `<` shows as itself, not as `_`. Also: no message repeats a word ("started (started …)").
 *
 * Run: node scripts/run-tests.mjs test/webview/mermaid.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze } from '../../server/src/analysis';
import { timelineForPod } from '../../server/src/analysis/timeline';
import { allModels } from './harness';

const root = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'chromium-args.json'), 'utf8')) as string[];
const MERMAID = path.join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

/** Words of a message that repeat (4+ letters), not counting words that come from the YAML itself. */
function repeatedWords(message: string, fromYaml: Set<string>): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const w of message.toLowerCase().match(/\p{L}{4,}/gu) ?? []) {
    if (fromYaml.has(w)) continue;
    if (seen.has(w)) twice.add(w);
    seen.add(w);
  }
  return [...twice];
}

const haveChromium = fs.existsSync(CHROMIUM) && fs.existsSync(MERMAID);

describe("Mermaid text read by mermaid's own parser", { skip: haveChromium ? false : `needs ${CHROMIUM} and the mermaid devDependency` }, () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() =>
      (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }),
    );
  });

  after(async () => {
    await browser?.close();
  });

  test('every Pod of the examples, fixtures and corpus parses, with no repeated words', async () => {
    const models = allModels();
    assert.ok(models.length > 100, `${models.length} Pods`);
    const texts = models.map((m) => m.model.mermaid);
    const errors = await page.evaluate(async (texts) => {
      const mermaid = (window as unknown as { mermaid: { parse(t: string): Promise<unknown> } }).mermaid;
      const bad: Array<{ i: number; error: string }> = [];
      for (let i = 0; i < texts.length; i++) {
        try {
          await mermaid.parse(texts[i]);
        } catch (e) {
          bad.push({ i, error: String(e).slice(0, 300) });
        }
      }
      return bad;
    }, texts);
    assert.deepEqual(
      errors.map((e) => `${models[e.i].file} (Pod ${models[e.i].model.podIndex + 1}): ${e.error}`),
      [],
    );
    const repeats: string[] = [];
    for (const { file, model, yaml } of models) {
      const fromYaml = new Set((yaml.toLowerCase().match(/\p{L}{4,}/gu) ?? []) as string[]);
      for (const line of model.mermaid.split('\n')) {
        const msg = line.replace(/^[^:]*:\s*/, '');
        const r = repeatedWords(msg.replace(/#(\d+|lt|gt);/g, ' '), fromYaml);
        if (r.length) repeats.push(`${file}: ${line.trim()} — ${r.join(', ')}`);
      }
    }
    assert.deepEqual(repeats, []);
    console.log(`mermaid parsed ${texts.length} Pods' diagrams`);
  });

  test('escaped characters are drawn as themselves', async () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: "odd;name"}
spec:
  initContainers:
    - {name: "a;b#c<d>%%e", image: 'busybox:1.36.1', command: ['sleep', '5']}
    - name: proxy
      image: envoyproxy/envoy:v1.31.2
      restartPolicy: Always
  containers:
    - name: app
      image: nginx:1.27.2
      lifecycle: {preStop: {exec: {command: ['sleep', '5']}}}
`;
    const result = analyze(yaml, { kubernetesVersion: '1.33' });
    const d = result.documents[0];
    const model = timelineForPod({ document: d, pod: d.pods[0], podIndex: 0, podCount: 1 }, result.findings);
    const drawn = await page.evaluate(async (text) => {
      const mermaid = (window as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      const { svg } = await mermaid.render('probe', text);
      const box = document.createElement('div');
      box.innerHTML = svg;
      return Array.from(box.querySelectorAll('text')).map((t) => t.textContent ?? '');
    }, model.mermaid);
    assert.ok(drawn.includes('a;b#c<d>%%e (init container)'), drawn.join(' | '));
    assert.ok(drawn.includes('preStop hook, then SIGTERM; SIGKILL after 30 s'), drawn.join(' | '));
    assert.ok(drawn.includes('started at once (no startupProbe), then keeps running'), drawn.join(' | '));
    assert.ok(
      drawn.some((t) => t.includes('Pod/odd;name')),
      drawn.join(' | '),
    );
    assert.ok(!drawn.some((t) => /_ /.test(t)), drawn.join(' | '));
  });
});
