/**
 * The server writes its V8 code cache when the thread is idle (server/src/codeCache.ts `whenIdle`):
 * writing it takes ~25 ms of the thread, which a keystroke arriving meanwhile would wait for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whenIdle } from '../../server/src/codeCache';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Keeps the thread busy 15 ms of every 20 (typing into a big document) until stopped. */
function busyLoop(): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + 15;
    while (performance.now() < until);
  }, 20);
  return () => clearInterval(timer);
}

test('not while the thread is busy; in the first idle window after it', async () => {
  let calledAt = 0;
  const stop = busyLoop();
  const started = performance.now();
  whenIdle(() => (calledAt = performance.now()), { firstMs: 50, windowMs: 100, latestMs: 60_000 });
  await sleep(800);
  assert.equal(calledAt, 0, 'called while busy');
  stop();
  const stopped = performance.now();
  await sleep(600);
  assert.ok(calledAt > stopped, `not called after the thread went idle (${(calledAt - started).toFixed(0)} ms)`);
});

test('at the latest after latestMs, busy or not', async () => {
  let called = false;
  const stop = busyLoop();
  whenIdle(() => (called = true), { firstMs: 20, windowMs: 50, latestMs: 300 });
  await sleep(700);
  stop();
  assert.equal(called, true);
});

test('an idle thread: once, after the first window', async () => {
  let calls = 0;
  whenIdle(() => calls++, { firstMs: 20, windowMs: 50, latestMs: 60_000 });
  await sleep(40);
  assert.equal(calls, 0, 'called before the first window ended');
  await sleep(300);
  assert.equal(calls, 1);
});
