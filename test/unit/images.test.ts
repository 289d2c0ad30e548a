/** images.ts: which images and programs run until stopped, and how command/args run them. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { classifyImage, classifyProgram, imageRepository, judgeCommand, judgeContainer } from '../../server/src/analysis/images';

describe('classifyImage', () => {
  test('known proxies, agents, log shippers and servers', () => {
    assert.equal(classifyImage('envoyproxy/envoy:v1.31.0')?.id, 'envoy');
    assert.equal(classifyImage('docker.io/envoyproxy/envoy-distroless:v1.31.0')?.id, 'envoy');
    assert.equal(classifyImage('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0')?.kind, 'proxy');
    assert.equal(classifyImage('gcr.io/cloudsql-docker/gce-proxy:1.33.2')?.id, 'cloud-sql-proxy');
    assert.equal(classifyImage('nginx:1.27')?.id, 'nginx');
    assert.equal(classifyImage('haproxy:3.0.8-alpine')?.id, 'haproxy');
    assert.equal(classifyImage('hashicorp/vault:1.17')?.id, 'vault');
    assert.equal(classifyImage('cr.fluentbit.io/fluent/fluent-bit:3.1.4')?.kind, 'log-shipper');
    assert.equal(classifyImage('registry.istio.io/release/proxyv2:1.23.0')?.id, 'istio-proxy');
    assert.equal(classifyImage('cr.l5d.io/linkerd/proxy:stable-2.14.10')?.id, 'linkerd-proxy');
    assert.equal(classifyImage('gcr.io/datadoghq/agent:7')?.id, 'datadog-agent');
    assert.equal(classifyImage('quay.io/brancz/kube-rbac-proxy:v0.18.0')?.kind, 'proxy');
    assert.equal(classifyImage('docker.elastic.co/beats/elastic-agent:8.15.0')?.kind, 'agent');
    assert.equal(classifyImage('quay.io/prometheus/node-exporter:v1.8.2')?.kind, 'server');
    assert.equal(classifyImage('redis:7.2@sha256:0123')?.id, 'redis');
  });

  test('one-shot lookalikes and ordinary images are not servers', () => {
    assert.equal(classifyImage('cr.l5d.io/linkerd/proxy-init:v2.3.0'), null);
    assert.equal(classifyImage('docker.io/istio/install-cni:1.23.0'), null);
    assert.equal(classifyImage('docker.io/appdynamics/java-agent:24.5.0'), null);
    assert.equal(classifyImage('ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.8.0'), null);
    assert.equal(classifyImage('busybox:1.36'), null);
    assert.equal(classifyImage('alpine:3.20'), null);
    assert.equal(classifyImage('quay.io/calico/cni:v3.28.0'), null);
    assert.equal(classifyImage('registry.example.com/{{ .Values.image }}'), null);
    assert.equal(classifyImage(null), null);
  });

  test('imageRepository drops tag and digest', () => {
    assert.equal(imageRepository('Docker.io/Library/Nginx:1.27@sha256:abc'), 'docker.io/library/nginx');
    assert.equal(imageRepository('localhost:5000/envoy'), 'localhost:5000/envoy');
  });

  test('classifyProgram', () => {
    assert.equal(classifyProgram('/usr/local/bin/envoy')?.id, 'envoy');
    assert.equal(classifyProgram('cloud_sql_proxy')?.id, 'cloud-sql-proxy');
    assert.equal(classifyProgram('/usr/lib/linkerd/linkerd2-proxy-init'), null);
    assert.equal(classifyProgram('cp'), null);
  });
});

describe('judgeCommand', () => {
  test('servers in the foreground run until stopped', () => {
    assert.equal(judgeCommand(['envoy', '-c', '/etc/envoy/envoy.yaml']).verdict, 'long');
    assert.equal(judgeCommand(['exec', 'envoy', '-c', '/e.yaml']).verdict, 'long');
    assert.equal(judgeCommand(['exec', 'envoy', '-c', '/e.yaml']).index, 1);
    assert.equal(judgeCommand(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']).verdict, 'long');
    assert.equal(judgeCommand(['/cloud_sql_proxy', '-instances=p:r:db=tcp:5432']).verdict, 'long');
    assert.equal(judgeCommand(['vault', 'server', '-config=/v.hcl']).verdict, 'long');
    assert.equal(judgeCommand(['redis-server', '/etc/redis.conf']).verdict, 'long');
  });

  test('one-shot invocations', () => {
    assert.equal(judgeCommand(['envoy', '--version']).verdict, 'one-shot');
    assert.equal(judgeCommand(['envoy', '--mode', 'validate', '-c', '/e.yaml']).verdict, 'one-shot');
    assert.equal(judgeCommand(['nginx', '-t']).verdict, 'one-shot');
    assert.equal(judgeCommand(['haproxy', '-c', '-f', '/h.cfg']).verdict, 'one-shot');
    assert.equal(judgeCommand(['vault', 'kv', 'get', 'secret/x']).verdict, 'one-shot');
    assert.equal(judgeCommand(['filebeat', 'setup', '--dashboards']).verdict, 'one-shot');
    assert.equal(judgeCommand(['otelcol-contrib', 'validate', '--config=/c.yaml']).verdict, 'one-shot');
    assert.equal(judgeCommand(['timeout', '60', 'envoy', '-c', '/e.yaml']).verdict, 'one-shot');
  });

  test('vault agent depends on its configuration', () => {
    const j = judgeCommand(['vault', 'agent', '-config=/vault/agent.hcl']);
    assert.equal(j.verdict, 'long');
    assert.equal(j.configDependent, true);
    assert.equal(judgeCommand(['vault', 'agent', '-config=/a.hcl', '-exit-after-auth']).verdict, 'one-shot');
  });

  test('nginx without daemon off forks and exits: unknown', () => {
    assert.equal(judgeCommand(['nginx']).verdict, 'unknown');
  });

  test('other programs are unknown', () => {
    assert.equal(judgeCommand(['sh', '-c', 'envoy']).verdict, 'unknown');
    assert.equal(judgeCommand(['cp', '/a', '/b']).family, null);
    assert.equal(judgeCommand([]).verdict, 'unknown');
  });
});

describe('judgeContainer', () => {
  test('the image entrypoint with neither command nor args', () => {
    const j = judgeContainer('envoyproxy/envoy:v1.31.0', [], false, false);
    assert.equal(j.verdict, 'long');
    assert.equal(j.index, -1);
    assert.equal(judgeContainer('busybox:1.36', [], false, false).verdict, 'unknown');
    assert.equal(judgeContainer('registry.istio.io/release/proxyv2:1.23.0', [], false, false).verdict, 'unknown');
  });

  test('args only go to the entrypoint', () => {
    assert.equal(judgeContainer('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', ['--port=5432', 'p:r:db'], false, true).verdict, 'long');
    assert.equal(judgeContainer('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', ['--version'], false, true).verdict, 'one-shot');
    // istio-init: pilot-agent subcommands other than `proxy` exit
    assert.equal(judgeContainer('registry.istio.io/release/proxyv2:1.23.0', ['istio-iptables', '-p', '15001'], false, true).verdict, 'one-shot');
    assert.equal(judgeContainer('registry.istio.io/release/proxyv2:1.23.0', ['proxy', 'sidecar'], false, true).verdict, 'long');
    // official images run a non-option first arg as a command
    assert.equal(judgeContainer('envoyproxy/envoy:v1.31.0', ['-c', '/e.yaml'], false, true).verdict, 'long');
    assert.equal(judgeContainer('envoyproxy/envoy:v1.31.0', ['cp', '/usr/local/bin/envoy', '/shared/'], false, true).verdict, 'one-shot');
    assert.equal(judgeContainer('hashicorp/vault:1.17', ['agent', '-config=/a.hcl'], false, true).configDependent, true);
    assert.equal(judgeContainer('hashicorp/vault:1.17', ['vault', 'server'], false, true).verdict, 'long');
    // linkerd proxy-init image: never a server
    assert.equal(judgeContainer('cr.l5d.io/linkerd/proxy-init:v2.3.0', ['--incoming-proxy-port', '4143'], false, true).verdict, 'unknown');
    // an unknown image whose args name a server
    assert.equal(judgeContainer('registry.example.com/tools:1', ['redis-server', '/c'], false, true).verdict, 'long');
    assert.equal(judgeContainer('registry.example.com/tools:1', ['--port=80'], false, true).verdict, 'unknown');
  });

  test('a command overrides the image', () => {
    assert.equal(judgeContainer('envoyproxy/envoy:v1.31.0', ['envoy', '--version'], true, false).verdict, 'one-shot');
    assert.equal(judgeContainer('cr.l5d.io/linkerd/proxy:stable', ['/usr/lib/linkerd/linkerd2-proxy-init', '--ipv6=false'], true, true).verdict, 'unknown');
    assert.equal(judgeContainer('haproxy:3.0', ['sh', '/readonly/haproxy_init.sh'], true, false).verdict, 'unknown');
    assert.equal(judgeContainer('busybox:1.36', ['envoy', '-c', '/e.yaml'], true, false).verdict, 'long');
  });
});
