/**
 * Where the target version comes from: the default (1.35), Red Hat YAML's yaml.kubernetesVersion,
 * initlens.kubernetesVersion, .initlens.yaml, the CLI — each layer over the one before, and
 * `versionSource` names the one that won.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_KUBERNETES_VERSION, mergeSettings, resolveSettings, parseConfigFile, ruleIds } from '../../server/src/analysis';
import { editorLayer, yamlLayer } from '../../server/src/lsp/settingsStore';

function resolve(editor: Record<string, unknown> | null, configFile = ''): { version: string; source: string } {
  const file = parseConfigFile(configFile, ruleIds).settings;
  const r = resolveSettings(mergeSettings(yamlLayer(editor), editorLayer(editor), file));
  return { version: `${r.version.major}.${r.version.minor}`, source: r.versionSource };
}

test('the default target is 1.35 and says so', () => {
  assert.equal(DEFAULT_KUBERNETES_VERSION, '1.35');
  assert.deepEqual(resolve(null), { version: '1.35', source: 'default' });
  assert.deepEqual(resolve({}), { version: '1.35', source: 'default' });
  // the editor sends the unset setting as "" (package.json's default): still the default
  assert.deepEqual(resolve({ kubernetesVersion: '' }), { version: '1.35', source: 'default' });
});

test('yaml.kubernetesVersion is used when nothing of ours names a version', () => {
  assert.deepEqual(resolve({ yamlKubernetesVersion: '1.34' }), { version: '1.34', source: 'yaml.kubernetesVersion' });
  assert.deepEqual(resolve({ yamlKubernetesVersion: 'v1.36.2' }), { version: '1.36', source: 'yaml.kubernetesVersion' });
  // unreadable or not a string: ignored, the default stays the default
  assert.deepEqual(resolve({ yamlKubernetesVersion: 'latest' }), { version: '1.35', source: 'default' });
  assert.deepEqual(resolve({ yamlKubernetesVersion: 1.34 }), { version: '1.35', source: 'default' });
  assert.deepEqual(resolve({ yamlKubernetesVersion: null }), { version: '1.35', source: 'default' });
});

test('initlens.kubernetesVersion wins over yaml.kubernetesVersion, .initlens.yaml over both', () => {
  assert.deepEqual(resolve({ yamlKubernetesVersion: '1.34', kubernetesVersion: '1.36' }), {
    version: '1.36',
    source: 'initlens.kubernetesVersion',
  });
  assert.deepEqual(resolve({ yamlKubernetesVersion: '1.34', kubernetesVersion: '1.36' }, 'kubernetesVersion: "1.33"\n'), {
    version: '1.33',
    source: '.initlens.yaml',
  });
  assert.deepEqual(resolve({ yamlKubernetesVersion: '1.34' }, 'rules: {}\n'), { version: '1.34', source: 'yaml.kubernetesVersion' });
});
