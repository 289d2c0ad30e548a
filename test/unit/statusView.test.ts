/** The status bar item's decision table (client/src/statusView.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../client/src/statusView';
import type { DocumentStatus } from '../../server/src/protocol';

const status = (state: DocumentStatus['state'], version = 1): DocumentStatus => ({
  uri: 'file:///w/pod.yaml',
  version,
  state,
  kubernetesVersion: '1.35',
  versionSource: 'default',
  hasPodSpec: state === 'ok',
  findings: 0,
});
const doc = (version = 1, looksLikeManifest = true, languageId = 'yaml') => ({ languageId, version, looksLikeManifest });

test('nothing for other languages, plain YAML, and documents the server called none', () => {
  assert.equal(statusView('running', undefined, undefined).kind, 'hidden');
  assert.equal(statusView('running', doc(1, true, 'json'), status('ok')).kind, 'hidden');
  assert.equal(statusView('running', doc(1, false), undefined).kind, 'hidden');
  assert.equal(statusView('running', doc(1), status('none')).kind, 'hidden');
  // a ConfigMap being edited: no "checking…" flash, and no failure shown on it
  assert.equal(statusView('running', doc(2), status('none')).kind, 'hidden');
  assert.equal(statusView('stopped', doc(1), status('none')).kind, 'hidden');
});

test('checking until the server has answered for the current version', () => {
  assert.equal(statusView('running', doc(1), undefined).kind, 'checking');
  assert.equal(statusView('running', doc(3), status('ok', 2)).kind, 'checking');
  assert.equal(statusView('running', doc(3), status('paused', 2)).kind, 'checking');
  assert.equal(statusView('running', doc(2), status('ok', 2)).kind, 'ok');
});

test('the server state first, then the document state', () => {
  assert.equal(statusView('starting', doc(1), undefined).kind, 'starting');
  assert.equal(statusView('stopped', doc(1), status('ok')).kind, 'stopped');
  assert.equal(statusView('running', doc(1), status('paused')).kind, 'paused');
  assert.equal(statusView('running', doc(1), status('too-large')).kind, 'too-large');
});
