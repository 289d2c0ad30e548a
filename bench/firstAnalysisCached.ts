/**
 * Runs the bench's first-analysis bundle (bench-first-analysis.js, beside this file once bundled)
 * through the code-cache loader the CLI and the server use (server/src/codeCache.ts): the first run
 * writes the cache at exit, as the CLI's first run does; the later ones read it, as every later run
 * of the CLI and every later start of the server do. Issue 15's first-analysis row shows both.
 */
import * as path from 'node:path';
import { loadWithCodeCache } from '../server/src/codeCache';

const bundle = loadWithCodeCache(path.join(__dirname, 'bench-first-analysis.js'), module);
if (bundle.cache !== 'used') process.on('exit', bundle.save);
