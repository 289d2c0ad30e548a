/**
 * Bench entries bundled like what ships, to run as their own node process: through tsx the analysis
 * would run as tsx compiles it (yaml through CommonJS getters, modules compiled on first use), which
 * is not the code the server and the CLI run.
 */
import * as path from 'node:path';
import * as esbuild from 'esbuild';
// the plugins the server and the CLI are built with (yaml as ES modules, the shell parser apart)
import bundlePlugins = require('../scripts/bundle-plugins.cjs');

/** The plugins of the bundles that hold the analysis. */
export const ANALYSIS_PLUGINS: esbuild.Plugin[] = [bundlePlugins.shellParserApart, bundlePlugins.yamlAsEsm];

/** `bench/<entry>` bundled like the CLI (minified CommonJS for node 20) into `outfile`. */
export async function bundleBench(entry: string, outfile: string, plugins: esbuild.Plugin[] = []): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
    plugins,
  });
}
