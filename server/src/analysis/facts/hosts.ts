/**
 * Hosts a container talks to: the names a command resolves or connects to (nslookup, dig, nc,
 * curl, pg_isready -h …), and whether a name is a cluster Service name.
 */
import type { SimpleCommand, Word } from '../shell';
import { DNS_LABEL, baseName } from './names';
import { programIndex } from './lifetime';

// ---------------------------------------------------------------------------------------------
// Names

const TLDS = new Set([
  'com',
  'net',
  'org',
  'io',
  'dev',
  'app',
  'ai',
  'co',
  'edu',
  'gov',
  'mil',
  'info',
  'biz',
  'me',
  'cloud',
  'tech',
  'xyz',
  'sh',
  'us',
  'uk',
  'de',
  'fr',
  'jp',
  'cn',
  'ru',
  'in',
  'eu',
  'ca',
  'au',
  'nl',
  'se',
  'ch',
  'br',
  'es',
  'it',
  'pl',
  'kr',
  'tv',
  'cc',
  'ly',
  'gg',
  'so',
  'to',
  'is',
  'at',
  'be',
  'dk',
  'fi',
  'no',
  'nz',
  'ie',
  'pt',
  'cz',
  'internal',
  'local',
  'localdomain',
  'lan',
  'home',
  'corp',
  'example',
  'test',
  'invalid',
  'arpa',
]);

export function isIpAddress(s: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^\[?[0-9a-fA-F:.]+\]?$/.test(s));
}

/**
 * A Service name that only the cluster's search domains complete: `mydb` or `mydb.prod` (a name
 * and a namespace). Not an IP, not `localhost`, not a fully qualified name, not `example.com`.
 */
export function isShortServiceName(name: string): boolean {
  if (!name || name.endsWith('.') || isIpAddress(name)) return false;
  const labels = name.toLowerCase().split('.');
  if (labels.some((l) => !DNS_LABEL.test(l))) return false;
  if (labels.length === 1) return labels[0] !== 'localhost' && !/^\d+$/.test(labels[0]);
  if (labels.length === 2) return !TLDS.has(labels[1]) && labels[1] !== 'svc';
  return false;
}

/** A name for a Service in the cluster: short, or ending in `.svc` / `.svc.<cluster domain>`. */
export function isClusterServiceName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (/\.svc$/.test(n) || /\.svc\.[a-z0-9.-]+$/.test(n)) return true;
  return isShortServiceName(n);
}

export interface LookupTarget {
  /** The word that holds the name. */
  word: Word;
  host: string;
  program: string;
}

const NC_VALUE_OPTS = new Set(['-w', '-W', '-i', '-p', '-s', '-q', '-X', '-x', '-O', '-I', '-T', '-e', '-c', '-P']);
const HOST_VALUE_OPTS = new Set(['-t', '-W', '-c', '-R', '-N', '-m']);
const DIG_VALUE_OPTS = new Set(['-b', '-c', '-f', '-k', '-p', '-t', '-x', '-y']);
const RR_TYPES = new Set(['A', 'AAAA', 'SRV', 'ANY', 'TXT', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'IN']);

/** The host in a URL word (`http://db:5432/x` → `db`), when the host is written literally. */
function urlHost(w: Word): string | null {
  const text = w.literal ? w.text : w.prefix;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#\s]*)(.?)/i.exec(text);
  if (!m?.[1]) return null;
  if (!w.literal && m[2] === '') return null; // the host continues into an expansion
  return m[1];
}

/** Host of `host:port` (or a plain host) written literally. */
function plainHost(w: Word): string | null {
  if (!w.literal) return null;
  const m = /^([A-Za-z0-9.-]+)(?::\d+)?$/.exec(w.text);
  return m ? m[1] : null;
}

/** The programs `lookupTargets` reads (the cases of its switch). */
const LOOKUP_PROGRAMS = new Set(['nslookup', 'host', 'dig', 'getent', 'nc', 'ncat', 'netcat', 'curl', 'wget', 'pg_isready', 'redis-cli', 'mysqladmin', 'psql']);

/** The names a command resolves: nslookup/host/dig/getent hosts/nc/curl/wget/pg_isready -h…. */
export function lookupTargets(cmd: SimpleCommand): LookupTarget[] {
  const words = cmd.words;
  const i = programIndex(words);
  if (i >= words.length) return [];
  const prog = baseName(words[i].text);
  // most commands look nothing up: no argument copy and no closures for them (rules ask this of
  // every command of every script, in the interpreter on a first analysis)
  if (!LOOKUP_PROGRAMS.has(prog)) return [];
  const args = words.slice(i + 1);
  const out: LookupTarget[] = [];
  const firstOperand = (valueOpts: Set<string>, skip?: (w: Word) => boolean): Word | null => {
    for (let k = 0; k < args.length; k++) {
      const t = args[k].text;
      if (valueOpts.has(t)) {
        k++;
        continue;
      }
      if (t.startsWith('-')) continue;
      if (skip?.(args[k])) continue;
      return args[k];
    }
    return null;
  };
  const push = (w: Word | null, host: string | null): void => {
    if (w && host) out.push({ word: w, host, program: prog });
  };
  switch (prog) {
    case 'nslookup':
    case 'host': {
      const w = firstOperand(prog === 'host' ? HOST_VALUE_OPTS : new Set());
      push(w, w?.literal ? w.text : null);
      break;
    }
    case 'dig': {
      const w = firstOperand(DIG_VALUE_OPTS, (x) => x.text.startsWith('@') || x.text.startsWith('+') || RR_TYPES.has(x.text));
      push(w, w?.literal ? w.text : null);
      break;
    }
    case 'getent': {
      if (args[0] && /^a?hosts(?:v[46])?$/.test(args[0].text) && args[1]) push(args[1], args[1].literal ? args[1].text : null);
      break;
    }
    case 'nc':
    case 'ncat':
    case 'netcat': {
      const w = firstOperand(NC_VALUE_OPTS);
      push(w, w ? plainHost(w) : null);
      break;
    }
    case 'curl':
    case 'wget': {
      for (const a of args) {
        const h = urlHost(a);
        if (h) push(a, h);
      }
      break;
    }
    case 'pg_isready':
    case 'redis-cli':
    case 'mysqladmin':
    case 'psql': {
      const k = args.findIndex((a) => a.text === '-h' || a.text === '--host');
      if (k >= 0 && args[k + 1]) push(args[k + 1], args[k + 1].literal ? args[k + 1].text : null);
      break;
    }
    default:
      break;
  }
  return out;
}
