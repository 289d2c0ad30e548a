/**
 * "Disable <rule> for this line / for this document": the suppression comments of suppression.ts,
 * written where they take effect. A line comment goes above the finding's line at its indentation
 * (or joins a directive already there); it is not offered when that line sits inside a multi-line
 * string, where a `#` line would become part of the string. A document comment goes at the top of
 * the document, after its `---` line.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { DocumentAnalysis } from '../analyze';
import { t } from '../i18n';
import { cutReason } from '../text';
import type { Fix, FixContext } from './context';

/** The innermost scalar of the document around `offset`, found from the Pod objects. */
function scalarAround(doc: DocumentAnalysis, offset: number): [number, number] | null {
  let found: [number, number] | null = null;
  const seen = new Set<unknown>();
  const walk = (n: unknown, depth: number): void => {
    if (!n || typeof n !== 'object' || depth > 100 || seen.has(n)) return;
    seen.add(n);
    const r = (n as { range?: [number, number, number] }).range;
    if (isScalar(n)) {
      if (r && offset >= r[0] && offset < r[1]) found = [r[0], r[1]];
      return;
    }
    if (isPair(n)) {
      walk(n.key, depth + 1);
      walk(n.value, depth + 1);
      return;
    }
    if (isMap(n) || isSeq(n)) {
      if (r && (offset < r[0] || offset > r[2])) return;
      for (const item of n.items) walk(item, depth + 1);
    }
  };
  for (const p of doc.pods) walk(p.objectNode, 0);
  return found;
}

const NEXT_LINE = /^\s*#\s*initlens-disable-next-line(\s+.*)?$/;
const REST = /^\s*#\s*initlens-disable(\s+.*)?$/;

export function suppressionFixes(ctx: FixContext): Fix[] {
  const { finding, ed, doc } = ctx;
  const rule = finding.rule;
  const fixes: Fix[] = [];
  const at = ctx.rel(finding.start);
  const ls = ed.lineStart(at);
  const scalar = scalarAround(doc, at);
  if (!scalar || scalar[0] >= ls) {
    const indent = ed.indentOf(at);
    const prevStart = ls > 0 ? ed.lineStart(ls - 1) : -1;
    const prev = prevStart >= 0 ? ed.text.slice(prevStart, ed.lineEnd(prevStart)) : '';
    const m = NEXT_LINE.exec(prev);
    let edit: ReturnType<typeof ed.edit> | null = null;
    if (m?.[1] && m[1].trim() !== '') {
      const ids = cutReason(m[1]).trim();
      if (ids.split(/[,\s]+/).includes(rule)) edit = null;
      else {
        const pos = prevStart + prev.indexOf(ids) + ids.length;
        edit = ed.edit(pos, pos, `, ${rule}`);
      }
    } else {
      edit = ed.edit(ls, ls, `${indent}# initlens-disable-next-line ${rule}${ed.eol}`);
    }
    if (edit) fixes.push({ rule, title: t('Disable {0} for this line', rule), edits: [edit], safe: false, suppression: true });
  }
  const top = documentTop(ed.text);
  if (top !== null) {
    const line = ed.text.slice(top, ed.lineEnd(top));
    const m = REST.exec(line);
    let edit: ReturnType<typeof ed.edit> | null = null;
    if (m && !NEXT_LINE.test(line) && m[1] && m[1].trim() !== '') {
      const ids = cutReason(m[1]).trim();
      const pos = top + line.indexOf(ids) + ids.length;
      edit = ids.split(/[,\s]+/).includes(rule) ? null : ed.edit(pos, pos, `, ${rule}`);
    } else {
      edit = ed.edit(top, top, `# initlens-disable ${rule}${ed.eol}`);
    }
    if (edit) fixes.push({ rule, title: t('Disable {0} for this document', rule), edits: [edit], safe: false, suppression: true });
  }
  return fixes;
}

/** Where a document-wide directive goes: after the `---` line, or at the very top. Null when the
 * `---` line carries content itself. */
export function documentTop(text: string): number | null {
  let i = 0;
  while (i < text.length) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    const line = text.slice(i, e).replace(/\r$/, '');
    const trimmed = line.trim();
    if (line.startsWith('---')) {
      if (/^---\s*(#.*)?$/.test(line)) return Math.min(e + 1, text.length);
      return null;
    }
    if (trimmed !== '' && !trimmed.startsWith('#') && !line.startsWith('%')) return 0;
    i = e + 1;
  }
  return 0;
}
