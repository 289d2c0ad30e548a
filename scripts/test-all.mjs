#!/usr/bin/env node
// `npm test`: every tier, in order, each timed — lint + format check (Biome), type-check and build,
// unit + rule + LSP + corpus tests (node:test), the editor set-up (Chromium, code-server), the
// webview page in Chromium, the extension-host suite inside code-server, the browser end-to-end test
// against the packaged .vsix, and fresh shots of the README pictures compared with the committed
// ones. Prints a summary with each tier's wall time and a closing `N passed, N failed` line.
//   node scripts/test-all.mjs [--fast]     (--fast: only the tiers that need no editor)
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fast = process.argv.includes('--fast');
const node = process.execPath;
const tiers = [
  // Fast (about a second) and first; later tiers do not build on it, so they still run when it fails.
  { name: 'lint + format (Biome)', cmd: ['npm', 'run', '--silent', 'lint'], independent: true },
  { name: 'type-check + build', cmd: ['npm', 'run', '--silent', 'check-types'], andThen: ['npm', 'run', '--silent', 'build'] },
  { name: 'unit, rules, LSP server, corpus', cmd: [node, 'scripts/run-tests.mjs', 'test/unit', 'test/rules', 'test/server', 'test/corpus'] },
  ...(fast
    ? []
    : [
        { name: 'editor set-up (Chromium, code-server)', cmd: [node, 'scripts/setup-editor.mjs'] },
        { name: 'webview page in Chromium', cmd: [node, 'scripts/run-tests.mjs', 'test/webview'] },
        { name: 'extension-host suite in code-server', cmd: [node, 'test/integration/run-in-code-server.mjs'] },
        {
          name: 'extension-host suite, display language zh-cn',
          cmd: [node, 'test/integration/run-in-code-server.mjs', '--locale', 'zh-cn', '--grep', 'display language'],
        },
        { name: 'browser end-to-end (.vsix in code-server)', cmd: [node, 'test/e2e/run.mjs'] },
        { name: 'README pictures match fresh shots', cmd: [node, 'test/e2e/pictures.mjs', '--check'] },
      ]),
];

function run(argv) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Passed/failed counts from node:test, mocha or the e2e runner's closing lines. */
function counts(out) {
  const last = (re) => {
    const all = [...out.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const passNode = last(/^ℹ pass (\d+)/gm);
  if (passNode !== null) return { passed: passNode, failed: last(/^ℹ fail (\d+)/gm) ?? 0 };
  const passing = last(/(\d+) passing/g);
  if (passing !== null) return { passed: passing, failed: last(/(\d+) failing/g) ?? 0 };
  const e2e = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (e2e) return { passed: Number(e2e[1]), failed: Number(e2e[2]) };
  return null;
}

const results = [];
const started = Date.now();
let failedTier = false;
for (const tier of tiers) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${tier.name}\n`);
  let r = await run(tier.cmd);
  if (r.code === 0 && tier.andThen) r = await run(tier.andThen);
  const seconds = (Date.now() - t0) / 1000;
  const c = counts(r.out);
  results.push({ name: tier.name, seconds, code: r.code, ...c });
  if (r.code !== 0) {
    failedTier = true;
    if (!tier.independent) break; // later tiers build on earlier ones
  }
}

let passed = 0;
let failed = 0;
console.log('\n=== summary');
for (const r of results) {
  const tests = r.passed === undefined || r.passed === null ? '' : `${r.passed} passed, ${r.failed} failed`;
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(44)} ${r.seconds.toFixed(1).padStart(7)} s  ${tests}`);
  passed += r.passed ?? 0;
  failed += r.failed ?? 0;
  if (r.code !== 0 && !r.failed) failed += 1; // a tier that failed without counting still fails
}
console.log(`total wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedTier || failed > 0 ? 1 : 0);
