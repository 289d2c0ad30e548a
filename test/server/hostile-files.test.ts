/**
 * The built server on hostile files (issue 11), through the protocol: `.initlens.yaml` applies to
 * files under `..data/` (a ConfigMap mount), an unquoted `kubernetesVersion: 1.30` means 1.30, its
 * problems are shown on the key or value they are about, and hover Markdown carries no link, image
 * or HTML that InitLens did not write.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../helpers/lspClient';
import { HOSTILE_VALUES, hostilePod } from '../helpers/hostile';
import { renderedProblems } from '../helpers/markdown';

const SIDECAR_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
  containers:
    - name: app
      image: nginx:1.27.0
`;

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('language server on hostile files', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-hostile-files-'));
    fs.writeFileSync(path.join(workspace, '.initlens.yaml'), 'kubernetesVersion: 1.30\nrules:\n  invalid-container-name: off\n');
    client = await TestLspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('.initlens.yaml applies under a `..data` folder, and `kubernetesVersion: 1.30` unquoted is 1.30', async () => {
    for (const name of ['pod.yaml', '..data/pod.yaml', '..2026_11_27/sub/pod.yaml']) {
      const uri = client.uri(name);
      const since = client.mark();
      await client.open(uri, SIDECAR_POD);
      const p = await client.waitFor(uri, since);
      const codes = p.diagnostics.map((d) => String(d.code));
      assert.ok(!codes.includes('invalid-container-name'), `${name}: .initlens.yaml not applied: ${codes.join(', ')}`);
      assert.ok(!codes.includes('sidecar-unsupported-version'), `${name}: read as Kubernetes 1.3: ${codes.join(', ')}`);
      await client.close(uri);
    }
  });

  test('problems of an open .initlens.yaml are on the value they are about', async () => {
    const uri = client.uri('.initlens.yaml');
    const text = 'rules:\n  invalid-container-name: warning\nkubernetesVersion: "rules"\n';
    const since = client.mark();
    await client.open(uri, text);
    const p = await client.waitFor(uri, since);
    assert.equal(p.diagnostics.length, 1, JSON.stringify(p.diagnostics));
    const at = text.indexOf('"rules"');
    assert.deepEqual(p.diagnostics[0].range, { start: positionAt(text, at), end: positionAt(text, at + '"rules"'.length) });
    await client.close(uri);
  });

  test('hover Markdown: no link, image or HTML from the file', async () => {
    let n = 0;
    for (const value of HOSTILE_VALUES) {
      const text = hostilePod(value);
      const uri = client.uri(`hover-${n++}.yaml`);
      const since = client.mark();
      await client.open(uri, text);
      await client.waitFor(uri, since);
      // every name, restartPolicy and the initContainers key
      const offsets = [text.indexOf('initContainers'), ...[...text.matchAll(/name: |restartPolicy: /g)].map((m) => m.index! + m[0].length + 1)];
      for (const offset of offsets) {
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionAt(text, offset) });
        if (!hover) continue;
        const md = (hover.contents as MarkupContent).value;
        assert.deepEqual(renderedProblems(md), [], `${JSON.stringify(value)} at ${offset}:\n${md}`);
      }
      await client.close(uri);
    }
  });
});
