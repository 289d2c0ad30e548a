/**
 * Every snippet in snippets/, expanded with its defaults into the place it is meant for, gives no
 * InitLens warning or error. List-item snippets go into a minimal valid host Pod at the list's
 * indentation (through the same insert-text code the completion uses). Info findings are allowed
 * only when listed below with the reason they are expected.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, findRule } from '../../server/src/analysis';
import { completionContext, snippetInsertText, snippetPlacement } from '../../server/src/analysis/completionContext';
import { expandSnippet, parseSnippet, readSnippetFile, type SnippetDefinition, tabStops } from '../../server/src/analysis/snippetSyntax';

const root = path.resolve(__dirname, '..', '..');
const snippetFiles = fs.readdirSync(path.join(root, 'snippets')).filter((f) => f.endsWith('.code-snippets') || f.endsWith('.json'));
const snippets: SnippetDefinition[] = snippetFiles.flatMap((f) => readSnippetFile(fs.readFileSync(path.join(root, 'snippets', f), 'utf8')));

/**
 * Info findings a snippet may give, by catalogue id (rule ids are still being named), with why they
 * are expected there. Anything else at info level fails the test too.
 */
const ALLOWED_INFO: Record<string, string> = {
  INIT203: 'the Job snippet uses restartPolicy Never on purpose; the info explains that an init failure then fails the Pod',
  INIT204: 'explains back-off for failing init containers; true of every Pod that restarts them',
  INIT208: 'the classic example sleeps 5 s on purpose to show the init phase',
  INIT207: 'a native sidecar in a restartPolicy Never Job: the info explains it still restarts',
  INIT202: 'explains how sidecar requests are summed; true for every sidecar',
  INIT206: 'explains that a sidecar readiness probe affects the Pod',
  INIT215: 'explains what an image change restarts; true for every init container',
};

function allowedInfo(ruleId: string): boolean {
  const c = findRule(ruleId)?.catalogue;
  return c !== undefined && c in ALLOWED_INFO;
}

const HOST_INIT = `apiVersion: v1
kind: Pod
metadata:
  name: host
spec:
  initContainers:
    |
  containers:
    - name: app
      image: nginx:1.27.2
`;

const HOST_APP = `apiVersion: v1
kind: Pod
metadata:
  name: host
spec:
  containers:
    |
`;

const HOST_VOLUMES = `apiVersion: v1
kind: Pod
metadata:
  name: host
spec:
  containers:
    - name: app
      image: nginx:1.27.2
  volumes:
    |
`;

/** Puts a list-item snippet where the cursor (`|`) is, the way the completion would. */
function placeInHost(host: string, body: string): string {
  const offset = host.indexOf('|');
  const text = host.slice(0, offset) + host.slice(offset + 1);
  const ctx = completionContext(text, offset);
  assert.equal(ctx.kind, 'list-item', 'the host has a list position at the cursor');
  if (ctx.kind !== 'list-item') throw new Error('unreachable');
  const insert = snippetInsertText(body, ctx);
  return text.slice(0, ctx.replaceStart) + expandSnippet(insert) + text.slice(ctx.replaceEnd);
}

function expandInContext(def: SnippetDefinition): string {
  const placement = snippetPlacement(def);
  assert.ok(placement, `${def.name}: every snippet is either a list item or a whole object`);
  if (placement.kind === 'top-level') return expandSnippet(def.body);
  const host = placement.lists[0] === 'containers' ? HOST_APP : placement.lists[0] === 'volumes' ? HOST_VOLUMES : HOST_INIT;
  return placeInHost(host, def.body);
}

describe('snippets', () => {
  test('the snippet file exists and has the snippets the issue asks for', () => {
    assert.ok(snippets.length >= 12, `found ${snippets.length}`);
    const prefixes = new Set(snippets.flatMap((s) => s.prefixes));
    for (const p of [
      'k8s-pod-init',
      'init-container',
      'sidecar',
      'k8s-init-download',
      'k8s-init-config',
      'init-wait-for-service',
      'init-db-migrate',
      'k8s-init-fix-permissions',
      'k8s-cni-daemonset',
      'k8s-job-sidecar',
      'k8s-deployment-init-sidecar',
    ]) {
      assert.ok(prefixes.has(p), `prefix ${p}`);
    }
  });

  for (const def of snippets) {
    describe(def.name, () => {
      test('has prefixes, a description, the yaml scope and a valid body', () => {
        assert.ok(def.prefixes.length > 0);
        assert.ok(def.description.length > 20);
        assert.equal(def.scope, 'yaml');
        parseSnippet(def.body);
        assert.ok(!def.body.includes('\t'), 'no tabs in YAML');
      });

      test('images are pinned: no latest, every image has a tag or digest (defaults and choices)', () => {
        for (const node of tabStops(def.body).values()) {
          for (const n of node) {
            if (n.type === 'choice') for (const o of n.options) if (/[/:]/.test(o)) assert.ok(!/:latest$/.test(o), o);
          }
        }
        const text = expandInContext(def);
        for (const m of text.matchAll(/^\s*(?:-\s+)?image:\s*(\S+)/gm)) {
          const image = m[1];
          assert.ok(!/:latest$/.test(image), `${image} is latest`);
          assert.ok(/@sha256:|:[\w.-]+$/.test(image.replace(/^[^/]*\//, '')), `${image} has no tag`);
        }
        // every choice of an image offers only pinned tags
        for (const m of def.body.matchAll(/image:\s*\$\{\d+\|([^|]*)\|\}/g)) {
          for (const o of m[1].split(',')) assert.ok(/:[\w.-]+$/.test(o) && !o.endsWith(':latest'), o);
        }
      });

      test('names used in several places are linked placeholders', () => {
        // a name given a default more than once would let the copies drift apart when edited
        const stops = tabStops(def.body);
        for (const [index, nodes] of stops) {
          const defaults = nodes.filter((n) => n.type === 'choice' || (n.type === 'tabstop' && n.children));
          assert.ok(defaults.length <= 1, `tab stop ${index} has ${defaults.length} defaults`);
        }
      });

      test('expanded with its defaults into its context: no warning or error of any rule', () => {
        const text = expandInContext(def);
        const result = analyze(text, { kubernetesVersion: '1.33' });
        assert.ok(
          result.documents.some((d) => d.pods.length > 0),
          'the expansion is a Pod',
        );
        assert.ok(
          result.documents.every((d) => !d.hasErrors),
          'the expansion is valid YAML:\n' + text,
        );
        const bad = result.findings.filter((f) => f.severity !== 'info' || !allowedInfo(f.rule));
        assert.deepEqual(
          bad.map((f) => `${f.severity} ${f.rule}: ${f.message} @ ${JSON.stringify(text.slice(f.start, f.end))}`),
          [],
          'expanded text:\n' + text,
        );
      });
    });
  }
});
