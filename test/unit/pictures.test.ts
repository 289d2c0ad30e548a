/**
 * The README pictures (docs/images/, taken by `npm run pictures` — test/e2e/pictures.mjs) are there
 * and current: every picture a README shows exists, is one the harness takes, and opens the README;
 * each recorded fingerprint (what the picture shows and what draws it: test/e2e/pictures-fingerprint.ts)
 * still matches, and each file is the one the harness wrote. Pixels are compared by the harness
 * itself (`node test/e2e/pictures.mjs --check`, in `npm test`): a pixel test here would be flaky
 * across machines. (test/unit/openvsx.test.ts checks that the package ships them.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { imagesOf } from '../helpers/markdownImages';
import { enabledShots, fingerprint, LOCK_FILE, type PictureLock, readSpec } from '../e2e/pictures-fingerprint';

const root = path.resolve(__dirname, '..', '..');
const RERUN = 'run `npm run pictures` (and commit docs/images/ and test/e2e/pictures.lock.json)';
const spec = readSpec();
const shots = enabledShots(spec);
const lock = JSON.parse(fs.readFileSync(LOCK_FILE, 'utf8')) as PictureLock;
const READMES = ['README.md', 'docs/zh-cn/README.md'];

test('every picture a README shows exists, is taken by the harness, and opens the README', () => {
  const outs = new Map(shots.map((s) => [s.out, s]));
  for (const readme of READMES) {
    const images = imagesOf(readme).filter((i) => !/^[a-z]+:/.test(i.src));
    assert.ok(images.length >= 2, `${readme} shows no pictures`);
    assert.ok(images[0].beforeFirstSection && images[0].block <= 6, `${readme}: the pictures belong at the top, before the first section`);
    for (const img of images) {
      const rel = path.posix.normalize(path.posix.join(path.posix.dirname(readme), img.src));
      assert.ok(fs.existsSync(path.join(root, rel)), `${readme} shows ${img.src}, which is missing: ${RERUN}`);
      assert.ok(outs.has(rel), `${readme} shows ${rel}, which no enabled shot in test/e2e/pictures.json takes`);
    }
  }
  // the Chinese README shows the Chinese pictures
  assert.ok(
    imagesOf('docs/zh-cn/README.md').some((i) => i.src.includes('zh-cn/')),
    'docs/zh-cn/README.md shows no picture from docs/images/zh-cn/',
  );
});

test('each picture is the one the harness wrote, and its fingerprint is current', () => {
  for (const shot of shots) {
    const rec = lock.pictures[shot.id];
    assert.ok(rec, `${shot.id} was never taken: ${RERUN}`);
    assert.equal(rec.out, shot.out, `${shot.id} moved: ${RERUN}`);
    const file = path.join(root, shot.out);
    assert.ok(fs.existsSync(file), `${shot.out} is missing: ${RERUN}`);
    const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    assert.equal(sha, rec.sha256, `${shot.out} is not the picture the harness wrote: ${RERUN}`);
    assert.equal(fingerprint(shot, spec), rec.fingerprint, `${shot.out} is out of date (what it shows or what draws it changed): ${RERUN}`);
  }
  const stale = Object.keys(lock.pictures).filter((id) => !shots.some((s) => s.id === id));
  assert.deepEqual(stale, [], `pictures.lock.json records shots the spec no longer takes: ${RERUN}`);
});

test('the fingerprint moves with what the picture shows', () => {
  const hover = shots.find((s) => s.action === 'hover');
  assert.ok(hover?.rule);
  const base = fingerprint(hover, spec);
  assert.equal(fingerprint(hover, spec), base, 'the fingerprint is stable');
  assert.notEqual(fingerprint({ ...hover, lang: hover.lang === 'en' ? 'zh-cn' : 'en' }, spec), base, 'the language changes it');
  assert.notEqual(fingerprint({ ...hover, action: 'quick-fix' }, spec), base, 'the action changes it');
  assert.notEqual(fingerprint(hover, { ...spec, window: { ...spec.window, width: spec.window.width + 1 } }), base, 'the window changes it');
});

test('the pictures are small PNGs: each under 400 KB, all under 1.5 MB', () => {
  let total = 0;
  for (const shot of shots) {
    const buf = fs.readFileSync(path.join(root, shot.out));
    assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG', `${shot.out} is not a PNG`);
    assert.ok(buf.length < 400 * 1024, `${shot.out} is ${Math.round(buf.length / 1024)} KB`);
    total += buf.length;
  }
  assert.ok(total < 1.5 * 1024 * 1024, `the pictures take ${Math.round(total / 1024)} KB`);
});
