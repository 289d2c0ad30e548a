/**
 * A target newer than the newest Kubernetes minor InitLens knows gets a note on stderr (review item
 * 10a); known versions stay quiet. In process, no build needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli';

function runIn(args: string[]): { status: number; stderr: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-note-'));
  fs.writeFileSync(path.join(cwd, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx:1.27}]\n');
  let stderr = '';
  const status = run([...args, 'pod.yaml'], { stdout: () => undefined, stderr: (t) => void (stderr += t), cwd, env: { LANG: 'C' } });
  return { status, stderr };
}

test('--kubernetes-version newer than InitLens knows: a note on stderr, the same exit status', () => {
  const r = runIn(['--kubernetes-version', '1.40']);
  assert.match(r.stderr, /InitLens knows Kubernetes up to 1\.37; checking 1\.40 with the 1\.37 rules/);
  assert.equal(r.status, runIn(['--kubernetes-version', '1.37']).status);
});

test('known versions: no note', () => {
  for (const v of ['1.30', '1.35', '1.37']) assert.equal(runIn(['--kubernetes-version', v]).stderr, '', v);
});
