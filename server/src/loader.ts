/**
 * dist/server.js: starts the language server bundle (dist/server-main.js) with V8's code cache
 * (codeCache.ts). Compiling the bundle was the largest part of start-up (issue 15).
 *
 * The cache is written once the server has run for a second, so it holds the functions start-up
 * and, usually, the first analysis compiled (the editor opens a document right after `initialize`),
 * or at exit when that comes first.
 */
import * as path from 'node:path';
import { loadWithCodeCache } from './codeCache';

const bundle = loadWithCodeCache(path.join(__dirname, 'server-main.js'), module);
if (bundle.cache !== 'used') {
  setTimeout(bundle.save, 1000).unref();
  process.on('exit', bundle.save);
}
