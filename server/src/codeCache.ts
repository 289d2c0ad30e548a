/**
 * Runs a bundle with V8's code cache (issue 15): the server (dist/server.js → dist/server-main.js)
 * and the CLI (dist/cli.js → dist/cli-main.js).
 *
 * Compiling a bundle costs start-up time, and every function compiled on first call costs the first
 * analysis time. V8 can save the code it compiled and read it back at the next start instead of
 * compiling again; Node 20 has no switch for that (`module.enableCompileCache` is Node 22), so this
 * does it with `vm.Script`'s `cachedData`.
 *
 * The cache is written next to the bundle (the extension's or the package's own folder, as trusted
 * as the bundle itself; never a shared temporary folder), once, when the caller says (`save`), so it
 * holds the functions start-up and the first analysis compiled. When it is missing, unwritable or
 * rejected (a new Node or a new bundle), the bundle is compiled as usual and nothing else changes.
 */
import * as fs from 'node:fs';
import type Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export interface CachedBundle {
  /** The bundle's `module.exports`. */
  exports: unknown;
  /** Whether a cache was read: none, used, or rejected by V8 (compiled as usual). */
  cache: 'none' | 'used' | 'rejected';
  /**
   * Writes the cache when none was used (whole or not at all); later calls do nothing. `warmUp`, the
   * bundle's own (`warmUp.ts`), runs first: what it compiles goes into the cache too.
   */
  save(warmUp?: () => void): void;
}

/**
 * The CommonJS module class. `node:module`, the public module, would load parts of the ES module
 * loader and of source maps that start-up does not need; the main module is an instance of it.
 */
const ModuleClass: typeof Module = (require.main?.constructor as typeof Module | undefined) ?? (require('node:module') as typeof Module);

/** Whether the cache file holds code for this bundle (written after it). */
function readCache(cacheFile: string, sourceMtime: number): Buffer | undefined {
  try {
    if (fs.statSync(cacheFile).mtimeMs < sourceMtime) return undefined;
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/**
 * Loads `file` (a CommonJS bundle) as a module whose parent is `parent`, through the cache beside it.
 * `provided` are modules the bundle's `require` returns as they are, rather than loading its own copy
 * (the server's second bundle takes the LSP library from the first, restBundle.ts).
 */
export function loadWithCodeCache(file: string, parent: Module | undefined, provided?: Record<string, unknown>): CachedBundle {
  const cacheFile = file.replace(/\.js$/, '.v8cache');
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = readCache(cacheFile, fs.statSync(file).mtimeMs);
  const script = new vm.Script(ModuleClass.wrap(source), { filename: file, cachedData });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new ModuleClass(file, parent);
  mod.filename = file;
  const ownRequire = ModuleClass.createRequire(file);
  const bundleRequire = provided
    ? Object.assign((id: string): unknown => (Object.hasOwn(provided, id) ? provided[id] : ownRequire(id)), ownRequire)
    : ownRequire;
  wrapper.call(mod.exports, mod.exports, bundleRequire as NodeJS.Require, mod, file, path.dirname(file));
  const cache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  // for test/server/startup.test.ts (stderr is the client's log, never the protocol)
  if (process.env.INITLENS_REPORT_CODE_CACHE) process.stderr.write(`code cache: ${cache} (${path.basename(file)})\n`);
  let saved = cache === 'used';
  return {
    exports: mod.exports,
    cache,
    save(warmUp?: () => void): void {
      if (saved) return;
      saved = true;
      try {
        warmUp?.();
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile); // whole or not at all: other processes may be reading it
      } catch {
        // a read-only install: no cache, same program
      }
    },
  };
}

export interface IdleTimes {
  /** The first window starts this long after the call (the first second holds start-up itself). */
  firstMs: number;
  /** The windows' length. */
  windowMs: number;
  /** Called then at the latest, idle or not. */
  latestMs: number;
}

/** A window in which the thread was busy less than this share of the time counts as idle. */
const IDLE_SHARE = 0.05;

/**
 * Calls `fn` once the event loop has been idle for a whole window (a server writing its code cache:
 * ~25 ms of the thread, which a keystroke arriving meanwhile would wait for). Timers are unref'd:
 * they do not keep the process alive.
 */
export function whenIdle(fn: () => void, times: IdleTimes = { firstMs: 1000, windowMs: 250, latestMs: 30_000 }): void {
  const { firstMs, windowMs, latestMs } = times;
  const started = performance.now();
  let mark = performance.eventLoopUtilization();
  const check = (): void => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, mark).utilization;
    mark = now;
    if (busy < IDLE_SHARE || performance.now() - started >= latestMs) fn();
    else setTimeout(check, windowMs).unref();
  };
  setTimeout(() => {
    mark = performance.eventLoopUtilization();
    setTimeout(check, windowMs).unref();
  }, firstMs).unref();
}

/** After the warm-up, the next idle window writes the cache (not the same one: two shorter blocks of the thread). */
const AFTER_WARM_UP: IdleTimes = { firstMs: 0, windowMs: 250, latestMs: 30_000 };

/**
 * A bundle loaded without a usable cache writes one once the thread is idle after its first work (so
 * it holds the first analysis's functions too), or at exit when that comes first. `warmUp` (the
 * bundle's `warmUpAnalysis`) runs before, in an idle window of its own.
 */
export function saveWhenIdle(bundle: CachedBundle, warmUp?: () => void): void {
  if (bundle.cache === 'used') return;
  let warmed = !warmUp;
  const warm = (): void => {
    if (warmed) return;
    warmed = true;
    try {
      warmUp?.();
    } catch {
      // the cache then holds what was compiled so far
    }
  };
  const save = (): void => {
    warm();
    bundle.save();
  };
  whenIdle(() => {
    if (warmed) save();
    else {
      warm();
      whenIdle(save, AFTER_WARM_UP);
    }
  });
  process.on('exit', save);
}
