/**
 * Hostile input, one test each: the analysis never throws, no rule throws, every range lies inside
 * the text, findings after odd characters cover exactly the right text, and each case finishes in
 * bounded time. Bounds are generous (the machine may be busy); the timings are printed as test
 * diagnostics. Generators: test/helpers/hostile.ts.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { analyze, type AnalysisResult } from '../../server/src/analysis';
import { completionContext } from '../../server/src/analysis/completionContext';
import { fixAll, fixesFor } from '../../server/src/analysis/fixes';
import { hoverAt } from '../../server/src/analysis/hover';
import { buildTimeline } from '../../server/src/analysis/timeline';
import { parseKubeVersion } from '../../server/src/analysis/version';
import * as H from '../helpers/hostile';

const V = parseKubeVersion('1.33')!;

function cpuMs<T>(f: () => T): { value: T; ms: number } {
  const c = process.cpuUsage();
  const value = f();
  const u = process.cpuUsage(c);
  return { value, ms: (u.user + u.system) / 1000 };
}

/** Analyses `text`: no rule error, every range inside the text; returns the result and the CPU time. */
function run(t: TestContext, label: string, text: string, boundMs: number): AnalysisResult {
  const errors: string[] = [];
  const { value: result, ms } = cpuMs(() => analyze(text, null, { onRuleError: (rule, e) => errors.push(`${rule}: ${String(e)}`) }));
  t.diagnostic(`${label}: ${(text.length / 1e6).toFixed(2)} MB, ${Math.round(ms)} ms, ${result.findings.length} findings`);
  assert.deepEqual(errors, []);
  assertInside(text, result);
  assert.ok(ms < boundMs, `${label} took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  return result;
}

function assertInside(text: string, result: AnalysisResult): void {
  for (const f of result.findings) {
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.rule} [${f.start}, ${f.end}) outside [0, ${text.length}]`);
    for (const r of f.related) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${f.rule} related [${r.start}, ${r.end})`);
  }
  for (const d of result.documents) {
    const span = d.toFile([0, d.text.length]);
    assert.equal(text.slice(span.start, span.end), d.text);
  }
}

/** The findings as `rule "covered text"`. */
function covered(text: string, result: AnalysisResult): string[] {
  return result.findings.map((f) => `${f.rule} ${JSON.stringify(text.slice(f.start, f.end))}`).sort();
}

const NORMAL = ['invalid-container-name "Init_DB"'];
const SCRIPT_FINDINGS = ['busybox-nslookup-short-name "db"', 'wait-loop-without-timeout "until"'];

describe('hostile input', () => {
  test('loading the shell parser leaves Error.stackTraceLimit alone (deep YAML errors stay cheap)', () => {
    // mvdan-sh's GopherJS runtime sets it to Infinity on load; see server/src/analysis/mvdanSh.ts
    const before = Error.stackTraceLimit;
    analyze(H.scriptPod('until nslookup db; do sleep 1; done')); // loads the parser (it loads lazily)
    assert.equal(Error.stackTraceLimit, before);
    assert.ok(Number.isFinite(Error.stackTraceLimit), `Error.stackTraceLimit is ${Error.stackTraceLimit}`);
  });

  test('an alias bomb ("billion laughs") is not expanded', (t) => {
    const text = H.aliasBomb();
    const before = process.memoryUsage().heapUsed;
    const result = run(t, 'alias bomb', text, 2000);
    assert.ok(process.memoryUsage().heapUsed - before < 100e6, 'heap grew by more than 100 MB');
    // the features that read the model do not expand it either
    const { ms } = cpuMs(() => {
      for (let at = 0; at < text.length; at += 7) hoverAt(result, at, V);
      buildTimeline(result, text.indexOf('initContainers'));
      for (const f of result.findings) fixesFor(text, result, f);
      fixAll(text);
    });
    t.diagnostic(`alias bomb, hover/timeline/fixes: ${Math.round(ms)} ms`);
    assert.ok(ms < 5000);
  });

  test('aliases resolve to their anchor, and thousands of them stay linear', (t) => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: a}
x:
  inits: &inits
    - name: Init_DB
      image: busybox:1.36.1
spec:
  initContainers: *inits
  containers: [{name: app, image: nginx:1.27.0}]
`;
    assert.deepEqual(covered(text, run(t, 'alias', text, 2000)), NORMAL);
    const many = (n: number): string => {
      let s =
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nx:\n  img: &img busybox:1.36\n  env: &env [{name: A, value: "1"}]\n  mounts: &m [{name: w, mountPath: /w}]\nspec:\n  initContainers:\n';
      for (let i = 0; i < n; i++)
        s += `    - name: c${i}\n      image: *img\n      env: *env\n      volumeMounts: *m\n      command: ["sh", "-c", "echo ${i} > /w/${i}"]\n`;
      return s + '  containers: [{name: app, image: *img, volumeMounts: *m}]\n  volumes: [{name: w, emptyDir: {}}]\n';
    };
    run(t, 'warm-up', many(100), 20000);
    // yaml's Alias.resolve walks the document per alias: 2,000 of these took 47 s before nodes.ts indexed them
    run(t, '2,000 containers with 6,000 aliases', many(2000), 20000);
  });

  test('a 10 MB file: bounded time against a bare parse, sane memory', (t) => {
    const text = H.bigFile(10_000_000, H.WORKLOAD);
    const bare = cpuMs(() => parseAllDocuments(text).length);
    const before = process.memoryUsage();
    const result = run(t, '10 MB, bare yaml parse ' + Math.round(bare.ms) + ' ms', text, Math.max(90_000, 6 * bare.ms));
    const after = process.memoryUsage();
    t.diagnostic(`10 MB: heap +${Math.round((after.heapUsed - before.heapUsed) / 1e6)} MB, rss ${Math.round(after.rss / 1e6)} MB`);
    assert.ok(result.documents.length > 5000);
    // the documents and Pod models stay alive in the result (the bare parse's garbage may still be
    // counted in `before`, so the heap delta is a loose check; the process size is the hard one)
    assert.ok(after.heapUsed - before.heapUsed < 60 * text.length, 'more than 60 bytes of heap per byte of text');
    assert.ok(after.rss < 2e9, `rss ${Math.round(after.rss / 1e6)} MB`);
  });

  describe('10,000-deep nesting', () => {
    for (const where of ['spec', 'containers', 'command', 'env'] as const) {
      for (const closed of [false, true]) {
        test(`flow [ in ${where}, ${closed ? 'closed' : 'unclosed'}`, (t) => {
          run(t, `[ x10,000 in ${where}`, H.flowNesting(10_000, where, closed), 3000);
        });
      }
      test(`flow {a: in ${where}`, (t) => {
        run(t, `{a: x10,000 in ${where}`, H.flowNesting(10_000, where, false, '{'), 3000);
      });
    }
    test('block sequences (- - - …)', (t) => {
      run(t, '- x10,000', H.blockNesting(10_000), 3000);
    });
    test('block mappings, 2,000 deep (one space per level: 2 MB)', (t) => {
      run(t, 'k: x2,000', H.blockMapNesting(2000), 3000);
    });
  });

  describe('a 1 MB single line', () => {
    test('a whole Pod in flow style on one line (10,000 init containers)', (t) => {
      const text = H.singleLinePod(1_000_000);
      const result = run(t, '1 MB flow Pod', text, 15000);
      assert.ok(result.findings.length >= 10_000);
    });
    test('a 1 MB script on one line (too long to read: no findings, fast)', (t) => {
      run(t, '1 MB script line', H.longScriptLine(1_000_000), 3000);
    });
    test('a 1 MB comment, a 1 MB plain scalar and a 1 MB key', (t) => {
      const big = 'x'.repeat(1_000_000);
      const text = `# ${big}\n${H.normalPod().replace('kind: Pod', `kind: Pod\nnote: ${big}\n${big}: 1`)}`;
      assert.deepEqual(covered(text, run(t, '1 MB comment/scalar/key', text, 3000)), NORMAL);
    });
  });

  test('NUL bytes in keys, values, scripts and comments', (t) => {
    const base = H.scriptPod('echo hi; until nslookup db; do sleep 1; done');
    // before everything, in a comment: the findings are unchanged and exact
    const commented = `# \u0000\u0000\n${base}`;
    assert.deepEqual(covered(commented, run(t, 'NUL in a comment', commented, 2000)), SCRIPT_FINDINGS);
    for (const at of ['name', 'image', 'echo', 'nginx', 'kind', '- sh']) {
      const i = base.indexOf(at);
      const text = base.slice(0, i + 1) + '\u0000' + base.slice(i + 1);
      run(t, `NUL in ${at}`, text, 2000);
    }
    run(t, 'NUL everywhere', base.replace(/ /g, '\u0000'), 2000);
  });

  test('a byte order mark: ranges still exact', (t) => {
    const text = '\uFEFF' + H.normalPod();
    assert.deepEqual(covered(text, run(t, 'BOM', text, 2000)), NORMAL);
    const two = '\uFEFF' + H.normalPod() + '---\n\uFEFF' + H.normalPod('web2');
    assert.deepEqual(covered(two, run(t, 'BOM per document', two, 2000)), [...NORMAL, ...NORMAL]);
  });

  test('CRLF line ends: ranges still exact, in block scripts too', (t) => {
    const pod = H.normalPod().replace(/\n/g, '\r\n');
    assert.deepEqual(covered(pod, run(t, 'CRLF', pod, 2000)), NORMAL);
    const script = H.scriptPod('echo hi\nuntil nslookup db; do\n  sleep 1\ndone').replace(/\n/g, '\r\n');
    assert.deepEqual(covered(script, run(t, 'CRLF script', script, 2000)), SCRIPT_FINDINGS);
    // completionContext stepped from the `\n` of a CRLF line back onto the same line, forever
    const blank = '\r\n# comment\r\n\r\n' + pod + '  initContainers:\r\n\r\n';
    for (let offset = 0; offset <= blank.length; offset++) completionContext(blank, offset);
    assert.equal(completionContext(blank, 0).kind, 'none');
    assert.equal(completionContext('\r\n# c\r\n', 0).kind, 'top-level');
    const cr = H.normalPod().replace(/\n/g, '\r');
    run(t, 'CR only', cr, 2000);
  });

  test('tabs: as indentation (a syntax error) and inside values', (t) => {
    run(
      t,
      'tab indentation',
      H.normalPod().replace(/^( +)/gm, (s) => '\t'.repeat(s.length / 2)),
      2000,
    );
    const inValue = H.normalPod().replace('name: Init_DB', 'name:\tInit_DB\t');
    assert.deepEqual(covered(inValue, run(t, 'tab in a value', inValue, 2000)), NORMAL);
    const script = H.scriptPod('echo\thi;\tuntil\tnslookup\tdb;\tdo\tsleep 1;\tdone');
    assert.deepEqual(covered(script, run(t, 'tabs in a script', script, 2000)), SCRIPT_FINDINGS);
  });

  test('non-BMP characters (emoji) before a key: ranges still exact', (t) => {
    const emoji = '😀🚀👩‍👩‍👧';
    const flow = H.normalPod().replace(
      '- name: Init_DB\n      image: busybox:1.36.1',
      `- {note: "${emoji}", name: Init_DB, x: ${emoji}, image: "busybox:1.36.1"}\n    - name: other\n      image: busybox:1.36.1`,
    );
    assert.deepEqual(covered(flow, run(t, 'emoji in flow', flow, 2000)), NORMAL);
    const comment = `# ${emoji}\n` + H.normalPod().replace('metadata:', `metadata: # ${emoji}\n  annotations: {${emoji}: "${emoji}"}`);
    assert.deepEqual(covered(comment, run(t, 'emoji in comments and keys', comment, 2000)), NORMAL);
    const script = H.scriptPod(`echo "${emoji} ${emoji}"; until nslookup db; do sleep 1; done`);
    assert.deepEqual(covered(script, run(t, 'emoji in a block script', script, 2000)), SCRIPT_FINDINGS);
    const quoted = H.normalPod().replace('"echo ready"', `"echo ${emoji}; until nslookup db; do sleep 1; done"`).replace('Init_DB', 'init');
    assert.deepEqual(covered(quoted, run(t, 'emoji in a quoted script', quoted, 2000)), SCRIPT_FINDINGS);
  });

  test('thousands of documents', (t) => {
    const text = H.bigFile(5000 * 300, H.normalPod('p-__N__'));
    const result = run(t, '5,000 documents', text, 20000);
    assert.ok(result.documents.length >= 5000);
    const names = result.findings.filter((f) => f.rule === 'invalid-container-name');
    assert.equal(names.length, result.documents.length);
    for (const f of names) {
      assert.equal(text.slice(f.start, f.end), 'Init_DB');
      const d = result.documents[f.document];
      assert.ok(d.contains(f.start) && d.contains(f.end));
    }
  });

  test('a Pod with 1,000 init containers: bounded, and linear in the number of containers', (t) => {
    run(t, 'warm-up', H.manyInitContainers(100), 20000);
    const small = cpuMs(() => analyze(H.manyInitContainers(250))).ms;
    run(t, '1,000 init containers', H.manyInitContainers(1000), 20000);
    const big = cpuMs(() => analyze(H.manyInitContainers(1000))).ms;
    t.diagnostic(`250 → 1,000 containers: ${Math.round(small)} → ${Math.round(big)} ms (${(big / small).toFixed(1)}×; quadratic would be 16×)`);
    assert.ok(big < 9 * small + 200, `4× the containers took ${(big / small).toFixed(1)}× the time`);
  });

  describe('hostile shell scripts', () => {
    for (const [name, script] of Object.entries(H.hostileScripts())) {
      test(name, (t) => {
        run(t, name, H.scriptPod(script), 5000);
        // the same script in a quoted flow scalar
        const quoted = H.normalPod().replace('"echo ready"', JSON.stringify(script));
        run(t, name + ' (quoted)', quoted, 5000);
      });
    }
  });
});
