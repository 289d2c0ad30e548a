#!/usr/bin/env node
// `npm start`: build, package, and open InitLens on the examples/ workspace —
//   - in desktop VS Code when `code` is on the PATH (an Extension Development Host on this checkout);
//   - otherwise in code-server (browser VS Code) on 127.0.0.1 with the .vsix installed, printing the
//     URL. PORT picks the port (default: a free one). INITLENS_START_BROWSER=1 forces code-server.
// Ctrl-C / SIGTERM ends everything it started (code-server runs in a process group of its own).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { installVsix, makeSandbox, onShutdown, removeSandbox, root, startCodeServer } from './code-server.mjs';
import { setupEditor } from './setup-editor.mjs';

const say = (m) => process.stderr.write(`[start] ${m}\n`);
const examples = join(root, 'examples');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

const desktop = onPath('code') && process.env.INITLENS_START_BROWSER !== '1';

say('building and packaging (npm run package)…');
const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0 || !existsSync(vsix)) {
  say('packaging failed');
  process.exit(1);
}

if (desktop) {
  say(`opening ${examples} in VS Code with InitLens from ${root}`);
  const child = spawn('code', ['--new-window', '--wait', `--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  setupEditor();
  const sandbox = makeSandbox('initlens-start-');
  let server = null;
  let stopping = false;
  const cleanup = async () => {
    stopping = true;
    await server?.stop();
    removeSandbox(sandbox);
    say('stopped');
  };
  onShutdown(cleanup);
  try {
    installVsix(sandbox, vsix);
    const port = process.env.PORT ? Number(process.env.PORT) : undefined;
    server = await startCodeServer({ sandbox, folder: examples, port });
  } catch (e) {
    say(`FAILED: ${e.message}`);
    await cleanup();
    process.exit(1);
  }
  console.log(
    `\nInitLens is running in VS Code for the browser:\n\n  ${server.url(examples)}\n\nOpen a file in examples/ to see its diagnostics. Ctrl-C stops it.\n`,
  );
  const exit = await server.exited;
  if (stopping) await new Promise(() => {}); // the signal handler finishes and exits
  say(`code-server exited (${JSON.stringify(exit)})`);
  await cleanup();
  process.exit(1);
}
