/**
 * A rule that throws is logged to the client's output and the other rules still report. Runs the
 * server in this process (over in-memory streams) so that a throwing rule can be slipped into the
 * registry for the duration of the test.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { allRules, type Rule } from '../../server/src/analysis';
import { startServer } from '../../server/src/startServer';

const throwing: Rule = {
  id: 'test-throws',
  defaultSeverity: 'error',
  summary: 'A rule that always throws, for this test.',
  check() {
    throw new Error('boom from test-throws');
  },
};

after(() => {
  const i = allRules.indexOf(throwing);
  if (i >= 0) (allRules as Rule[]).splice(i, 1);
});

test('a throwing rule is logged and the other rules still report', async () => {
  (allRules as Rule[]).unshift(throwing);
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server);
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const logs: string[] = [];
  client.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  const published = new Promise<PublishDiagnosticsParams>((resolve) => client.onNotification(PublishDiagnosticsNotification.type, resolve));
  client.listen();
  await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification(InitializedNotification.type, {});
  await client.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: {
      uri: 'untitled:pod.yaml',
      languageId: 'yaml',
      version: 1,
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: Bad_Name\n      image: nginx:1.27.0\n',
    },
  });
  const p = await published;
  assert.ok(
    p.diagnostics.some((d) => d.code === 'invalid-container-name'),
    'the other rules report',
  );
  assert.ok(!p.diagnostics.some((d) => d.code === 'test-throws'));
  assert.ok(
    logs.some((l) => l.includes('test-throws') && l.includes('boom from test-throws')),
    logs.join('\n'),
  );
  client.dispose();
  server.dispose();
});
