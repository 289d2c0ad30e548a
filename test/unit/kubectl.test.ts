/**
 * The process handling of "Show Timeline of a Running Pod" (client/src/kubectl.ts), run against a
 * stand-in kubectl that replays recorded outputs (test/fixtures/observed/fake-kubectl.mjs): no
 * cluster is reachable here. Covers success, kubectl not found, a non-zero exit with kubectl's
 * message, a timeout, cancellation, output that is not a Pod, and names that must never reach kubectl.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { currentContext, getPodYaml, isPodName, KubectlError, listPods, parsePodRef, runKubectl } from '../../client/src/kubectl';
import { analyze } from '../../server/src/analysis';
import { buildTimeline } from '../../server/src/analysis/timeline';

const FAKE = path.join(__dirname, '..', 'fixtures', 'observed', 'fake-kubectl.mjs');

async function rejects(p: Promise<unknown>, failure: string, message?: RegExp): Promise<KubectlError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KubectlError, String(e));
    assert.equal(e.failure, failure, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ${failure} failure`);
}

describe('kubectl process handling, with a stand-in that replays recorded outputs', () => {
  test('lists the Pods of every namespace', async () => {
    const pods = await listPods({ path: FAKE });
    assert.deepEqual(
      pods.map((p) => `${p.namespace}/${p.name} ${p.phase} ${p.ready}${p.hasInit ? ' init' : ''}`),
      [
        'default/purple Pending 0/1 init',
        'default/blue Running 1/1 init',
        'default/orange Pending 0/1 init',
        'default/myjob-xxx Succeeded 0/1 init',
        'default/myapp-7d9c6b5f4-x2kq8 Running 1/1 init',
        'shop/shop-api Pending 0/1 init',
      ],
    );
  });

  test('reads the current context', async () => {
    assert.equal(await currentContext({ path: FAKE }), 'recorded-outputs');
  });

  test('gets one Pod as YAML, with the command and the capture time on top; the analysis reads it', async () => {
    const text = await getPodYaml('default', 'orange', { path: FAKE, now: () => new Date('2023-05-03T00:02:31Z'), context: 'recorded-outputs' });
    const lines = text.split('\n');
    assert.equal(lines[0], '# kubectl get pod orange --namespace default --output yaml (context recorded-outputs)');
    assert.equal(lines[1], '# initlens.capturedAt: 2023-05-03T00:02:31Z');
    assert.equal(lines[2], 'apiVersion: v1');
    const o = buildTimeline(analyze(text))?.observed;
    assert.equal(o?.status, 'Init:CrashLoopBackOff');
    assert.equal(o?.now, 74, 'now is the capture time: 74 s after the start');
    assert.ok(o?.explanation.includes('Status captured at 2023-05-03T00:02:31Z.'));
  });

  test('kubectl not found: says so and names the setting', async () => {
    await rejects(getPodYaml('default', 'orange', { path: path.join(__dirname, 'no-such-kubectl') }), 'not-found', /initlens\.kubectlPath/);
  });

  test("a non-zero exit carries kubectl's own message", async () => {
    const e = await rejects(getPodYaml('default', 'gone', { path: FAKE }), 'exit', /exit code 1.*pods "gone" not found/);
    assert.equal(e.exitCode, 1);
    assert.match(e.stderr, /^Error from server \(NotFound\)/);
  });

  test('no answer in time: stopped, and said so', async () => {
    const began = Date.now();
    await rejects(getPodYaml('default', 'slow-to-answer', { path: FAKE, timeoutMs: 1500 }), 'timeout', /within 2 s/);
    assert.ok(Date.now() - began < 20_000, 'it did not wait for the stand-in');
  });

  test('cancelled from the progress notification: the process is stopped', async () => {
    const ac = new AbortController();
    const p = getPodYaml('default', 'slow-to-answer', { path: FAKE, signal: ac.signal, timeoutMs: 60_000 });
    setTimeout(() => ac.abort(), 300);
    const began = Date.now();
    await rejects(p, 'cancelled');
    assert.ok(Date.now() - began < 20_000);
    const aborted = new AbortController();
    aborted.abort();
    await rejects(runKubectl(['version'], { path: FAKE, signal: aborted.signal }), 'cancelled');
  });

  test('output that is not a Pod is refused', async () => {
    await rejects(getPodYaml('default', 'not-yaml', { path: FAKE }), 'bad-output', /did not print a Pod/);
  });

  test('messages go through the translation the command passes', async () => {
    await rejects(getPodYaml('default', 'orange', { path: '/nonexistent/kubectl', t: (m) => `[zh] ${m}` }), 'not-found', /^\[zh\] kubectl was not found/);
  });

  test('only namespace and Pod names reach kubectl: no options, no paths', async () => {
    assert.deepEqual(parsePodRef('shop/shop-api'), { namespace: 'shop', name: 'shop-api' });
    assert.deepEqual(parsePodRef('  web-0 '), { namespace: 'default', name: 'web-0' });
    assert.equal(parsePodRef('--kubeconfig=/etc/x/pod'), null);
    assert.equal(parsePodRef('shop/--output=json'), null);
    assert.equal(parsePodRef('Shop/API'), null);
    assert.equal(parsePodRef('a/b/c'), null);
    assert.ok(isPodName('coredns-5c6b6c5476-xtqr5'));
    await rejects(getPodYaml('default', '-o=json', { path: FAKE }), 'bad-output');
  });
});
