/** The snippet-syntax reader and expander used to check our snippets and build completion items. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeSnippetText,
  expandSnippet,
  indentSnippetBody,
  parseSnippet,
  readSnippetFile,
  SnippetSyntaxError,
  tabStops,
} from '../../server/src/analysis/snippetSyntax';

describe('snippet syntax', () => {
  test('tab stops, placeholders and the final stop', () => {
    assert.equal(expandSnippet('a $1 b ${2} c $0'), 'a  b  c ');
    assert.equal(expandSnippet('name: ${1:web}'), 'name: web');
    assert.equal(expandSnippet('${1:outer ${2:inner}} / $2'), 'outer inner / inner');
  });

  test('mirrors take the text of the placeholder with the same index, wherever it is', () => {
    assert.equal(expandSnippet('- name: $1\n  mountPath: ${1:data}'), '- name: data\n  mountPath: data');
    assert.equal(expandSnippet('${1:a}${1}${1:ignored}'), 'aaa');
  });

  test('choices give their first option, also to mirrors', () => {
    assert.equal(expandSnippet('image: ${1|busybox:1.36.1,alpine:3.20.3|} again ${1}'), 'image: busybox:1.36.1 again busybox:1.36.1');
    const nodes = parseSnippet('${1|a\\,b,c\\|d|}');
    assert.deepEqual(nodes, [{ type: 'choice', index: 1, options: ['a,b', 'c|d'] }]);
  });

  test('variables: given value, else default, else their name', () => {
    assert.equal(expandSnippet('$TM_FILENAME_BASE-${TM_FILENAME_BASE}', { variables: { TM_FILENAME_BASE: 'pod' } }), 'pod-pod');
    assert.equal(expandSnippet('${UNKNOWN_VAR:fallback}'), 'fallback');
    assert.equal(expandSnippet('$UNKNOWN_VAR'), 'UNKNOWN_VAR');
    assert.equal(expandSnippet('${TM_FILENAME/(.*)/${1:/upcase}/}', { variables: { TM_FILENAME: 'x' } }), 'x');
  });

  test('escapes: \\$, \\} and \\\\ are literal; other backslashes stay', () => {
    assert.equal(expandSnippet('for i in \\$(seq 1 ${1:30}); do'), 'for i in $(seq 1 30); do');
    assert.equal(expandSnippet('${1:a\\}b}'), 'a}b');
    assert.equal(expandSnippet('c:\\\\x \\n'), 'c:\\x \\n');
    assert.equal(expandSnippet('cost $ 5'), 'cost $ 5');
    assert.equal(expandSnippet(escapeSnippetText('a $HOME ${x} \\')), 'a $HOME ${x} \\');
  });

  test('explicit values override defaults', () => {
    assert.equal(expandSnippet('${1:a}-${2:b}-$1', { values: { 1: 'z' } }), 'z-b-z');
  });

  test('malformed snippets are rejected', () => {
    assert.throws(() => parseSnippet('${1:open'), SnippetSyntaxError);
    assert.throws(() => parseSnippet('${1|a,b'), SnippetSyntaxError);
    assert.throws(() => parseSnippet('${'), SnippetSyntaxError);
    // a lone `}` outside a placeholder is text, as in VS Code
    assert.deepEqual(parseSnippet('x }'), [{ type: 'text', value: 'x }' }]);
  });

  test('tabStops lists every index and its kinds', () => {
    const stops = tabStops('${1:a} $2 ${1} ${3|x,y|} $0');
    assert.deepEqual([...stops.keys()].sort(), [0, 1, 2, 3]);
    assert.equal(stops.get(1)!.length, 2);
    assert.equal(stops.get(3)![0].type, 'choice');
  });

  test('indentSnippetBody indents continuation lines only', () => {
    assert.equal(indentSnippetBody('- a\n  b\n\n$0', '    '), '- a\n      b\n\n    $0');
  });

  test('readSnippetFile reads prefixes, bodies and comments', () => {
    const defs = readSnippetFile('{\n // a comment\n "X": {"prefix": ["p","q"], "body": ["a", "b"], "description": "d /* not a comment */"}\n}');
    assert.deepEqual(defs, [{ name: 'X', prefixes: ['p', 'q'], body: 'a\nb', description: 'd /* not a comment */', scope: null }]);
  });
});
