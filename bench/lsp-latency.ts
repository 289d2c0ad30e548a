/**
 * Latency from `didChange` to `publishDiagnostics` in the built language server, on ~1,000-line
 * manifests: one multi-document file (an edit touches one document; the others come from the cache)
 * and one single 1,000-line Pod (every edit re-parses all of it). Each edit renames a container
 * (one character), is sent alone, and the clock stops when the diagnostics for that version
 * arrive — the round trip an editor sees, JSON-RPC included. Not a test: prints numbers.
 *   npx tsx bench/lsp-latency.ts [edits]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestLspClient } from '../test/helpers/lspClient';

function workload(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  labels: {app: svc-${i}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: svc-${i}}
  template:
    metadata:
      labels: {app: svc-${i}}
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36.1
          command: ["sh", "-c", "for i in $(seq 1 60); do nc -z db 5432 && exit 0; sleep 2; done; exit 1"]
        - name: fetch-config
          image: curlimages/curl:8.10.1
          command: ["sh", "-c", "curl -fsSL -o /work/config.json http://config/svc-${i}"]
          volumeMounts:
            - {name: work, mountPath: /work}
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          startupProbe: {tcpSocket: {port: 15000}}
          ports: [{containerPort: 15000}]
      containers:
        - name: app
          image: registry.example.com/svc-${i}:1.4.2
          args: ["--config", "/work/config.json"]
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          volumeMounts:
            - {name: work, mountPath: /work}
      volumes:
        - name: work
          emptyDir: {}
`;
}

function multiDocument(lines: number): string {
  const docs: string[] = [];
  let n = 0;
  for (let i = 0; n < lines; i++) {
    const d = workload(i);
    docs.push(d);
    n += d.split('\n').length;
  }
  return docs.join('---\n');
}

function singleDocument(lines: number): string {
  let out = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  initContainers:\n';
  let i = 0;
  while (out.split('\n').length < lines / 2) {
    out += `    - name: init-${i}\n      image: busybox:1.36.1\n      command: ["sh", "-c", "echo step ${i} > /work/step-${i}"]\n      volumeMounts:\n        - {name: work, mountPath: /work}\n`;
    i++;
  }
  out += '  containers:\n';
  while (out.split('\n').length < lines - 4) {
    out += `    - name: app-${i}\n      image: nginx:1.27.0\n      ports: [{containerPort: ${8000 + i}}]\n      volumeMounts:\n        - {name: work, mountPath: /work}\n`;
    i++;
  }
  return out + '  volumes:\n    - name: work\n      emptyDir: {}\n';
}

async function measure(client: TestLspClient, name: string, text: string, edits: number): Promise<void> {
  const uri = client.uri(name);
  let since = client.mark();
  await client.open(uri, text);
  await client.waitFor(uri, since);
  // Rename a container in the middle of the file, to `Bad_<v>` (invalid: a finding) and `ok-<v>`
  // (valid) in turn: every version is new text (no cache hit for the edited document) and its
  // diagnostics differ from the last, so each one is published.
  const at = text.indexOf('- name: ', Math.floor(text.length / 2)) + '- name: '.length;
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[before.length - 1].length;
  let length = /^[^\s]*/.exec(text.slice(at))![0].length;
  const times: number[] = [];
  for (let v = 2; v < edits + 2; v++) {
    const name = v % 2 ? `ok-${v}` : `Bad_${v}`;
    since = client.mark();
    const t0 = performance.now();
    await client.change(uri, v, [{ range: { start: { line, character }, end: { line, character: character + length } }, text: name }]);
    length = name.length;
    const p = await client.waitFor(uri, since, (x) => x.version === v);
    times.push(p.at - t0);
  }
  times.sort((a, b) => a - b);
  const q = (f: number): string => times[Math.min(times.length - 1, Math.floor(f * times.length))].toFixed(1);
  console.log(`${name}: ${text.split('\n').length} lines, ${edits} edits — didChange→publish ms: median ${q(0.5)}, p90 ${q(0.9)}, max ${q(1)}, min ${q(0)}`);
}

async function main(): Promise<void> {
  const edits = Number(process.argv[2] ?? 50);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-bench-'));
  const client = await TestLspClient.start(workspace);
  try {
    await measure(client, 'multi-1000.yaml', multiDocument(1000), edits);
    await measure(client, 'single-1000.yaml', singleDocument(1000), edits);
  } finally {
    await client.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
