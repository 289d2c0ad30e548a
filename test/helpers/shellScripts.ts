/**
 * Shell scripts to compare the two shell parsers on (test/unit/shParser.test.ts): every string
 * scalar of the fixtures, examples and the real-world corpus (scripts and everything else: a
 * parser that reads a config file as a script must agree too), and scripts written to hit each
 * construct.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { yamlFiles } from './files';
import { scriptHeavyPod } from './perfInputs';

const root = path.join(__dirname, '..', '..');

export function scalarsOf(text: string): string[] {
  const out: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Scalar(_k, n) {
        if (isScalar(n) && typeof n.value === 'string' && n.value.length > 0 && n.value.length < 20_000) out.push(n.value);
      },
    });
  }
  return out;
}

/** Constructs one by one, and the ways people write them in init containers. */
export const HANDWRITTEN: readonly string[] = [
  'a | b | c',
  'a && b || c;',
  '! a | b & x=1 y= z+=2',
  'cat > /w <<EOF\nhi $x\n$(date)\nEOF\necho',
  "cat <<'E'\nraw $x\nE",
  'cat <<EOF\nEOF',
  'cat <<"EOF" > /out\n${A}\nEOF\n',
  'cat <<EOF | tee /x && echo done\na $B\nEOF\n',
  'echo a\\\nb "c\\\nd" $\'x\\ny\' "a\\"b\\$c"',
  'local -r x=1 y $(z) "q=1" w=',
  'export A=1 B C=$(cat /x) "$D"',
  'declare -x FOO=bar; readonly R=1',
  '${x:-} ${x-a b} ${#x} ${!x} $1x $@ ${x#*/} $',
  'echo "${x:-a b}" "${y:=$z}" "${HOME}/bin" "$@" "$#" "$?"',
  'f() { a; } ; function g { b; }',
  'a 2>/dev/null >&2 &>x 3<>y <<<"s"',
  'if a; then b; elif c; then d; else e; fi',
  'while a; do b; done; until c; do :; done &',
  'for x in a b; do c; done; for y; do :; done',
  'case $x in a|b) c;; *) d ;; esac',
  'case "$1" in\n  start) run ;;\n  (stop) halt\n    ;;\n  *)\n    usage\nesac',
  '[[ -f x && $a == "b" || ! -z $c ]]; (( i++ )); x=$((i + 1)); ((n = n * 2 + 1))',
  '{ a; b; } > f; (c) 2>&1 | d',
  'echo "$x" a \\\n  b',
  'a \\\n  b\n#c\nd # e',
  'until nc -z db 5432; do echo waiting; sleep 2; done',
  'while true; do sleep 3600; done',
  "timeout 300 sh -c 'until nslookup db; do sleep 2; done'",
  'set -e\nmkdir -p /x 2>/dev/null || true\ncp -r /src/. /dst/\nchown -R 1000:1000 /dst',
  'i=0\nwhile [ $i -lt 10 ]; do\n  i=$((i+1))\n  sleep 1\ndone\n[ "$i" -ge 10 ] && exit 1',
  'for f in /config/*.tmpl; do\n  sed -e "s/@HOST@/${DB_HOST}/g" "$f" > "/work/conf/$(basename "$f" .tmpl)"\ndone',
  'echo "$(date +%s) start" >> /log; exec "$@"',
  'x=$(( (a + b) * 2 ** 3 % 5 )); y=$(( x << 2 | 1 )); (( x >= 3 && y != 0 || !z ))',
  '(( count += 1 )); (( --n )); (( m-- ))',
  'echo ${a:+set} ${b:?missing} ${c%%.*} ${d##*/} ${e%.*}',
  'if ! touch /x; then echo ro; exit 1; fi',
  'test -f /a && [ -d /b ] || { echo no; exit 1; }',
  'echo é "ü$x" ${Ä:-ö}; echo "日本 $y"',
  'cmd | while read line; do echo "$line"; done',
  'curl -fsSL "https://x/$(uname -m)/p.tgz" | tar -xz -C /opt',
  'echo `date`',
  'a=(1 2 3); echo ${a[0]}',
  'for ((i=0;i<3;i++)); do echo $i; done',
  'diff <(a) <(b)',
  'echo ${x/a/b} ${x:1:2}',
  'cat <<-EOF\n\tindented\n\tEOF',
  'coproc x; select y in a; do :; done',
  'echo $"x"',
  'if [[ $x =~ ^a+$ ]]; then :; fi',
  'a |& b',
  'let i=i+1',
  'echo "unterminated',
  'if a; then',
  'done',
  'echo )',
  '',
  '   ',
  '# only a comment',
  'echo a # comment\n# another\necho b',
  "echo 'it'\\''s' \"a'b\" 'c\"d'",
  'trap "echo bye" TERM; sleep infinity & wait',
  'exec nginx -g "daemon off;"',
  'nslookup db.default.svc.cluster.local; echo $?',
  'echo "${VAR}" \'$NOT\' "\\$ESC" $$ $! $0 $9',
  'while :; do if [ -f /done ]; then break; fi; sleep 1; done',
  'A=1 B=2 cmd arg; C= cmd2',
  'echo a;b;c&d',
  'echo {a,b} {} "{" ~/x ~user a=b --opt=val',
  'echo $((1+2)) $(( $x * ${y:-2} )) "$((z))"',
  'echo $(echo $(echo nested)) "$(echo "in $(echo q)")"',
  'f(){ echo; }; f',
  'echo x >out 2>&1; echo y &>/dev/null; cat <in',
  'echo "a\nb" \'c\nd\'',
  'ls\n\n\nls;\n',
  '! a && b',
  'a & b & c',
  'until [ -n "$(cat /x 2>/dev/null)" ]; do sleep 1; done',
  ...scriptHeavyPod(200)
    .split('args:\n        - |\n')
    .slice(1)
    .map((b) => b.split('\n      volumeMounts')[0].replace(/^ {10}/gm, '')),
];

/** Every string scalar of the fixtures, examples and corpus, then the handwritten scripts. */
export function allScripts(): string[] {
  const seen = new Set<string>();
  const dirs = [path.join(root, 'test', 'fixtures'), path.join(root, 'examples'), path.join(root, '..', 'shared', 'corpus')];
  for (const dir of dirs) {
    for (const file of yamlFiles(dir)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const s of scalarsOf(text)) seen.add(s);
    }
  }
  for (const s of HANDWRITTEN) seen.add(s);
  return [...seen];
}
