#!/usr/bin/env node
// Runs the node:test suites written in TypeScript (through tsx) under the given folders.
// Usage: node scripts/run-tests.mjs test/unit test/rules ...
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap((d) => (d.endsWith('.ts') ? [d] : find(d, []))).sort();
if (files.length === 0) {
  console.error('no test files found under', dirs.join(' '));
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
