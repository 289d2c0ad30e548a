/**
 * The state the server sends per document for the status bar and the timeline button
 * (`initlens/status`, `initlens/documentStatus`): a manifest is `ok` with its target version and
 * where it comes from, a ConfigMap or plain YAML is `none` (nothing shown, no timeline button, no
 * CodeLens), a manifest that does not parse is `paused` at the parser's line — with no diagnostic of
 * ours (the YAML extension has one).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_KUBERNETES_VERSION } from '../../server/src/analysis';
import { STATUS_NOTIFICATION, STATUS_REQUEST, type DocumentStatus } from '../../server/src/protocol';
import { TestLspClient } from '../helpers/lspClient';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: wait
      image: busybox:1.36.1
      command: ["sh", "-c", "echo ok"]
  containers:
    - name: app
      image: nginx:1.27.0
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  initContainers: "not a Pod spec"
`;

// line 9 (1-based) is indented one column short
const BROKEN = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27.0
   - name: log
     image: busybox:1.36.1
`;

describe('document status for the status bar and the timeline button', () => {
  let client: TestLspClient;
  let workspace: string;
  const notified: DocumentStatus[] = [];

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-status-'));
    client = await TestLspClient.start(workspace);
    client.connection.onNotification(STATUS_NOTIFICATION, (s: DocumentStatus) => void notified.push(s));
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const status = (uri: string): Promise<DocumentStatus | null> => client.connection.sendRequest(STATUS_REQUEST, { uri });

  async function notifiedFor(uri: string, version: number): Promise<DocumentStatus> {
    for (let i = 0; i < 300; i++) {
      const s = notified.find((n) => n.uri === uri && n.version === version);
      if (s) return s;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${STATUS_NOTIFICATION} for ${uri} v${version}: ${JSON.stringify(notified)}`);
  }

  test('a Pod: ok, with the target version, where it comes from, and a Pod spec', async () => {
    const uri = client.uri('pod.yaml');
    await client.open(uri, POD);
    const s = await notifiedFor(uri, 1);
    assert.equal(s.state, 'ok');
    assert.equal(s.hasPodSpec, true);
    assert.equal(s.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
    assert.equal(s.versionSource, 'default');
    assert.deepEqual(await status(uri), s);
  });

  test('the editor setting shows as the source of the version', async () => {
    const uri = client.uri('pod.yaml');
    client.settings = { kubernetesVersion: '1.31' };
    await client.configurationChanged();
    let s: DocumentStatus | null = null;
    for (let i = 0; i < 200 && s?.kubernetesVersion !== '1.31'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      s = await status(uri);
    }
    assert.equal(s?.kubernetesVersion, '1.31');
    assert.equal(s?.versionSource, 'initlens.kubernetesVersion');
    client.settings = {};
    await client.configurationChanged();
  });

  test('a ConfigMap and plain YAML: none, no Pod spec, no CodeLens', async () => {
    for (const [name, text] of [
      ['cm.yaml', CONFIGMAP],
      ['ci.yaml', 'name: ci\non: [push]\n'],
    ]) {
      const uri = client.uri(name);
      await client.open(uri, text);
      const s = await notifiedFor(uri, 1);
      assert.equal(s.state, 'none', name);
      assert.equal(s.hasPodSpec, false, name);
      const lenses = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(lenses, [], name);
    }
  });

  test('a manifest that does not parse: paused at the line where the parser stopped, and no diagnostic of ours', async () => {
    const uri = client.uri('broken.yaml');
    const since = client.mark();
    await client.open(uri, BROKEN);
    const s = await notifiedFor(uri, 1);
    assert.equal(s.state, 'paused');
    assert.equal(s.syntaxError?.line, 8);
    assert.equal(s.syntaxError?.character, 3);
    assert.ok(s.syntaxError?.message);
    const p = await client.waitFor(uri, since).catch(() => null);
    assert.ok(!p?.diagnostics.some((d) => d.code === 'yaml-syntax-error'), 'the editor never reports yaml-syntax-error');
    // fixed: back to ok, for the new version
    await client.change(uri, 2, [{ text: BROKEN.replace('   - name: log\n     image', '    - name: log\n      image') }]);
    const fixed = await notifiedFor(uri, 2);
    assert.equal(fixed.state, 'ok');
    assert.equal(fixed.syntaxError, undefined);
  });

  test('a Helm template that does not parse is not "paused"', async () => {
    const uri = client.uri('chart.yaml');
    await client.open(
      uri,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- with .Values.x }}\n  containers:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n',
    );
    const s = await notifiedFor(uri, 1);
    assert.notEqual(s.state, 'paused');
  });
});
