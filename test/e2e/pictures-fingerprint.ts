/**
 * What determines each README picture (test/e2e/pictures.json), hashed into one fingerprint per shot:
 *   - the shot as specified (action, example, rule, language) and the window it is taken in;
 *   - the example's text;
 *   - what the picture shows, as the analysis computes it in the shot's language: the finding's
 *     headline and hover text, the quick-fix titles, or the timeline model;
 *   - the sources that draw it (the webview's script and CSS and its panel for a timeline) and the
 *     code-server version.
 * `npm run pictures` records the fingerprints in test/e2e/pictures.lock.json beside each picture's
 * hash; test/unit/pictures.test.ts recomputes them and fails ("run npm run pictures") when they
 * differ. A pixel comparison across machines would be flaky; this changes exactly when the picture's
 * content or its drawing code does. (The e2e check, `node test/e2e/pictures.mjs --check`, adds a
 * tolerant comparison of fresh shots with the committed ones.)
 *
 * Run directly it prints, per enabled shot, the fingerprint and where its finding is (1-based line
 * and column), which the harness uses to put the mouse and the caret there:
 *   npx tsx test/e2e/pictures-fingerprint.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnalysisResult, analyze } from '../../server/src/analysis/analyze';
import { fixesFor } from '../../server/src/analysis/fixes';
import { findingsHover } from '../../server/src/analysis/hover';
import { setMessageBundle } from '../../server/src/analysis/i18n';
import type { Finding } from '../../server/src/analysis/rule';
import { buildTimeline } from '../../server/src/analysis/timeline';

export const root = join(__dirname, '..', '..');
export const SPEC_FILE = join(root, 'test', 'e2e', 'pictures.json');
export const LOCK_FILE = join(root, 'test', 'e2e', 'pictures.lock.json');

export type ShotAction = 'hover' | 'quick-fix' | 'timeline';

export interface Shot {
  id: string;
  lang: 'en' | 'zh-cn';
  /** A file in examples/. */
  example: string;
  action: ShotAction;
  /** The finding to hover or fix; for a timeline, the Pod it is in (default: the file's first Pod). */
  rule?: string;
  /** The picture, relative to the repository root. */
  out: string;
  /** false: not taken (yet) — e.g. its example lands with another branch. */
  enabled?: boolean;
}

export interface PictureSpec {
  window: { width: number; height: number; deviceScaleFactor: number };
  shots: Shot[];
}

/** What `npm run pictures` wrote: per picture, its fingerprint and the hash of the PNG. */
export interface PictureLock {
  pictures: Record<string, { out: string; fingerprint: string; sha256: string; width: number; height: number }>;
}

export function readSpec(): PictureSpec {
  return JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as PictureSpec;
}

export function enabledShots(spec: PictureSpec = readSpec()): Shot[] {
  return spec.shots.filter((s) => s.enabled !== false);
}

const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The files whose change redraws a picture of this action. */
const DRAWN_BY: Record<ShotAction | 'all', string[]> = {
  // (the harness's own code is not here: a change to how it crops shows in the --check comparison)
  all: [],
  hover: ['server/src/analysis/detailMarkdown.ts'],
  'quick-fix': [],
  timeline: ['media/timeline.js', 'media/timeline.css', 'client/src/timelinePanel.ts'],
};

function codeServerVersion(): string {
  const m = /CODE_SERVER_VERSION = '([^']+)'/.exec(read('scripts/setup-editor.mjs'));
  if (!m) throw new Error('no CODE_SERVER_VERSION in scripts/setup-editor.mjs');
  return m[1];
}

function withLanguage<T>(lang: Shot['lang'], fn: () => T): T {
  setMessageBundle(lang, lang === 'en' ? undefined : (JSON.parse(read(`l10n/bundle.l10n.${lang}.json`)) as Record<string, string>));
  try {
    return fn();
  } finally {
    setMessageBundle('en', undefined);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function findingOf(shot: Shot, result: AnalysisResult): Finding | null {
  if (!shot.rule) return null;
  const f = result.findings.find((x) => x.rule === shot.rule);
  if (!f) throw new Error(`picture ${shot.id}: examples/${shot.example} has no ${shot.rule} finding`);
  return f;
}

/** What the picture shows, computed by the analysis (in the shot's language). */
export function shown(shot: Shot): { at: { line: number; column: number } | null; severity: string | null; content: unknown } {
  const text = read(join('examples', shot.example));
  return withLanguage(shot.lang, () => {
    const result = analyze(text);
    const finding = findingOf(shot, result);
    const at = finding ? lineColumn(text, finding.start) : null;
    const severity = finding?.severity ?? null;
    switch (shot.action) {
      case 'hover': {
        const f = finding!;
        // the harness shows the hover at the finding's start (the caret, or the mouse on the squiggle)
        const hover = findingsHover(result, f.start);
        return { at, severity, content: { severity: f.severity, headline: f.message, hover: hover?.contents ?? null } };
      }
      case 'quick-fix':
        return { at, severity, content: { headline: finding!.message, fixes: fixesFor(text, result, finding!).map((x) => x.title) } };
      case 'timeline':
        return { at, severity, content: buildTimeline(result, finding ? finding.start : 0) };
    }
  });
}

/**
 * The last words of InitLens's hover as VS Code renders them (markdown escapes, code spans and bold
 * marks gone): the picture is taken once they are in the hover. The diagnostic's own part shows first,
 * and InitLens's detail some frames later (a shot taken between the two had only the first).
 */
export function hoverEnd(contents: unknown): string | null {
  const parts = Array.isArray(contents) ? contents : [contents];
  const last = parts[parts.length - 1] as string | { value?: string } | undefined;
  const markdown = typeof last === 'string' ? last : (last?.value ?? '');
  const plain = markdown
    .replace(/\\(.)/g, '$1')
    .replace(/`|\*\*/g, '')
    .trim();
  return plain ? plain.slice(-16) : null;
}

export function fingerprint(shot: Shot, spec: PictureSpec = readSpec()): string {
  const { at, content } = shown(shot);
  const sources = [...DRAWN_BY.all, ...DRAWN_BY[shot.action]].map((f) => [f, sha256(read(f))]);
  const { enabled: _enabled, ...asSpecified } = shot;
  return sha256(
    JSON.stringify({
      shot: asSpecified,
      window: spec.window,
      codeServer: codeServerVersion(),
      example: sha256(read(join('examples', shot.example))),
      at,
      content,
      sources,
    }),
  );
}

if (require.main === module) {
  const spec = readSpec();
  const out = enabledShots(spec).map((s) => {
    const { at, severity, content } = shown(s);
    const c = content as { headline?: string; fixes?: string[]; hover?: unknown };
    return {
      id: s.id,
      fingerprint: fingerprint(s, spec),
      at,
      severity,
      headline: c.headline ?? null,
      fix: c.fixes?.[0] ?? null,
      hoverEnd: c.hover ? hoverEnd(c.hover) : null,
    };
  });
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
