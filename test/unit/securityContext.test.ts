/**
 * Security-context facts (Pod + container merged as the kubelet merges them, capabilities, the
 * image's default user), what they feed (hover line, timeline failure path), and the rules' edges:
 * odd values conclude nothing, and a write a read-only root refuses is not also "not shared".
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';
import { applyEdits, fixesFor } from '../../server/src/analysis/fixes';
import { factsOf } from '../../server/src/analysis/facts';
import { imageDefaultUser } from '../../server/src/analysis/facts/imageUser';
import { effectiveSecurityContext, hasCapability, missingCapabilities, runsAsRoot } from '../../server/src/analysis/facts/securityContext';
import { setMessageBundle } from '../../server/src/analysis/i18n';
import { hoverAt } from '../../server/src/analysis/hover';
import { sysctlNamespace } from '../../server/src/analysis/facts/privilege';
import { buildTimeline } from '../../server/src/analysis/timeline';
import { parseKubeVersion } from '../../server/src/analysis/version';

function pod(spec: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
}

function firstInit(text: string) {
  const r = analyze(text, {});
  const c = r.documents[0].pods[0].initContainers[0];
  assert.ok(c, 'an init container');
  return { r, c, sc: effectiveSecurityContext(c) };
}

function rules(text: string): string[] {
  return analyze(text, {})
    .findings.filter((f) => f.rule.startsWith('init-run-as') || f.rule === 'init-missing-privilege' || f.rule === 'init-readonly-root-write')
    .map((f) => `${f.rule} ${JSON.stringify(text.slice(f.start, f.end))}`);
}

describe('effective security context', () => {
  test('container values override the Pod, Pod values are inherited, the rest is container-only', () => {
    const { sc } = firstInit(
      pod(`  securityContext:
    runAsUser: 1000
    runAsNonRoot: true
    fsGroup: 2000
  initContainers:
    - name: a
      image: registry.example.com/x:1
      securityContext:
        runAsUser: 0
        readOnlyRootFilesystem: true
        capabilities: {add: [CAP_NET_ADMIN], drop: [ALL]}
  containers:
    - name: app
      image: registry.example.com/app:1
`),
    );
    assert.equal(sc.runAsUser?.value, 0);
    assert.equal(sc.runAsUser?.level, 'container');
    assert.equal(sc.runAsNonRoot?.value, true);
    assert.equal(sc.runAsNonRoot?.level, 'pod');
    assert.equal(sc.fsGroup?.value, 2000);
    assert.equal(sc.readOnlyRootFilesystem?.value, true);
    assert.deepEqual(sc.capabilities.add, ['NET_ADMIN']);
    assert.equal(sc.capabilities.dropAll, true);
    assert.equal(sc.uncertain, false);
    assert.equal(runsAsRoot(sc), true);
    assert.equal(hasCapability(sc, 'NET_ADMIN'), true);
    assert.equal(hasCapability(sc, 'CHOWN'), false, 'drop ALL removes the default set');
  });

  test('it is one of the container facts', () => {
    const text = pod(`  initContainers:\n    - name: a\n      image: busybox:1.36\n  containers:\n    - name: app\n      image: x:1\n`);
    const { c, sc } = firstInit(text);
    assert.equal(factsOf(c, text).security, sc);
    assert.equal(factsOf(c, text).security.imageUser?.uid, 0);
  });

  test('default capabilities, privileged, and a specific drop beating an add', () => {
    const base = firstInit(pod(`  initContainers:\n    - name: a\n      image: busybox:1.36\n  containers:\n    - name: app\n      image: x:1\n`)).sc;
    assert.equal(hasCapability(base, 'CHOWN'), true);
    assert.equal(hasCapability(base, 'NET_RAW'), true);
    assert.equal(hasCapability(base, 'NET_ADMIN'), false);
    assert.equal(base.uid, 0);
    assert.equal(base.uidFrom, 'image');
    const priv = firstInit(
      pod(`  initContainers:\n    - name: a\n      image: x:1\n      securityContext: {privileged: true}\n  containers:\n    - name: app\n      image: x:1\n`),
    ).sc;
    assert.equal(hasCapability(priv, 'SYS_ADMIN'), true);
    const both = firstInit(
      pod(
        `  initContainers:\n    - name: a\n      image: x:1\n      securityContext: {capabilities: {add: [NET_RAW], drop: [NET_RAW]}}\n  containers:\n    - name: app\n      image: x:1\n`,
      ),
    ).sc;
    assert.equal(hasCapability(both, 'NET_RAW'), false);
  });

  test('a non-root process holds no capability, whatever is added', () => {
    const { sc } = firstInit(
      pod(
        `  initContainers:\n    - name: a\n      image: x:1\n      securityContext: {runAsUser: 1000, privileged: true, capabilities: {add: [NET_ADMIN]}}\n  containers:\n    - name: app\n      image: x:1\n`,
      ),
    );
    assert.equal(runsAsRoot(sc), false);
    assert.deepEqual(missingCapabilities(sc, ['NET_ADMIN']), ['NET_ADMIN']);
  });

  test('values that are not plain make it uncertain, and nothing throws', () => {
    for (const bad of [
      'securityContext: "{{ .Values.sc }}"',
      'securityContext: {runAsUser: "1000", runAsNonRoot: true}',
      'securityContext: {runAsNonRoot: true, capabilities: [NET_ADMIN]}',
      'securityContext: {runAsNonRoot: true, capabilities: {add: NET_ADMIN}}',
      'securityContext: {runAsNonRoot: yes-please}',
    ]) {
      const text = pod(
        `  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ["sh", "-c", "iptables -L; sysctl -w vm.x=1; echo > /tmp/x"]\n      ${bad}\n  containers:\n    - name: app\n      image: x:1\n`,
      );
      const { sc } = firstInit(text);
      assert.equal(sc.uncertain, true, bad);
      assert.deepEqual(rules(text), [], bad);
    }
    // an empty value is simply unset
    const empty = firstInit(
      pod(`  initContainers:\n    - name: a\n      image: x:1\n      securityContext:\n  containers:\n    - name: app\n      image: x:1\n`),
    ).sc;
    assert.equal(empty.uncertain, false);
  });

  test('values the API server refuses (decode or validation) are uncertain: no finding built on them', () => {
    // decode errors: a string, a fraction or a number beyond int64 for an int64 id, a string for a
    // bool, a scalar or list for the capabilities or securityContext maps; validation: an id outside
    // 0..2147483647. The Pod never runs, so no rule may conclude from these values.
    for (const bad of [
      'securityContext: {runAsUser: "0"}',
      'securityContext: {runAsUser: 99999999999999999999999}',
      'securityContext: {runAsUser: -1}',
      'securityContext: {runAsUser: 1.5}',
      'securityContext: {runAsUser: 3000000000}',
      'securityContext: {runAsGroup: -5, runAsUser: 1000}',
      'securityContext: {capabilities: "NET_ADMIN"}',
      'securityContext: {capabilities: {add: NET_ADMIN, drop: ALL}}',
      'securityContext: []',
      'securityContext: {readOnlyRootFilesystem: "yes"}',
      'securityContext: {runAsNonRoot: "true"}',
    ]) {
      const text = pod(
        `  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ["sh", "-c", "iptables -L; chown 1:1 /x; echo hi > /x"]\n      ${bad}\n  containers:\n    - name: app\n      image: x:1\n`,
      );
      const { sc } = firstInit(text);
      assert.equal(sc.uncertain, true, bad);
      assert.deepEqual(rules(text), [], bad);
      const lost = analyze(text, {}).findings.filter((f) => f.rule === 'init-output-not-shared');
      assert.deepEqual(
        lost.map((f) => f.message),
        [],
        bad,
      );
    }
    // the limits themselves are valid ids
    const max = firstInit(
      pod(
        `  initContainers:\n    - name: a\n      image: x:1\n      securityContext: {runAsUser: 2147483647, runAsGroup: 0}\n  containers:\n    - name: app\n      image: x:1\n`,
      ),
    ).sc;
    assert.equal(max.uncertain, false);
    assert.equal(max.runAsUser?.value, 2147483647);
  });
});

describe('image default user', () => {
  test('known images, their mirrors and tags', () => {
    assert.equal(imageDefaultUser('busybox:1.36')?.uid, 0);
    assert.equal(imageDefaultUser('docker.io/library/busybox:1.36@sha256:abc')?.uid, 0);
    assert.equal(imageDefaultUser('mirror.gcr.io/library/alpine')?.uid, 0);
    assert.equal(imageDefaultUser('gcr.io/distroless/static:nonroot')?.uid, 65532);
    assert.equal(imageDefaultUser('gcr.io/distroless/base-debian12:debug-nonroot')?.uid, 65532);
    assert.equal(imageDefaultUser('gcr.io/distroless/static')?.uid, 0);
    assert.equal(imageDefaultUser('bitnami/kubectl:1.31')?.uid, 1001);
    assert.deepEqual(imageDefaultUser('curlimages/curl:8.10.1'), { uid: null, name: 'curl_user', image: 'curlimages/curl' });
  });
  test('unknown, private and templated images are not guessed', () => {
    assert.equal(imageDefaultUser('registry.example.com/busybox:1.36'), null);
    assert.equal(imageDefaultUser('myorg/alpine'), null);
    assert.equal(imageDefaultUser('{{ .Values.image }}'), null);
    assert.equal(imageDefaultUser(null), null);
  });
});

describe('sysctl namespaces (kubelet NamespacedBy)', () => {
  test('ipc and net keys are namespaced, vm/fs/kernel are not', () => {
    assert.equal(sysctlNamespace('net.core.somaxconn'), 'net');
    assert.equal(sysctlNamespace('kernel.shmmax'), 'ipc');
    assert.equal(sysctlNamespace('kernel.sem'), 'ipc');
    assert.equal(sysctlNamespace('fs.mqueue.msg_max'), 'ipc');
    assert.equal(sysctlNamespace('vm.max_map_count'), null);
    assert.equal(sysctlNamespace('fs.inotify.max_user_watches'), null);
    assert.equal(sysctlNamespace('kernel.core_pattern'), null);
  });
  test('with hostNetwork a net.* sysctl cannot move to the Pod: it needs privileged like a node sysctl', () => {
    const text = pod(
      `  hostNetwork: true\n  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ["sysctl", "-w", "net.core.somaxconn=4096"]\n  containers:\n    - name: app\n      image: x:1\n`,
    );
    const f = analyze(text, {}).findings.find((x) => x.rule === 'init-missing-privilege');
    assert.ok(f);
    assert.match(f.message, /node sysctl/);
    assert.equal((f.data as { namespaced?: boolean } | undefined)?.namespaced, false);
  });
});

describe('rules on edge cases', () => {
  test('sudo as a non-root user works unless allowPrivilegeEscalation is false', () => {
    const mk = (ape: string) =>
      pod(
        `  initContainers:\n    - name: a\n      image: x:1\n      command: ["sh", "-c", "sudo chown 999 /data"]\n      securityContext: {runAsUser: 1000${ape}}\n  containers:\n    - name: app\n      image: x:1\n`,
      );
    assert.deepEqual(rules(mk('')), []);
    assert.deepEqual(rules(mk(', allowPrivilegeEscalation: false')), ['init-missing-privilege "999"']);
  });

  test('app containers and Helm templates are left alone', () => {
    const app = pod(
      `  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: app\n      image: busybox:1.36\n      command: ["sysctl", "-w", "vm.x=1"]\n`,
    );
    assert.deepEqual(rules(app), []);
    const helm = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  securityContext: {runAsNonRoot: true}\n  initContainers:\n    - name: a\n      image: busybox:1.36\n  containers:\n    - name: app\n      image: x:1\n`;
    assert.deepEqual(rules(helm), []);
  });

  test('a Windows Pod is left alone', () => {
    const linux = pod(
      `  securityContext: {runAsNonRoot: true}\n  initContainers:\n    - name: a\n      image: alpine:3.20\n  containers:\n    - name: app\n      image: x:1\n`,
    );
    assert.equal(rules(linux).length, 1);
    assert.deepEqual(rules(linux.replace('spec:\n', 'spec:\n  os: {name: windows}\n')), []);
  });

  test('a bare Pod spec fragment is checked (its securityContext is all there is)', () => {
    const frag = `securityContext:\n  runAsNonRoot: true\ninitContainers:\n  - name: a\n    image: alpine:3.20\ncontainers:\n  - name: app\n    image: x:1\n`;
    assert.deepEqual(rules(frag), ['init-run-as-root-blocked "alpine:3.20"']);
  });

  test('a write the read-only root refuses is reported once, not also as output not shared', () => {
    const text = pod(
      `  initContainers:\n    - name: a\n      image: x:1\n      command: ["sh", "-c", "echo ok > /out/ready"]\n      securityContext: {readOnlyRootFilesystem: true}\n  containers:\n    - name: app\n      image: x:1\n`,
    );
    const got = analyze(text, {})
      .findings.filter((f) => f.rule === 'init-readonly-root-write' || f.rule === 'init-output-not-shared')
      .map((f) => f.rule);
    assert.deepEqual(got, ['init-readonly-root-write']);
    // without readOnlyRootFilesystem it is the usual finding
    const writable = text.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false');
    assert.deepEqual(
      analyze(writable, {})
        .findings.filter((f) => f.rule === 'init-readonly-root-write' || f.rule === 'init-output-not-shared')
        .map((f) => f.rule),
      ['init-output-not-shared'],
    );
  });

  test('messages are a short plain headline and a detail quoting the kubelet', () => {
    const text = pod(
      `  securityContext: {runAsNonRoot: true}\n  initContainers:\n    - name: fix-permissions\n      image: busybox:1.36\n  containers:\n    - name: app\n      image: x:1\n`,
    );
    const f = analyze(text, {}).findings.find((x) => x.rule === 'init-run-as-root-blocked');
    assert.ok(f);
    assert.ok(f.message.length <= 100, f.message);
    assert.doesNotMatch(f.message, /`/);
    assert.match(f.detail ?? '', /container has runAsNonRoot and image will run as root/);
    assert.match(f.detail ?? '', /Init:CreateContainerConfigError/);
  });
});

describe('user text in Markdown', () => {
  test('names in the detail cannot close its code spans', () => {
    const text = pod(
      `  securityContext: {runAsNonRoot: true}\n  initContainers:\n    - name: "a\`[x](http://e)"\n      image: busybox:1.36\n  containers:\n    - name: app\n      image: x:1\n`,
    );
    const f = analyze(text, {}).findings.find((x) => x.rule === 'init-run-as-root-blocked');
    assert.ok(f);
    assert.match(f.detail ?? '', /create `a'\[x\]\(http:\/\/e\)`/);
  });
});

describe('hover and timeline', () => {
  const text = pod(`  securityContext:
    runAsNonRoot: true
  initContainers:
    - name: perms
      image: busybox:1.36
      command: ["chown", "-R", "1000", "/data"]
    - name: net
      image: registry.example.com/net:1
      command: ["iptables", "-L"]
      securityContext:
        runAsUser: 0
        runAsNonRoot: false
        readOnlyRootFilesystem: true
        capabilities: {add: [NET_ADMIN], drop: [ALL]}
  containers:
    - name: app
      image: registry.example.com/app:1
`);

  test('the hover on a container name shows its effective security context in one line', () => {
    const r = analyze(text, {});
    const h1 = hoverAt(r, text.indexOf('perms') + 1, parseKubeVersion('1.33')!);
    assert.match(h1?.contents ?? '', /\*\*Security context:\*\* user root \(image default\) · `runAsNonRoot`/);
    const h2 = hoverAt(r, text.indexOf('name: net') + 7, parseKubeVersion('1.33')!);
    assert.match(h2?.contents ?? '', /\*\*Security context:\*\* user 0 · capabilities `\+NET_ADMIN −ALL` · read-only root/);
    const h3 = hoverAt(r, text.indexOf('name: app') + 7, parseKubeVersion('1.33')!);
    assert.match(h3?.contents ?? '', /Security context:\*\* the image's default user · `runAsNonRoot`/);
    const plain = pod(`  containers:\n    - name: app\n      image: registry.example.com/app:1\n`);
    assert.doesNotMatch(hoverAt(analyze(plain, {}), plain.indexOf('app') + 1, parseKubeVersion('1.33')!)?.contents ?? '', /Security context/);
  });

  test('the timeline names the status kubectl shows for a refused and for a failing init container', () => {
    const m = buildTimeline(analyze(text, {}));
    assert.ok(m);
    assert.equal(m.lanes[0].failure.status, 'Init:CreateContainerConfigError');
    assert.equal(m.lanes[0].failure.backoff, null);
    assert.match(m.lanes[1].failure.status ?? '', /Init:Error/);
    assert.match(m.lanes[1].failure.details[0], /NET_RAW/);
  });
});

describe('quick fixes for the security rules', () => {
  const fixtures = path.join(__dirname, '..', 'fixtures', 'rules');
  const ours = ['init-run-as-root-blocked', 'init-missing-privilege', 'init-readonly-root-write'];

  function offered(file: string): Array<{ rule: string; at: string; title: string; out: string }> {
    const text = fs.readFileSync(path.join(fixtures, file), 'utf8');
    const r = analyze(text, {});
    const out: Array<{ rule: string; at: string; title: string; out: string }> = [];
    for (const f of r.findings.filter((x) => ours.includes(x.rule))) {
      for (const fix of fixesFor(text, r, f).filter((x) => !x.suppression)) {
        out.push({ rule: f.rule, at: text.slice(f.start, f.end), title: fix.title, out: applyEdits(text, fix.edits) });
      }
    }
    return out;
  }

  test("headlines stay short with the fixtures' realistic names: ≤ 100 characters in English, ≤ 50 in Chinese", () => {
    const zh = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    try {
      for (const [locale, bundle, max] of [
        ['en', undefined, 100],
        ['zh-cn', zh, 50],
      ] as const) {
        setMessageBundle(locale, bundle);
        for (const rule of ours) {
          const text = fs.readFileSync(path.join(fixtures, rule, 'fires.yaml'), 'utf8');
          for (const f of analyze(text, {}).findings.filter((x) => x.rule === rule)) {
            assert.ok([...f.message].length <= max, `${locale}: ${f.message}`);
            assert.doesNotMatch(f.message, /`/);
          }
        }
      }
    } finally {
      setMessageBundle('en', undefined);
    }
  });

  test('every finding but a namespaced sysctl has exactly one fix, and none is safe', () => {
    for (const rule of ours) {
      const text = fs.readFileSync(path.join(fixtures, rule, 'fires.yaml'), 'utf8');
      const r = analyze(text, {});
      for (const f of r.findings.filter((x) => x.rule === rule)) {
        const fixes = fixesFor(text, r, f).filter((x) => !x.suppression);
        const expected = (f.data as { namespaced?: boolean } | undefined)?.namespaced === true ? 0 : 1;
        assert.equal(fixes.length, expected, `${rule} at ${text.slice(f.start, f.end)}: ${fixes.map((x) => x.title).join('; ')}`);
        assert.ok(fixes.every((x) => !x.safe));
      }
    }
  });

  test('run-as-root: runAsUser for a plain chore, root on purpose for a chown, the Pod value for a Pod-level 0', () => {
    const got = offered('init-run-as-root-blocked/fires.yaml');
    const busybox = got.find((x) => x.at === 'busybox:1.36');
    assert.equal(busybox?.title, 'Run render-config as user 1000 (runAsUser: 1000)');
    assert.match(busybox!.out, /mountPath: \/config\n {6}securityContext:\n {8}runAsUser: 1000\n/);
    const perms = got.find((x) => x.title.startsWith('Run fix-perms as root on purpose'));
    assert.ok(perms);
    assert.match(perms.out, /runAsUser: 0\n {12}runAsNonRoot: false\n/);
    assert.ok(got.some((x) => x.title === "Change the Pod's runAsUser to 1000"));
  });

  test('missing privilege: privileged, capabilities appended to an existing add list, root', () => {
    const got = offered('init-missing-privilege/fires.yaml');
    assert.ok(got.some((x) => x.title === 'Make max-map-count privileged (privileged: true)'));
    const v6 = got.find((x) => x.at === 'ip6tables');
    assert.equal(v6?.title, 'Add capability NET_RAW to redirect-v6');
    assert.match(v6!.out, /add: \[NET_ADMIN, NET_RAW\]/);
    const v4 = got.find((x) => x.at === 'iptables');
    // NET_RAW is in the runtime's default set: only NET_ADMIN is missing
    assert.match(v4!.out, /securityContext:\n {8}capabilities:\n {10}add:\n {12}- NET_ADMIN\n {6}# expect/);
    const root = got.find((x) => x.at === '999:999');
    assert.equal(root?.title, 'Run give-away as root (runAsUser: 0); the app containers keep their user');
  });

  test('read-only root: an emptyDir at /tmp in the init container only', () => {
    const got = offered('init-readonly-root-write/fires.yaml');
    const tmp = got.find((x) => x.at === '/tmp/bundle.tgz');
    assert.equal(tmp?.title, 'Add emptyDir volume "tmp" and mount it at /tmp in fetch-certs');
    assert.match(tmp!.out, /- name: tmp\n {14}mountPath: \/tmp\n/);
    assert.match(tmp!.out, /- name: tmp\n {10}emptyDir: \{\}\n/);
  });
});
