/**
 * Container rules (`containerRule`, `Rule.checkContainer`) promise that what they find in a
 * container depends only on that container, the Pod outside its containers, its place in the lists
 * and the target version — never on another container. The analysis relies on it: after an edit
 * inside one container it takes the other containers' findings from the previous version
 * (analyze.ts, `untouched`).
 *
 * Checked over every example, fixture and corpus file, at several versions: each container of each
 * Pod is analysed again with every other container replaced by a plain one (`name` and `image`
 * only); what the container rules find in it must not change. A rule that reads another container
 * (tried below with one made for the purpose) fails this.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, allRules, type Finding, type Rule } from '../../server/src/analysis';
import { containerLabel, type Container, type PodSpec } from '../../server/src/analysis/model';
import { containerRule, podContainers } from '../../server/src/analysis/rule';
import { sweptYamlFiles } from '../helpers/files';

const root = path.resolve(__dirname, '..', '..');
const VERSIONS = ['1.28', '1.34', '1.36'];

const containerRules = allRules.filter((r) => r.checkContainer);

/** The text of `doc` with every container of `pod` but `keep` replaced by a plain one. */
function withPlainOthers(doc: string, pod: PodSpec, keep: Container): string {
  const others = podContainers(pod)
    .filter((c) => c !== keep && c.node.range)
    .sort((a, b) => b.node.range![0] - a.node.range![0]);
  let text = doc;
  others.forEach((c, i) => {
    const start = c.node.range![0];
    // the map's value end may take in the line break after it
    let end = c.node.range![1];
    while (end > start && /\s/.test(text[end - 1])) end--;
    const column = start - (text.lastIndexOf('\n', start - 1) + 1);
    const plain = text[start] === '{' ? `{name: plain-${i}, image: "busybox:1.36"}` : `name: plain-${i}\n${' '.repeat(column)}image: busybox:1.36`;
    text = text.slice(0, start) + plain + text.slice(end);
  });
  return text;
}

/** What the container rules found in `c` (a container of `pod`, the `at`-th Pod of `text`), relative to where it starts. */
function foundIn(text: string, version: string, rules: readonly Rule[], at: number, c: Container): string[] {
  const result = analyze(text, { kubernetesVersion: version }, { rules });
  const pod = result.documents[0]?.pods[at];
  const same = pod?.[c.list].find((x) => x.index === c.index);
  assert.ok(same, 'the container is still there');
  const [start, end] = [same.node.range![0], same.node.range![2]];
  const inside = (f: { start: number; end: number }): boolean => f.start >= start && f.end <= end;
  const label = containerLabel(same);
  return result.findings
    .filter((f: Finding) => f.container === label && inside(f))
    .map((f) =>
      JSON.stringify({
        rule: f.rule,
        at: [f.start - start, f.end - start],
        message: f.message,
        detail: f.detail,
        data: f.data,
        related: f.related.map((r) => (inside(r) ? { at: [r.start - start, r.end - start], message: r.message } : { message: r.message })),
      }),
    );
}

interface Outcome {
  compared: number;
  withFindings: number;
  differences: string[];
}

/** Each container of each single-document file, alone among plain ones, against itself among its own. */
function sweep(rules: readonly Rule[], files: string[]): Outcome {
  const out: Outcome = { compared: 0, withFindings: 0, differences: [] };
  for (const file of files) {
    const whole = fs.readFileSync(file, 'utf8');
    // templates and anchors (a container shared through an alias) are not plain YAML to rewrite
    if (whole.includes('{{') || /(^|[\s[{,])[&*][\w.-]/m.test(whole)) continue;
    const first = analyze(whole, null, { rules });
    for (const doc of first.documents) {
      if (doc.hasErrors) continue;
      doc.pods.forEach((pod, at) => {
        const all = podContainers(pod);
        if (all.length < 2) return;
        for (const c of all) {
          const alone = withPlainOthers(doc.text, pod, c);
          for (const version of VERSIONS) {
            const before = foundIn(doc.text, version, rules, at, c);
            const after = foundIn(alone, version, rules, at, c);
            out.compared++;
            if (before.length) out.withFindings++;
            if (JSON.stringify(before) !== JSON.stringify(after) && out.differences.length < 5) {
              out.differences.push(
                `${path.relative(root, file)} document ${doc.index} ${containerLabel(c)} at ${version}:\n  among its own: ${before.join('\n    ')}\n  among plain:   ${after.join('\n    ')}`,
              );
            }
          }
        }
      });
    }
  }
  return out;
}

describe('container rules read only their container', () => {
  test('every container rule finds the same in a container whatever the other containers are', () => {
    assert.ok(containerRules.length >= 15, `only ${containerRules.length} container rules`);
    const outcome = sweep(containerRules, sweptYamlFiles());
    console.log(`# ${outcome.compared} containers compared (${outcome.withFindings} with findings) over ${containerRules.length} container rules`);
    assert.deepEqual(outcome.differences, []);
    assert.ok(outcome.withFindings >= 100, `only ${outcome.withFindings} containers with findings: the comparison proves little`);
  });

  test('a rule that reads another container fails the comparison', () => {
    // reports a container when an init container before it is a sidecar: a fact of another container
    const peeking = containerRule({
      id: 'peeking',
      defaultSeverity: 'warning',
      summary: 'test only',
      checkContainer({ pod, report }, c) {
        if (c.list !== 'containers' || !pod.initContainers.some((i) => i.role === 'sidecar')) return;
        report({ range: c.nameNode?.range ? [c.nameNode.range[0], c.nameNode.range[1]] : null, container: c, message: 'after a sidecar' });
      },
    });
    const examples = sweptYamlFiles().filter((f) => /sidecar/.test(path.basename(f)));
    const outcome = sweep([peeking], examples);
    assert.ok(outcome.differences.length > 0, `the comparison missed a rule that reads another container (${outcome.compared} compared)`);
  });
});
