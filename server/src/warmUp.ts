/**
 * A first analysis for the code cache (codeCache.ts, issue 15). V8 caches what the run that writes
 * the cache compiled, and a cache once used is never written again: when that run analysed a Pod
 * without scripts (or nothing: a server whose first document is not a manifest), the shell parser,
 * the script reader and the rules about scripts were compiled again on first use at every later
 * start. Analysing this Pod just before the cache is written puts them in it, whatever the first
 * run read. It is run once per install (when the cache is written), in idle time or at exit.
 *
 * The script uses what init scripts use (loops, tests, substitutions, expansions, redirections, a
 * heredoc, a pipe, `case`) and nothing the own shell parser leaves to mvdan-sh, whose 1.5 MB bundle
 * this must not load (`test/unit/warmUp.test.ts`).
 */
import { Analyzer } from './analysis';

const SAMPLE = `apiVersion: v1
kind: Pod
metadata:
  name: warm-up
  labels: {app: warm-up}
spec:
  volumes:
    - name: work
      emptyDir: {}
  initContainers:
    - name: prepare
      image: busybox:1.36.1
      command: ["sh", "-c"]
      args:
        - |
          set -eu
          : "\${DB_HOST:=db}"
          echo "waiting for $DB_HOST"
          tries=0
          until nc -z "$DB_HOST" 5432 || [ "$tries" -ge 30 ]; do
            tries=$((tries + 1))
            sleep 2
          done
          if [ ! -f /work/cache.tgz ]; then
            curl -fsSL --retry 3 -o /work/cache.tgz "https://example.com/assets/$(uname -m).tgz"
          elif [[ -s /work/cache.tgz ]]; then
            echo 'cached'
          fi
          tar -xzf /work/cache.tgz -C /work/out 2>/dev/null || mkdir -p /work/out
          for f in /config/*.tmpl; do
            sed -e "s/@HOST@/\${DB_HOST}/g" "$f" > "/work/conf/$(basename "$f" .tmpl)"
          done
          case "\${MODE:-run}" in
            run) export READY=1 ;;
            *) exit 1 ;;
          esac
          cat > /work/ready <<EOF
          ready at $(date +%s)
          EOF
          echo "done" | tee -a /work/log
      volumeMounts:
        - {name: work, mountPath: /work}
    - name: proxy
      image: envoyproxy/envoy:v1.30.1
      restartPolicy: Always
      command: ["/usr/local/bin/envoy", "-c", "/etc/envoy/envoy.yaml"]
      ports:
        - containerPort: 15001
      startupProbe:
        tcpSocket: {port: 15001}
  containers:
    - name: app
      image: 'registry.example.com/app:1.2.3'
      env:
        - name: DB_HOST
          value: "db.default.svc"
      ports:
        - containerPort: 8080
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: {memory: 256Mi}
      securityContext:
        runAsNonRoot: true
        allowPrivilegeEscalation: false
      volumeMounts:
        - name: work
          mountPath: /data
          readOnly: true
`;

/** Analyses the sample Pod; never throws (a failure here must not cost the cache). */
export function warmUpAnalysis(): void {
  try {
    new Analyzer(0).analyze(SAMPLE, { kubernetesVersion: '1.33' });
  } catch {
    // the cache is then written with what was compiled so far
  }
}
