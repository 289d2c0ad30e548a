/// <reference lib="dom" />
/**
 * Checks over everything the page shows, not over what the chart code meant to draw: every text
 * box in the document (HTML and SVG, the chart and anything added beside it later) is found from the
 * rendered page, then
 * - no two text boxes of different elements intersect;
 * - no SVG text leaves its <svg>; a text on a bar stays inside that bar; no other text touches a bar,
 *   a badge or a button; no hand-off arrow or failure loop passes through a text;
 * - no HTML text sticks out of the page's width (the chart may scroll inside its own box);
 * - every text reaches 4.5:1 against what is painted under it (WCAG AA), with the background composed
 *   from the shapes under the text's centre (SVG) or the element's ancestors (HTML);
 * - every text shortened with "…" has its full text one hover or focus away (`data-tip`).
 */
import type { Page } from 'playwright-core';

export interface PageProblems {
  texts: number;
  overlaps: string[];
  overflows: string[];
  crossings: string[];
  contrast: string[];
  untipped: string[];
  /** The lowest contrast found, for the report. */
  minContrast: number;
}

export async function pageProblems(page: Page): Promise<PageProblems> {
  return page.evaluate(() => {
    type Box = { left: number; top: number; right: number; bottom: number };
    type Text = { el: Element; text: string; box: Box; svg: SVGSVGElement | null };
    const tipEl = document.getElementById('tip');
    const visible = (e: Element): boolean => {
      if (tipEl?.contains(e)) return false;
      if (e.closest('title, script, style, option, [hidden], defs')) return false;
      const cs = getComputedStyle(e);
      return cs.display !== 'none' && cs.visibility !== 'hidden';
    };
    const name = (t: Text): string =>
      `"${t.text.slice(0, 40)}"${t.el.closest('[data-lane]') ? ' [' + t.el.closest('[data-lane]')!.getAttribute('data-lane') + ']' : ''}`;

    // every text on the page: SVG <text>/<tspan> with their own characters, HTML text nodes by line
    const texts: Text[] = [];
    const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const parent = n.parentElement;
      if (!text || !parent || !visible(parent)) continue;
      const svg = parent.closest('svg') as SVGSVGElement | null;
      if (svg) {
        const r = parent.getBoundingClientRect();
        if (r.width > 0) texts.push({ el: parent, text, box: r, svg });
        continue;
      }
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of Array.from(range.getClientRects())) if (r.width > 0.5) texts.push({ el: parent, text, box: r, svg: null });
    }
    const inter = (a: Box, b: Box, slack = 0.5): boolean =>
      a.left + slack < b.right && b.left + slack < a.right && a.top + slack < b.bottom && b.top + slack < a.bottom;
    const inside = (a: Box, b: Box, slack = 0.5): boolean =>
      a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;

    // the glyphs' real extent: an SVG text's client rect is its line box (ascent to descent); use it
    const overlaps: string[] = [];
    // sweep down the page: only boxes that start above another's bottom can meet it
    const byTop = [...texts].sort((a, b) => a.box.top - b.box.top);
    for (let i = 0; i < byTop.length; i++) {
      for (let j = i + 1; j < byTop.length && byTop[j].box.top < byTop[i].box.bottom; j++) {
        const a = byTop[i];
        const b = byTop[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        if (inter(a.box, b.box, 1)) overlaps.push(`${name(a)} × ${name(b)}`);
      }
    }

    const overflows: string[] = [];
    const crossings: string[] = [];
    const pageW = document.documentElement.clientWidth;
    const shapes = Array.from(document.querySelectorAll('svg .bar-rect, svg .bar-pull, svg .finding-dot, svg .fail-btn, svg .chip')).filter(
      (e) => !e.closest('.swatch'),
    );
    for (const t of texts) {
      if (!t.svg) {
        if (t.box.left < -0.5 || t.box.right > pageW + 0.5)
          overflows.push(`${name(t)} leaves the page (${Math.round(t.box.left)}–${Math.round(t.box.right)} of ${pageW})`);
        continue;
      }
      if (!inside(t.box, t.svg.getBoundingClientRect(), 1)) overflows.push(`${name(t)} leaves its svg`);
      const own = t.el.closest('.bar, .finding, .fail-toggle');
      const ownShape = own ? own.querySelector('.bar-rect, .finding-dot, .fail-btn') : null;
      if (ownShape && !t.el.closest('.swatch')) {
        // glyphs of a bar text sit inside the bar (its line box is a little taller than the glyphs)
        const s = ownShape.getBoundingClientRect();
        const glyphs = { left: t.box.left, right: t.box.right, top: t.box.top + 2, bottom: t.box.bottom - 2 };
        if (!inside(glyphs, s, 1)) overflows.push(`${name(t)} overflows its ${ownShape.getAttribute('class')}`);
      }
      // a badge's or a button's text drawn inside its own shape may sit over a bar with it
      const contained = ownShape && !ownShape.classList.contains('bar-rect') && inside(t.box, ownShape.getBoundingClientRect(), 3);
      for (const s of contained ? [] : shapes) {
        if (s === ownShape || (t.el.classList.contains('chip-text') && s.classList.contains('chip'))) continue;
        if (t.svg !== s.closest('svg')) continue;
        if (inter(t.box, s.getBoundingClientRect(), 1.5))
          crossings.push(
            `${name(t)} touches ${s.getAttribute('class')}${s.closest('[data-lane]') ? ' [' + s.closest('[data-lane]')!.getAttribute('data-lane') + ']' : ''}`,
          );
      }
    }
    // lines through text: sample every arrow and loop
    for (const p of Array.from(document.querySelectorAll('svg .handoff, svg .retry-loop')) as SVGPathElement[]) {
      if (p.closest('.swatch')) continue;
      const m = p.getScreenCTM();
      if (!m) continue;
      const len = p.getTotalLength();
      for (let d = 0; d <= len; d += 2) {
        const q = p.getPointAtLength(d);
        const x = m.a * q.x + m.c * q.y + m.e;
        const y = m.b * q.x + m.d * q.y + m.f;
        const hit = texts.find((t) => t.svg && x > t.box.left + 1 && x < t.box.right - 1 && y > t.box.top + 2 && y < t.box.bottom - 2);
        if (hit) {
          crossings.push(`${p.getAttribute('class')} ${p.getAttribute('data-from') ?? ''}→${p.getAttribute('data-to') ?? ''} crosses ${name(hit)}`);
          break;
        }
      }
    }

    // contrast
    const parse = (css: string): number[] | null => {
      const m = /^rgba?\(([^)]+)\)$/.exec(css.trim());
      if (!m) return null;
      const p = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top: number[], under: number[]): number[] => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const lum = (c: number[]): number => {
      const f = (v: number): number => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a: number[], b: number[]): number => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const htmlBg = (e: Element | null): number[] => {
      const chain: number[][] = [];
      for (let x = e; x; x = x.parentElement) {
        const c = parse(getComputedStyle(x).backgroundColor);
        if (c && c[3] > 0) chain.push(c);
      }
      let bg = [255, 255, 255, 1];
      for (const c of chain.reverse()) bg = over(c, bg);
      return bg;
    };
    const contrast: string[] = [];
    let minContrast = Infinity;
    for (const t of texts) {
      let fg: number[] | null;
      let bg: number[];
      if (t.svg) {
        const cs = getComputedStyle(t.el);
        fg = parse(cs.fill);
        if (fg) fg[3] *= Number(cs.fillOpacity || 1);
        bg = htmlBg(t.svg.parentElement);
        const cx = (t.box.left + t.box.right) / 2;
        const cy = (t.box.top + t.box.bottom) / 2;
        const textEl = t.el.closest('text') ?? t.el;
        for (const s of Array.from(t.svg.querySelectorAll('rect, circle, path'))) {
          if (s.closest('defs, marker, pattern')) continue;
          if (!(s.compareDocumentPosition(textEl) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
          const scs = getComputedStyle(s);
          const f = parse(scs.fill);
          if (!f || scs.fill.startsWith('url')) continue;
          const r = s.getBoundingClientRect();
          if (cx < r.left || cx > r.right || cy < r.top || cy > r.bottom) continue;
          f[3] *= Number(scs.fillOpacity || 1) * Number(scs.opacity || 1);
          if (f[3] > 0) bg = over(f, bg);
        }
      } else {
        fg = parse(getComputedStyle(t.el).color);
        bg = htmlBg(t.el);
      }
      if (!fg) continue;
      const c = ratio(over(fg, bg), bg);
      minContrast = Math.min(minContrast, c);
      if (c < 4.5)
        contrast.push(
          `${name(t)} ${c.toFixed(2)}:1 (${getComputedStyle(t.el).getPropertyValue(t.svg ? 'fill' : 'color')} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}))`,
        );
    }

    // shortened texts carry the full text
    const untipped: string[] = [];
    for (const t of texts) {
      if (!t.svg || !t.text.includes('…')) continue;
      const holder = t.el.closest('[data-tip]');
      const tip = holder?.getAttribute('data-tip') ?? '';
      // every whole word before the "…" is in the tip (the last one may be cut)
      const words = t.text
        .split('…')[0]
        .trim()
        .split(/\s+/)
        .slice(0, -1)
        .map((w) => w.replace(/^[·:;,()]+|[·:;,()]+$/g, ''))
        .filter(Boolean);
      if (!holder || tip.length <= t.text.length - 1 || !words.every((w) => tip.includes(w)))
        untipped.push(`${name(t)} (tip: ${JSON.stringify(tip.slice(0, 60))})`);
    }
    return { texts: texts.length, overlaps, overflows, crossings, contrast, untipped, minContrast };
  });
}
