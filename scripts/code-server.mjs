// Shared by the extension-host harness (test/integration/run-in-code-server.mjs), the browser
// end-to-end test (test/e2e/run.mjs) and `npm start`: start code-server (a real VS Code, served to a
// browser) in a process group of its own on 127.0.0.1, and drive it from Debian's Chromium.
// Facts and traps: ../shared/reference/real-vscode.md.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupEditor } from './setup-editor.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** User settings for a quiet, deterministic workbench. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'editor.stickyScroll.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
  'git.enabled': false,
  'task.autoDetect': 'off',
  'typescript.tsc.autoDetect': 'off',
  'npm.autoDetect': 'off',
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Light Modern',
};

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** A throwaway folder with user-data, extensions and XDG dirs for one code-server run. */
export function makeSandbox(prefix = 'initlens-vscode-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const paths = {
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    xdg: join(dir, 'xdg'),
    log: join(dir, 'code-server.log'),
  };
  mkdirSync(join(paths.userData, 'User'), { recursive: true });
  mkdirSync(paths.extensions, { recursive: true });
  for (const d of ['config', 'data', 'cache']) mkdirSync(join(paths.xdg, d), { recursive: true });
  writeFileSync(join(paths.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return paths;
}

function sandboxEnv(sandbox) {
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(sandbox.xdg, 'config'),
    XDG_DATA_HOME: join(sandbox.xdg, 'data'),
    XDG_CACHE_HOME: join(sandbox.xdg, 'cache'),
  };
  // Never hand a parent's VS Code IPC hooks or a password to the child.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'PASSWORD' || k === 'HASHED_PASSWORD') delete env[k];
  return env;
}

/** `code-server --install-extension <vsix>` into the sandbox's extensions dir. */
export function installVsix(sandbox, vsix) {
  const bin = setupEditor();
  const r = spawnSync(
    process.execPath,
    [bin, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, '--install-extension', vsix, '--force'],
    { env: sandboxEnv(sandbox), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Installs the test language pack test/integration/language-pack-<lang> into the sandbox, and the
 * languagepacks.json that makes the server find it (the desktop app writes that file when a pack is
 * installed; code-server's CLI install does not). Start code-server with `locale: lang` afterwards.
 */
export function installLanguagePack(sandbox, lang) {
  const dir = join(root, 'test', 'integration', `language-pack-${lang}`);
  if (!existsSync(dir)) throw new Error(`no test language pack for ${lang} (${dir})`);
  const vsix = join(sandbox.dir, `language-pack-${lang}.vsix`);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--no-dependencies', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the ${lang} language pack failed: ${r.stdout}${r.stderr}`);
  installVsix(sandbox, vsix);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  const installed = join(sandbox.extensions, `${id}-${pkg.version}`);
  const packs = {
    [lang]: {
      hash: `initlens-test-${pkg.version}`,
      extensions: [{ extensionIdentifier: { id }, version: pkg.version }],
      translations: { vscode: join(installed, 'translations', 'main.i18n.json') },
      label: pkg.contributes.localizations[0].localizedLanguageName,
    },
  };
  writeFileSync(join(sandbox.userData, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * Starts code-server on 127.0.0.1 in its own process group. Resolves once /healthz answers.
 * Returns { port, url(folder, payload?), stop(), proc, exited }.
 */
export async function startCodeServer({ sandbox, folder, port, quiet = true, locale, https = false }) {
  const bin = setupEditor();
  port = port || (await freePort());
  const args = [
    bin,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    sandbox.userData,
    '--extensions-dir',
    sandbox.extensions,
  ];
  if (locale) args.push('--locale', locale);
  // https: a self-signed certificate code-server generates for 127.0.0.1 (the browser must then be
  // launched with ignoreCertificateErrors). Only the extension-page check asks for it.
  if (https) args.push('--cert', '--cert-host', '127.0.0.1');
  if (folder) args.push(folder);
  const out = createWriteStream(sandbox.log);
  const proc = spawn(process.execPath, args, {
    env: sandboxEnv(sandbox),
    detached: true, // a process group of its own: stop() ends the file watcher and extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  if (!quiet) {
    proc.stdout.pipe(process.stderr);
    proc.stderr.pipe(process.stderr);
  }
  let exitInfo = null;
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res((exitInfo = { code, signal }))));

  const stop = async () => {
    if (exitInfo) return;
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
    // The group may outlive its leader (the file watcher): make sure it is gone.
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {}
  };

  const base = `${https ? 'https' : 'http'}://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exitInfo) throw new Error(`code-server exited early (${JSON.stringify(exitInfo)}); log: ${sandbox.log}`);
    try {
      if (await healthy(`${base}/healthz`)) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${base}/healthz within 90 s; log: ${sandbox.log}`);
    }
    await new Promise((r) => setTimeout(r, 250)); // polling a port, not waiting on the editor
  }

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const url = (workspaceFolder, payload) => {
    let u = `${base}/?folder=${encodeURIComponent(workspaceFolder)}`;
    if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return u;
  };
  return { port, base, url, remote, stop, proc, exited };
}

/** Whether url answers 2xx; over https the self-signed certificate is accepted. */
function healthy(url) {
  if (!url.startsWith('https:')) return fetch(url).then((res) => res.ok);
  return new Promise((res, rej) => {
    const req = httpsGet(url, { rejectUnauthorized: false }, (r) => {
      r.resume();
      res(r.statusCode >= 200 && r.statusCode < 300);
    });
    req.on('error', rej);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

/** Headless Chromium on a closed network (background networking off, or it retries endlessly); shared with the webview page test. */
export const CHROMIUM_ARGS = JSON.parse(readFileSync(join(root, 'scripts', 'chromium-args.json'), 'utf8'));

export async function launchChromium(sandbox, { ignoreCertificateErrors = false } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run npm run setup:editor`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ignoreCertificateErrors ? [...CHROMIUM_ARGS, '--ignore-certificate-errors'] : CHROMIUM_ARGS,
    env: sandboxEnv(sandbox),
    timeout: 60_000,
  });
}

/** Runs `fn(cleanup)` and makes sure `cleanup` runs on normal exit, Ctrl-C and SIGTERM. */
export function onShutdown(cleanup) {
  let done = false;
  const once = async (code) => {
    if (done) return;
    done = true;
    try {
      await cleanup();
    } finally {
      if (code !== undefined) process.exit(code);
    }
  };
  process.once('SIGINT', () => once(130));
  process.once('SIGTERM', () => once(143));
  process.once('SIGHUP', () => once(129));
  // `npm run x` runs us under `sh -c`; when npm is sent SIGTERM it signals that shell, which dies
  // without passing it on. Notice being orphaned and stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void once(143);
  }, 1000).unref();
  return () => once();
}

export function removeSandbox(sandbox) {
  rmSync(sandbox.dir, { recursive: true, force: true });
}

/** Builds the extension bundles (dist/) the way the package scripts do. */
export function buildExtension({ production = false } = {}) {
  const args = [join(root, 'esbuild.mjs')];
  if (production) args.push('--production');
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the extension (esbuild.mjs) failed');
}
