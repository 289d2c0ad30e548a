import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByText } from '../../server/src/analysis/memo';

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
