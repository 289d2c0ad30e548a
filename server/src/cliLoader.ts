/**
 * dist/cli.js: loads the CLI bundle (dist/cli-main.js) with V8's code cache (codeCache.ts), so a
 * run does not compile the bundle's functions again (issue 15: the CLI's wall time on a script-heavy
 * Pod). The cache is written at the end of a run that had none, with what that run compiled.
 *
 * `require('dist/cli.js').main(argv)` (bin/initlens.js) and `node dist/cli.js …` both work, as they
 * did when dist/cli.js was the bundle itself.
 */
import * as path from 'node:path';
import { loadWithCodeCache } from './codeCache';

const bundle = loadWithCodeCache(path.join(__dirname, 'cli-main.js'), module);
// the cache then holds a whole analysis's functions, whatever this run read (warmUp.ts)
if (bundle.cache !== 'used') process.on('exit', () => bundle.save((bundle.exports as { warmUpAnalysis?: () => void }).warmUpAnalysis));
module.exports = bundle.exports;
if (require.main === module) (bundle.exports as { main(): void }).main();
