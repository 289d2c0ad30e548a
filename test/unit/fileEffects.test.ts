import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import type { Container } from '../../server/src/analysis';
import { containerFileEffects, fileEffects, isUnder, normalizePath, resolveMount, visibleAt, volumePathsOverlap } from '../../server/src/analysis/fileEffects';
import { localPortUses, servedPorts } from '../../server/src/analysis/localPorts';

/** The first Pod of a manifest, with the document text. */
function podOf(yaml: string): { text: string; all: Container[] } {
  const r = analyze(yaml);
  const d = r.documents.find((x) => x.pods.length > 0);
  assert.ok(d, 'a pod');
  return { text: d.text, all: d.pods[0].all };
}

/** A one-container Pod running `sh -c SCRIPT` (block scalar). */
function shPod(script: string, extra = ''): string {
  const body = script
    .split('\n')
    .map((l) => '          ' + l)
    .join('\n');
  return `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: c
      image: busybox:1.36
${extra}      command:
        - sh
        - -c
        - |
${body}
  containers:
    - name: app
      image: nginx:1.27
`;
}

function effects(script: string, extra = '') {
  const { text, all } = podOf(shPod(script, extra));
  const fx = containerFileEffects(all[0], text);
  const show = (xs: typeof fx.writes) => xs.map((e) => `${e.kind}:${e.path}${e.exact ? '' : '*'}${e.target === 'dir' ? '/' : ''}`);
  return { fx, text, writes: show(fx.writes), reads: show(fx.reads), all };
}

describe('paths', () => {
  test('normalizePath', () => {
    assert.equal(normalizePath('/a//b/./c/../d/'), '/a/b/d');
    assert.equal(normalizePath('/'), '/');
    assert.equal(normalizePath('/..'), '/');
    // each way a path can be other than normal on its own (the paths that are normal come back as they are)
    const cases: Array<[string, string]> = [
      ['/work/out', '/work/out'],
      ['work/out', 'work/out'],
      ['/work/.cache/x', '/work/.cache/x'],
      ['/work/out/', '/work/out'],
      ['/work//out', '/work/out'],
      ['/work/./out', '/work/out'],
      ['/work/../out', '/out'],
      ['/work/..', '/'],
      ['/work/.', '/work'],
      ['./out', 'out'],
      ['../out', 'out'],
      ['.', ''],
      ['', ''],
    ];
    for (const [p, want] of cases) assert.equal(normalizePath(p), want, p);
  });
  test('isUnder and overlap', () => {
    assert.ok(isUnder('/work/a', '/work'));
    assert.ok(isUnder('/work', '/work'));
    assert.ok(!isUnder('/workshop', '/work'));
    assert.ok(isUnder('/x', '/'));
    assert.ok(volumePathsOverlap('a/b', 'a'));
    assert.ok(volumePathsOverlap('', 'a'));
    assert.ok(!volumePathsOverlap('ab', 'a'));
  });
});

describe('writes', () => {
  test('redirections', () => {
    const { writes } = effects('echo a > /work/a\necho b >> /work/b\nls &> /work/c\necho x 2>/dev/null\necho y 2>&1\ncat <<EOF > /work/d\nhi\nEOF');
    assert.deepEqual(writes, ['write:/work/a', 'write:/work/b', 'write:/work/c', 'write:/dev/null', 'write:/work/d']);
  });
  test('tee, cp, mv, cp -t, install, ln -s', () => {
    const { writes, reads } = effects(
      'echo x | tee -a /out/log /out/log2\ncp -r /src/a /src/b /dst/\nmv /x /y\ncp -t /tdir /s1\ninstall -m 0755 /bin/tool /opt/bin/tool\nln -sf /opt/bin/tool /usr/local/bin/tool\ninstall -d /made',
    );
    assert.deepEqual(writes, [
      'write:/out/log',
      'write:/out/log2',
      'write:/dst/',
      'write:/y',
      'write:/tdir/',
      'write:/opt/bin/tool',
      'create:/usr/local/bin/tool',
      'create:/made/',
    ]);
    assert.ok(reads.includes('read:/src/a') && reads.includes('read:/src/b') && reads.includes('read:/x') && reads.includes('read:/s1'));
    assert.ok(reads.includes('read:/bin/tool'));
    assert.ok(!reads.includes('read:/opt/bin/tool'), 'ln target is not read');
  });
  test('wget and curl', () => {
    const { writes } = effects(
      'wget -q -O /d/a.tgz https://x/a.tgz\nwget -P /d/dir https://x/b\nwget -O - https://x | tar xz\ncurl -fsSLo /d/c https://x/c\ncurl --output /d/e https://x/e\ncurl -O --output-dir /d/f https://x/f\ncurl -s -o /dev/null http://x',
    );
    assert.deepEqual(writes, ['write:/d/a.tgz', 'write:/d/dir/', 'write:/d/c', 'write:/d/e', 'write:/d/f/']);
  });
  test('git clone, tar, unzip', () => {
    const { writes, reads } = effects(
      'git clone --depth 1 -b main https://g/r.git /src/repo\ngit clone https://g/x.git\ntar -xzf /d/a.tgz -C /opt/a\ntar xzf /d/b.tgz -C /opt/b\ntar --extract --file=/d/c.tar --directory=/opt/c\ntar -czf /backup/x.tgz -C /data .\nunzip -o /d/z.zip -d /opt/z',
    );
    assert.deepEqual(writes, ['write:/src/repo/', 'write:/opt/a/', 'write:/opt/b/', 'write:/opt/c/', 'write:/backup/x.tgz', 'write:/opt/z/']);
    assert.ok(reads.includes('read:/d/a.tgz') && reads.includes('read:/d/b.tgz') && reads.includes('read:/d/c.tar') && reads.includes('read:/d/z.zip'));
    assert.ok(reads.includes('read:/data/'));
  });
  test('mkdir, touch, chmod, chown', () => {
    const { writes } = effects('mkdir -p -m 0700 /a/b /c\ntouch /ready\nchmod -R 0755 /a\nchmod +x /a/run.sh\nchown 1000:1000 /data\nchmod -x /a/y');
    assert.deepEqual(writes, ['create:/a/b/', 'create:/c/', 'create:/ready', 'meta:/a', 'meta:/a/run.sh', 'meta:/data', 'meta:/a/y']);
  });
  test('gomplate, envsubst, sed -i, dd, generic --output and -o', () => {
    const { writes, reads } = effects(
      'gomplate -f /t/app.tmpl -o /etc/app/app.conf\nenvsubst < /t/in.conf > /etc/out.conf\nsed -i "s/a/b/" /etc/x.conf\nsed -i.bak -e s/a/b/ /etc/y.conf\ndd if=/dev/zero of=/data/blob bs=1M count=1\nhelm template x --output-dir=/rendered\nrender --output=/r/out.yaml\nprotoc -o /gen/out.pb a.proto\nunzip -o /a.zip\nset -o pipefail',
    );
    assert.deepEqual(writes, [
      'write:/etc/app/app.conf',
      'write:/etc/out.conf',
      'write:/etc/x.conf',
      'write:/etc/y.conf',
      'write:/data/blob',
      'write:/r/out.yaml',
      'write:/gen/out.pb',
    ]);
    assert.ok(
      reads.includes('read:/t/app.tmpl') && reads.includes('read:/t/in.conf') && reads.includes('read:/etc/x.conf') && reads.includes('read:/dev/zero'),
    );
  });
  test('prefix paths and globs', () => {
    const { fx } = effects('cp /src/* /work/$NAME.conf\necho x > "/work/sub/${F}"\necho y > /work/file-$N');
    const w = fx.writes.map((e) => [e.path, e.exact, e.dir]);
    assert.deepEqual(w, [
      ['/work', false, '/work'],
      ['/work/sub', false, '/work/sub'],
      ['/work/file-', false, '/work'],
    ]);
    const r = fx.reads.find((e) => e.via === 'cp');
    assert.ok(r && !r.exact && r.dir === '/src');
  });
  test('unknown: relative without workingDir, $HOME, ~', () => {
    const { writes } = effects('echo a > rel.txt\ncp x $HOME/y\necho > ~/z\ncurl -O https://x/y');
    assert.deepEqual(writes, []);
  });
  test('relative paths resolve against workingDir and cd', () => {
    const { writes } = effects('echo a > rel.txt\ncd /other && cp x y\ncd "$UNKNOWN"\necho b > lost', '      workingDir: /srv/app\n');
    assert.deepEqual(writes, ['write:/srv/app/rel.txt', 'write:/other/y']);
  });
  test('env values resolve $VAR and $(VAR)', () => {
    const { writes } = effects('cp /a "$OUT/a"\necho > ${OUT}/b', '      env:\n        - name: OUT\n          value: /shared\n');
    assert.deepEqual(writes, ['write:/shared/a', 'write:/shared/b']);
  });
  test('wrappers: exec, sudo, env, timeout, busybox', () => {
    const { writes } = effects('exec cp /a /w1\nsudo -u root cp /a /w2\nenv A=1 cp /a /w3\ntimeout 10 cp /a /w4\nbusybox cp /a /w5\n/bin/cp /a /w6');
    assert.deepEqual(writes, ['write:/w1', 'write:/w2', 'write:/w3', 'write:/w4', 'write:/w5', 'write:/w6']);
  });
  test('loops, pipes, &&, ||, subshells and $(…)', () => {
    const { writes, reads } = effects(
      'for f in a b; do cp /tpl/$f /work/$f; done\nwhile read l; do echo "$l" >> /work/list; done < /in/list\ntrue && echo ok > /w/and || echo no > /w/or\n( echo sub > /w/sub )\nV=$(cat /secret/token | tee /w/copy)\nif [ -f /cfg/x ]; then echo > /w/if; fi',
    );
    assert.deepEqual(writes, ['write:/work*', 'write:/work/list', 'write:/w/and', 'write:/w/or', 'write:/w/sub', 'write:/w/copy', 'write:/w/if']);
    // (redirections on a whole loop, `done < /in/list`, are not recorded by shell.ts)
    assert.ok(reads.includes('read:/secret/token') && reads.includes('read:/cfg/x'));
  });
});

describe('reads', () => {
  test('cat, source, ., <, test, [, [[, grep, sh FILE, ls, exec by path', () => {
    const { fx, reads } = effects(
      'cat /a/1 /a/2\nsource /a/env\n. /a/env2\nread x < /a/in\ntest -f /a/t\n[ -e /a/e ]\n[[ -d /a/d ]]\ngrep -q foo /a/g\ngrep -e bar -f /a/pat /a/g2\nsh /a/run.sh\nls -la /a/dir\n/a/bin/tool --flag\nkubectl apply -f /a/manifest.yaml\nrm -f /a/gone',
    );
    for (const p of [
      '/a/1',
      '/a/2',
      '/a/env',
      '/a/env2',
      '/a/in',
      '/a/t',
      '/a/e',
      '/a/d',
      '/a/g',
      '/a/pat',
      '/a/g2',
      '/a/run.sh',
      '/a/bin/tool',
      '/a/manifest.yaml',
    ]) {
      assert.ok(reads.includes(`read:${p}`), `reads ${p}: ${reads.join(' ')}`);
    }
    assert.ok(reads.includes('read:/a/dir/'));
    assert.ok(!reads.some((r) => r.includes('/a/gone')));
    assert.ok(!reads.includes('read:foo'));
    assert.ok(fx.reads.filter((r) => r.test).length === 3);
  });
  test('word ranges point into the YAML source', () => {
    const { fx, text } = effects('cp /src/app.war /work/app.war\nrender --output=/r/out.yaml');
    const w = fx.writes.map((e) => text.slice(e.word.start, e.word.end));
    assert.deepEqual(w, ['/work/app.war', '/r/out.yaml']);
  });
});

describe('scalar styles', () => {
  const wrap = (argv: string) => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: c
      image: busybox:1.36
${argv}
  containers:
    - name: app
      image: nginx:1.27
`;
  const writesOf = (argv: string) => {
    const { text, all } = podOf(wrap(argv));
    const fx = fileEffects(all[0].program, { text });
    return fx.writes.map((e) => `${e.path}=${text.slice(e.word.start, e.word.end)}`);
  };
  test('exec form', () => {
    assert.deepEqual(writesOf('      command: ["gomplate", "-f", "/t/app.tmpl", "-o", "/etc/app/app.conf"]'), ['/etc/app/app.conf="/etc/app/app.conf"']);
    assert.deepEqual(writesOf('      command: ["cp", "/a", "/w/$(NAME)"]'), ['/w="/w/$(NAME)"']);
  });
  test('double-quoted script', () => {
    assert.deepEqual(writesOf('      command: ["sh", "-c", "echo \\"hi\\" > /w/a && cp /x \'/w/b c\'"]'), ['/w/a=/w/a', "/w/b c='/w/b c'"]);
  });
  test('single-quoted script', () => {
    assert.deepEqual(writesOf("      command: ['sh', '-c', 'echo ''hi'' > /w/q']"), ['/w/q=/w/q']);
  });
  test('folded block scalar', () => {
    assert.deepEqual(
      writesOf('      command:\n        - /bin/sh\n        - -ec\n        - >-\n          mkdir -p /w/d &&\n          wget -O /w/d/f https://x/f'),
      ['/w/d=/w/d', '/w/d/f=/w/d/f'],
    );
  });
  test('plain multi-line scalar in args', () => {
    assert.deepEqual(writesOf('      command: [sh, -c]\n      args:\n        - echo a >\n          /w/plain'), ['/w/plain=/w/plain']);
  });
});

describe('mounts', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  volumes:
    - { name: work, emptyDir: {} }
  initContainers:
    - name: c
      image: busybox:1.36
      volumeMounts:
        - { name: work, mountPath: /work }
        - { name: work, mountPath: /work/conf, subPath: config }
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - { name: work, mountPath: /etc/app, subPath: config }
`;
  test('resolveMount: longest mountPath, subPath honoured', () => {
    const { all } = podOf(yaml);
    assert.deepEqual(pick(resolveMount(all[0], '/work/a/b')), ['work', 'a/b']);
    assert.deepEqual(pick(resolveMount(all[0], '/work/conf/app.conf')), ['work', 'config/app.conf']);
    assert.deepEqual(pick(resolveMount(all[0], '/work')), ['work', '']);
    assert.equal(resolveMount(all[0], '/workshop/x'), null);
    assert.equal(resolveMount(all[0], '/etc/x'), null);
  });
  test("visibleAt maps back through the other container's subPath", () => {
    const { all } = podOf(yaml);
    assert.equal(visibleAt(all[1], 'work', 'config/app.conf')?.path, '/etc/app/app.conf');
    assert.equal(visibleAt(all[1], 'work', 'other/app.conf'), null);
    assert.equal(visibleAt(all[1], 'nope', 'config'), null);
  });
  function pick(h: ReturnType<typeof resolveMount>): [string, string] | null {
    return h ? [h.volume, h.pathInVolume] : null;
  }
});

describe('localhost ports', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: migrate
      image: app:1
      command: ["./migrate", "--db=127.0.0.1:5432", "--listen=127.0.0.1:9999"]
      env:
        - { name: VAULT_ADDR, value: "http://localhost:8200" }
        - { name: METRICS_LISTEN_ADDR, value: "127.0.0.1:9100" }
    - name: wait
      image: busybox:1.36
      command:
        - sh
        - -c
        - |
          until nc -z localhost 3306; do sleep 1; done
          pg_isready -h 127.0.0.1 -p 5433 && curl -s http://[::1]:9000/health
          exec 3<>/dev/tcp/localhost/6379
    - name: proxy
      image: cloud-sql-proxy:2
      restartPolicy: Always
      args: ["--port=5432", "proj:reg:db"]
      ports: [{ containerPort: 5432 }]
      startupProbe: { tcpSocket: { port: admin } }
      readinessProbe: { httpGet: { path: /, port: 9091 } }
    - name: self
      image: x:1
      command: ["srv", "--upstream=localhost:7000"]
      ports: [{ containerPort: 7000, name: admin }]
  containers:
    - name: app
      image: nginx:1.27
`;
  test('uses', () => {
    const { text, all } = podOf(yaml);
    const show = (c: Container) => localPortUses(c, text).map((u) => `${u.port}=${text.slice(u.start, u.end)}`);
    assert.deepEqual(show(all[0]), ['5432=127.0.0.1:5432', '8200=localhost:8200']);
    assert.deepEqual(show(all[1]).sort(), ['3306=localhost 3306', '5433=5433', '6379=/dev/tcp/localhost/6379', '9000=[::1]:9000'].sort());
    assert.deepEqual(show(all[3]), [], 'its own port');
  });
  test('served', () => {
    const { all } = podOf(yaml);
    assert.deepEqual(
      servedPorts(all[2]).map((p) => `${p.via}:${p.port}`),
      ['ports:5432', 'readinessProbe:9091', 'flag:5432'],
    );
    assert.deepEqual(
      servedPorts(all[0]).map((p) => `${p.via}:${p.port}`),
      ['flag:9999', 'flag:9100'],
    );
  });
});
