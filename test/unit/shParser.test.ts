/**
 * InitLens's own shell parser (server/src/analysis/shParser.ts) against mvdan-sh, the parser it
 * stands in front of: for every string of the fixtures, examples and corpus and for handwritten
 * scripts, what the analysis reads from the tree (commands, loops, variables, with their offsets)
 * is the same from both trees; where the own parser gives up, mvdan-sh is asked.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCounts, parseWithMvdan, parseWithOwn } from '../../server/src/analysis/mvdanSh';
import { readParsedScript } from '../../server/src/analysis/shell';
import { Unsupported } from '../../server/src/analysis/shParser';
import { Analyzer } from '../../server/src/analysis/analyze';
import { allScripts, HANDWRITTEN } from '../helpers/shellScripts';
import { scriptHeavyPod } from '../helpers/perfInputs';

type Read = ReturnType<typeof readParsedScript>;
const norm = (r: Read): string => JSON.stringify({ c: r.commands, l: r.loops, refs: r.vars.refs, defined: [...r.vars.defined].sort(), opaque: r.vars.opaque });

function both(s: string): { mvdan: string | null; own: string | 'unsupported' } {
  let mvdan: string | null = null;
  try {
    mvdan = norm(readParsedScript(s, parseWithMvdan(s)));
  } catch {
    mvdan = null;
  }
  let own: string | 'unsupported';
  try {
    own = norm(readParsedScript(s, parseWithOwn(s)));
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    own = 'unsupported';
  }
  return { mvdan, own };
}

test('the own parser and mvdan-sh give the analysis the same reading of every script it accepts', () => {
  // every string that has a word break or a shell character (a bare name reads the same either way)
  const scripts = allScripts().filter((s) => s.length < 8000 && /[\s;|&$<>()`'"\\]/.test(s));
  assert.ok(scripts.length > 1200, `only ${scripts.length} strings found`);
  let accepted = 0;
  let fellBack = 0;
  const wrong: string[] = [];
  for (const s of scripts) {
    const { mvdan, own } = both(s);
    if (own === 'unsupported') {
      if (mvdan !== null) fellBack++;
      continue;
    }
    // it never accepts what mvdan-sh rejects (mvdan-sh decides what is a syntax error)
    if (mvdan === null) wrong.push(`accepted a script mvdan-sh rejects: ${JSON.stringify(s).slice(0, 200)}`);
    else if (mvdan !== own) wrong.push(`read differently: ${JSON.stringify(s).slice(0, 200)}`);
    else accepted++;
  }
  assert.deepEqual(wrong.slice(0, 10), []);
  // it reads nearly everything itself: a fallback costs mvdan-sh's load and parse
  assert.ok(fellBack * 15 < accepted, `${fellBack} fallbacks for ${accepted} scripts read`);
});

test('what people write in init containers is read without mvdan-sh', () => {
  const common = [
    'until nc -z db 5432; do echo waiting; sleep 2; done',
    'set -e\nmkdir -p /x 2>/dev/null || true\ncp -r /src/. /dst/',
    'cat > /etc/app.conf <<EOF\nhost=$DB_HOST\nEOF\nexec app',
    'for f in /config/*.tmpl; do sed -e "s/@H@/${HOST:-db}/g" "$f" > "/out/$(basename "$f")"; done',
    'i=0; while [ "$i" -lt 30 ]; do i=$((i + 1)); sleep 1; done',
    'if [[ -f /done && -n "$X" ]]; then exit 0; fi',
    'case "$1" in start) run ;; *) usage ;; esac',
    'curl -fsSL \\\n  -o /work/p.tgz \\\n  https://example.com/p.tgz',
  ];
  for (const s of common) assert.doesNotThrow(() => parseWithOwn(s), s);
});

test('constructs it does not read fall back to mvdan-sh, and syntax errors stay errors', () => {
  for (const s of ['echo `date`', 'a=(1 2); echo ${a[0]}', 'diff <(a) <(b)', 'cat <<-EOF\n\tx\n\tEOF', 'echo ${x/a/b}']) {
    assert.throws(() => parseWithOwn(s), Unsupported, s);
    assert.notEqual(both(s).mvdan, null, s);
  }
  for (const s of ['if a; then', 'echo "open', 'done', 'a &&']) assert.throws(() => parseWithOwn(s), Unsupported, s);
  for (const s of HANDWRITTEN) {
    const { mvdan, own } = both(s);
    if (own !== 'unsupported') assert.equal(own, mvdan, s);
  }
});

test('offsets stay right past multi-byte characters', () => {
  const s = 'echo é "ü$x" ${A:-ö}; echo "日本 $y" 😀 $z';
  const { mvdan, own } = both(s);
  assert.notEqual(own, 'unsupported');
  assert.equal(own, mvdan);
});

test('a script-heavy Pod is read without loading mvdan-sh (issue 15: 40 scripts took seconds)', () => {
  const before = { ...parseCounts };
  const text = scriptHeavyPod(1000).replace(/step /g, 'fresh-step ');
  new Analyzer(0).analyze(text, { kubernetesVersion: '1.33' });
  const own = parseCounts.own - before.own;
  assert.ok(own >= 30, `only ${own} scripts parsed`);
  assert.equal(parseCounts.mvdan - before.mvdan, 0);
});

test('mutated scripts: whatever the own parser accepts, mvdan-sh accepts and reads the same', () => {
  // deterministic: a fixed seed over the corpus scripts, 1-3 edits each (insertions of shell tokens,
  // deletions); the fuzzing that found the cases listed in shParser.ts ran the same with other seeds
  const scripts = allScripts().filter((s) => /[;|&$]|\n/.test(s) && s.length < 3000);
  const pieces = [
    ';',
    '&',
    '|',
    '&&',
    '||',
    '$',
    '${',
    '}',
    '$(',
    ')',
    '(',
    '"',
    "'",
    '\\',
    '\n',
    ' ',
    '#',
    '<',
    '>',
    '<<',
    '2>',
    '=',
    'do',
    'done',
    'then',
    'fi',
    'if ',
    '{ ',
    ' }',
    '$((',
    '))',
    '[[ ',
    ' ]]',
    '!',
    '`',
    'EOF',
    'x',
    '\t',
    'case ',
    ' in ',
    ';;',
    'esac',
    'for ',
    'while ',
    'é',
  ];
  let seed = 20261127;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const wrong: string[] = [];
  let accepted = 0;
  for (let n = 0; n < 1000; n++) {
    let s = scripts[Math.floor(rnd() * scripts.length)];
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const at = Math.floor(rnd() * (s.length + 1));
      s = rnd() < 0.4 ? s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 3)) : s.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + s.slice(at);
    }
    const { mvdan, own } = both(s);
    if (own === 'unsupported') continue;
    accepted++;
    if (own !== mvdan) wrong.push(JSON.stringify(s).slice(0, 200));
  }
  assert.ok(accepted > 250, `${accepted} accepted`);
  assert.deepEqual(wrong.slice(0, 5), []);
});
