// Bundles the extension-host suite into out/integration/index.js (vscode and mocha stay external:
// the extension host provides the first, the project's node_modules the second).
import * as esbuild from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteEntry = join(root, 'out', 'integration', 'index'); // no .js: what --extensionTestsPath takes

export async function buildSuite() {
  await esbuild.build({
    entryPoints: [join(root, 'test', 'integration', 'index.ts')],
    outfile: suiteEntry + '.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    sourcesContent: false,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return suiteEntry;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSuite();
  console.log(suiteEntry + '.js');
}
