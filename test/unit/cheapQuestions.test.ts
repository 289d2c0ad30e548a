/**
 * Rules that answer most containers with a cheap question before the full reading (the model's
 * mounts, the request pairs against the limit pairs, the container's own program and env before the
 * Pod's settings) must still find what the full reading finds where the cheap question says "maybe".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type Finding } from '../../server/src/analysis';

function found(text: string, rule: string): Finding[] {
  return analyze(text).findings.filter((f) => f.rule === rule);
}

const pod = (containers: string, extra = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${extra}  volumes:
    - name: work
      emptyDir: {}
    - name: conf
      configMap:
        name: conf
${containers}`;

describe('cheap questions first', () => {
  test('duplicate-mount-path in a container of more than eight mounts', () => {
    const mounts = Array.from({ length: 10 }, (_, i) => `        - name: work\n          mountPath: ${i === 9 ? '/m3' : `/m${i}`}\n`).join('');
    const f = found(pod(`  containers:\n    - name: app\n      image: busybox:1.36\n      volumeMounts:\n${mounts}`), 'duplicate-mount-path');
    assert.equal(f.length, 1);
    assert.match(f[0].detail ?? '', /volumeMounts\[9\]/);
  });

  test('undeclared-volume counts a non-map item in the index', () => {
    const f = found(
      pod('  containers:\n    - name: app\n      image: busybox:1.36\n      volumeMounts:\n        - oops\n        - name: data\n          mountPath: /data\n'),
      'undeclared-volume',
    );
    assert.equal(f.length, 1);
    assert.match(f[0].detail ?? '', /volumeMounts\[1\]/);
  });

  test('request-exceeds-limit: above a limit, and a resource that cannot be overcommitted', () => {
    const c = (requests: string, limits: string): string =>
      `  containers:\n    - name: app\n      image: busybox:1.36\n      resources:\n        requests: ${requests}\n        limits: ${limits}\n`;
    assert.equal(found(pod(c('{ memory: 1Gi, cpu: 100m }', '{ memory: 512Mi, cpu: "1" }')), 'request-exceeds-limit').length, 1);
    assert.equal(found(pod(c('{ example.com/gpu: 1 }', '{ example.com/gpu: 2 }')), 'request-exceeds-limit').length, 1);
    assert.equal(found(pod(c('{ example.com/gpu: 2 }', '{ example.com/gpu: 2 }')), 'request-exceeds-limit').length, 0);
    assert.equal(found(pod(c('{ memory: 128Mi }', '{ memory: 512Mi, cpu: "1" }')), 'request-exceeds-limit').length, 0);
  });

  test('init-readonly-root-write: a write into a configMap mount, none without a read-only mount', () => {
    const init = (mount: string): string =>
      `  initContainers:\n    - name: init\n      image: busybox:1.36\n      command: ["sh", "-c", "echo x > /conf/out"]\n      volumeMounts:\n        - name: ${mount}\n          mountPath: /conf\n  containers:\n    - name: app\n      image: busybox:1.36\n`;
    assert.equal(found(pod(init('conf')), 'init-readonly-root-write').length, 1);
    assert.equal(found(pod(init('work')), 'init-readonly-root-write').length, 0);
  });

  test('one-shot-container-restarts reads the lifetime of a container that runs a command', () => {
    const app = (cmd: string): string => `  containers:\n    - name: app\n      image: busybox:1.36\n${cmd}`;
    assert.equal(found(pod(app('      command: ["sh", "-c", "echo done"]\n')), 'one-shot-container-restarts').length, 1);
    assert.equal(found(pod(app('')), 'one-shot-container-restarts').length, 0);
  });

  test('wait-loop-without-timeout asks the Pod for a deadline after its own questions', () => {
    const c = `  initContainers:\n    - name: wait\n      image: busybox:1.36\n      command: ["sh", "-c", "until nc -z db 5432; do sleep 2; done"]\n  containers:\n    - name: app\n      image: busybox:1.36\n`;
    assert.equal(found(pod(c), 'wait-loop-without-timeout').length, 1);
    assert.equal(found(pod(c, '  activeDeadlineSeconds: 600\n'), 'wait-loop-without-timeout').length, 0);
  });

  test('init-env-not-inherited: a name two init containers define is still foreign to a third', () => {
    const def = (n: string): string =>
      `    - name: ${n}\n      image: busybox:1.36\n      env:\n        - name: TOKEN\n          value: x\n      command: ["sh", "-c", "echo $TOKEN"]\n`;
    const c = `  initContainers:\n${def('a')}${def('b')}    - name: c\n      image: busybox:1.36\n      command: ["sh", "-c", "echo $TOKEN"]\n  containers:\n    - name: app\n      image: busybox:1.36\n`;
    const f = found(pod(c), 'init-env-not-inherited');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /"c"/);
  });
});
