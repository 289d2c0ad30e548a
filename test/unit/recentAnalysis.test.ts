/** Offsets mapped between the analysed text and the current one (server/src/recentAnalysis.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapEdits, rangeToCurrent } from '../../server/src/recentAnalysis';

test('offsets before and after one edit map both ways; inside it they map to nothing', () => {
  let seed = 3;
  const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let i = 0; i < 500; i++) {
    const old = Array.from({ length: 1 + rnd(40) }, () => 'ab \n'[rnd(4)]).join('');
    const s = rnd(old.length + 1);
    const e = s + rnd(old.length - s + 1);
    const inserted = Array.from({ length: rnd(5) }, () => 'abx'[rnd(3)]).join('');
    const cur = old.slice(0, s) + inserted + old.slice(e);
    const m = mapEdits(old, cur);
    for (let o = 0; o <= old.length; o++) {
      const c = m.toCurrent(o);
      if (c === null) continue;
      // whatever maps, maps back, with the same text before it (in the common prefix) or after it (suffix)
      const back = m.toAnalysed(c);
      assert.ok(back !== null && (old.slice(0, back) === cur.slice(0, c) || old.slice(back) === cur.slice(c)), JSON.stringify({ old, cur, o, c }));
      assert.ok(cur.slice(0, c) === old.slice(0, o) || cur.slice(c) === old.slice(o), JSON.stringify({ old, cur, o, c }));
    }
    // a range maps only to the same text
    for (let a = 0; a <= old.length; a += 3) {
      for (let b = a; b <= old.length; b += 2) {
        const r = m.rangeToCurrent(a, b);
        if (r) assert.equal(cur.slice(r[0], r[1]), old.slice(a, b), JSON.stringify({ old, cur, a, b, r }));
      }
    }
    // offsets before the edit always map (after it, they do unless the edit's text makes the
    // alignment ambiguous, as in `aaaa` → `aa`: then a request simply gets no answer)
    for (let o = 0; o <= s; o++) assert.notEqual(m.toCurrent(o), null);
    assert.notEqual(m.toCurrent(old.length), null); // the end always maps
  }
});

test('identical texts map to themselves; a range across the change does not map', () => {
  const same = mapEdits('abc', 'abc');
  assert.equal(same.toCurrent(2), 2);
  const m = mapEdits('name: Init_DB\nimage: x\n', 'name: ok\nimage: x\n');
  assert.equal(m.toCurrent(0), 0);
  assert.equal(m.toCurrent('name: Init_DB\n'.length), 'name: ok\n'.length);
  assert.equal(m.toCurrent(8), null);
  assert.deepEqual(rangeToCurrent(m, 0, 4), [0, 4]);
  assert.equal(rangeToCurrent(m, 6, 13), null); // the old name: gone
  assert.deepEqual(rangeToCurrent(m, 14, 19), [9, 14]); // `image` moved up by 5
});
