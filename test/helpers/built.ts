/**
 * The server and CLI tests run the BUILT bundles (dist/*.js), as the editor and `npx initlens` do.
 * `npm test` builds first; when a test file is run on its own and dist/ is missing or older than the
 * sources, this rebuilds it (esbuild takes about a second) so a stale bundle is never tested.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The absolute path of dist/<name>, rebuilt first when it is missing or stale. */
export function built(name: 'server.js' | 'cli.js' | 'extension.js'): string {
  const file = path.join(root, 'dist', name);
  const stale = (): boolean => !fs.existsSync(file) || fs.statSync(file).mtimeMs < newestSource(path.join(root, 'server', 'src'));
  if (stale()) execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  return file;
}
