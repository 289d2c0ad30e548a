import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { factsOf } from '../../server/src/analysis/facts';
import { effectiveSecurityContext } from '../../server/src/analysis/facts/securityContext';
import { MEMO, memoByText, ObjectMemo } from '../../server/src/analysis/memo';

test('memoByText reads each text once, null and undefined results included, and empties its table at the limit', () => {
  const reads: string[] = [];
  const f = memoByText((t: string) => {
    reads.push(t);
    return t === 'none' ? null : t === 'nothing' ? undefined : { t };
  }, 3);
  const a = f('a');
  assert.equal(f('a'), a, 'the same object for the same text');
  f('none');
  f('none');
  f('nothing');
  f('nothing');
  assert.deepEqual(reads, ['a', 'none', 'nothing']);
  f('b'); // the table held 3 texts: emptied, then b
  assert.notEqual(f('a'), a, 'read again after the table was emptied');
  assert.deepEqual(reads, ['a', 'none', 'nothing', 'b', 'a']);
});

test('ObjectMemo keeps a value per object and memo, and a copy of the object does not carry it', () => {
  const a = new ObjectMemo<object, string>();
  const b = new ObjectMemo<object, number>();
  const o = { x: 1 };
  assert.equal(a.get(o), undefined);
  a.set(o, 'one');
  b.set(o, 2);
  assert.equal(a.get(o), 'one');
  assert.equal(b.get(o), 2);
  a.set(o, 'again');
  assert.equal(a.get(o), 'again');
  const copy = { ...o };
  assert.equal(a.get(copy), undefined, 'a spread copy starts without the values');
  assert.equal(b.get(Object.assign({}, o)), undefined);
  assert.deepEqual(Object.keys(o), ['x'], 'the values are not enumerable');
  assert.deepStrictEqual(o, { x: 1 });
});

/** A Pod with an init container that writes a file and an app container. */
const INIT_AND_APP = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: init
      image: busybox
      command: ['sh', '-c', 'echo hi > /work/x']
  containers:
    - name: app
      image: nginx
`;

test("a container's facts and security context are kept on the container, not in a WeakMap keyed by it", () => {
  // V8's young collector promotes a WeakMap's values whose keys are young: every analysis's facts
  // (and the trees they point to) went to the old generation, and GC took a fifth of a small file's analysis.
  const text = INIT_AND_APP;
  const pod = analyze(text).documents[0].pods[0];
  const c = pod.initContainers[0];
  const facts = factsOf(c, text);
  const security = effectiveSecurityContext(c);
  const own = Object.getOwnPropertySymbols(c);
  assert.equal(own.length, 1, 'one slot array on the container');
  const slots = (c as unknown as Record<symbol, unknown[]>)[own[0]];
  assert.ok(slots.includes(facts) && slots.includes(security));
});

test('the model declares the memo slot on its containers and Pods, and a reused container starts without the old facts', () => {
  // a slot added on first use (defineProperty) gave each container a second hidden class: every
  // rule's reads of containers then met two shapes
  const text = INIT_AND_APP;
  const pod = analyze(text).documents[0].pods[0];
  for (const o of [pod, ...pod.all]) assert.ok(Object.hasOwn(o, MEMO), 'declared when the object is built');
  const c = pod.initContainers[0];
  const f = factsOf(c, text);
  assert.equal(factsOf(c, text), f, 'kept on the container');
  const copy = { ...c, [MEMO]: undefined };
  assert.notEqual(factsOf(copy, text), f, 'a copy that resets the slot works its own facts out');
  assert.equal(factsOf(c, text), f, 'and leaves the original its own');
  // an object that does not declare the slot still gets a non-enumerable one
  const m = new ObjectMemo<object, number>();
  const o = { x: 1 };
  m.set(o, 1);
  assert.deepEqual(Object.keys(o), ['x']);
  const d: { x: number; [MEMO]?: unknown[] } = { x: 1, [MEMO]: undefined };
  m.set(d, 2);
  assert.equal(m.get(d), 2);
  assert.equal(Object.getOwnPropertyDescriptor(d, MEMO)?.enumerable, true, 'a declared slot is a plain store');
});
