/** Inputs of the performance tests (test/unit/linear.test.ts) and benchmarks (bench/run.ts). */
/**
 * A file of about `bytes` bytes where every Pod has findings with safe fixes (container names the
 * API server rejects, an exact duplicate mount): the input of the fix-all benchmark.
 */
export function manyFindings(bytes: number): string {
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const doc = `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
spec:
  initContainers:
    - name: Init_DB_${i}
      image: busybox:1.36
      command: ["sh", "-c", "echo ready > /work/ready"]
      volumeMounts:
        - {name: work, mountPath: /work}
        - {name: work, mountPath: /work}
  containers:
    - name: App.${i}
      image: nginx:1.27
      volumeMounts:
        - {name: work, mountPath: /work}
  volumes:
    - name: work
      emptyDir: {}
`;
    docs.push(doc);
    size += doc.length + 4;
  }
  return docs.join('---\n');
}

/** One Pod whose annotation holds a line of `spaces` spaces: style detection was quadratic on it. */
export function longSpaceLine(spaces: number): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: spaces
  annotations:
    note: "a${' '.repeat(spaces)}b"
spec:
  containers:
    - name: App_1
      image: nginx:1.27
`;
}

/**
 * One `kind: List` document of about `bytes` bytes: Deployments with init containers as its items, a
 * single YAML document (no `---`), so the per-document cache cannot help. `App_<n>` container names
 * are findings.
 */
export function bigList(bytes: number): string {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: svc-${i}
    spec:
      selector:
        matchLabels: {app: svc-${i}}
      template:
        metadata:
          labels: {app: svc-${i}}
        spec:
          initContainers:
            - name: wait-${i}
              image: busybox:1.36
              command: ["sh", "-c", "until nc -z db-${i} 5432; do sleep 2; done"]
            - name: fetch-${i}
              image: curlimages/curl:8.10.1
              command: ["sh", "-c", "curl -fsSL -o /work/p.tgz https://example.com/p-${i}.tgz"]
              volumeMounts:
                - {name: work, mountPath: /work}
          containers:
            - name: ${i % 10 === 0 ? `App_${i}` : `app-${i}`}
              image: nginx:1.27
              volumeMounts:
                - {name: work, mountPath: /work}
          volumes:
            - name: work
              emptyDir: {}
`;
    items.push(item);
    size += item.length;
  }
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
}

/** One Pod, every container in one YAML document; every init container runs an `sh -c` script. */
export function singlePod(lines: number): string {
  const parts = ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  initContainers:\n'];
  let count = 6;
  let i = 0;
  while (count < lines / 2) {
    parts.push(
      `    - name: init-${i}\n      image: busybox:1.36.1\n      command: ["sh", "-c", "echo step ${i} > /work/step-${i}"]\n      volumeMounts:\n        - {name: work, mountPath: /work}\n`,
    );
    count += 5;
    i++;
  }
  parts.push('  containers:\n');
  count++;
  while (count < lines - 4) {
    parts.push(
      `    - name: app-${i}\n      image: nginx:1.27.0\n      ports: [{containerPort: ${8000 + i}}]\n      volumeMounts:\n        - {name: work, mountPath: /work}\n`,
    );
    count += 5;
    i++;
  }
  parts.push('  volumes:\n    - name: work\n      emptyDir: {}\n');
  return parts.join('');
}

/**
 * One Pod of about `lines` lines whose init containers each run a different `sh -c` script of about
 * 20 lines (wait loops, downloads, config rendering with variables, conditionals, a heredoc): the
 * first analysis reads every script, so the shell parser's cost shows (issue 15: 44 scripts in 1,000 lines).
 */
export function scriptHeavyPod(lines: number): string {
  const parts = ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: scripts\nspec:\n  initContainers:\n'];
  let count = 6;
  for (let i = 0; count < lines - 12; i++) {
    const script = [
      'set -eu',
      `: "\${DB_HOST:=db-${i}}"`,
      `echo "step ${i}: waiting for $DB_HOST"`,
      'tries=0',
      `until nc -z "$DB_HOST" ${5400 + i} || [ "$tries" -ge 30 ]; do`,
      '  tries=$((tries + 1))',
      '  sleep 2',
      'done',
      `if [ ! -f /work/cache-${i}.tgz ]; then`,
      `  curl -fsSL --retry 3 -o /work/cache-${i}.tgz "https://example.com/assets/${i}/$(uname -m).tgz"`,
      'fi',
      `tar -xzf /work/cache-${i}.tgz -C /work/out-${i} 2>/dev/null || mkdir -p /work/out-${i}`,
      `for f in /config/*.tmpl; do`,
      '  sed -e "s/@HOST@/${DB_HOST}/g" "$f" > "/work/conf/$(basename "$f" .tmpl)"',
      'done',
      `cat > /work/ready-${i} <<EOF`,
      `ready ${i} at $(date +%s)`,
      'EOF',
      `echo "done ${i}" | tee -a /work/log`,
    ];
    parts.push(
      `    - name: step-${i}\n      image: busybox:1.36.1\n      command: ["sh", "-c"]\n      args:\n        - |\n${script.map((l) => `          ${l}`).join('\n')}\n      volumeMounts:\n        - {name: work, mountPath: /work}\n`,
    );
    count += 8 + script.length;
  }
  parts.push(
    '  containers:\n    - name: app\n      image: nginx:1.27.0\n      volumeMounts:\n        - {name: work, mountPath: /work}\n  volumes:\n    - name: work\n      emptyDir: {}\n',
  );
  return parts.join('');
}
