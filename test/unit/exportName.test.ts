/** Default names of saved timelines (client/src/exportName.ts): one per object and Pod. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportFileName } from '../../client/src/exportName';

test('named after the object kind and name and the Pod number; a fragment after its file', () => {
  assert.equal(exportFileName({ object: 'Deployment/web', podIndex: 0 }, 'app.yaml', 'svg'), 'deployment-web-pod-1-timeline.svg');
  assert.equal(exportFileName({ object: 'Deployment/web', podIndex: 1 }, 'app.yaml', 'png'), 'deployment-web-pod-2-timeline.png');
  // two Pods of one file never share a default name
  assert.notEqual(exportFileName({ object: 'Job/a', podIndex: 0 }, 'f.yaml', 'svg'), exportFileName({ object: 'Job/b', podIndex: 1 }, 'f.yaml', 'svg'));
  assert.equal(exportFileName({ object: null, podIndex: 0 }, 'Sidecar Fragment.YAML', 'svg'), 'sidecar-fragment-pod-1-timeline.svg');
  assert.equal(exportFileName(null, 'x.yml', 'svg'), 'x-pod-1-timeline.svg');
  assert.equal(exportFileName({ object: 'Pod/<img src=x>', podIndex: 0 }, 'x.yaml', 'svg'), 'pod-img-src-x-pod-1-timeline.svg');
  assert.equal(exportFileName({ object: '///', podIndex: 2 }, 'x.yaml', 'svg'), 'pod-pod-3-timeline.svg');
});
