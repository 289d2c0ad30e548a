/**
 * The timeline request, its CodeLens and the snippet completion through the real server over stdio
 * (the built dist/server.js).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InsertTextFormat, type CompletionItem, type CodeLens } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../helpers/lspClient';
import { TIMELINE_REQUEST, type TimelineResult } from '../../server/src/protocol';

const TWO_PODS = `apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  initContainers:
    - name: wait
      image: busybox:1.36.1
      command: ['sh', '-c', 'sleep 5']
  containers:
    - name: app
      image: nginx:1.27.2
---
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  initContainers:
    - name: other
      image: busybox:1.36.1
  containers:
    - name: app
      image: nginx:1.27.2
`;

describe('timeline and completion over stdio', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-timeline-'));
    client = await TestLspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('declares CodeLens and completion', () => {
    assert.ok(client.initializeResult.capabilities.codeLensProvider);
    assert.ok(client.initializeResult.capabilities.completionProvider);
  });

  test('initlens/timeline gives the Pod under the cursor', async () => {
    const uri = client.uri('two.yaml');
    await client.open(uri, TWO_PODS);
    const a = await client.connection.sendRequest<TimelineResult>(TIMELINE_REQUEST, { uri, offset: 10 });
    assert.equal(a.model?.object, 'Pod/first');
    assert.equal(a.model?.slots[0].duration.text, '5 s');
    assert.equal(a.version, 1);
    const b = await client.connection.sendRequest<TimelineResult>(TIMELINE_REQUEST, { uri, offset: TWO_PODS.indexOf('other') });
    assert.equal(b.model?.object, 'Pod/second');
    assert.equal(b.model?.podCount, 2);
    const none = await client.connection.sendRequest<TimelineResult>(TIMELINE_REQUEST, { uri: client.uri('closed.yaml') });
    assert.equal(none.model, null);
    assert.equal(none.reason, 'not-open');
  });

  test('a CodeLens above each initContainers key runs initlens.showTimeline', async () => {
    const uri = client.uri('lens.yaml');
    await client.open(uri, TWO_PODS);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 2);
    const lines = TWO_PODS.split('\n');
    for (const l of lenses) {
      assert.match(lines[l.range.start.line], /^\s*initContainers:/);
      assert.equal(l.command?.command, 'initlens.showTimeline');
      assert.equal(l.command?.arguments?.[0], uri);
    }
  });

  test('snippet completion inside initContainers, indented for the list', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  initContainers:\n    side\n  containers:\n    - name: app\n      image: nginx:1.27.2\n';
    const uri = client.uri('complete.yaml');
    await client.open(uri, text);
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 8 },
    });
    const sidecar = items.find((i) => i.label === 'sidecar');
    assert.ok(sidecar, JSON.stringify(items.map((i) => i.label)));
    assert.equal(sidecar.insertTextFormat, InsertTextFormat.Snippet);
    const edit = sidecar.textEdit as { newText: string; range: { start: { character: number } } };
    assert.equal(edit.range.start.character, 4);
    assert.match(edit.newText, /^- name: \$\{1:proxy\}\n {6}image: /);
    assert.ok(!items.some((i) => i.label === 'k8s-pod-init'), 'no whole objects inside a list');
    const top = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 6 },
    });
    assert.ok(top.every((i) => i.label !== 'k8s-pod-init'));
  });

  test('whole-object snippets at the top of an empty document', async () => {
    const uri = client.uri('empty.yaml');
    await client.open(uri, 'k8s');
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 3 },
    });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('k8s-pod-init'), JSON.stringify(labels));
    assert.ok(!labels.includes('sidecar'));
  });
});
