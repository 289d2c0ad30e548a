#!/usr/bin/env node
// The `initlens` command (package.json `bin`). The CLI itself is bundled into dist/cli.js by
// `npm run build`, which `npm ci` runs through the `prepare` script.

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
// main() also ends quietly when stdout is a closed pipe (`initlens … | head -1`)
cli.main(process.argv.slice(2));
