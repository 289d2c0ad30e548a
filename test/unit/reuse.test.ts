/**
 * Reuse of the previous version's containers after an incremental re-parse (model.ts `previous`,
 * facts/index.ts `carryFacts`): chains of random edits over the examples, the fixtures, the corpus
 * and the benchmark's inputs, each analysis made with the previous version compared with a fresh
 * one — every finding (ranges, messages, detail, data, related), the quick fixes of each (titles and
 * edits), and each container's model and facts, deep-equal but for object identity. The facts are
 * also checked to hold no node, container or Pod of another version.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isNode, isPair, type Node } from 'yaml';
import { analyze, Analyzer, type AnalysisResult } from '../../server/src/analysis';
import { factsOf } from '../../server/src/analysis/facts';
import { fixesFor } from '../../server/src/analysis/fixes';
import type { Container, PodSpec } from '../../server/src/analysis/model';
import { sweptYamlFiles } from '../helpers/files';
import { movedBy } from '../../server/src/analysis/reparse';
import { bigList, scriptHeavyPod, singlePod } from '../helpers/perfInputs';

const root = path.resolve(__dirname, '..', '..');

function inputs(): Array<{ name: string; text: string }> {
  const files = sweptYamlFiles();
  // a document re-parses incrementally only when the edited item is less than a third of it: files
  // with one or two containers per Pod would only test the full parse again
  const enough = (text: string): boolean => (text.match(/^\s*- name: /gm) ?? []).length >= 4;
  return [
    { name: 'singlePod(200)', text: singlePod(200) },
    { name: 'scriptHeavyPod(200)', text: scriptHeavyPod(200) },
    { name: 'bigList(6 KB)', text: bigList(6_000) },
    { name: 'Pod settings last', text: podSettingsLast() },
    { name: 'Pod settings last, again', text: podSettingsLast() },
    ...files.map((f) => ({ name: path.relative(root, f), text: fs.readFileSync(f, 'utf8') })).filter((f) => enough(f.text)),
  ];
}

/**
 * A Pod whose Pod-level settings come after its containers (the Pod's `securityContext`, its
 * volumes): an edit in a container moves them, and the facts that read them must be worked out again.
 */
function podSettingsLast(): string {
  const parts = ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: last\nspec:\n  initContainers:\n'];
  for (let i = 0; i < 8; i++) {
    parts.push(
      `    - name: init-${i}\n      image: busybox:1.36\n      command: ["sh", "-c", "chown 1000 /data/${i} && chmod 775 /data && sysctl -w net.core.somaxconn=${i} && echo ok > /data/f${i}"]\n` +
        `      securityContext:\n        runAsNonRoot: ${i % 2 === 0}\n      volumeMounts:\n        - name: data\n          mountPath: /data\n`,
    );
  }
  parts.push('  containers:\n');
  for (let i = 0; i < 6; i++) {
    parts.push(
      `    - name: app-${i}\n      image: nginx:1.27\n      command: ["cat", "/data/f${i}"]\n      volumeMounts:\n        - name: data\n          mountPath: /data\n`,
    );
  }
  parts.push('  securityContext:\n    runAsUser: 1000\n    fsGroup: 2000\n  volumes:\n    - name: data\n      emptyDir: {}\n');
  return parts.join('');
}

function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    // the high bits: the low ones of this generator repeat with a short period
    return (s >>> 8) % n;
  };
}

const SNIPPETS = ['x', 'k', '1', ' ', '-', '/', '$', '"', '\n', '\n        ', ': ', '- ', '#', '&&', ' > /work/out', 'Always', 'sleep 3600', '{{'];

/** Mostly typing at the cursor (what the editor sends), now and then an edit anywhere. */
function edit(text: string, rnd: (n: number) => number, cursor: number): { next: string; at: number } {
  if (rnd(8) > 0) {
    if (rnd(4) === 0 && cursor > 0) return { next: text.slice(0, cursor - 1) + text.slice(cursor), at: cursor - 1 };
    const ins = rnd(3) === 0 ? SNIPPETS[rnd(SNIPPETS.length)] : 'k';
    return { next: text.slice(0, cursor) + ins + text.slice(cursor), at: cursor + ins.length };
  }
  const at = rnd(text.length + 1);
  const del = rnd(3) === 0 ? rnd(6) : 0;
  const ins = rnd(4) === 0 ? '' : SNIPPETS[rnd(SNIPPETS.length)];
  return { next: text.slice(0, at) + ins + text.slice(at + del), at: at + ins.length };
}

/**
 * The end of a random plain value on a line indented 6 or more (mostly a container's name, image, a
 * script's line), where typing a letter keeps the YAML valid; else anywhere.
 */
function inAContainer(text: string, rnd: (n: number) => number): number {
  const ends: number[] = [];
  for (const m of text.matchAll(/\n {6,}(?:- )?[\w.-]+: [\w./:=$ -]*[\w/]|\n {8,}[\w$][^\n:#]*[\w"]/g)) ends.push(m.index + m[0].length);
  return ends.length ? ends[rnd(ends.length)] : rnd(text.length + 1);
}

/** Container items for `generatedDocument`: each trips some container rules; `- bogusN` is an item that is no container. */
const CONTAINERS: Array<(i: number) => string> = [
  (i) => `- name: c${i}\n  image: busybox:1.36\n  command: ["sh", "-c", "until nslookup db; do sleep 2; done"]\n`,
  (i) =>
    `- name: c${i}\n  image: busybox\n  command: ["sh", "-c", "echo hi > /etc/x && chown 1000 /data"]\n  securityContext:\n    readOnlyRootFilesystem: true\n` +
    '  volumeMounts:\n    - name: data\n      mountPath: /data\n    - name: data\n      mountPath: /data\n',
  (i) =>
    `- name: C_${i}\n  restartPolicy: Always\n  image: envoyproxy/envoy:v1.30\n  ports:\n    - containerPort: 80${i % 10}\n` +
    '  lifecycle:\n    preStop:\n      sleep:\n        seconds: 9999\n',
  (i) =>
    `- name: c${i}\n  image: nginx\n  restartPolicy: Never\n  resources:\n    requests:\n      cpu: "2"\n    limits:\n      cpu: "1"\n` +
    `  volumeMounts:\n    - name: nope${i}\n      mountPath: /n\n`,
  (i) => `- name: c${i}\n  command: ["nginx", "-g", "daemon off;"]\n  readinessProbe:\n    tcpSocket:\n      port: 80\n`,
  (i) => `- {name: c${i}, image: "busybox:1.36", command: [sleep, "5"]}\n`,
  (i) =>
    `- name: c${i}\n  image: busybox:1.36\n  args:\n    - sh\n    - -c\n    - |\n      while ! wget -q http://svc:80; do sleep 1; done\n      mkdir /out && echo ok > /out/f\n` +
    '  securityContext:\n    runAsUser: 0\n    capabilities:\n      drop: [ALL]\n',
  (i) => `- name: c${i}\n  image: calico/cni:v3\n  command: [sysctl, -w, net.ipv4.ip_forward=1]\n`,
  (i) => `- bogus${i}\n`,
];

const indented = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

/** A random Pod, Job or Deployment (indented by `depth`), a List of them, or two documents. */
function generatedDocument(rnd: (n: number) => number): string {
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)];
  const spec = (depth: number): string => {
    const parts = [pick([`restartPolicy: ${pick(['Never', 'Always', 'OnFailure'])}\n`, 'hostNetwork: true\n', 'securityContext:\n  runAsNonRoot: true\n', ''])];
    for (const list of ['initContainers', 'containers']) {
      parts.push(`${list}:\n`);
      const n = list === 'initContainers' ? 4 + rnd(6) : 1 + rnd(4);
      for (let i = 0; i < n; i++) parts.push(indented(pick(CONTAINERS)(i), 2));
    }
    if (rnd(3) === 0) parts.push(`ephemeralContainers:\n${indented(pick(CONTAINERS)(9), 2)}`);
    parts.push('volumes:\n  - name: data\n    emptyDir: {}\n');
    if (rnd(2)) parts.push('activeDeadlineSeconds: 60\n');
    return indented(parts.join(''), depth);
  };
  const object = (depth: number): string => {
    const k = rnd(3);
    if (k === 0) return indented(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${rnd(9)}\n  namespace: ns\nspec:\n`, depth) + spec(depth + 2);
    const head = k === 1 ? 'apiVersion: batch/v1\nkind: Job' : 'apiVersion: apps/v1\nkind: Deployment';
    return indented(`${head}\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n`, depth) + spec(depth + 6);
  };
  const r = rnd(4);
  if (r === 0) {
    const items: string[] = [];
    for (let i = 0, n = 2 + rnd(3); i < n; i++) items.push(`  - ${object(4).slice(4)}`);
    if (rnd(2)) items.push('  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: cm\n');
    return `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
  }
  const text = r === 1 ? `${object(0)}---\n${object(0)}` : object(0);
  return rnd(5) === 0 ? text.replace(/\n/g, '\r\n') : text;
}

const MORE_SNIPPETS = [
  ...SNIPPETS,
  '{{ .Values.x }}',
  '\n      restartPolicy: Always',
  '\r',
  '&a ',
  '*a',
  'List',
  'Job',
  ':latest',
  '- name: z\n',
  'privileged: true',
];

/** A random edit: a few characters anywhere, a snippet at a line's end, or a container item replaced by another (or by a scalar). */
function generatedEdit(text: string, rnd: (n: number) => number): string {
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)];
  const k = rnd(10);
  if (k < 4) {
    const at = rnd(text.length + 1);
    return text.slice(0, at) + (rnd(5) === 0 ? '' : pick(MORE_SNIPPETS)) + text.slice(at + (rnd(3) === 0 ? rnd(6) : 0));
  }
  if (k < 7) {
    const items = [...text.matchAll(/\n( *)- (?:name: |bogus|\{name)/g)];
    if (!items.length) return text;
    const m = pick(items);
    const start = m.index + 1;
    const indent = m[1].length;
    // the item ends at the next line indented no deeper than its dash
    let end = text.indexOf('\n', start) + 1;
    while (end > 0 && end < text.length) {
      const lineIndent = (text.slice(end).match(/^ */) ?? [''])[0].length;
      if (text[end] !== '\n' && lineIndent <= indent) break;
      const next = text.indexOf('\n', end);
      end = next < 0 ? text.length : next + 1;
    }
    if (end <= 0) end = text.length;
    return text.slice(0, start) + indented(pick(CONTAINERS)(rnd(20)), indent) + text.slice(end);
  }
  const lines = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
  const lineEnd = text.indexOf('\n', pick(lines));
  const at = lineEnd < 0 ? text.length : lineEnd;
  return text.slice(0, at) + pick(MORE_SNIPPETS) + text.slice(at);
}

/** Every yaml node under `n` (the Pod's object), to check that facts point into the current tree. */
function nodesUnder(n: unknown, out: Set<unknown>): Set<unknown> {
  if (isPair(n)) {
    nodesUnder(n.key, out);
    nodesUnder(n.value, out);
  } else if (isNode(n)) {
    out.add(n);
    const items = (n as { items?: unknown[] }).items;
    if (Array.isArray(items)) for (const i of items) nodesUnder(i, out);
  }
  return out;
}

interface Scope {
  pod: PodSpec;
  containers: Set<Container>;
  nodes: Set<unknown>;
  problems: string[];
}

/**
 * A plain, identity-free copy of a model or facts value: yaml nodes as their kind and range,
 * containers and the Pod as markers (each checked to be of this version), maps and sets as entries.
 */
function plain(v: unknown, scope: Scope, where: string, seen: Set<unknown> = new Set()): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? '<fn>' : v;
  if (isNode(v) || isPair(v)) {
    if (isNode(v) && !scope.nodes.has(v)) scope.problems.push(`${where}: a yaml node that is not in this version's tree`);
    const r = isNode(v) ? (v as Node).range : null;
    return { yaml: isPair(v) ? 'pair' : (v as { constructor: { name: string } }).constructor.name, range: r ? [...r] : null };
  }
  if (v === scope.pod) return '<pod>';
  if ((v as PodSpec).all !== undefined && (v as PodSpec).initContainers !== undefined) {
    scope.problems.push(`${where}: another Pod`);
    return '<other pod>';
  }
  if ((v as Container).pod !== undefined && (v as Container).list !== undefined && (v as Container).node !== undefined) {
    if (!scope.containers.has(v as Container)) scope.problems.push(`${where}: a container of another version`);
    const c = v as Container;
    return `<container ${c.list}[${c.index}]>`;
  }
  if (seen.has(v)) return '<cycle>';
  seen.add(v);
  try {
    if (v instanceof Map) return { map: [...v.entries()].map(([k, x]) => [plain(k, scope, where, seen), plain(x, scope, `${where}.${String(k)}`, seen)]) };
    if (v instanceof Set) return { set: [...v].map((x) => plain(x, scope, where, seen)) };
    if (Array.isArray(v)) return v.map((x, i) => plain(x, scope, `${where}[${i}]`, seen));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = plain((v as Record<string, unknown>)[k], scope, `${where}.${k}`, seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

const FACTS = [
  'label',
  'program',
  'lifetime',
  'timing',
  'image',
  'fileEffects',
  'programUnknown',
  'scriptVars',
  'volumeWrites',
  'volumeReads',
  'serves',
  'localPorts',
  'talksTo',
  'security',
  'chores',
] as const;

/** Each container's model (but its Pod) and every fact, plain; `problems` gets references to other versions. */
function modelAndFacts(result: AnalysisResult, problems: string[]): unknown[] {
  const out: unknown[] = [];
  for (const d of result.documents) {
    for (const pod of d.pods) {
      const containers = new Set([...pod.all, ...pod.ephemeralContainers]);
      const scope: Scope = { pod, containers, nodes: nodesUnder(pod.objectNode, new Set()), problems };
      for (const c of containers) {
        const { pod: _pod, ...own } = c;
        const f = factsOf(c, d.text);
        const facts: Record<string, unknown> = {};
        for (const k of FACTS) facts[k] = plain(f[k], scope, `${c.list}[${c.index}].${k}`);
        out.push({ document: d.index, model: plain(own, scope, `${c.list}[${c.index}]`), facts });
      }
    }
  }
  return out;
}

function fixes(text: string, result: AnalysisResult): unknown[] {
  return result.findings.map((f) => fixesFor(text, result, f).map((x) => ({ title: x.title, edits: x.edits, safe: x.safe })));
}

/** Containers of `result` whose map is the previous version's copied with its offsets moved (after the edit). */
function movedIn(result: AnalysisResult, previous: AnalysisResult): number {
  let n = 0;
  result.documents.forEach((d, i) => {
    const before = previous.documents[i]?.pods;
    d.pods.forEach((p, k) => {
      const old = before?.[k];
      if (!old) return;
      for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
        p[list].forEach((c, j) => {
          const o = old[list][j];
          if (o && movedBy(c.node, o.node) !== null) n++;
        });
      }
    });
  });
  return n;
}

/** Containers of `result` whose node the previous version's model had: reused, not read again. */
function reusedIn(result: AnalysisResult, previous: AnalysisResult): number {
  const before = new Set<unknown>();
  for (const d of previous.documents) for (const p of d.pods) for (const c of [...p.all, ...p.ephemeralContainers]) before.add(c.node);
  let n = 0;
  for (const d of result.documents) for (const p of d.pods) for (const c of [...p.all, ...p.ephemeralContainers]) if (before.has(c.node)) n++;
  return n;
}

describe('reuse of the previous version’s containers', () => {
  test('typing gives the findings, fixes, model and facts a fresh analysis gives (examples, fixtures, corpus)', () => {
    const rnd = random(20261128);
    const failures: string[] = [];
    let reparsed = 0;
    let reused = 0;
    let moved = 0;
    let kept = 0;
    let keptPods = 0;
    let edits = 0;
    for (const { name, text: file } of inputs()) {
      const analyzer = new Analyzer();
      let text = file;
      let previous = analyzer.analyze(text);
      // the facts of the first version are worked out (as the rules and hovers do), so there is something to carry
      modelAndFacts(previous, []);
      let cursor = inAContainer(text, rnd);
      for (let k = 0; k < 12 && failures.length < 5; k++) {
        const { next, at } = edit(text, rnd, cursor);
        edits++;
        const incremental = analyzer.analyze(next, null, { previous });
        if (incremental.documents.some((d) => d.hasErrors)) {
          // type on from the last version that parsed (the cache has let go of it: analyse it again)
          previous = analyzer.analyze(text);
          cursor = inAContainer(text, rnd);
          continue;
        }
        reparsed += analyzer.lastReparsed;
        reused += reusedIn(incremental, previous);
        moved += movedIn(incremental, previous);
        kept += analyzer.lastKept;
        keptPods += analyzer.lastKeptPods;
        const fresh = analyze(next);
        const where = `${name}, edit ${k} at ${at}: ${JSON.stringify(next.slice(Math.max(0, at - 40), at + 20))}`;
        try {
          assert.deepEqual(incremental.findings, fresh.findings, 'findings');
          const problems: string[] = [];
          assert.deepEqual(modelAndFacts(incremental, problems), modelAndFacts(fresh, []), 'model and facts');
          assert.deepEqual(problems.slice(0, 3), [], 'references to another version');
          assert.deepEqual(fixes(next, incremental), fixes(next, fresh), 'fixes');
        } catch (e) {
          failures.push(`${where}\n${(e as Error).message.slice(0, 1500)}`);
        }
        previous = incremental;
        text = next;
        cursor = at;
      }
    }
    console.log(
      `# ${edits} edits, ${reparsed} re-parsed, ${reused} containers reused, ${moved} moved, ${kept} kept their container rules' findings, ${keptPods} Pods all theirs`,
    );
    assert.deepEqual(failures, []);
    // the comparison means something only if many edits took the incremental path and reused containers
    assert.ok(reparsed > edits / 10, `only ${reparsed} of ${edits} edits were re-parsed incrementally`);
    assert.ok(reused > reparsed * 2, `only ${reused} containers reused over ${reparsed} incremental analyses`);
    assert.ok(moved > reparsed, `only ${moved} containers after an edit read from their moved selves over ${reparsed} incremental analyses`);
    assert.ok(kept > reparsed * 2, `only ${kept} containers kept their container rules' findings over ${reparsed} incremental analyses`);
    // the List's items and the multi-Pod files: an edit in one Pod leaves the others' findings as they were
    assert.ok(keptPods >= 30, `only ${keptPods} Pods kept their findings over ${reparsed} incremental analyses`);
  });

  test('container items replaced, scalars among them, Lists, CRLF, templates: the kept findings are the fresh ones', () => {
    const rnd = random(8);
    const failures: string[] = [];
    let reparsed = 0;
    let kept = 0;
    let keptPods = 0;
    for (let d = 0; d < 30 && failures.length < 3; d++) {
      const settings = { kubernetesVersion: ['1.28', '1.34', '1.36'][rnd(3)] };
      const analyzer = new Analyzer();
      let text = generatedDocument(rnd);
      let previous = analyzer.analyze(text, settings);
      for (let k = 0; k < 15; k++) {
        const next = generatedEdit(text, rnd);
        const incremental = analyzer.analyze(next, settings, { previous });
        reparsed += analyzer.lastReparsed;
        kept += analyzer.lastKept;
        keptPods += analyzer.lastKeptPods;
        try {
          assert.deepEqual(incremental.findings, analyze(next, settings).findings);
        } catch (e) {
          failures.push(`document ${d}, edit ${k}:\n${text}\n→\n${next}\n${(e as Error).message.slice(0, 1500)}`);
        }
        if (incremental.documents.some((x) => x.hasErrors)) {
          previous = analyzer.analyze(text, settings);
          continue;
        }
        previous = incremental;
        text = next;
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(reparsed > 100 && kept > reparsed * 3 && keptPods > 30, `${reparsed} re-parsed, ${kept} containers and ${keptPods} Pods kept`);
  });

  test('an edit that changes a volume’s kind works out again the facts that read it (chores)', () => {
    const text = podSettingsLast();
    const analyzer = new Analyzer();
    const previous = analyzer.analyze(text);
    modelAndFacts(previous, []);
    // a volume read-only from a ConfigMap rather than an empty directory the Pod owns
    const next = text.replace('      emptyDir: {}\n', '      configMap: {name: settings}\n');
    const result = analyzer.analyze(next, null, { previous });
    assert.equal(analyzer.lastReparsed, 1);
    assert.ok(reusedIn(result, previous) >= 14, 'every container lies before the edit');
    const problems: string[] = [];
    assert.deepEqual(modelAndFacts(result, problems), modelAndFacts(analyze(next), []));
    assert.deepEqual(problems, []);
    assert.deepEqual(result.findings, analyze(next).findings);
  });

  test('an item of initContainers that becomes a container changes the others’ Init:N/M: their findings are not kept', () => {
    const init = (i: number): string =>
      `    - name: init-${i}\n      image: busybox:1.36\n      command: ["sh", "-c", "until nslookup db; do sleep 2; done"]\n`;
    const pod = (items: string[]): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n${items.join('')}  containers:\n    - name: app\n      image: nginx:1.27\n`;
    const items = [0, 1, 2, 3, 4, 5, 6, 7].map(init);
    // `- bogus` is no container: the Pod has 7 init containers, then 8 once it is one
    const before = pod([...items.slice(0, 3), '    - bogus\n', ...items.slice(4)]);
    const next = pod(items);
    const analyzer = new Analyzer();
    const previous = analyzer.analyze(before);
    const result = analyzer.analyze(next, null, { previous });
    assert.equal(analyzer.lastReparsed, 1);
    assert.deepEqual(result.findings, analyze(next).findings);
  });

  test('an edit in the middle of a big Pod reuses the containers before it', () => {
    const text = singlePod(400);
    const analyzer = new Analyzer();
    const previous = analyzer.analyze(text);
    const next = text.replace('name: init-20\n', 'name: init-20x\n');
    const result = analyzer.analyze(next, null, { previous });
    assert.equal(analyzer.lastReparsed, 1);
    const pod = result.documents[0].pods[0];
    const old = previous.documents[0].pods[0];
    assert.equal(pod.initContainers[19].node, old.initContainers[19].node, 'init-19 lies before the edit: its node is shared');
    assert.notEqual(pod.initContainers[19], old.initContainers[19], 'a new container object, of the new Pod');
    assert.equal(pod.initContainers[19].pod, pod);
    assert.equal(pod.initContainers[19].program, old.initContainers[19].program, 'its program is not read again');
    assert.notEqual(pod.initContainers[20].node, old.initContainers[20].node);
    assert.equal(reusedIn(result, previous), 20);
    // init-21 lies after the edit: a moved copy of its node, its program the old one moved by the edit
    const moved = pod.initContainers[21];
    const was = old.initContainers[21];
    assert.equal(movedBy(moved.node, was.node), 1);
    assert.ok(moved.program && was.program && moved.program !== was.program);
    assert.deepEqual(
      moved.program.commands.map((c) => c.words.map((w) => [w.text, w.start, w.end])),
      was.program.commands.map((c) => c.words.map((w) => [w.text, w.start + 1, w.end + 1])),
    );
  });

  test('a moved copy does not keep the versions before it: the record of the copy it was made from is let go', () => {
    let text = singlePod(400);
    const analyzer = new Analyzer();
    const v1 = analyzer.analyze(text);
    text = text.replace('name: init-20\n', 'name: init-20x\n');
    const v2 = analyzer.analyze(text, null, { previous: v1 });
    text = text.replace('name: init-20x\n', 'name: init-20xy\n');
    const v3 = analyzer.analyze(text, null, { previous: v2 });
    assert.equal(analyzer.lastReparsed, 1);
    const at = (r: AnalysisResult): Container => r.documents[0].pods[0].initContainers[21];
    assert.equal(movedBy(at(v3).node, at(v2).node), 1, 'the newest copy knows the map it was copied from');
    // kept, the second version's record would hold the first version's map alive as long as the
    // third's is: every version of the moved items, one per keystroke
    assert.equal(movedBy(at(v2).node, at(v1).node), null, 'the copy before it no longer names the first version');
  });

  test('a moved program keeps what it shares: a command’s loops are the program’s, its argv the words', () => {
    const text = scriptHeavyPod(300);
    const analyzer = new Analyzer();
    const previous = analyzer.analyze(text);
    const next = text.replace('name: step-2\n', 'name: step-2x\n');
    const result = analyzer.analyze(next, null, { previous });
    assert.equal(analyzer.lastReparsed, 1);
    const c = result.documents[0].pods[0].initContainers[5];
    assert.equal(movedBy(c.node, previous.documents[0].pods[0].initContainers[5].node), 1);
    const p = c.program;
    assert.ok(p && p.loops.length >= 2);
    for (const cmd of p.commands) for (const l of cmd.loops) assert.ok(p.loops.includes(l), 'a command’s loop is one of the program’s');
    for (const l of p.loops) for (const k of l.condition) assert.ok(p.commands.includes(k), 'a loop’s condition is the program’s commands');
    const fresh = analyze(next).documents[0].pods[0].initContainers[5].program;
    assert.deepEqual(
      p.commands.map((x) => [x.start, x.end, x.loops.map((l) => p.loops.indexOf(l))]),
      fresh?.commands.map((x) => [x.start, x.end, x.loops.map((l) => fresh.loops.indexOf(l))]),
    );
  });
});
