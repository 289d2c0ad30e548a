/**
 * Agreement (issue 10, item 5): the diagnostics, the timeline, the hover and the quick fixes read one
 * model of what each container does, so they must never disagree. Over every rule fixture, k8s-docs
 * example, examples/ manifest and corpus file:
 *  - each lane's bar says what the facts' lifetime says (never ends ⇔ runs until stopped), and its
 *    role is the role at the target version;
 *  - every finding about a container is drawn on that container's lane;
 *  - a finding that a container never exits sits on a bar that never ends; a one-shot finding on one
 *    that ends;
 *  - the hover on an init container says "not shared" for the volume `init-volume-not-consumed`
 *    reports, and the hover on a reader says so for the volume `reads-empty-volume` reports;
 *  - the quick fix of `init-volume-not-consumed` adds the hand-off to the timeline, and the fix of
 *    `init-never-exits` makes the lane a sidecar.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisResult, type Finding } from '../../server/src/analysis';
import type { DocumentAnalysis } from '../../server/src/analysis/analyze';
import { effectiveRole, factsOf } from '../../server/src/analysis/facts';
import { applyEdits, fixesFor } from '../../server/src/analysis/fixes';
import { hoverAt } from '../../server/src/analysis/hover';
import type { Container, PodSpec } from '../../server/src/analysis/model';
import { resolveSettings } from '../../server/src/analysis/settings';
import { type Duration, type Lane, timelineForPod, type TimelineModel } from '../../server/src/analysis/timeline';
import { mdText } from '../../server/src/analysis/markdown';
import { yamlFiles } from '../helpers/files';

const root = path.resolve(__dirname, '..', '..');

const files = [
  ...yamlFiles(path.join(root, 'test', 'fixtures')),
  ...yamlFiles(path.join(root, 'examples')),
  ...yamlFiles(path.resolve(root, '..', 'shared', 'corpus')),
];

function settingsFor(text: string): ReturnType<typeof resolveSettings> {
  const m = /^#\s*kubernetesVersion:\s*(\S+)/m.exec(text);
  return resolveSettings(m ? { kubernetesVersion: m[1] } : {});
}

interface PodView {
  pod: PodSpec;
  document: DocumentAnalysis;
  text: string;
  model: TimelineModel;
}

function views(result: AnalysisResult, version: ReturnType<typeof resolveSettings>['version']): PodView[] {
  const out: PodView[] = [];
  let podIndex = 0;
  const count = result.documents.reduce((n, d) => n + d.pods.length, 0);
  for (const document of result.documents) {
    for (const pod of document.pods) {
      out.push({
        pod,
        document,
        text: document.text,
        model: timelineForPod({ document, pod, podIndex: podIndex++, podCount: count }, result.findings, version),
      });
    }
  }
  return out;
}

function laneOf(v: PodView, c: Container): Lane | undefined {
  return v.model.lanes.find((l) => l.list === c.list && l.index === c.index);
}

function lifeBar(v: PodView, c: Container): Duration | null {
  const lane = laneOf(v, c);
  if (!lane) return null;
  if (lane.role === 'init') return lane.bars.find((b) => b.kind === 'run')?.duration ?? null;
  if (lane.role === 'app' && v.pod.workload === 'job') return lane.bars.find((b) => b.kind === 'running')?.duration ?? null;
  return null;
}

function ownFindings(result: AnalysisResult, v: PodView): Finding[] {
  const r = v.pod.node.range;
  const obj = v.pod.objectNode.range;
  if (!r || !obj) return [];
  const lo = v.document.toFile([Math.min(r[0], obj[0]), Math.min(r[0], obj[0])]).start;
  const hi = v.document.toFile([Math.max(r[2], obj[2]), Math.max(r[2], obj[2])]).start;
  return result.findings.filter((f) => f.start >= lo && f.start <= hi && f.object === v.pod.object);
}

const checked = { files: 0, lanes: 0, findings: 0, hovers: 0, fixes: 0, lifetimes: 0 };

for (const file of files) {
  const rel = path.relative(root, file);
  test(`agreement: ${rel}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const settings = settingsFor(text);
    const result = analyze(text, settings);
    checked.files++;
    for (const v of views(result, settings.version)) {
      for (const c of [...v.pod.initContainers, ...v.pod.containers]) {
        const lane = laneOf(v, c);
        assert.ok(lane, `${rel}: ${c.name} has a lane`);
        checked.lanes++;
        const role = effectiveRole(c, settings.version);
        assert.equal(lane.role, role === 'ephemeral' ? 'app' : role, `${rel}: lane role of ${c.name}`);
        const bar = lifeBar(v, c);
        if (bar) {
          const life = factsOf(c, v.text).lifetime;
          assert.equal(bar.never, life.kind === 'runs-until-stopped', `${rel}: the bar of ${c.name} says never=${bar.never}, the facts say ${life.kind}`);
          // the hover on its name says the bar's length and basis, in the same words
          const nameAt = c.nameNode?.range?.[0];
          if (nameAt !== undefined) {
            const hover = hoverAt(result, v.document.toFile([nameAt, nameAt]).start, settings.version);
            const line = hover?.contents.split('\n').find((l) => l.startsWith('Lifetime: '));
            assert.ok(line, `${rel}: the hover on ${c.name} has a lifetime line`);
            assert.ok(line.includes(bar.text), `${rel}: ${c.name}: the bar says "${bar.text}", the hover says "${line}"`);
            if (bar.basis) assert.ok(line.includes(mdText(bar.basis)), `${rel}: ${c.name}: the bar's basis is "${bar.basis}", the hover says "${line}"`);
            checked.lifetimes++;
          }
        }
      }
      const findings = ownFindings(result, v);
      for (const f of findings) {
        if (f.container === null) continue;
        const named = [...v.pod.initContainers, ...v.pod.containers].filter((x) => (x.name ?? `${x.list}[${x.index}]`) === f.container);
        if (named.length !== 1) continue; // no such container, or a duplicate name: which one is meant is the finding's range
        const c = named[0];
        checked.findings++;
        const lane = laneOf(v, c)!;
        assert.ok(
          lane.findings.some((x) => x.rule === f.rule && x.start === f.start && x.end === f.end),
          `${rel}: ${f.rule} about ${f.container} is drawn on its lane`,
        );
        const bar = lifeBar(v, c);
        if (f.rule === 'init-never-exits' && bar) assert.ok(bar.never, `${rel}: ${f.container} is flagged init-never-exits but its bar ends`);
        if (f.rule === 'job-blocking-sidecar') {
          const life = factsOf(c, v.text).lifetime;
          assert.ok(life.blocker, `${rel}: ${f.container} is flagged job-blocking-sidecar but the facts know nothing that keeps it running`);
          if (!life.blocker.configDependent) assert.ok(bar?.never, `${rel}: ${f.container} is flagged job-blocking-sidecar but its bar ends`);
        }
        if (f.rule === 'one-shot-container-restarts') {
          const life = factsOf(c, v.text).lifetime;
          assert.ok(life.kind === 'exits' || life.kind === 'bounded', `${rel}: ${f.container} is one-shot but its lifetime is ${life.kind}`);
        }
        if (f.rule === 'init-volume-not-consumed' || f.rule === 'reads-empty-volume') {
          const volume = (f.data as { volume?: string } | undefined)?.volume;
          if (!volume) continue;
          const others = [...v.pod.all, ...v.pod.ephemeralContainers].filter((x) => x !== c && x.mounts.some((m) => m.name === volume));
          if (f.rule === 'reads-empty-volume' && others.length > 0) continue; // shared, but read-only
          const nameAt = c.nameNode?.range?.[0];
          if (nameAt === undefined) continue;
          const at = v.document.toFile([nameAt, nameAt]).start;
          const hover = hoverAt(result, at, settings.version);
          assert.ok(hover, `${rel}: a hover on ${f.container}`);
          checked.hovers++;
          const line = hover.contents.split('\n').find((l) => l.includes(`\`${volume}\``) && /^- /.test(l));
          assert.ok(line && /not shared/.test(line), `${rel}: ${f.rule} says ${volume} reaches no other container, the hover says: ${line}`);
        }
      }
    }
  });
}

/** Applies the preferred fix of the first finding of `rule` and returns the new analysis and model. */
function afterFix(text: string, rule: string): { before: Finding; model: TimelineModel; result: AnalysisResult } | null {
  const settings = settingsFor(text);
  const result = analyze(text, settings);
  const f = result.findings.find((x) => x.rule === rule);
  if (!f) return null;
  const fix = fixesFor(text, result, f, settings).find((x) => !x.suppression && x.preferred) ?? fixesFor(text, result, f, settings).find((x) => !x.suppression);
  if (!fix) return null;
  const next = applyEdits(text, fix.edits);
  const after = analyze(next, settings);
  const doc = after.documents[f.document];
  const pod = doc?.pods.find((p) => p.object === f.object) ?? doc?.pods[0];
  if (!doc || !pod) return null;
  return { before: f, result: after, model: timelineForPod({ document: doc, pod, podIndex: 0, podCount: 1 }, after.findings, settings.version) };
}

test('agreement: the fix for init-volume-not-consumed adds the hand-off to the timeline', () => {
  for (const file of files.filter((f) => f.includes(`${path.sep}init-volume-not-consumed${path.sep}fires`))) {
    const text = fs.readFileSync(file, 'utf8');
    const r = afterFix(text, 'init-volume-not-consumed');
    assert.ok(r, `${file}: a fix`);
    checked.fixes++;
    const volume = (r.before.data as { volume: string }).volume;
    const h = r.model.handoffs.find((x) => x.volume === volume && r.model.lanes.find((l) => l.id === x.from)?.name === r.before.container);
    assert.ok(h && h.to.length > 0, `${file}: after the fix, ${volume} is handed from ${r.before.container} to a later container`);
  }
});

test('agreement: the classic hand-off fix mounts nginx where it serves from, and the timeline draws the hand-off', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
    - name: install
      image: busybox:1.36
      command: ["wget", "-O", "/work-dir/index.html", "http://info.cern.ch"]
      volumeMounts:
        - name: workdir
          mountPath: /work-dir
  containers:
    - name: nginx
      image: nginx:1.27.2
  volumes:
    - name: workdir
      emptyDir: {}
`;
  const before = analyze(text, null);
  const f = before.findings.find((x) => x.rule === 'init-volume-not-consumed');
  assert.ok(f, 'the classic hand-off warns');
  assert.deepEqual(
    f.related.map((r) => text.slice(r.start, r.end)),
    ['"/work-dir/index.html"', 'nginx'],
  );
  const r = afterFix(text, 'init-volume-not-consumed')!;
  assert.ok(r.result.findings.every((x) => x.rule !== 'init-volume-not-consumed'));
  assert.match(applyEdits(text, fixesFor(text, before, f).find((x) => x.preferred)!.edits), /- name: workdir\n\s+mountPath: \/usr\/share\/nginx\/html/);
  assert.deepEqual(
    r.model.handoffs.map((h) => [h.volume, h.writes, h.to.length]),
    [['workdir', true, 1]],
  );
});

test('agreement: a lone app that serves no known folder gets the volume where the init container wrote', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: config-handoff
spec:
  initContainers:
    - name: render
      image: alpine:3.20
      command: ["sh", "-c", "echo 'port: 8080' > /config/app.yaml"]
      volumeMounts:
        - name: config
          mountPath: /config
  containers:
    - name: api
      image: registry.example.com/api:2.4.1
  volumes:
    - name: config
      emptyDir: {}
`;
  const before = analyze(text, null);
  const f = before.findings.find((x) => x.rule === 'init-volume-not-consumed');
  assert.ok(f, 'the hand-off to the lone app warns');
  assert.equal(f.message, 'Init container render writes into volume config, but api does not mount it');
  const fix = fixesFor(text, before, f).find((x) => x.preferred);
  assert.equal(fix?.title, 'Mount volume "config" at /config in api');
  assert.match(
    applyEdits(text, fix!.edits),
    /- name: api\n\s+image: registry.example.com\/api:2.4.1\n\s+volumeMounts:\n\s+- name: config\n\s+mountPath: \/config/,
  );
  const r = afterFix(text, 'init-volume-not-consumed')!;
  assert.ok(r.result.findings.every((x) => x.rule !== 'init-volume-not-consumed'));
  assert.deepEqual(
    r.model.handoffs.map((h) => [h.volume, h.writes, h.to.length]),
    [['config', true, 1]],
  );
  // with two app containers nothing says which one the file is for: no warning
  const two = text.replace('  volumes:', '    - name: worker\n      image: registry.example.com/worker:2.4.1\n  volumes:');
  assert.equal(analyze(two, null).findings.filter((x) => x.rule === 'init-volume-not-consumed').length, 0);
});

test('agreement: the fix for init-never-exits turns the lane into a running sidecar', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: envoy
      image: envoyproxy/envoy:v1.31.0
  containers:
    - name: app
      image: registry.example.com/app:1.0
`;
  const before = analyze(text, null);
  assert.ok(before.findings.some((f) => f.rule === 'init-never-exits'));
  const r = afterFix(text, 'init-never-exits')!;
  assert.ok(r, 'a fix');
  assert.equal(r.model.lanes[0].role, 'sidecar');
  assert.ok(r.result.findings.every((x) => x.rule !== 'init-never-exits'));
});

test('agreement: the sweep covered something', () => {
  assert.ok(checked.files > 100 && checked.lanes > 300 && checked.findings > 100 && checked.lifetimes > 100, JSON.stringify(checked));
});
