/**
 * The language server end to end through the protocol: the built dist/server.js runs as a child
 * process over stdio; documents are opened and edited and the published diagnostics are checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CodeAction, CodeActionRequest, DiagnosticSeverity, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestLspClient } from '../helpers/lspClient';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
      command: ["sh", "-c", "echo ready"]
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
  containers:
    - name: app
      image: nginx:1.27.0
    - name: app
      image: nginx:1.27.0
`;

/** Line/character of the n-th (1-based) occurrence of `needle`. */
function positionOf(text: string, needle: string, nth = 1): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function rangeOf(text: string, needle: string, nth = 1): Diagnostic['range'] {
  const start = positionOf(text, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const byCode = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);

describe('language server over stdio', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-lsp-'));
    client = await TestLspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('initializes with incremental sync', () => {
    assert.equal(client.initializeResult.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
  });

  test('publishes precise diagnostics with code, docs link, related information and fix data', async () => {
    const uri = client.uri('pod.yaml');
    const since = client.mark();
    await client.open(uri, MANIFEST);
    const p = await client.waitFor(uri, since);
    assert.equal(p.version, 1);
    const name = byCode(p.diagnostics, 'invalid-container-name');
    assert.equal(name.length, 1, JSON.stringify(codes(p.diagnostics)));
    assert.deepEqual(name[0].range, rangeOf(MANIFEST, 'Init_DB'));
    assert.equal(name[0].severity, DiagnosticSeverity.Error);
    assert.equal(name[0].source, 'initlens');
    const href = name[0].codeDescription?.href ?? '';
    assert.match(href, /^file:\/\/.*\/docs\/rules\/invalid-container-name\.md$/);
    assert.ok(fs.existsSync(fileURLToPath(href)), `docs page ${href} exists`);
    assert.equal((name[0].data as { rule: string }).rule, 'invalid-container-name');

    const dup = byCode(p.diagnostics, 'duplicate-container-name');
    assert.equal(dup.length, 1);
    assert.deepEqual(dup[0].range, rangeOf(MANIFEST, 'app', 2));
    assert.equal(dup[0].relatedInformation?.length, 1);
    assert.equal(dup[0].relatedInformation![0].location.uri, uri);
    assert.deepEqual(dup[0].relatedInformation![0].location.range, rangeOf(MANIFEST, 'app', 1));
    for (const d of p.diagnostics) assert.equal(d.source, 'initlens');
  });

  test('an edit refreshes the diagnostics', async () => {
    const uri = client.uri('pod.yaml');
    const since = client.mark();
    await client.change(uri, 2, [{ range: rangeOf(MANIFEST, 'Init_DB'), text: 'init-db' }]);
    const p = await client.waitFor(uri, since, (x) => x.version === 2);
    assert.deepEqual(byCode(p.diagnostics, 'invalid-container-name'), []);
    assert.equal(byCode(p.diagnostics, 'duplicate-container-name').length, 1);
  });

  test('rapid edits: only the newest version is published last, never an older one after a newer', async () => {
    const uri = client.uri('pod.yaml');
    const since = client.mark();
    const fixed = MANIFEST.replace('Init_DB', 'init-db');
    // Versions 3..12 toggle the second `app` between a duplicate and a unique name.
    for (let v = 3; v <= 12; v++) {
      await client.change(uri, v, [{ text: v % 2 === 0 ? fixed : fixed.replace(/name: app\n(\s+image: nginx:1.27.0\n)$/, 'name: app2\n$1') }]);
    }
    const last = await client.waitFor(uri, since, (x) => x.version === 12);
    assert.equal(byCode(last.diagnostics, 'duplicate-container-name').length, 1);
    const versions = client.published
      .slice(since)
      .filter((x) => x.uri === uri)
      .map((x) => x.version!);
    assert.deepEqual(
      [...versions].sort((a, b) => a - b),
      versions,
      `published in order: ${versions.join(',')}`,
    );
    assert.equal(versions[versions.length - 1], 12);
  });

  test('a burst of changes on the wire (a paste, a replace-all) is analysed once, for its last version', async () => {
    const uri = client.uri('burst.yaml');
    let since = client.mark();
    await client.open(uri, MANIFEST);
    await client.waitFor(uri, since, (x) => x.version === 1);
    // 20 changes written to the server's input in one write, as an editor sends a multi-cursor edit
    const frames = [];
    for (let v = 2; v <= 21; v++) {
      const text = MANIFEST.replace('Init_DB', v % 2 ? `Init_${v}` : `init-${v}`);
      const body = JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version: v }, contentChanges: [{ text }] },
      });
      frames.push(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    since = client.mark();
    client.child.stdin!.write(frames.join(''));
    const last = await client.waitFor(uri, since, (x) => x.version === 21);
    assert.equal(byCode(last.diagnostics, 'invalid-container-name').length, 1);
    // nothing else comes for the burst (a second, later publish would be a second analysis)
    await new Promise((r) => setTimeout(r, 300));
    const versions = client.published
      .slice(since)
      .filter((x) => x.uri === uri)
      .map((x) => x.version);
    assert.deepEqual(versions, [21]);
  });

  test('plain YAML gets empty diagnostics', async () => {
    const uri = client.uri('workflow.yaml');
    const since = client.mark();
    await client.open(uri, 'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n');
    const p = await client.waitFor(uri, since);
    assert.deepEqual(p.diagnostics, []);
  });

  test('malformed YAML and a Helm template do not crash the server and make no noise', async () => {
    const inputs: Record<string, string> = {
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: [unclosed\n    image: {a: \n\t- : :\n',
      'nested.yaml': 'apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(100) + '\n',
      'tabs.yaml': 'kind: Pod\napiVersion: v1\nspec:\n\tinitContainers:\n\t- name: x\n',
      'weird.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  initContainers: 42\n  containers: {name: app}\n  volumes: "x"\n---\n- 1\n---\n!!binary AAAA\n',
      'chart.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      initContainers:
        {{- range .Values.initContainers }}
        - name: {{ .name }}
          image: {{ .image | quote }}
        {{- end }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.volumeMounts }}
          volumeMounts:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`,
    };
    for (const [name, text] of Object.entries(inputs)) {
      const uri = client.uri(name);
      const since = client.mark();
      await client.open(uri, text);
      const p = await client.waitFor(uri, since);
      if (name === 'chart.yaml') assert.deepEqual(p.diagnostics, [], 'a Helm template gives no findings');
      assert.ok(client.alive, `server alive after ${name}`);
    }
    // …and it still answers: a new manifest is analysed.
    const uri = client.uri('after.yaml');
    const since = client.mark();
    await client.open(uri, MANIFEST);
    const p = await client.waitFor(uri, since);
    assert.ok(codes(p.diagnostics).includes('invalid-container-name'));
  });

  test('editor settings change the results: a rule off, the Kubernetes version', async () => {
    const uri = client.uri('pod.yaml');
    let since = client.mark();
    client.settings = { rules: { 'duplicate-container-name': 'off' } };
    await client.configurationChanged();
    let p = await client.waitFor(uri, since);
    assert.deepEqual(byCode(p.diagnostics, 'duplicate-container-name'), []);

    since = client.mark();
    client.settings = { kubernetesVersion: '1.28' };
    await client.configurationChanged();
    p = await client.waitFor(uri, since, (x) => codes(x.diagnostics).includes('sidecar-unsupported-version'));
    assert.equal(byCode(p.diagnostics, 'duplicate-container-name').length, 1);

    since = client.mark();
    client.settings = {};
    await client.configurationChanged();
    p = await client.waitFor(uri, since);
    assert.deepEqual(byCode(p.diagnostics, 'sidecar-unsupported-version'), []);
  });

  test("Red Hat YAML's yaml.kubernetesVersion is used unless initlens.kubernetesVersion says otherwise", async () => {
    const uri = client.uri('pod.yaml');
    let since = client.mark();
    client.settings = {};
    client.yamlKubernetesVersion = '1.28';
    await client.configurationChanged();
    let p = await client.waitFor(uri, since, (x) => codes(x.diagnostics).includes('sidecar-unsupported-version'));
    assert.equal(byCode(p.diagnostics, 'sidecar-unsupported-version').length, 1);

    since = client.mark();
    client.settings = { kubernetesVersion: '1.29' };
    await client.configurationChanged();
    p = await client.waitFor(uri, since);
    assert.deepEqual(byCode(p.diagnostics, 'sidecar-unsupported-version'), [], 'initlens.kubernetesVersion wins');

    // An unreadable yaml.kubernetesVersion is ignored: the default applies.
    since = client.mark();
    client.settings = {};
    client.yamlKubernetesVersion = 'latest';
    await client.configurationChanged();
    p = await client.waitFor(uri, since);
    assert.deepEqual(byCode(p.diagnostics, 'sidecar-unsupported-version'), []);
    client.yamlKubernetesVersion = null;
  });

  test('.initlens.yaml overrides editor settings, and its own problems are shown on it', async () => {
    const uri = client.uri('pod.yaml');
    let since = client.mark();
    client.settings = { rules: { 'duplicate-container-name': 'off' } };
    await client.writeWatched('.initlens.yaml', 'rules:\n  duplicate-container-name: info\n');
    await client.configurationChanged();
    let p = await client.waitFor(uri, since, (x) => byCode(x.diagnostics, 'duplicate-container-name').length === 1);
    assert.equal(byCode(p.diagnostics, 'duplicate-container-name')[0].severity, DiagnosticSeverity.Information);

    const configUri = client.uri('.initlens.yaml');
    const configText = 'kubernetesVersion: latest\nrules:\n  no-such-rule: error\n';
    since = client.mark();
    await client.open(configUri, configText);
    p = await client.waitFor(configUri, since);
    assert.equal(p.diagnostics.length, 2, JSON.stringify(p.diagnostics));
    const unknown = p.diagnostics.find((d) => String(d.message).includes('no-such-rule'));
    assert.deepEqual(unknown?.range, rangeOf(configText, 'no-such-rule'));
    await client.close(configUri);

    since = client.mark();
    client.settings = {};
    await client.writeWatched('.initlens.yaml', null);
    p = await client.waitFor(uri, since);
    assert.equal(byCode(p.diagnostics, 'duplicate-container-name')[0].severity, DiagnosticSeverity.Error);
  });

  test('a file above initlens.maxFileSize gets one information diagnostic at the top', async () => {
    client.settings = { maxFileSize: 2000 };
    await client.configurationChanged();
    const big = MANIFEST + '---\n' + Array.from({ length: 10 }, () => MANIFEST).join('---\n');
    const uri = client.uri('big.yaml');
    let since = client.mark();
    await client.open(uri, big);
    const p = await client.waitFor(uri, since);
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.equal(p.diagnostics[0].range.start.line, 0);
    assert.match(String(p.diagnostics[0].message), /larger than/i);

    // Big plain YAML stays quiet.
    const plainUri = client.uri('big-plain.yaml');
    since = client.mark();
    await client.open(plainUri, 'items:\n' + '  - just: data\n'.repeat(500));
    assert.deepEqual((await client.waitFor(plainUri, since)).diagnostics, []);

    since = client.mark();
    client.settings = {};
    await client.configurationChanged();
    const full = await client.waitFor(uri, since);
    assert.ok(full.diagnostics.length > 1);
  });

  test('fix-all: one edit for the whole file, self-contained and checked fixes alike; the fixed text has none of those errors', async () => {
    const uri = client.uri('fix-all.yaml');
    const pods = [0, 1, 2].map(
      (i) => `apiVersion: v1
kind: Pod
metadata:
  name: p${i}
spec:
  containers:
    - name: App_${i}
      image: nginx:1.27
      volumeMounts:
        - {name: work, mountPath: /work}
        - {name: work, mountPath: /work}
  volumes:
    - name: work
      emptyDir: {}
`,
    );
    // a template restartPolicy the API server rejects: its fix is re-analysed before it is offered
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      restartPolicy: Never
      containers:
        - name: worker
          image: nginx:1.27
`;
    const text = [...pods, deployment].join('---\n');
    const since = client.mark();
    await client.open(uri, text);
    const opened = await client.waitFor(uri, since, (x) => x.version === 1);
    assert.deepEqual([...new Set(codes(opened.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)))].sort(), [
      'duplicate-mount-path',
      'invalid-container-name',
      'template-restart-policy',
    ]);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.initlens'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.initlens');
    const edits = actions[0].edit?.changes?.[uri] ?? [];
    assert.equal(edits.length, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
    assert.equal(
      fixed,
      text
        .replace(/App_(\d)/g, 'app-$1')
        .replaceAll('        - {name: work, mountPath: /work}\n        - {name: work, mountPath: /work}\n', '        - {name: work, mountPath: /work}\n')
        .replace('restartPolicy: Never', 'restartPolicy: Always'),
    );
    const after = client.mark();
    await client.change(uri, 2, [{ text: fixed }]);
    const p = await client.waitFor(uri, after, (x) => x.version === 2);
    assert.deepEqual(
      p.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = client.uri('after.yaml');
    const since = client.mark();
    await client.close(uri);
    const p = await client.waitFor(uri, since);
    assert.deepEqual(p.diagnostics, []);
    assert.ok(client.alive);
    assert.equal(client.stderr, '');
  });
});
