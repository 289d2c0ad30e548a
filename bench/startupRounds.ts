/**
 * Start-up of two or more server builds, measured in alternation (issue 15): for each round and
 * each build, spawn → `initialize` answered, and spawn → the first diagnostics of a small Pod opened
 * right after `initialized`. Prints the medians and the load average. Before the rounds each build's
 * code caches are deleted and written again by one start that opens the Pod and runs for 1.5 s, as
 * the editor's first start does (the cache then holds the first analysis's functions too).
 *   npx tsx bench/startupRounds.ts [--rounds 11] /tmp/old/dist/server.js /tmp/new/dist/server.js
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient } from './lspDriver';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 11;
const servers = args;
const pod =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: Bad_Name\n      image: busybox:1.36\n      command: ["sh", "-c", "echo hi > /work/x"]\n  containers:\n    - name: app\n      image: nginx:1.27.0\n';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-startup-rounds-'));
  const answered = servers.map((): number[] => []);
  const diagnosed = servers.map((): number[] => []);
  for (const [i, server] of servers.entries()) {
    const dir = path.dirname(server);
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.v8cache')) fs.rmSync(path.join(dir, f));
    const client = await BenchClient.start({ name: server, command: process.execPath, args: [server, '--stdio'], settings: {} }, workspace);
    const uri = pathToFileURL(path.join(workspace, `warm-${i}.yaml`)).href;
    const since = client.mark();
    await client.open(uri, pod);
    await client.waitFor(uri, since);
    await new Promise((r) => setTimeout(r, 1500));
    await client.stop();
  }
  console.log(
    `load before: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (let r = 0; r < rounds; r++) {
    for (const [i, server] of servers.entries()) {
      const t0 = performance.now();
      const client = await BenchClient.start(
        { name: server, command: process.execPath, args: [server, '--stdio'], settings: { initlens: { kubernetesVersion: '1.33' } } },
        workspace,
      );
      const uri = pathToFileURL(path.join(workspace, `pod-${r}-${i}.yaml`)).href;
      const since = client.mark();
      await client.open(uri, pod);
      const at = await client.waitFor(uri, since);
      answered[i].push(client.startupMs);
      diagnosed[i].push(at - t0);
      await client.stop();
    }
  }
  console.log(
    `load after: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const [i, server] of servers.entries())
    console.log(
      `${server}: initialize answered ${median(answered[i]).toFixed(0)} ms, first diagnostics ${median(diagnosed[i]).toFixed(0)} ms (medians of ${rounds})`,
    );
  fs.rmSync(workspace, { recursive: true, force: true });
}

void main();
