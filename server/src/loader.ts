/**
 * dist/server.js: starts the language server bundle (dist/server-main.js) with V8's code cache
 * (codeCache.ts). Compiling the bundle was the largest part of start-up (issue 15).
 *
 * The cache holds what this run compiled when it is written, so it is written once the server has
 * done its first work (start-up and, usually, the first analysis: the editor opens a document right
 * after `initialize`), and at a moment it is idle: writing it takes ~25 ms of this thread, which a
 * keystroke arriving meanwhile would wait for. Or at exit, when that comes first.
 */
import * as path from 'node:path';
import { loadWithCodeCache, saveWhenIdle } from './codeCache';

const bundle = loadWithCodeCache(path.join(__dirname, 'server-main.js'), module);
saveWhenIdle(bundle);
