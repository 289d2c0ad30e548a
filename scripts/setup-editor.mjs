#!/usr/bin/env node
// Installs what the real-editor tests and `npm start` need, into places the extension's own
// dependencies never see:
//   - Debian's Chromium (scripts/ensure-chromium.sh) and the apt packages code-server's native
//     modules build against (libkrb5-dev), plus ripgrep and fonts-liberation;
//   - code-server (a real VS Code: workbench + Node extension host) into .cache/code-server/.
// Idempotent: when everything is there it returns at once. Prints the code-server entry point.
//
// code-server's install has three traps on a root, offline-ish machine (see
// ../shared/reference/real-vscode.md): its postinstall refuses root without npm_config_unsafe_perm;
// node-pty's postinstall runs `npx node-gyp`, which needs npm_config_yes; and @vscode/ripgrep
// downloads `rg` from GitHub, so we hand it Debian's `rg` as an already-downloaded tarball.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, mkdtempSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.cache', 'code-server');
export const codeServerBin = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const stampFile = join(cacheDir, '.installed');
// (fonts-wqy-microhei: a CJK font, so that the zh-cn screenshots show Chinese, not empty boxes)
const APT_PACKAGES = {
  chromium: '/usr/bin/chromium',
  'libkrb5-dev': '/usr/include/krb5.h',
  ripgrep: '/usr/bin/rg',
  'fonts-liberation': '/usr/share/fonts/truetype/liberation',
  'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  // the README pictures (npm run pictures): pngquant (libimagequant palette) then optipng (lossless)
  pngquant: '/usr/bin/pngquant',
  optipng: '/usr/bin/optipng',
};

function log(msg) {
  process.stderr.write(`[setup-editor] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
  return r;
}

function ensureAptPackages() {
  // Chromium through the shared script (the webview page tests use it too).
  if (!existsSync(APT_PACKAGES.chromium)) {
    log('installing Chromium (apt)…');
    run('bash', [join(root, 'scripts', 'ensure-chromium.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const missing = Object.entries(APT_PACKAGES)
    .filter(([, probe]) => !existsSync(probe))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')} (apt)…`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (...a) => (sudo.length ? run('sudo', ['apt-get', ...a], { env }) : run('apt-get', a, { env }));
  aptGet('update', '-qq');
  aptGet('install', '-y', '-qq', '--no-install-recommends', ...missing);
}

function stampMatches() {
  try {
    return readFileSync(stampFile, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(codeServerBin);
  } catch {
    return false;
  }
}

/** The @vscode/ripgrep version code-server's VS Code pins, and the `rg` release that version fetches. */
function ripgrepAsset(env) {
  const shrinkwrap = JSON.parse(readFileSync(join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode', 'npm-shrinkwrap.json'), 'utf8'));
  const pkgVersion = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!pkgVersion) throw new Error("cannot find @vscode/ripgrep in code-server's npm-shrinkwrap.json");
  // Read the rg release tag out of that package's postinstall (it is not installed yet).
  const tmp = mkdtempSync(join(env.TMPDIR, 'rgpkg-'));
  run('npm', ['pack', `@vscode/ripgrep@${pkgVersion}`, '--silent'], { cwd: tmp, env, stdio: ['ignore', 'ignore', 'inherit'] });
  run('tar', ['xzf', `vscode-ripgrep-${pkgVersion}.tgz`], { cwd: tmp });
  const postinstall = readFileSync(join(tmp, 'package', 'lib', 'postinstall.js'), 'utf8');
  rmSync(tmp, { recursive: true, force: true });
  const tag = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!tag) throw new Error(`cannot read the rg release of @vscode/ripgrep@${pkgVersion}`);
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!target) throw new Error(`unsupported architecture ${process.arch}`);
  return { pkgVersion, file: `ripgrep-${tag}-${target}.tar.gz` };
}

function installCodeServer() {
  const t0 = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  rmSync(stampFile, { force: true });
  // Its own package.json, so npm treats this folder as a project of its own.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'initlens-editor-cache', private: true }, null, 2) + '\n');
  const tmpDir = join(root, '.cache', 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    JOBS: 'max', // node-gyp: build native modules on every core
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  log(`installing code-server@${CODE_SERVER_VERSION} into ${cacheDir} (a few minutes)…`);
  // 1. Fetch without running scripts, to learn which @vscode/ripgrep it pulls.
  run('npm', ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: cacheDir, env });
  // 2. Debian's rg as the "downloaded" release asset.
  const { pkgVersion, file } = ripgrepAsset(env);
  const rgCache = join(tmpDir, `vscode-ripgrep-cache-${pkgVersion}`);
  mkdirSync(rgCache, { recursive: true });
  const stage = mkdtempSync(join(tmpDir, 'rg-'));
  copyFileSync('/usr/bin/rg', join(stage, 'rg'));
  run('tar', ['czf', join(rgCache, file), '-C', stage, 'rg']);
  rmSync(stage, { recursive: true, force: true });
  log(`ripgrep: @vscode/ripgrep@${pkgVersion} will use ${join(rgCache, file)} (Debian's rg)`);
  // 3. Now run the install scripts (code-server's postinstall installs VS Code's own modules).
  run('npm', ['rebuild', '--foreground-scripts'], { cwd: cacheDir, env });
  if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing`);
  const rg = join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(rg)) throw new Error(`code-server installed but its ripgrep (${rg}) is missing`);
  writeFileSync(stampFile, CODE_SERVER_VERSION + '\n');
  log(`code-server ready in ${Math.round((Date.now() - t0) / 1000)} s`);
}

export function setupEditor() {
  ensureAptPackages();
  if (!stampMatches()) installCodeServer();
  return codeServerBin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(setupEditor());
  } catch (e) {
    log(`FAILED: ${e.message}`);
    process.exit(1);
  }
}
