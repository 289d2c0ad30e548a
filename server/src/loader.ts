/**
 * dist/server.js: starts the language server bundle (dist/server-main.js) with V8's code cache.
 *
 * Compiling the 0.6 MB bundle was the largest part of start-up (issue 15: spawn → `initialize`
 * answered took 271 ms, of which ~40 ms is Node itself). V8 can save the code it compiled and read
 * it back at the next start instead of compiling again; Node 20 has no switch for that
 * (`module.enableCompileCache` is Node 22), so this file does it with `vm.Script`'s `cachedData`.
 *
 * The cache is written next to the bundle (the extension's own folder, as trusted as the bundle
 * itself; never a shared temporary folder) once the server has run for a second, so it holds the
 * functions start-up and the first analysis compiled. When it is missing, unwritable or rejected (a
 * new Node or a new bundle), the bundle is compiled as usual and nothing else changes.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const file = path.join(__dirname, 'server-main.js');
const cacheFile = path.join(__dirname, 'server-main.v8cache');

/** Whether the cache file holds code for this bundle (written after it). */
function readCache(source: number): Buffer | undefined {
  try {
    if (fs.statSync(cacheFile).mtimeMs < source) return undefined;
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function start(): void {
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = readCache(fs.statSync(file).mtimeMs);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(file, module);
  mod.filename = file;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, __dirname);
  // for test/server/startup.test.ts (stderr is the client's log, never the protocol)
  if (process.env.INITLENS_REPORT_CODE_CACHE) process.stderr.write(`code cache: ${!cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  if (cachedData && !script.cachedDataRejected) return;
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile); // whole or not at all: other servers may be reading it
    } catch {
      // a read-only install: no cache, same server
    }
  };
  setTimeout(save, 1000).unref();
  process.on('exit', save);
}

start();
