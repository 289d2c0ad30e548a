/**
 * Is the analysis slower than it was at another commit? (Issue 10: "no slowdown".) Runs the analysis of
 * this checkout and of `<ref>` on the same generated manifests, each in its own fresh process, in
 * alternation (this, ref, this, ref, …: the load of a shared machine falls on both alike), and prints
 * the medians of their CPU time with the bare `yaml` parse beside them.
 *
 *   npx tsx bench/against.ts <git-ref> [--sizes 100,1000,10000,50000] [--rounds 5]
 *
 * `<ref>` is checked out once into a worktree under the system's temporary folder (with this
 * checkout's node_modules), so its own sources are measured — not today's rules under an old name.
 * The worktree is kept for the next run; `git worktree remove <its folder>` (printed below) drops it.
 * The child (`bench/againstChild.ts`) imports `server/src/analysis` of the tree it is given.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const ref = args.find((a, i) => !a.startsWith('--') && !['--sizes', '--rounds'].includes(args[i - 1] ?? ''));
if (!ref) {
  console.error('usage: npx tsx bench/against.ts <git-ref> [--sizes 100,1000,10000,50000] [--rounds 5]');
  process.exit(2);
}
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const sizes = option('--sizes', '100,1000,10000,50000').split(',').map(Number);
const rounds = Number(option('--rounds', '5'));

const git = (...a: string[]): string => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
const other = path.join(os.tmpdir(), `initlens-against-${sha.slice(0, 12)}`);
if (!fs.existsSync(path.join(other, 'server', 'src', 'analysis'))) {
  git('worktree', 'add', '--detach', '-f', other, sha);
}
const modules = path.join(other, 'node_modules');
if (!fs.existsSync(modules)) {
  // a link left dangling by a checkout that has since been removed (a CI clone) is made again
  fs.rmSync(modules, { force: true });
  fs.symlinkSync(path.join(root, 'node_modules'), modules);
}

interface ChildResult {
  lines: number;
  parseCpuMs: number;
  analysisCpuMs: number;
}

function measure(tree: string, size: number): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'againstChild.ts'), tree, String(size)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `this checkout (${git('rev-parse', '--short', 'HEAD')}) against ${ref} (${sha.slice(0, 8)}, in ${other}), ${rounds} alternating rounds; load ${load()}`,
);
console.log('| lines | bare parse | analysis here (× parse) | analysis at ref (× parse) | here / ref |');
console.log('|---|---|---|---|---|');
for (const size of sizes) {
  const here: ChildResult[] = [];
  const there: ChildResult[] = [];
  for (let r = 0; r < rounds; r++) {
    here.push(measure(root, size));
    there.push(measure(other, size));
  }
  const parse = median([...here, ...there].map((x) => x.parseCpuMs));
  const a = median(here.map((x) => x.analysisCpuMs));
  const b = median(there.map((x) => x.analysisCpuMs));
  console.log(
    `| ${here[0].lines.toLocaleString('en')} | ${parse.toFixed(1)} ms | ${a.toFixed(1)} ms (${(a / parse).toFixed(2)}×) | ${b.toFixed(1)} ms (${(b / parse).toFixed(2)}×) | ${(a / b).toFixed(2)} |`,
  );
}
console.log(`CPU time of the analysing process (medians); load after ${load()}`);
