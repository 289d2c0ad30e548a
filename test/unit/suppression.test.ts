import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';

const pod = (extra: string, nameLine: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
${extra}    - name: ${nameLine}
      image: busybox:1.36
      command: ["true"]
  containers:
    - name: Bad_App
      image: nginx:1.27
`;

test('disable-next-line suppresses the named rule on the next line only', () => {
  const text = pod('    # initlens-disable-next-line invalid-container-name\n', 'Bad_Init');
  const rules = analyze(text).findings.map((f) => f.container);
  assert.deepEqual(rules, ['Bad_App']);
});

test('disable-next-line with another rule id suppresses nothing', () => {
  const text = pod('    # initlens-disable-next-line missing-image, init-never-exits\n', 'Bad_Init');
  assert.equal(analyze(text).findings.length, 2);
});

test('disable (rest of document) suppresses from the comment on, in that document only', () => {
  const doc = pod('', 'Bad_Init');
  const text = `${doc.replace('  containers:', '  # initlens-disable invalid-container-name\n  containers:')}---\n${doc}`;
  const found = analyze(text).findings.map((f) => `${f.document}:${f.container}`);
  assert.deepEqual(found, ['0:Bad_Init', '1:Bad_Init', '1:Bad_App']);
});

test('a directive-looking line inside a script is not a directive', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: Bad_Init
      image: busybox:1.36
      command:
        - sh
        - -c
        - |
          # initlens-disable invalid-container-name
          true
  containers:
    - {name: app, image: nginx:1.27}
`;
  assert.equal(analyze(text).findings.length, 1);
});
