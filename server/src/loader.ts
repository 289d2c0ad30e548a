/**
 * dist/server.js: answers `initialize` itself when it can (earlyAnswer.ts), then starts the language
 * server bundle (dist/server-main.js) with V8's code cache (codeCache.ts) and hands it the connection
 * (server.ts, `runServer`). Loading the LSP library alone took start-up over 150 ms (issue 15).
 *
 * The cache holds what this run compiled when it is written, so it is written once the server has
 * done its first work (start-up and, usually, the first analysis: the editor opens a document right
 * after `initialize`), and at a moment it is idle: writing it takes ~25 ms of this thread, which a
 * keystroke arriving meanwhile would wait for. Or at exit, when that comes first.
 */
import * as path from 'node:path';
import { loadWithCodeCache, saveWhenIdle } from './codeCache';
import { answerEarly, type Handoff } from './earlyAnswer';

function run(handoff?: Handoff): void {
  const bundle = loadWithCodeCache(path.join(__dirname, 'server-main.js'), module);
  saveWhenIdle(bundle);
  (bundle.exports as typeof import('./server')).runServer(handoff);
}

if (!answerEarly(process.argv, process, run)) run();
