/**
 * Hostile inputs for the hardening tests (test/unit/hostile.test.ts, test/server/hostile.test.ts):
 * alias bombs, huge and deep files, odd bytes, huge and broken shell scripts. Each generator is
 * deterministic, so a slow case can be reproduced outside the tests.
 */

/** A normal Pod with one finding of `invalid-container-name` on `Init_DB` (and nothing else). */
export function normalPod(name = 'web', initName = 'Init_DB'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  initContainers:
    - name: ${initName}
      image: busybox:1.36.1
      command: ["sh", "-c", "echo ready"]
  containers:
    - name: app
      image: nginx:1.27.0
`;
}

/** "Billion laughs": ten levels of nine aliases each (10^9 leaves if expanded), wired into a Pod. */
export function aliasBomb(levels = 10): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', 'lol:'];
  lines.push(`  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`);
  for (let i = 1; i < levels; i++)
    lines.push(
      `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  const top = `*l${levels - 1}`;
  // the same, as maps: a container whose env, mounts and ports are bombs
  lines.push(`  m0: &m0 {name: x, value: y, mountPath: /x, containerPort: 80}`);
  for (let i = 1; i < levels; i++)
    lines.push(
      `  m${i}: &m${i} [${Array(9)
        .fill(`*m${i - 1}`)
        .join(', ')}]`,
    );
  const mtop = `*m${levels - 1}`;
  lines.push('  c0: &c0 {name: c, image: "busybox:1.36", env: ' + mtop + ', volumeMounts: ' + mtop + ', ports: ' + mtop + ', command: ' + top + '}');
  lines.push('spec: &spec');
  lines.push(`  initContainers: [${Array(9).fill('*c0').join(', ')}]`);
  lines.push(`  containers: ${top}`);
  lines.push(`  volumes: ${mtop}`);
  lines.push(`  nodeSelector: ${top}`);
  lines.push('other: *spec');
  return lines.join('\n') + '\n';
}

/** A multi-document stream of realistic workloads, repeated until it is at least `bytes` long. */
export function bigFile(bytes: number, unit: string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const doc = unit.replace(/__N__/g, String(i));
    parts.push(doc);
    size += doc.length + 4;
  }
  return parts.join('---\n');
}

/** A Deployment with init containers, a sidecar and scripts; `__N__` is replaced by a counter. */
export const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-__N__
  labels: {app: web-__N__}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web-__N__}
  template:
    metadata:
      labels: {app: web-__N__}
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36.1
          command:
            - sh
            - -c
            - |
              for i in $(seq 1 30); do
                nc -z db.default.svc.cluster.local 5432 && exit 0
                sleep 2
              done
              exit 1
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports:
            - containerPort: 9901
          startupProbe:
            tcpSocket: {port: 9901}
        - name: fetch
          image: busybox:1.36.1
          command: ["sh", "-c", "wget -q -O /work/index.html http://assets/index.html"]
          volumeMounts:
            - name: work
              mountPath: /work
      containers:
        - name: app
          image: nginx:1.27.0
          env:
            - name: MODE
              value: production
          volumeMounts:
            - name: work
              mountPath: /usr/share/nginx/html
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
      volumes:
        - name: work
          emptyDir: {}
`;

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n';

/** `depth` unclosed (or closed) flow brackets in the places the model reads. */
export function flowNesting(depth: number, where: 'spec' | 'containers' | 'command' | 'env', closed: boolean, open = '['): string {
  const close = open === '[' ? ']' : '}';
  const item = open === '[' ? '[' : '{a: ';
  const nest = item.repeat(depth) + (closed ? close.repeat(depth) : '');
  switch (where) {
    case 'spec':
      return POD_HEAD.replace('spec:\n', `spec: ${nest}\n`);
    case 'containers':
      return POD_HEAD + `  containers: ${nest}\n`;
    case 'command':
      return (
        POD_HEAD +
        `  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ${nest}\n  containers:\n    - name: b\n      image: nginx:1.27\n`
      );
    case 'env':
      return POD_HEAD + `  containers:\n    - name: b\n      image: nginx:1.27\n      env: ${nest}\n      volumeMounts: ${nest}\n`;
  }
}

/** `depth` nested block sequences in compact form (`- - - …`) under `containers`, plus a nested map chain. */
export function blockNesting(depth: number): string {
  const seqs = POD_HEAD + '  containers:\n    ' + '- '.repeat(depth) + 'x\n';
  return seqs;
}

/** Block mappings nested `depth` deep with one-space indentation under `spec.containers[0]`. */
export function blockMapNesting(depth: number): string {
  const lines = [POD_HEAD + '  containers:\n  - name: a\n    image: nginx:1.27\n    resources:'];
  for (let i = 0; i < depth; i++) lines.push(' '.repeat(5 + i) + 'k:');
  return lines.join('\n') + ' v\n';
}

/** A whole Pod with `containers` on one line of about `bytes` characters (flow style). */
export function singleLinePod(bytes: number): string {
  const item = '{name: c__N__, image: "nginx:1.27.0", command: ["sh", "-c", "until nslookup db; do sleep 1; done"]}';
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = item.replace('__N__', String(i));
    items.push(s);
    size += s.length + 2;
  }
  return `{apiVersion: v1, kind: Pod, metadata: {name: one-line}, spec: {initContainers: [${items.join(', ')}], containers: [{name: app, image: "nginx:1.27.0"}]}}\n`;
}

/** A Pod whose init script is one line of about `bytes` characters. */
export function longScriptLine(bytes: number): string {
  const cmd = 'echo hello world; ';
  return (
    POD_HEAD +
    `  initContainers:\n    - name: a\n      image: busybox:1.36\n      command: ["sh", "-c", "${cmd.repeat(Math.ceil(bytes / cmd.length))}"]\n  containers:\n    - name: b\n      image: nginx:1.27\n`
  );
}

/** One Pod with `n` init containers that share volumes, env, ports and scripts. */
export function manyInitContainers(n: number): string {
  const out = [POD_HEAD.replace('name: deep', 'name: many'), '  initContainers:\n'];
  for (let i = 0; i < n; i++) {
    out.push(`    - name: init-${i}
      image: busybox:1.36.1
      command: ["sh", "-c", "until nslookup db-${i}; do sleep 1; done; echo ok > /work/${i}.txt; cat /work/${i === 0 ? 0 : i - 1}.txt"]
      env:
        - name: V${i}
          value: "${i}"
      ports:
        - containerPort: ${8000 + (i % 50)}
      volumeMounts:
        - name: work
          mountPath: /work
        - name: v${i % 20}
          mountPath: /data/${i}
      resources:
        requests: {cpu: ${i % 7}00m, memory: ${(i % 5) + 1}Mi}
`);
    if (i % 10 === 0)
      out.push(
        `    - name: side-${i}\n      image: envoyproxy/envoy:v1.31.0\n      restartPolicy: Always\n      ports:\n        - containerPort: ${9000 + i}\n`,
      );
  }
  out.push(
    '  containers:\n    - name: app\n      image: nginx:1.27.0\n      volumeMounts:\n        - name: work\n          mountPath: /work\n  volumes:\n    - name: work\n      emptyDir: {}\n',
  );
  for (let i = 0; i < 20; i++) out.push(`    - name: v${i}\n      emptyDir: {}\n`);
  return out.join('');
}

/** Pods whose init container runs `script` as a block scalar. */
export function scriptPod(script: string): string {
  const body = script
    .split('\n')
    .map((l) => '          ' + l)
    .join('\n');
  return (
    POD_HEAD +
    `  initContainers:\n    - name: a\n      image: busybox:1.36\n      command:\n        - sh\n        - -c\n        - |\n${body}\n  containers:\n    - name: b\n      image: nginx:1.27\n`
  );
}

/** Shell scripts built to hurt a parser. */
export function hostileScripts(): Record<string, string> {
  const loop = 'until nslookup db; do sleep 1; done\n';
  return {
    'huge (1 MB)': loop.repeat(Math.ceil(1_000_000 / loop.length)),
    'deeply nested ifs': 'if true; then\n'.repeat(2000) + 'echo x\n' + 'fi\n'.repeat(2000),
    'deeply nested subshells': '('.repeat(5000) + 'echo x' + ')'.repeat(5000),
    '$( bomb (unclosed)': '$('.repeat(10000),
    '$( bomb (closed)': 'echo ' + '$('.repeat(3000) + 'echo x' + ')'.repeat(3000),
    'unterminated quotes': `echo "abc ${"'x".repeat(1000)}\n`.repeat(100),
    'unterminated heredoc': 'cat <<EOF\n' + 'line\n'.repeat(10000),
    'nested loops': 'while true; do\n'.repeat(1000) + 'sleep 1\n' + 'done\n'.repeat(1000),
    'brace expansion bomb': 'echo ' + '{a,b}'.repeat(5000),
    'arithmetic nesting': 'echo $((' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '))',
    'many commands': 'a; b && c || d | e\n'.repeat(20000),
    backticks: '`'.repeat(10001),
  };
}

// ── issue 11: names and values that try to escape the Markdown, the terminal or the YAML ─────────

/**
 * Names and values built to break out of Markdown (code spans, links, images, raw HTML, autolinks,
 * reference definitions, table cells, blank lines) and of a terminal line (ESC, CR, BEL, C1, bidi).
 */
export const HOSTILE_VALUES: readonly string[] = [
  'Never` [Fix: click here](https://evil.example/phish) ![](https://evil.example/pixel.png) `',
  '``` <img src=x onerror=alert(1)> ```',
  'a\n\n[x](https://evil.example)\n\n<script>alert(1)</script>',
  'a\r\r[x](https://evil.example)\r\r<b>bold</b>',
  'a\u2028\u2028[x](https://evil.example)\u2029<i>x</i>',
  '<https://evil.example/autolink>',
  'https://evil.example/bare and www.evil.example',
  '[x]: https://evil.example/ref\n\n[x]',
  '| evil | [x](https://evil.example/cell) |',
  'x\\|[a](https://evil.example/pipe)',
  '\\`[x](https://evil.example/esc)\\`',
  '`` ` ``[a](https://evil.example/ticks)',
  '![img](javascript:alert(1))',
  '<!-- c --><a href="https://evil.example">a</a>',
  '&lt;img src=x&gt; &#x3C;b&#x3E;',
  'x\u0000<i>y</i>\u0007',
  '*emph* __b__ # h [x][1]\n[1]: https://evil.example/ref2',
  'x\u001b[2K\r\u001b[32mAll checks passed\u001b[0m\u001b]0;pwned\u0007',
  '\u202eevil\u202c',
  '`',
  ' ',
  '',
];

/** A Pod whose names, restart policies, volumes, mount paths and resource keys are all `value`. */
export function hostilePod(value: string): string {
  const v = JSON.stringify(value);
  const v2 = JSON.stringify(value + '2');
  const v3 = JSON.stringify(value + '3');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${v}
spec:
  restartPolicy: ${v}
  initContainers:
    - name: ${v}
      image: busybox:1.36.1
      restartPolicy: ${v}
      command: ["sh", "-c", "echo hi > /work/out"]
      volumeMounts:
        - name: ${v}
          mountPath: ${v}
      resources:
        requests: {cpu: ${v}, ${v}: "1", memory: 32Mi}
        limits: {${v}: ${v}}
    - name: ${v2}
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
      resources: {requests: {memory: 64Mi, ${v}: "2"}}
  containers:
    - name: ${v3}
      image: nginx:1.27.0
      volumeMounts: [{name: ${v}, mountPath: /x}]
      resources: {limits: {cpu: "1"}}
  volumes:
    - name: ${v}
      ${v}: {}
`;
}

/**
 * The manifests of issue 11, each a shape that once broke a fix, a range or the analysis: null lists,
 * containers and values through aliases, merge keys, flow style, tagged values and quoted keys, an
 * empty document before a Pod, CR-only line ends. The fix property test applies every code action
 * at every finding of these (and of the fixtures in these shapes).
 */
export const HOSTILE_MANIFESTS: Readonly<Record<string, string>> = {
  'null lists (helm toYaml nil)': `apiVersion: v1
kind: Pod
metadata:
  name: nulls
spec:
  initContainers: ~
  containers:
    - name: app
      image: app:1
      volumeMounts:
        - name: data
          mountPath: /d
    - name: shipper
      image: fluent-bit:3
      restartPolicy: Always
      volumeMounts: ~   # none
      env: null
  volumes: null
`,
  'container through an alias (- *proxy)': `apiVersion: batch/v1
kind: Job
metadata:
  name: report
x-proxy: &proxy
  name: cloudsql
  image: cloud-sql-proxy:2
  ports: [{containerPort: 5432}]
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: task:1
        - *proxy
`,
  'flow container with env: *envs': `apiVersion: batch/v1
kind: Job
metadata: {name: j}
envs: &envs [{name: A, value: "1"}]
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: task:1}, {name: cloudsql, image: cloud-sql-proxy:2, env: *envs, ports: [{containerPort: 5432}]}]
`,
  'restartPolicy: *policy': `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    policy: &policy Never
spec:
  initContainers:
    - name: init
      image: busybox:1.36.1
      restartPolicy: *policy
  containers:
    - name: app
      image: app:1
      restartPolicy: *policy
`,
  'volume mounted through an alias': `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: a
      image: busybox:1.36.1
      command: ["sh", "-c", "echo x > /work/out"]
      volumeMounts: &mounts
        - name: work
          mountPath: /work
  containers:
    - name: b
      image: app:1
      volumeMounts: *mounts
    - name: c
      image: app:1
      volumeMounts: *mounts
  volumes:
    - name: wrok
      emptyDir: {}
`,
  'anchored container used by two Pods': `apiVersion: v1
kind: List
items:
  - kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
        - &init
          name: Init_DB
          image: busybox:1.36.1
          readinessProbe: {exec: {command: ["true"]}}
      containers:
        - name: app
          image: app:1
  - kind: Pod
    metadata: {name: q}
    spec:
      initContainers: [*init]
      containers: [{name: app, image: app:1}]
`,
  'merge keys': `apiVersion: v1
kind: Pod
metadata:
  name: merged
x-base: &app
  image: nginx:1.27.0
  ports: [{containerPort: 8080}]
x-init: &init
  image: busybox:1.36.1
  command: ["sh", "-c", "until nslookup db; do sleep 1; done"]
spec:
  initContainers:
    - <<: *init
      name: setup
  containers:
    - <<: *app
      name: web
    - <<: *app
      name: web
`,
  'tagged values and keys that need quotes': `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: task:1}, {name: cloudsql, image: "cloud-sql-proxy:2", workingDir: !!binary aGk=, args: ["a: b", 0777, 1.0], ports: [{containerPort: 5432}], resources: {limits: {"example.com/x: y": 1}}}]
`,
  'empty document before a Pod (helm template)': `---
# Source: chart/templates/pod.yaml
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: Init_DB
      image: busybox:1.36.1
  containers:
    - name: app
      image: nginx:1.27.0
`,
  'CR-only line ends': normalPod().replace(/\n/g, '\r'),
  'hostile names (Markdown, terminal)': hostilePod(HOSTILE_VALUES[0]),
};
