/** The hover on a volume name: declared as what, mounted by whom where, written and read by whom. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { hoverAt } from '../../server/src/analysis/hover';
import { parseKubeVersion } from '../../server/src/analysis/version';

const TEXT = `apiVersion: v1
kind: Pod
metadata:
  name: site
spec:
  initContainers:
    - name: fetch
      image: busybox:1.36.1
      command: ["sh", "-c", "wget -O /work/index.html http://example.com/ && cat /config/site.conf"]
      volumeMounts:
        - name: workdir
          mountPath: /work
        - name: config
          mountPath: /config
          readOnly: true
  containers:
    - name: web
      image: nginx:1.27.0
      command: ["sh", "-c", "cat /usr/share/nginx/html/index.html && nginx -g 'daemon off;'"]
      volumeMounts:
        - name: workdir
          mountPath: /usr/share/nginx/html
        - name: ghost
          mountPath: /ghost
  volumes:
    - name: workdir
      emptyDir: {}
    - name: config
      configMap:
        name: site-config
`;

function hover(needle: string, nth = 1): { contents: string; range: string } | null {
  let at = -1;
  for (let i = 0; i < nth; i++) at = TEXT.indexOf(needle, at + 1);
  assert.ok(at >= 0);
  const h = hoverAt(analyze(TEXT), at + 2, parseKubeVersion('1.33')!);
  return h ? { contents: h.contents, range: TEXT.slice(h.start, h.end) } : null;
}

test('on the declaration and on a mount: the same hover, on the name', () => {
  const decl = hover('workdir', 3);
  const mount = hover('workdir', 1);
  assert.equal(decl?.range, 'workdir');
  assert.equal(mount?.range, 'workdir');
  assert.equal(decl?.contents, mount?.contents);
});

test('declared as what, mounted by whom where, written and read by whom', () => {
  const h = hover('workdir')!.contents;
  assert.match(h, /^\*\*Volume `workdir`\*\*: `emptyDir`, declared in `volumes`/);
  assert.match(h, /- `fetch` \(init container 1 of 1\) at `\/work`/);
  assert.match(h, /- `web` \(app container\) at `\/usr\/share\/nginx\/html`/);
  assert.match(h, /Written by:\n- `fetch`: `index\.html` \(by `wget -O`\)/);
  assert.match(h, /Read by:\n- `web`: `index\.html` \(by `cat`\)/);
});

test('a read-only configMap read by the init container', () => {
  const h = hover('config', 2)!.contents;
  assert.match(h, /`configMap`/);
  assert.match(h, /at `\/config` \(read-only\)/);
  assert.match(h, /Read by:\n- `fetch`: `site\.conf`/);
  assert.doesNotMatch(h, /Written by/);
});

test('a mount of a volume the Pod does not declare says so', () => {
  const h = hover('ghost')!.contents;
  assert.match(h, /not declared in this Pod/);
});

test('elsewhere: the other hovers, or none', () => {
  assert.doesNotMatch(hover('fetch')?.contents ?? '', /\*\*Volume/);
  assert.equal(hover('site-config'), null);
});
