/**
 * Variable references in what a container runs, for rules about environment variables:
 *  - Kubernetes `$(NAME)` references, expanded by the kubelet in every `command`/`args` item
 *    (`$$` escapes a dollar sign) — whether or not a shell runs afterwards;
 *  - shell parameter expansions (`$NAME`, `${NAME}`, `${NAME:?…}`, `${#NAME}`) in a `sh -c` script,
 *    read from the same parse as shell.ts's commands (each script is parsed once), with the names the script defines
 *    itself (assignments, `export X=`, `for x in`, `read x`, arithmetic assignments, `${X:=…}`).
 * Offsets are indices into the string value (UTF-16), to be mapped to the source by scalarSource.
 */
import { syntax, type ShNode } from '../mvdanSh';
import { BytePos, eachNode, ShNodeImpl } from '../shParser';
import { byteToIndex } from './bytes';

export interface VarRef {
  name: string;
  /** `kube`: `$(NAME)` expanded by Kubernetes; `shell`: a shell parameter expansion. */
  kind: 'kube' | 'shell';
  start: number;
  end: number;
}

export interface ScriptVars {
  refs: VarRef[];
  /** Names the script gives a value itself. */
  defined: Set<string>;
  /** The script may define any variable (`source`, `.`, `eval`, `export $(…)`): nothing is known. */
  opaque: boolean;
}

const KUBE_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** `$(NAME)` references in one command/args item, as the kubelet reads them. */
export function kubeRefs(value: string): VarRef[] {
  const out: VarRef[] = [];
  for (let i = 0; i < value.length - 1; i++) {
    if (value[i] !== '$') continue;
    const next = value[i + 1];
    if (next === '$') {
      i++; // `$$` is an escaped `$`
      continue;
    }
    if (next !== '(') continue;
    const close = value.indexOf(')', i + 2);
    if (close < 0) break;
    const name = value.slice(i + 2, close);
    if (KUBE_NAME.test(name)) out.push({ name, kind: 'kube', start: i, end: close + 1 });
    i = close;
  }
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFINING_COMMANDS = new Set(['read', 'getopts', 'mapfile', 'readarray']);
const OPAQUE_COMMANDS = new Set(['source', '.', 'eval']);

/** Reads the variables of a parsed script (called by shell.ts on the one parse of each script). */
export function readScriptVars(src: string, file: ShNode): ScriptVars {
  // the own parser's positions carry their index; mvdan-sh's are bytes (mapped on first use)
  let toIndex: ((byte: number) => number) | null = null;
  const off = (p: { Offset(): number }): number => {
    if (p instanceof BytePos) return p.index;
    toIndex ??= byteToIndex(src);
    return toIndex(p.Offset());
  };
  const refs: VarRef[] = [];
  const defined = new Set<string>();
  let opaque = false;
  const litWord = (w: ShNode | null | undefined): string | null => {
    if (!w || syntax.NodeType(w) !== 'Word') return null;
    const parts = (w.Parts as ShNode[]) ?? [];
    let s = '';
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      const t = syntax.NodeType(p);
      if (t === 'Lit') s += p.Value as string;
      else if (t === 'SglQuoted') s += p.Value as string;
      else if (t === 'DblQuoted' && ((p.Parts as ShNode[]) ?? []).every((q) => syntax.NodeType(q) === 'Lit')) {
        s += ((p.Parts as ShNode[]) ?? []).map((q) => q.Value as string).join('');
      } else return null;
    }
    return s;
  };
  const visit = (n: ShNode | null): boolean => {
    if (!n) return true;
    switch (syntax.NodeType(n)) {
      case 'ParamExp': {
        const name = n.Param ? (n.Param.Value as string) : '';
        if (!IDENT.test(name) || n.Excl) return true;
        const after = src.slice(off(n.Param.End()), off(n.End()));
        if (/^:?[-=+]/.test(after)) {
          // `${X:-default}`, `${X+alt}`: the script copes with an unset X; `${X:=v}` also sets it
          if (/^:?=/.test(after)) defined.add(name);
          return true;
        }
        refs.push({ name, kind: 'shell', start: off(n.Pos()), end: off(n.End()) });
        return true;
      }
      case 'Assign': {
        const name = n.Name ? (n.Name.Value as string) : null;
        if (name && !n.Naked) defined.add(name);
        else if (name && n.Naked) {
          // `local x`, `declare x` give x a (empty) value of the script's own; `export x` does not
          // (handled by the DeclClause below)
        } else if (!name && n.Value) {
          // `export "A=1"`, `export $(cat .env | xargs)`
          const v = litWord(n.Value as ShNode);
          const m = v !== null ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(v) : null;
          if (m) defined.add(m[1]);
          else if (v === null || v.includes('=')) opaque = true;
        }
        return true;
      }
      case 'DeclClause': {
        const variant = n.Variant ? (n.Variant.Value as string) : '';
        if (variant !== 'export') {
          for (const a of (n.Args as ShNode[]) ?? []) if (a?.Name && a.Naked) defined.add(a.Name.Value as string);
        }
        return true;
      }
      case 'WordIter': {
        if (n.Name) defined.add(n.Name.Value as string);
        return true;
      }
      case 'CallExpr': {
        const args = (n.Args as ShNode[]) ?? [];
        const first = litWord(args[0]);
        if (first === null) return true;
        if (OPAQUE_COMMANDS.has(first)) opaque = true;
        if (first === 'printf') {
          const i = args.findIndex((a) => litWord(a) === '-v');
          const v = i > 0 ? litWord(args[i + 1]) : null;
          if (v && IDENT.test(v)) defined.add(v);
        }
        if (DEFINING_COMMANDS.has(first)) {
          for (const a of args.slice(1)) {
            const v = litWord(a);
            if (v !== null && IDENT.test(v)) defined.add(v);
          }
        }
        return true;
      }
      case 'BinaryArithm': {
        const op = src.slice(off(n.X.End()), off(n.Y.Pos())).trim();
        if (/^(?:[-+*/%&|^]|<<|>>|\*\*)?=$/.test(op)) {
          const name = litWord(n.X as ShNode);
          if (name && IDENT.test(name)) defined.add(name);
        }
        return true;
      }
      case 'UnaryArithm': {
        const text = src.slice(off(n.Pos()), off(n.End()));
        if (text.includes('++') || text.includes('--')) {
          const name = litWord(n.X as ShNode);
          if (name && IDENT.test(name)) defined.add(name);
        }
        return true;
      }
      default:
        return true;
    }
  };
  // the own parser's tree is walked without the closing call per node that mvdan-sh's Walk makes
  if (file instanceof ShNodeImpl) eachNode(file, visit);
  else syntax.Walk(file, visit);
  // `$(NAME)` is read by the kubelet before the shell sees the script
  refs.push(...kubeRefs(src));
  refs.sort((a, b) => a.start - b.start);
  return { refs, defined, opaque };
}
