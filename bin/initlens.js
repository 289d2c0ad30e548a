#!/usr/bin/env node
// The `initlens` command (package.json `bin`). The CLI itself is bundled into dist/cli.js by
// `npm run build`, which `npm ci` runs through the `prepare` script.
'use strict';
const path = require('node:path');

let cli;
try {
  cli = require(path.join(__dirname, '..', 'dist', 'cli.js'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('initlens: dist/cli.js is missing; run `npm run build` first.\n');
    process.exit(2);
  }
  throw e;
}
process.exitCode = cli.run(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
});
