/**
 * The observed start-up: a Pod's `status` read into ObservedPod. The STATUS/READY/RESTARTS columns
 * are checked against what `kubectl get pods` printed for the same recorded Pods (see
 * test/fixtures/observed/README.md), and every branch of kubectl's pod printer is exercised on
 * small statuses; the explanations are checked against the facts they come from.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../server/src/analysis';
import { buildTimeline } from '../../server/src/analysis/timeline';
import { kubectlColumns, type ContainerStatusInput, type PodStatusInput } from '../../server/src/analysis/observed/kubectlStatus';
import { capturedAt, parseTime } from '../../server/src/analysis/observed/read';
import type { ObservedPod } from '../../server/src/analysis/observed/types';

const dir = path.join(__dirname, '..', 'fixtures', 'observed');
const fixture = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

function observed(text: string): ObservedPod {
  const m = buildTimeline(analyze(text));
  assert.ok(m, 'a timeline');
  assert.ok(m.observed, 'an observed start-up');
  return m.observed;
}

describe('recorded kubectl outputs: the columns kubectl printed for them', () => {
  test('purple: Init:0/2, 0/1 — the first init container runs (sleep 600)', () => {
    const o = observed(fixture('purple-init-0-of-2.yaml'));
    assert.equal(o.status, 'Init:0/2');
    assert.equal(o.ready, '0/1');
    assert.equal(o.restarts, 0);
    assert.equal(o.phase, 'Pending');
    assert.equal(o.startTime, '2023-05-02T23:50:33Z');
    assert.deepEqual(
      o.containers.map((c) => [c.name, c.role, c.state, c.laneId]),
      [
        ['warm-up-1', 'init', 'running', 'c0'],
        ['warm-up-2', 'init', 'waiting', 'c1'],
        ['purple-container', 'app', 'waiting', 'c2'],
      ],
    );
    assert.deepEqual(o.containers[0].current, { startedAt: 1, finishedAt: null, exitCode: null, reason: null });
    assert.match(o.explanation[0], /^Init:0\/2 — warm-up-1 has been running 0 s\.$/);
    assert.ok(o.explanation.includes('Its command runs for up to 10 min (sleep 600).'), o.explanation.join('\n'));
    assert.ok(o.explanation.some((s) => s.includes('latest timestamp in the status (2023-05-02T23:50:34Z)')));
    assert.equal(o.now, 1);
    assert.deepEqual(
      o.conditions.map((c) => [c.type, c.status, c.at]),
      [
        ['Initialized', false, 0],
        ['Ready', false, 0],
        ['ContainersReady', false, 0],
        ['PodScheduled', true, 0],
      ],
    );
  });

  test('blue: Running, 1/1 — the init container completed in 5 s', () => {
    const o = observed(fixture('blue-running.yaml'));
    assert.equal(o.status, 'Running');
    assert.equal(o.ready, '1/1');
    assert.deepEqual(o.containers[0].current, { startedAt: 3, finishedAt: 8, exitCode: 0, reason: 'Completed' });
    assert.equal(o.containers[1].current?.startedAt, 9);
  });

  test('orange: Init:CrashLoopBackOff, 0/1, 3 restarts — exit 127 from a misspelt command', () => {
    const o = observed(fixture('orange-init-crashloopbackoff.yaml'));
    assert.equal(o.status, 'Init:CrashLoopBackOff');
    assert.equal(o.ready, '0/1');
    assert.equal(o.restarts, 3);
    const init = o.containers[0];
    assert.equal(init.state, 'waiting');
    assert.equal(init.reason, 'CrashLoopBackOff');
    assert.equal(init.current, null);
    assert.deepEqual(init.last, { startedAt: 44, finishedAt: 44, exitCode: 127, reason: 'Error' });
    assert.ok(o.explanation.includes('Its last run exited with code 127 (Error); it has been restarted 3 times.'));
    // the program comes from the facts: the shell script's first command
    assert.ok(
      o.explanation.includes('Exit code 127 is the shell\'s "command not found": is sleeeep in the image, and spelled right?'),
      o.explanation.join('\n'),
    );
  });

  test('a Job whose native sidecars were stopped: Completed, not Init:Error', () => {
    const o = observed(fixture('job-sidecar-completed.yaml'));
    assert.equal(o.status, 'Completed');
    assert.equal(o.ready, '0/3', 'the two restartable init containers count in the total');
    assert.equal(o.phase, 'Succeeded');
    assert.deepEqual(
      o.containers.map((c) => [c.name, c.role, c.exitCode]),
      [
        ['upload-logs', 'sidecar', 137],
        ['tcpdump', 'sidecar', 0],
        ['main-container', 'app', 0],
      ],
    );
    assert.equal(o.explanation[0], 'Completed — the main containers exited 0.');
    assert.ok(o.explanation.some((s) => s.startsWith('Sidecar upload-logs exited with code 137')));
    // main-container ended at 19:40:44, upload-logs was killed at 19:41:14: the 30 s grace period
    assert.ok(o.explanation.includes('It was killed 30 s after the main containers ended, when the grace period (30 s) ran out: it does not stop on SIGTERM.'));
    assert.ok(
      o.explanation.some((s) => s.startsWith('The status has no conditions')),
      'the trimmed copy is said',
    );
  });

  test('kubectl get pod -o json reads the same (the recorded YAML re-encoded as JSON)', () => {
    for (const name of ['purple-init-0-of-2.yaml', 'orange-init-crashloopbackoff.yaml', 'job-sidecar-completed.yaml', 'blue-running.yaml']) {
      const yamlText = fixture(name);
      const json = JSON.stringify(parseAllDocuments(yamlText)[0].toJS(), null, 4);
      const a = observed(yamlText);
      const b = observed(json);
      assert.equal(b.status, a.status, name);
      assert.equal(b.ready, a.ready, name);
      assert.equal(b.restarts, a.restarts, name);
      assert.deepEqual(b.explanation, a.explanation, name);
      assert.deepEqual(
        b.containers.map((c) => ({ ...c, range: null })),
        a.containers.map((c) => ({ ...c, range: null })),
        name,
      );
      // ranges point at the status entries in the JSON text
      for (const c of b.containers) {
        assert.ok(c.range, name);
        assert.match(json.slice(c.range[0], c.range[1]), new RegExp(`"name": "${c.name}"`), name);
      }
    }
  });
});

describe('the example and the constructed sidecar Pod', () => {
  test('examples/observed-init-stuck.yaml: Init:1/3, wait-for-db polls db with no timeout, no Service db', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'observed-init-stuck.yaml'), 'utf8');
    const o = observed(text);
    assert.equal(o.status, 'Init:1/3');
    assert.equal(o.now, 871);
    assert.deepEqual(o.explanation.slice(0, 4), [
      'Init:1/3 — wait-for-db has been running 14 min 25 s.',
      'It polls db with no timeout.',
      'Nothing in this manifest defines a Service db.',
      'Status captured at 2026-03-02T10:26:40Z.',
    ]);
  });

  test('a Service db in the same file is found, in another document', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'observed-init-stuck.yaml'), 'utf8');
    const withService = `${text}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  ports:\n  - port: 5432\n`;
    const o = observed(withService);
    assert.ok(o.explanation.includes('This file defines a Service db: check that its selector matches Pods that are ready.'), o.explanation.join('\n'));
  });

  test('a bounded wait loop gives up: said so', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'observed-init-stuck.yaml'), 'utf8').replace(
      'until nc -z db 5432; do echo waiting for db; sleep 2; done',
      'for i in $(seq 1 60); do nc -z db 5432 \\&\\& exit 0; sleep 2; done; exit 1',
    );
    const o = observed(text);
    assert.equal(o.status, 'Init:1/3');
    assert.ok(!o.explanation.includes('It polls db with no timeout.'));
  });

  test('a running Pod with a started native sidecar is Running, and the sidecar counts in READY', () => {
    const o = observed(fixture('constructed-sidecar-running.yaml'));
    assert.equal(o.status, 'Running');
    assert.equal(o.ready, '2/2');
    assert.equal(o.restarts, 1, "the sidecar's restart counts once the Pod is initialized");
    assert.ok(o.explanation.includes('Native sidecar logshipper is started: it no longer holds the Pod in Init, and kubectl counts it in READY.'));
    assert.deepEqual(o.containers[0].last, { startedAt: 1, finishedAt: 2, exitCode: 1, reason: 'Error' });
  });

  test('only Pods: a Deployment with a status has no observed start-up', () => {
    const m = buildTimeline(
      analyze(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: web, image: nginx}]
status:
  replicas: 1
  readyReplicas: 1
`),
    );
    assert.ok(m);
    assert.equal(m.observed, null);
  });

  test('a Pod without status has none', () => {
    const m = buildTimeline(analyze('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx}]\n'));
    assert.equal(m?.observed, null);
  });

  test('Pods in a List (kubectl get pods -o yaml): the one under the cursor', () => {
    const purple = parseAllDocuments(fixture('purple-init-0-of-2.yaml'))[0].toJS();
    const blue = parseAllDocuments(fixture('blue-running.yaml'))[0].toJS();
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [purple, blue] }, null, 2);
    const result = analyze(text);
    assert.equal(buildTimeline(result, text.indexOf('"warm-up-1"'))?.observed?.status, 'Init:0/2');
    assert.equal(buildTimeline(result, text.indexOf('"green-container-1"'))?.observed?.status, 'Running');
  });
});

describe('the capture time', () => {
  test('the command writes `# initlens.capturedAt:` above what kubectl printed', () => {
    assert.equal(capturedAt('# kubectl get pod x -o yaml\n# initlens.capturedAt: 2026-03-02T10:26:40Z\napiVersion: v1\n'), Date.parse('2026-03-02T10:26:40Z'));
    assert.equal(capturedAt('apiVersion: v1\n# initlens.capturedAt: 2026-03-02T10:26:40Z\n'), null, 'only the leading comments');
    assert.equal(capturedAt('# initlens.capturedAt: yesterday\n'), null);
  });

  test('times are RFC 3339 only', () => {
    assert.equal(parseTime('2023-05-02T23:50:34Z'), Date.parse('2023-05-02T23:50:34Z'));
    assert.equal(parseTime('2023-05-02T23:50:34.123+02:00'), Date.parse('2023-05-02T23:50:34.123+02:00'));
    assert.equal(parseTime('May 2'), null);
    assert.equal(parseTime(null), null);
  });
});

// ---------------------------------------------------------------------------------------------
// kubectl's printer, branch by branch

const running = (name: string, over: Partial<ContainerStatusInput> = {}): ContainerStatusInput => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  state: { kind: 'running', reason: null, exitCode: null, signal: null },
  ...over,
});
const waiting = (name: string, reason: string | null, over: Partial<ContainerStatusInput> = {}): ContainerStatusInput => ({
  name,
  ready: false,
  started: false,
  restartCount: 0,
  state: { kind: 'waiting', reason, exitCode: null, signal: null },
  ...over,
});
const terminated = (
  name: string,
  exitCode: number,
  reason: string | null,
  over: Partial<ContainerStatusInput> = {},
  signal: number | null = null,
): ContainerStatusInput => ({
  name,
  ready: false,
  started: false,
  restartCount: 0,
  state: { kind: 'terminated', reason, exitCode, signal },
  ...over,
});

function pod(over: Partial<PodStatusInput>): PodStatusInput {
  return {
    phase: 'Pending',
    reason: null,
    deleting: false,
    conditions: [],
    initSpec: [
      { name: 'a', restartable: false },
      { name: 'b', restartable: false },
      { name: 'c', restartable: false },
    ],
    appCount: 1,
    initStatuses: [],
    appStatuses: [waiting('app', 'PodInitializing')],
    ...over,
  };
}

describe('kubectlColumns: every branch of the pod printer', () => {
  test('Init:i/n while an init container runs; exited-0 ones are passed over', () => {
    const c = kubectlColumns(pod({ initStatuses: [terminated('a', 0, 'Completed'), running('b', { ready: false }), waiting('c', 'PodInitializing')] }));
    assert.deepEqual([c.status, c.ready, c.blockingInit, c.initializing], ['Init:1/3', '0/1', 1, true]);
  });

  test('Init:<waiting reason>, but PodInitializing counts as not started', () => {
    assert.equal(kubectlColumns(pod({ initStatuses: [waiting('a', 'ImagePullBackOff')] })).status, 'Init:ImagePullBackOff');
    assert.equal(kubectlColumns(pod({ initStatuses: [waiting('a', 'PodInitializing')] })).status, 'Init:0/3');
    assert.equal(kubectlColumns(pod({ initStatuses: [waiting('a', null)] })).status, 'Init:0/3');
  });

  test('Init:<terminated reason>, Init:Signal:N, Init:ExitCode:N', () => {
    assert.equal(kubectlColumns(pod({ initStatuses: [terminated('a', 1, 'Error')] })).status, 'Init:Error');
    assert.equal(kubectlColumns(pod({ initStatuses: [terminated('a', 137, null, {}, 9)] })).status, 'Init:Signal:9');
    assert.equal(kubectlColumns(pod({ initStatuses: [terminated('a', 3, null)] })).status, 'Init:ExitCode:3');
  });

  test('a started sidecar is passed over and counts in READY; one not started holds the Pod', () => {
    const initSpec = [
      { name: 'proxy', restartable: true },
      { name: 'a', restartable: false },
    ];
    const started = kubectlColumns(pod({ initSpec, initStatuses: [running('proxy'), running('a', { ready: false })] }));
    assert.deepEqual([started.status, started.ready], ['Init:1/2', '1/2']);
    const notStarted = kubectlColumns(pod({ initSpec, initStatuses: [running('proxy', { started: false, ready: false }), waiting('a', 'PodInitializing')] }));
    assert.deepEqual([notStarted.status, notStarted.ready, notStarted.blockingInit], ['Init:0/2', '0/2', 0]);
    // the same container without restartPolicy: Always is a plain init container that holds the Pod
    const plain = kubectlColumns(pod({ initSpec: [{ name: 'proxy', restartable: false }], initStatuses: [running('proxy')] }));
    assert.deepEqual([plain.status, plain.ready], ['Init:0/1', '0/1']);
  });

  test('after Init: the app containers decide, the last one listed winning', () => {
    const base = { phase: 'Running', initSpec: [], conditions: [{ type: 'Initialized', status: true, reason: null }] };
    assert.equal(kubectlColumns(pod({ ...base, appCount: 2, appStatuses: [waiting('x', 'CrashLoopBackOff'), running('y')] })).status, 'CrashLoopBackOff');
    assert.equal(kubectlColumns(pod({ ...base, appCount: 2, appStatuses: [running('y'), waiting('x', 'ErrImagePull')] })).status, 'ErrImagePull');
    assert.equal(kubectlColumns(pod({ ...base, appStatuses: [terminated('x', 2, null)] })).status, 'ExitCode:2');
    assert.equal(kubectlColumns(pod({ ...base, appStatuses: [terminated('x', 143, null, {}, 15)] })).status, 'Signal:15');
    assert.equal(kubectlColumns(pod({ ...base, appStatuses: [terminated('x', 1, 'Error')] })).status, 'Error');
    const r = kubectlColumns(pod({ ...base, appCount: 2, appStatuses: [running('x'), running('y', { ready: false })] }));
    assert.deepEqual([r.status, r.ready], ['Running', '1/2']);
  });

  test('Completed with a container still running: Running when the Pod is Ready, else NotReady', () => {
    const apps = [terminated('x', 0, 'Completed'), running('y')];
    const ready = [
      { type: 'Initialized', status: true, reason: null },
      { type: 'Ready', status: true, reason: null },
    ];
    assert.equal(
      kubectlColumns(pod({ phase: 'Running', initSpec: [], appCount: 2, appStatuses: [running('y'), terminated('x', 0, 'Completed')], conditions: ready }))
        .status,
      'Running',
    );
    assert.equal(
      kubectlColumns(pod({ phase: 'Running', initSpec: [], appCount: 2, appStatuses: [running('y'), terminated('x', 0, 'Completed')], conditions: [ready[0]] }))
        .status,
      'NotReady',
    );
    assert.equal(
      kubectlColumns(pod({ phase: 'Running', initSpec: [], appCount: 2, appStatuses: apps, conditions: ready })).status,
      'Running',
      'whichever is listed last',
    );
    assert.equal(
      kubectlColumns(pod({ phase: 'Succeeded', initSpec: [], appCount: 2, appStatuses: [apps[0], apps[0]], conditions: ready })).status,
      'Completed',
      'none running',
    );
  });

  test('RESTARTS: every init container while initializing, only sidecars and apps after', () => {
    const initSpec = [
      { name: 'a', restartable: false },
      { name: 's', restartable: true },
    ];
    const initializing = kubectlColumns(
      pod({ initSpec, initStatuses: [waiting('a', 'CrashLoopBackOff', { restartCount: 4 }), waiting('s', 'PodInitializing', { restartCount: 0 })] }),
    );
    assert.equal(initializing.restarts, 4);
    const after = kubectlColumns(
      pod({
        phase: 'Running',
        initSpec,
        conditions: [{ type: 'Initialized', status: true, reason: null }],
        initStatuses: [terminated('a', 0, 'Completed', { restartCount: 4 }), running('s', { restartCount: 2 })],
        appStatuses: [running('app', { restartCount: 1 })],
      }),
    );
    assert.deepEqual([after.status, after.restarts, after.ready], ['Running', 3, '2/2']);
  });

  test('phase and status.reason, SchedulingGated, Terminating and NodeLost', () => {
    assert.equal(kubectlColumns(pod({ phase: 'Failed', reason: 'Evicted', initSpec: [], appStatuses: [] })).status, 'Evicted');
    assert.equal(
      kubectlColumns(pod({ initSpec: [], appStatuses: [], conditions: [{ type: 'PodScheduled', status: false, reason: 'SchedulingGated' }] })).status,
      'SchedulingGated',
    );
    assert.equal(kubectlColumns(pod({ phase: 'Running', deleting: true, initSpec: [], appStatuses: [running('app')] })).status, 'Terminating');
    assert.equal(
      kubectlColumns(pod({ phase: 'Succeeded', deleting: true, initSpec: [], appStatuses: [terminated('app', 0, 'Completed')] })).status,
      'Completed',
    );
    assert.equal(kubectlColumns(pod({ phase: 'Running', reason: 'NodeLost', deleting: true, initSpec: [], appStatuses: [running('app')] })).status, 'Unknown');
  });

  test('an init failure with Initialized True (a sidecar stopped at the end): the app containers decide', () => {
    const c = kubectlColumns(
      pod({
        phase: 'Succeeded',
        initSpec: [{ name: 's', restartable: true }],
        conditions: [{ type: 'Initialized', status: true, reason: null }],
        initStatuses: [terminated('s', 137, 'Error')],
        appStatuses: [terminated('app', 0, 'Completed')],
      }),
    );
    assert.deepEqual([c.status, c.blockingInit, c.initializing], ['Completed', null, true]);
    // without conditions kubectl itself would say Init:Error; the reader passes what the rest shows
    const trimmed = kubectlColumns(
      pod({
        phase: 'Succeeded',
        initSpec: [{ name: 's', restartable: true }],
        initStatuses: [terminated('s', 137, 'Error')],
        appStatuses: [terminated('app', 0, 'Completed')],
      }),
    );
    assert.equal(trimmed.status, 'Init:Error');
    const inferred = kubectlColumns(
      pod({
        phase: 'Succeeded',
        initSpec: [{ name: 's', restartable: true }],
        initStatuses: [terminated('s', 137, 'Error')],
        appStatuses: [terminated('app', 0, 'Completed')],
        initializedWithoutConditions: true,
      }),
    );
    assert.equal(inferred.status, 'Completed');
  });
});
