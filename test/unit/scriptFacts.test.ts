/** scriptFacts.ts: sleep durations, Service names, busybox versions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isClusterServiceName, isShortServiceName, lookupTargets, programIndex, sleepSeconds } from '../../server/src/analysis/rules/scriptFacts';
import type { SimpleCommand } from '../../server/src/analysis/shell';
import { busyboxAfter128 } from '../../server/src/analysis/rules/busybox-nslookup-short-name';
import type { Word } from '../../server/src/analysis/shell';

const w = (text: string, literal = true): Word => ({ text, literal, prefix: text, start: 0, end: text.length });

test('sleepSeconds: suffixes, sums, infinity, unknowns', () => {
  assert.equal(sleepSeconds([w('30')]), 30);
  assert.equal(sleepSeconds([w('1h')]), 3600);
  assert.equal(sleepSeconds([w('2d')]), 172800);
  assert.equal(sleepSeconds([w('1h'), w('30m')]), 5400);
  assert.equal(sleepSeconds([w('0.5m')]), 30);
  assert.equal(sleepSeconds([w('infinity')]), Infinity);
  assert.equal(sleepSeconds([w('inf')]), Infinity);
  assert.equal(sleepSeconds([w('$DELAY', false)]), null);
  assert.equal(sleepSeconds([]), null);
  assert.equal(sleepSeconds([w('soon')]), null);
});

test('short and cluster Service names', () => {
  assert.equal(isShortServiceName('mydb'), true);
  assert.equal(isShortServiceName('mydb.prod'), true);
  assert.equal(isShortServiceName('kubernetes.default'), true);
  assert.equal(isShortServiceName('example.com'), false);
  assert.equal(isShortServiceName('mydb.prod.svc.cluster.local'), false);
  assert.equal(isShortServiceName('mydb.prod.svc'), false);
  assert.equal(isShortServiceName('mydb.'), false);
  assert.equal(isShortServiceName('10.0.0.1'), false);
  assert.equal(isShortServiceName('localhost'), false);
  assert.equal(isClusterServiceName('etcd.kube-system.svc.cluster.local'), true);
  assert.equal(isClusterServiceName('etcd.kube-system.svc'), true);
  assert.equal(isClusterServiceName('collector'), true);
  assert.equal(isClusterServiceName('storage.googleapis.com'), false);
});

test('busybox newer than 1.28', () => {
  assert.equal(busyboxAfter128('busybox'), true);
  assert.equal(busyboxAfter128('busybox:latest'), true);
  assert.equal(busyboxAfter128('busybox:1.36.1-glibc'), true);
  assert.equal(busyboxAfter128('docker.io/library/busybox:1.29'), true);
  assert.equal(busyboxAfter128('busybox:1.28'), false);
  assert.equal(busyboxAfter128('busybox:1.28.4'), false);
  assert.equal(busyboxAfter128('busybox:1.27.2'), false);
  assert.equal(busyboxAfter128('busybox@sha256:0123abcd'), false);
  assert.equal(busyboxAfter128('gcr.io/google-containers/busybox'), false);
  assert.equal(busyboxAfter128('alpine:3.20'), false);
});

test('lookupTargets: every program it reads, behind wrappers too; other programs look nothing up', () => {
  const cmd = (...texts: string[]): SimpleCommand =>
    ({ words: texts.map((x) => w(x)), redirects: [], loops: [], start: 0, end: 0 }) as unknown as SimpleCommand;
  const cases: Array<[string[], string]> = [
    [['nslookup', 'db'], 'db'],
    [['host', 'db'], 'db'],
    [['dig', '+short', 'db'], 'db'],
    [['getent', 'hosts', 'db'], 'db'],
    [['nc', '-z', 'db', '5432'], 'db'],
    [['ncat', '-z', 'db', '5432'], 'db'],
    [['netcat', '-z', 'db', '5432'], 'db'],
    [['curl', '-fsS', 'http://db:8080/health'], 'db'],
    [['wget', '-q', 'http://db/health'], 'db'],
    [['pg_isready', '-h', 'db'], 'db'],
    [['redis-cli', '-h', 'db', 'ping'], 'db'],
    [['mysqladmin', '-h', 'db', 'ping'], 'db'],
    [['psql', '-h', 'db'], 'db'],
    [['exec', '/usr/bin/nslookup', 'db'], 'db'],
    [['busybox', 'nslookup', 'db'], 'db'],
  ];
  for (const [words, host] of cases)
    assert.deepEqual(
      lookupTargets(cmd(...words)).map((x) => x.host),
      [host],
      words.join(' '),
    );
  assert.deepEqual(lookupTargets(cmd('echo', 'db')), []);
  assert.deepEqual(lookupTargets(cmd('sleep', '5')), []);
  assert.deepEqual(lookupTargets(cmd()), []);
  // the program index past wrappers, and 0 for a command that starts with its program
  assert.equal(programIndex(cmd('env', 'A=b', 'exec', 'nc', 'db').words), 3);
  assert.equal(programIndex(cmd('/bin/busybox', 'nc', 'db').words), 1);
  assert.equal(programIndex(cmd('timeout', '5', 'nc', 'db').words), 0);
  assert.equal(programIndex(cmd('nc', 'db').words), 0);
  assert.equal(programIndex(cmd().words), 0);
});
