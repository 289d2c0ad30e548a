/** Where list-item and whole-object snippets are offered, from text and cursor alone. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { completionContext, snippetInsertText } from '../../server/src/analysis/completionContext';

/** `|` marks the cursor. */
function at(src: string): ReturnType<typeof completionContext> {
  const offset = src.indexOf('|');
  return completionContext(src.slice(0, offset) + src.slice(offset + 1), offset);
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n';

describe('completion context', () => {
  test('an empty initContainers list: items at the cursor column', () => {
    const c = at(POD + '  initContainers:\n    |\n  containers:\n    - name: app\n');
    assert.equal(c.kind, 'list-item');
    if (c.kind !== 'list-item') return;
    assert.equal(c.list, 'initContainers');
    assert.equal(c.dashColumn, 4);
    assert.equal(c.fromLineStart, false);
  });

  test('after an existing item, at the items column, with a typed prefix', () => {
    const c = at(POD + '  initContainers:\n    - name: a\n      image: busybox:1.36.1\n    side|\n');
    assert.equal(c.kind, 'list-item');
    if (c.kind !== 'list-item') return;
    assert.equal(c.dashColumn, 4);
    assert.equal(c.replaced, 'side');
  });

  test('a typed dash is replaced too', () => {
    const c = at(POD + '  initContainers:\n    - init|\n');
    assert.equal(c.kind, 'list-item');
    if (c.kind !== 'list-item') return;
    assert.equal(c.replaced, '- init');
  });

  test('items at the key column (`-` under the key)', () => {
    const c = at(POD + '  initContainers:\n  - name: a\n    image: busybox:1.36.1\n  |\n');
    assert.equal(c.kind, 'list-item');
    if (c.kind !== 'list-item') return;
    assert.equal(c.dashColumn, 2);
  });

  test('a cursor left of the items column is moved to it', () => {
    const src = POD + '  initContainers:\n   |\n    - name: a\n';
    const c = at(src);
    assert.equal(c.kind, 'list-item');
    if (c.kind !== 'list-item') return;
    assert.equal(c.dashColumn, 4);
    assert.equal(c.fromLineStart, true);
    assert.equal(snippetInsertText('- name: b\n  image: x', c), '    - name: b\n      image: x');
  });

  test('volumes list (its own snippets)', () => {
    const c = at(POD + '  volumes:\n    |\n');
    assert.equal(c.kind, 'list-item');
    if (c.kind === 'list-item') assert.deepEqual([c.list, c.hasItems], ['volumes', false]);
  });

  test('containers list', () => {
    const c = at(POD + '  containers:\n    - name: a\n    |');
    assert.equal(c.kind, 'list-item');
    if (c.kind === 'list-item') assert.equal(c.list, 'containers');
  });

  test('not inside an item map, not after the list has ended, not in other lists', () => {
    assert.equal(at(POD + '  initContainers:\n    - name: a\n      |\n').kind, 'none');
    assert.equal(at(POD + '  initContainers:\n    - name: a\n  |\n').kind, 'none');
    assert.equal(at(POD + '  tolerations:\n    |\n').kind, 'none');
    assert.equal(at(POD + '  initContainers:\n    - name: a\n      env:\n        |\n').kind, 'none');
    assert.equal(at(POD + '  initContainers:\n    - name: a\n      image: b|\n').kind, 'none');
    assert.equal(at(POD + '  initContainers: []\n  |\n').kind, 'none');
  });

  test('whole objects only at column 0 of an empty document', () => {
    assert.equal(at('|').kind, 'top-level');
    assert.equal(at('k8s|').kind, 'top-level');
    assert.equal(at('# comment\n|\n').kind, 'top-level');
    assert.equal(at(POD + '  containers:\n    - name: a\n---\nk8s-pod|\n').kind, 'top-level');
    assert.equal(at(POD + '  containers:\n    - name: a\n---\n|\n---\n' + POD).kind, 'top-level');
    assert.equal(at(POD + '|').kind, 'none');
    assert.equal(at('|\n' + POD).kind, 'none');
    assert.equal(at('  k8s|').kind, 'none');
  });

  test('list-item insert text: continuation lines at the item content column', () => {
    const c = at(POD + '  initContainers:\n    |\n');
    assert.equal(snippetInsertText('- name: ${1:a}\n  image: x\n$0', c), '- name: ${1:a}\n      image: x\n    $0');
  });
});
