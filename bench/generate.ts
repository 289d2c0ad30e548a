/**
 * Generates realistic multi-document manifests of a given size for the benchmarks: Deployments,
 * StatefulSets, Jobs and DaemonSets with init containers (wait loops, downloads into emptyDirs,
 * config rendering, migrations), native sidecars, Services and ConfigMaps. Deterministic: the same
 * size gives the same text.
 */
export function generateManifest(targetLines: number, seed = 1): string {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const docs: string[] = [];
  let lines = 0;
  let i = 0;
  while (lines < targetLines) {
    const name = `svc-${i}`;
    const kind = pick(['Deployment', 'Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'Service', 'ConfigMap']);
    const doc = render(kind, name, i, pick, rnd);
    docs.push(doc);
    lines += doc.split('\n').length;
    i++;
  }
  return docs.join('---\n');
}

function render(kind: string, name: string, i: number, pick: <T>(xs: T[]) => T, rnd: () => number): string {
  if (kind === 'Service') {
    return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  selector: { app: ${name} }
  ports:
    - name: http
      port: 80
      targetPort: 8080
`;
  }
  if (kind === 'ConfigMap') {
    return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
data:
  app.conf: |
    listen 8080;
    upstream db-${i}.default.svc.cluster.local:5432;
    log_level ${pick(['info', 'debug', 'warn'])};
`;
  }
  const inits: string[] = [];
  const nInit = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < nInit; k++) inits.push(pick(INITS)(name, k));
  const sidecar = rnd() < 0.4;
  const podSpec = `      ${kind === 'Job' ? 'restartPolicy: Never\n      ' : ''}securityContext:
        fsGroup: 2000
      initContainers:
${sidecar ? SIDECAR : ''}${inits.join('')}      containers:
        - name: app
          image: registry.example.com/${name}:1.${i % 10}.0
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 5
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: "1", memory: 512Mi }
          volumeMounts:
            - name: work
              mountPath: /work
              readOnly: true
            - name: config
              mountPath: /etc/app
      volumes:
        - name: work
          emptyDir: {}
        - name: config
          emptyDir: {}
        - name: templates
          configMap:
            name: ${name}-config
`;
  const head = `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: bench
spec:
`;
  const selector = kind === 'Job' ? '' : `  selector:\n    matchLabels: { app: ${name} }\n`;
  return `${head}${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}${selector}  template:
    metadata:
      labels: { app: ${name} }
    spec:
${podSpec}`;
}

const SIDECAR = `        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports:
            - containerPort: 15001
          startupProbe:
            tcpSocket: { port: 15001 }
            periodSeconds: 1
            failureThreshold: 30
`;

const INITS: Array<(name: string, k: number) => string> = [
  (name, k) => `        - name: wait-db-${k}
          image: busybox:1.36
          command:
            - sh
            - -c
            - |
              for i in $(seq 1 60); do
                if nc -z db-${name}.default.svc.cluster.local 5432; then exit 0; fi
                echo "waiting for db-${name}"; sleep 2
              done
              exit 1
`,
  (_name, k) => `        - name: fetch-${k}
          image: curlimages/curl:8.10.1
          command: ["sh", "-c", "curl -fsSL -o /work/plugin-${k}.tar.gz https://downloads.example.com/plugin-${k}.tar.gz && tar -xzf /work/plugin-${k}.tar.gz -C /work"]
          volumeMounts:
            - name: work
              mountPath: /work
`,
  (_name, k) => `        - name: render-${k}
          image: alpine:3.20
          env:
            - name: LOG_LEVEL
              value: info
          command:
            - /bin/sh
            - -ec
            - |
              sed "s/@LOG_LEVEL@/$LOG_LEVEL/" /templates/app.conf > /etc/app/app-${k}.conf
              chmod 0644 /etc/app/app-${k}.conf
          volumeMounts:
            - name: templates
              mountPath: /templates
            - name: config
              mountPath: /etc/app
`,
  (name, k) => `        - name: migrate-${k}
          image: registry.example.com/${name}-migrate:2.4.1
          args: ["migrate", "--database-url=$(DATABASE_URL)", "--lock-timeout=60s"]
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: { name: ${name}-db, key: url }
`,
];

export { manyFindings, longSpaceLine } from '../test/helpers/perfInputs';
