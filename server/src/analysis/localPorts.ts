/**
 * Which localhost ports a container talks to (`localhost:5432`, `127.0.0.1:8200`, `[::1]:9000`,
 * `nc -z localhost 5432`, `pg_isready -h 127.0.0.1 -p 5432`, `/dev/tcp/localhost/80`, env values
 * holding such URLs), and which ports a container serves (`ports`, probe ports, `--port=` /
 * `--listen=` flags). Addresses in listen/bind flags are what the container serves, not uses.
 */
import type { Scalar } from 'yaml';
import type { Container } from './model';
import { asMap, asScalar, get, getPath, type Range, rangeOf, scalarText } from './nodes';
import { baseName, type Word } from './shell';
import { ObjectMemo } from './memo';

export interface PortUse {
  port: number;
  host: string;
  /** Source range of the address (`127.0.0.1:5432`), or of the word holding it. */
  start: number;
  end: number;
  via: 'command' | 'env';
}

const HOST = String.raw`(localhost|127\.0\.0\.1|\[::1\]|::1)`;
const ADDR_RE = new RegExp(String.raw`(?:^|[^A-Za-z0-9.\-_])` + HOST + String.raw`:(\d{1,5})(?![0-9])`, 'g');
const URL_NOPORT_RE = new RegExp(String.raw`\b(https?)://` + HOST + '(?=[/?#"\']|$)', 'g');
const DEVTCP_RE = /\/dev\/tcp\/(localhost|127\.0\.0\.1)\/(\d{1,5})\b/g;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
/** Flags whose address the container listens on. */
const LISTEN_FLAG = /^-{1,2}[\w.-]*(?:listen|bind|serve|addr(?:ess)?)[\w.-]*=/i;
const LISTEN_FLAG_ONLY = /^-{1,2}[\w.-]*(?:listen|bind)[\w.-]*$/i;
const PORT_FLAG = /^-{1,2}(?:[\w.-]*-)?port$/i;

function validPort(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n < 65536;
}

/** Finds `needle` inside the source of [start,end) to narrow the range; falls back to the whole range. */
function narrow(text: string | undefined, start: number, end: number, needle: string): [number, number] {
  if (!text) return [start, end];
  const src = text.slice(start, end);
  const i = src.indexOf(needle);
  if (i >= 0 && src.indexOf(needle, i + 1) < 0) return [start + i, start + i + needle.length];
  return [start, end];
}

function scanString(value: string, start: number, end: number, text: string | undefined, via: PortUse['via'], out: PortUse[]): void {
  if (LISTEN_FLAG.test(value) || /^[A-Z0-9_]*(?:LISTEN|BIND)[A-Z0-9_]*=/.test(value)) return;
  ADDR_RE.lastIndex = 0;
  for (let m = ADDR_RE.exec(value); m; m = ADDR_RE.exec(value)) {
    const port = Number(m[2]);
    if (!validPort(port)) continue;
    const needle = `${m[1]}:${m[2]}`;
    const [s, e] = narrow(text, start, end, needle);
    out.push({ port, host: m[1], start: s, end: e, via });
  }
  URL_NOPORT_RE.lastIndex = 0;
  for (let m = URL_NOPORT_RE.exec(value); m; m = URL_NOPORT_RE.exec(value)) {
    const needle = `${m[1]}://${m[2]}`;
    const [s, e] = narrow(text, start, end, needle);
    out.push({ port: m[1] === 'https' ? 443 : 80, host: m[2], start: s, end: e, via });
  }
  DEVTCP_RE.lastIndex = 0;
  for (let m = DEVTCP_RE.exec(value); m; m = DEVTCP_RE.exec(value)) {
    const port = Number(m[2]);
    if (!validPort(port)) continue;
    const [s, e] = narrow(text, start, end, m[0]);
    out.push({ port, host: m[1], start: s, end: e, via });
  }
}

/** `nc -z localhost 5432`, `pg_isready -h 127.0.0.1 -p 5432`, `redis-cli -h localhost -p 6379`. */
function scanCommand(words: Word[], text: string | undefined, out: PortUse[]): void {
  if (words.length < 2) return;
  const name = baseName(words[0].text);
  let host: Word | null = null;
  let hostIdx = -1;
  for (let i = 1; i < words.length; i++) {
    const t = words[i].text;
    if ((t === '-h' || t === '--host' || t === '-H') && words[i + 1] && LOCAL_HOSTS.has(words[i + 1].text)) {
      host = words[i + 1];
      hostIdx = i + 1;
    } else if (/^--host=/.test(t) && LOCAL_HOSTS.has(t.slice(7))) {
      host = words[i];
      hostIdx = i;
    } else if (!host && LOCAL_HOSTS.has(t) && words[i].literal) {
      host = words[i];
      hostIdx = i;
    }
  }
  if (!host) return;
  // port: `-p N` / `--port N` / `--port=N` / `-P N` (mysql), or for nc/telnet/ncat the next operand
  for (let i = 1; i < words.length; i++) {
    const t = words[i].text;
    let pw: Word | null = null;
    let ptext = '';
    if ((t === '-p' || t === '--port' || (t === '-P' && /mysql/.test(name))) && words[i + 1]) {
      pw = words[i + 1];
      ptext = pw.text;
    } else if (/^--port=\d+$/.test(t)) {
      pw = words[i];
      ptext = t.slice(7);
    }
    if (pw && /^\d{1,5}$/.test(ptext) && validPort(Number(ptext))) {
      const [s, e] = narrow(text, pw.start, pw.end, ptext);
      out.push({ port: Number(ptext), host: host.text.replace(/^--host=/, ''), start: s, end: e, via: 'command' });
      return;
    }
  }
  if (/^(?:nc|ncat|netcat|telnet|busybox)$/.test(name)) {
    const next = words[hostIdx + 1];
    if (next && /^\d{1,5}$/.test(next.text) && validPort(Number(next.text))) {
      out.push({ port: Number(next.text), host: host.text, start: host.start, end: next.end, via: 'command' });
    }
  }
}

const usesCache = new ObjectMemo<Container, { text: string | undefined; uses: PortUse[] }>();
const servedCache = new ObjectMemo<Container, ServedPort[]>();

/**
 * The localhost ports a container talks to, from its command/args and env values. Cached per
 * container (rules ask once per sidecar × dependent pair); the result is shared: do not mutate it.
 */
export function localPortUses(c: Container, text?: string): PortUse[] {
  const hit = usesCache.get(c);
  if (hit && hit.text === text) return hit.uses;
  const uses = computeLocalPortUses(c, text);
  usesCache.set(c, { text, uses });
  return uses;
}

function computeLocalPortUses(c: Container, text?: string): PortUse[] {
  const out: PortUse[] = [];
  const prog = c.program;
  if (prog && !prog.unreadable && !c.templated) {
    const words: Word[] = [];
    for (const cmd of prog.commands) {
      words.push(...cmd.words);
      for (const r of cmd.redirects) words.push(r.target);
      scanCommand(cmd.words, text, out);
    }
    for (const w of words) {
      if (LISTEN_FLAG.test(w.text)) continue;
      scanString(w.text, w.start, w.end, text, 'command', out);
    }
    // `--listen 127.0.0.1:5432`: the next word after a listen flag is served, not used
    const served = new Set<number>();
    for (const cmd of prog.commands) {
      cmd.words.forEach((w, i) => {
        if (LISTEN_FLAG_ONLY.test(w.text) && cmd.words[i + 1]) served.add(cmd.words[i + 1].start);
      });
    }
    for (let i = out.length - 1; i >= 0; i--) {
      for (const s of served) {
        const w = words.find((x) => x.start === s);
        if (w && out[i].start >= w.start && out[i].end <= w.end) out.splice(i, 1);
      }
    }
  }
  for (const [name, v] of c.env) {
    if (/LISTEN|BIND/i.test(name)) continue;
    const node = asScalar(get(v.node, 'value'));
    const value = node ? scalarText(node) : null;
    const r = node ? rangeOf(node) : null;
    if (value === null || !r || value.includes('{{')) continue;
    scanString(value, r[0], r[1], text, 'env', out);
  }
  const own = new Set(servedPorts(c).map((p) => p.port));
  return out.filter((u) => !own.has(u.port));
}

export interface ServedPort {
  port: number;
  /** Where it is declared: the `containerPort` value, the probe's `port`, the flag word. */
  range: Range | null;
  via: 'ports' | 'startupProbe' | 'readinessProbe' | 'livenessProbe' | 'flag';
}

function probePort(c: Container, probe: 'startupProbe' | 'readinessProbe' | 'livenessProbe'): { port: number; node: Scalar } | null {
  const p = asMap(get(c.node, probe));
  if (!p) return null;
  for (const kind of ['tcpSocket', 'httpGet', 'grpc']) {
    const node = asScalar(getPath(p, [kind, 'port']));
    if (!node) continue;
    if (typeof node.value === 'number' && validPort(node.value)) return { port: node.value, node };
    if (typeof node.value === 'string') {
      if (/^\d+$/.test(node.value)) return { port: Number(node.value), node };
      const named = c.ports.find((x) => x.name === node.value);
      if (named && named.containerPort !== null) return { port: named.containerPort, node };
    }
  }
  return null;
}

/** The ports a container serves: its `ports`, its probes' ports, and `--port=N`/`--listen=host:N` flags (cached; do not mutate). */
export function servedPorts(c: Container): ServedPort[] {
  let served = servedCache.get(c);
  if (!served) {
    served = computeServedPorts(c);
    servedCache.set(c, served);
  }
  return served;
}

function computeServedPorts(c: Container): ServedPort[] {
  const out: ServedPort[] = [];
  for (const p of c.ports) {
    if (p.containerPort !== null && validPort(p.containerPort) && p.protocol !== 'UDP') {
      out.push({ port: p.containerPort, range: rangeOf(p.containerPortNode), via: 'ports' });
    }
  }
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
    const pp = probePort(c, probe);
    if (pp) out.push({ port: pp.port, range: rangeOf(pp.node), via: probe });
  }
  const prog = c.program;
  if (prog && !prog.unreadable && !c.templated) {
    for (const cmd of prog.commands) {
      cmd.words.forEach((w, i) => {
        const t = w.text;
        let m = /^-{1,2}(?:[\w.-]*-)?port=(\d{1,5})$/i.exec(t);
        if (m) out.push({ port: Number(m[1]), range: [w.start, w.end], via: 'flag' });
        else if (PORT_FLAG.test(t) && cmd.words[i + 1] && /^\d{1,5}$/.test(cmd.words[i + 1].text) && t !== '-p') {
          const n = cmd.words[i + 1];
          out.push({ port: Number(n.text), range: [n.start, n.end], via: 'flag' });
        } else if ((m = /^-{1,2}[\w.-]*(?:listen|bind)[\w.-]*=(?:.*:)?(\d{1,5})$/i.exec(t))) {
          out.push({ port: Number(m[1]), range: [w.start, w.end], via: 'flag' });
        } else if (LISTEN_FLAG_ONLY.test(t) && cmd.words[i + 1]) {
          const n = cmd.words[i + 1];
          const mm = /(?:^|:)(\d{1,5})$/.exec(n.text);
          if (mm) out.push({ port: Number(mm[1]), range: [n.start, n.end], via: 'flag' });
        }
      });
    }
  }
  for (const [name, v] of c.env) {
    if (!/LISTEN|BIND/i.test(name)) continue;
    const node = asScalar(get(v.node, 'value'));
    const value = node ? scalarText(node) : null;
    const m = value ? /:(\d{1,5})$/.exec(value) : null;
    if (m && node) out.push({ port: Number(m[1]), range: rangeOf(node), via: 'flag' });
  }
  return out.filter((p) => validPort(p.port));
}
