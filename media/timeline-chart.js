// @ts-check
/**
 * The timeline chart as SVG, in four steps a reader can take one at a time:
 *   1. measure — text widths from the font the page really uses (a canvas, no guessing per char);
 *   2. layout  — the label column, one column per slot sized from the text it must hold, one row per
 *                lane (taller when a failure path is open), and the hand-off routes; pure numbers;
 *   3. draw    — headers, lanes, bars, badges, failure paths and hand-offs from the layout;
 *   4. paint   — every text's colour checked against what lies under it (WCAG AA, 4.5:1) and
 *                darkened or lightened until it reads, in whatever theme the page has.
 * Text that does not fit is wrapped or shortened with "…", and the element carries the full text
 * in `data-tip` (the page shows it on hover and focus) — nothing is cut silently.
 *
 * Used by media/timeline.js (the panel) and media/timeline-export.js (standalone SVG/PNG):
 * `InitLensChart.draw(model, {width, interactive, failure, host})`.
 */
(() => {
  /** @typedef {{min: number, max: number|null, never: boolean, text: string, basis: string|null}} Duration */
  /** @typedef {{kind: string, label: string, from: number, to: number, duration: Duration, gates: boolean, range: [number, number]|null}} Bar */
  /** @typedef {{rule: string, severity: string, message: string, start: number, end: number}} Finding */
  /** @typedef {{outcome: string, summary: string, status: string|null, backoff: number[]|null, details: string[]}} Failure */
  /** @typedef {{id: string, name: string, role: string, list: string, index: number, image: string|null, pullPolicy: string, pullPolicyDefaulted: boolean, range: [number, number], selection: [number, number], bars: Bar[], probes: {kind: string, text: string}[], failure: Failure, findings: Finding[]}} Lane */
  /** @typedef {{id: string, kind: string, label: string, duration: Duration}} Slot */
  /** @typedef {{volume: string, source: string|null, from: string, mountPath: string|null, writes: boolean, to: string[]}} Handoff */
  /** @typedef {{bestSeconds: number, worstSeconds: number|null, dominant: string|null, text: string}} Summary */
  /** @typedef {{object: string|null, kind: string|null, workload: string, partial: boolean, podIndex: number, podCount: number, restartPolicy: string, restartPolicyDefaulted: boolean, slots: Slot[], lanes: Lane[], handoffs: Handoff[], deadline: {seconds: number, scope: string}|null, gracePeriod: {seconds: number, defaulted: boolean}, backoffLimit: number|null, podFindings: Finding[], notes: string[], mermaid: string, summary?: Summary|null}} Model */

  const SVG = 'http://www.w3.org/2000/svg';
  const IL = /** @type {any} */ (window).InitLens || /** @type {any} */ ((window.InitLens = {}));

  // ── shared helpers (the panel and the export use them too) ───────────────────────────────────

  /** @type {Record<string, unknown>} */
  const STRINGS = (() => {
    const block = document.getElementById('initlens-l10n');
    if (!block) return {};
    try {
      const parsed = JSON.parse(block.textContent || '{}');
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch (_e) {
      return {};
    }
  })();

  /**
   * A text in the display language, `{0}`… replaced by the arguments (as VS Code's l10n.t).
   * @param {string} message the English text, also the key
   * @param {...(string|number)} args
   */
  function t(message, ...args) {
    const translated = STRINGS[message];
    const text = typeof translated === 'string' && translated ? translated : message;
    return text.replace(/\{(\d+)\}/g, (m, i) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
  }

  /** @param {string} tag @param {Record<string, string|number>} [attrs] @param {string} [text] */
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** @param {Lane} lane */
  function roleText(lane) {
    return lane.role === 'init' ? t('init container') : lane.role === 'sidecar' ? t('native sidecar') : t('app container');
  }

  /** @param {number} n seconds */
  function secondsText(n) {
    return n >= 60 && n % 60 === 0 ? t('{0} min', n / 60) : t('{0} s', n);
  }

  /** @param {string} severity */
  function severityText(severity) {
    return severity === 'error' ? t('error') : severity === 'warning' ? t('warning') : t('info');
  }

  // ── 1. measure ──────────────────────────────────────────────────────────────────────────────

  /** Text styles of the chart: size, weight. The CSS (media/timeline.css) uses the same numbers. */
  const FONT = {
    name: { size: 12, weight: 600 },
    role: { size: 10, weight: 400 },
    slot: { size: 11, weight: 600 },
    slotDur: { size: 10, weight: 400 },
    bar: { size: 10.5, weight: 400 },
    fail: { size: 10.5, weight: 400 },
    failStatus: { size: 10.5, weight: 600 },
    handoff: { size: 10, weight: 600 },
    chip: { size: 9.5, weight: 600 },
  };

  /** @type {CanvasRenderingContext2D|null} */
  let ctx2d = null;
  /** @type {Map<string, number>} */
  const widthCache = new Map();
  let family = '';

  /** The width of `text` in one of the chart's text styles, in CSS pixels. @param {string} text @param {{size: number, weight: number}} f */
  function measure(text, f) {
    if (!ctx2d) ctx2d = document.createElement('canvas').getContext('2d');
    const font = `${f.weight} ${f.size}px ${family}`;
    const key = font + '\u0000' + text;
    let w = widthCache.get(key);
    if (w === undefined) {
      if (ctx2d) {
        ctx2d.font = font;
        w = ctx2d.measureText(text).width;
      } else w = text.length * f.size * 0.6;
      widthCache.set(key, w);
    }
    return w;
  }

  /**
   * `text` shortened to `max` pixels with "…" at the end (or in the middle for names and images, so
   * both ends stay readable). @param {string} text @param {number} max @param {{size: number, weight: number}} f @param {boolean} [middle]
   */
  function shorten(text, max, f, middle) {
    if (measure(text, f) <= max) return text;
    if (max < measure('…', f) + 2) return '';
    let lo = 0;
    let hi = text.length;
    // the longest cut that fits, by bisection on the number of characters kept
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (measure(cut(text, mid, middle), f) <= max) lo = mid;
      else hi = mid - 1;
    }
    return lo === 0 ? '' : cut(text, lo, middle);
  }

  /** @param {string} text @param {number} keep @param {boolean} [middle] */
  function cut(text, keep, middle) {
    if (!middle) return text.slice(0, keep).trimEnd() + '…';
    const head = Math.ceil(keep * 0.6);
    return text.slice(0, head) + '…' + text.slice(text.length - (keep - head));
  }

  /**
   * `text` broken into at most `maxLines` lines of at most `max` pixels: at spaces, then after `-`,
   * `/`, `:` or `.`; the last line shortened with "…" when it still does not fit.
   * @param {string} text @param {number} max @param {{size: number, weight: number}} f @param {number} maxLines
   * @returns {{lines: string[], cut: boolean}}
   */
  function wrap(text, max, f, maxLines) {
    const pieces = text.match(/[^\s\-/:.]*[\s\-/:.]*/g)?.filter(Boolean) ?? [text];
    /** @type {string[]} */
    const lines = [];
    let line = '';
    for (let i = 0; i < pieces.length; i++) {
      const next = line + pieces[i];
      if (!line || measure(next.trimEnd(), f) <= max) {
        line = next;
        continue;
      }
      lines.push(line.trimEnd());
      line = pieces[i];
      if (lines.length === maxLines - 1) {
        line = pieces.slice(i).join('');
        break;
      }
    }
    if (line) lines.push(line.trimEnd());
    let wasCut = false;
    for (let i = 0; i < lines.length; i++) {
      if (measure(lines[i], f) > max) {
        lines[i] = shorten(lines[i], max, f);
        wasCut = true;
      }
    }
    return { lines: lines.filter((l) => l !== ''), cut: wasCut || lines.some((l) => l === '') };
  }

  // ── 2. layout ───────────────────────────────────────────────────────────────────────────────

  /**
   * @typedef {{x: number, lanes: Set<string>}} Channel a hand-off's vertical run and the lanes it crosses
   * @typedef {{width: number, natural: number, narrow: boolean, labelW: number, pad: number, trackX: number, trackW: number,
   *   headH: number, headLines: string[][], rowH: number, barH: number, xs: number[],
   *   rows: Map<string, {y: number, h: number, failH: number, nameLines: string[]}>, height: number, channels: Channel[],
   *   badgeX: Map<string, number>, failure: string[], interactive: boolean}} Layout
   */

  const PAD = 8;
  const MIN_COL = 44;
  const HEAD_LINE = 13;
  const BAR_H = 18;

  /** What a bar says on itself: its duration, with the first words of its label for the long bars. @param {Bar} bar */
  function barText(bar) {
    if (bar.kind !== 'running' && bar.kind !== 'stop') return bar.duration.text;
    let head = bar.label.split(/[:;,(：；，（]/)[0].trim();
    // "SIGTERM after the app containers" → "SIGTERM": the rest is in the tip and the text view
    if (bar.kind === 'stop' && head.split(/\s+/).length > 2) head = head.split(/\s+/)[0];
    return head + ' · ' + bar.duration.text;
  }

  /** The pull bar's width in a column. @param {number} colW */
  function pullWidth(colW) {
    return Math.min(26, Math.max(6, colW * 0.22));
  }

  /**
   * Widths of the label column and of each slot column, the lanes' rows and the hand-off channels.
   * @param {Model} model @param {{width: number, failure: string[], interactive: boolean}} o @returns {Layout}
   */
  function layout(model, o) {
    const narrow = o.width < 560;
    // the label column: as wide as the longest name (+ the "!" button), within a third of the width;
    // exports keep the button's room so they lay out exactly as the panel does
    const toggleW = 22;
    const nameW = Math.max(60, ...model.lanes.map((l) => measure(l.name, FONT.name)));
    const chipW = model.summary?.dominant ? measure(t('dominates'), FONT.chip) + 16 : 0;
    const roleW = Math.max(...model.lanes.map((l) => measure(roleText(l), FONT.role) + (model.summary && l.id === model.summary.dominant ? chipW : 0)), 40);
    const wantLabel = Math.ceil(Math.max(nameW, roleW) + toggleW + PAD * 2);
    const labelW = narrow ? 0 : Math.min(wantLabel, Math.max(110, Math.round(o.width * 0.3)));
    const trackX = labelW + PAD;

    // each slot column's need: its heading (wrapped to ≤ 2 lines), its duration, its one-slot bars
    const need = model.slots.map((slot, i) => {
      // the heading: the narrowest width at which it wraps into two lines uncut (at most 160 px)
      let lo = Math.min(measure(slot.label, FONT.slot), Math.max(60, longestWord(slot.label, FONT.slot)));
      let hi = Math.max(lo, measure(slot.label, FONT.slot));
      while (hi - lo > 2) {
        const mid = (lo + hi) / 2;
        if (wrap(slot.label, mid, FONT.slot, 2).cut) lo = mid;
        else hi = mid;
      }
      let n = Math.min(hi, 160) + 8;
      n = Math.max(n, measure(slot.duration.text, FONT.slotDur) + 8);
      for (const lane of model.lanes) {
        const pulled = lane.bars.some((b) => b.kind === 'pull' && b.from === i);
        const main = mainBarOf(lane);
        const here = lane.bars.filter((b) => b.kind !== 'pull' && b.from === i && b.to === i);
        // bars that share the slot sit side by side: the column needs the widest one times their number
        let widest = 0;
        for (const bar of here) {
          const extra = (bar.duration.never || bar.duration.max === null ? 14 : 0) + (bar === main && lane.findings.length ? 20 : 0);
          widest = Math.max(widest, measure(barText(bar), FONT.bar) + 12 + extra);
        }
        if (here.length) n = Math.max(n, widest * here.length + (pulled ? 28 : 0));
      }
      return Math.ceil(n);
    });
    const needSum = need.reduce((a, b) => a + b, 0);
    const natural = Math.ceil(wantLabel + PAD * 2 + needSum);
    const avail = Math.max(o.width - trackX - PAD, model.slots.length * MIN_COL);
    const width = Math.max(o.width, trackX + avail + PAD);
    /** @type {number[]} */
    let widths;
    if (needSum <= avail) {
      // room to spare: every column gets what it needs, the rest goes by the slot's weight
      const weights = model.slots.map(slotWeight);
      const wsum = weights.reduce((a, b) => a + b, 0) || 1;
      const spare = avail - needSum;
      widths = need.map((n, i) => n + (spare * weights[i]) / wsum);
    } else {
      // too little: columns that need little get all of it, the widest share what is left (each
      // keeps at least MIN_COL): the cap is found by bisection so the columns fill the track exactly
      const fit = (/** @type {number} */ cap) => need.reduce((a, n) => a + Math.max(MIN_COL, Math.min(n, cap)), 0);
      let lo = MIN_COL;
      let hi = Math.max(...need);
      for (let k = 0; k < 30; k++) {
        const mid = (lo + hi) / 2;
        if (fit(mid) <= avail) lo = mid;
        else hi = mid;
      }
      widths = need.map((n) => Math.max(MIN_COL, Math.min(n, lo)));
      const rest = avail - widths.reduce((a, b) => a + b, 0);
      widths = widths.map((w) => w + rest / widths.length);
    }
    /** @type {number[]} */
    const xs = [trackX];
    for (const w of widths) xs.push(xs[xs.length - 1] + w);

    // headings: wrapped to two lines in their column
    const headLines = model.slots.map((s, i) => wrap(s.label, widths[i] - 6, FONT.slot, 2));
    const headRows = Math.max(1, ...headLines.map((h) => h.lines.length));
    const headH = 6 + headRows * HEAD_LINE + 18;

    // rows: a lane's name wraps to two lines in the label column
    const rows = new Map();
    const nameMax = narrow ? avail : labelW - toggleW - PAD * 2;
    const nameWraps = model.lanes.map((l) => wrap(l.name, nameMax, FONT.name, narrow ? 1 : 2));
    const twoLines = nameWraps.some((w) => w.lines.length > 1);
    const rowH = narrow ? 50 : twoLines ? 46 : 36;
    let y = headH;
    model.lanes.forEach((lane, i) => {
      const open = o.failure.includes(lane.id);
      const failH = open ? failureHeight(lane, avail) : 0;
      rows.set(lane.id, { y, h: rowH, failH, nameLines: nameWraps[i].lines });
      y += rowH + failH;
    });

    const L = /** @type {Layout} */ ({
      width,
      natural,
      narrow,
      labelW,
      pad: PAD,
      trackX,
      trackW: avail,
      headH,
      headLines: headLines.map((h) => h.lines),
      rowH,
      barH: BAR_H,
      xs,
      rows,
      height: y + 6,
      channels: [],
      badgeX: new Map(),
      failure: o.failure,
      interactive: o.interactive,
    });
    L.channels = channels(model, L);
    return L;
  }

  /** @param {string} text @param {{size: number, weight: number}} f */
  function longestWord(text, f) {
    return Math.max(0, ...text.split(/[\s\-/]+/).map((w) => measure(w, f)));
  }

  /** Relative widths of spare room: schematic, not to scale — the durations are written on the bars. @param {Slot} s */
  function slotWeight(s) {
    if (s.kind === 'running') return 2.2;
    if (s.kind === 'stop-sidecar' || s.kind === 'stop-app') return 1.2;
    const d = s.duration;
    if (d.never || d.max === null) return 2;
    return 1 + Math.min(1.5, Math.log10(1 + d.max) / 1.5);
  }

  /** The failure path's lines (status, back-off steps, the summary without the steps repeated). @param {Lane} lane */
  function failureLines(lane) {
    const f = lane.failure;
    const first = [f.status || '', f.backoff ? t('back-off {0} (cap)', f.backoff.map(secondsText).join(' → ')) : ''].filter(Boolean).join(' · ');
    // the summary names the back-off steps too ("(10 s, 20 s, 40 s … capped at 5 min)"): once is enough
    const steps = t('10 s, 20 s, 40 s … capped at 5 min');
    let summary = f.summary;
    if (f.backoff) summary = summary.replace(' (' + steps + ')', '').replace('（' + steps + '）', '');
    return { first, summary };
  }

  /** Height of a lane's open failure path: the loop, then its wrapped text. @param {Lane} lane @param {number} avail */
  function failureHeight(lane, avail) {
    const { first, summary } = failureLines(lane);
    const w = Math.max(160, avail * 0.62);
    const lines = (first ? 1 : 0) + wrap(summary, w, FONT.fail, 4).lines.length;
    return 14 + lines * 13 + 6;
  }

  /** Hand-off routes: down the boundary after the writer's bar, to the row of each reader. @param {Model} model @param {Layout} L */
  function channels(model, L) {
    /** @type {Channel[]} */
    const out = [];
    const order = model.lanes.map((l) => l.id);
    for (const h of model.handoffs) {
      const writer = model.lanes.find((l) => l.id === h.from);
      const main = writer && mainBarOf(writer);
      if (!writer || !main || !h.to.length) continue;
      const last = Math.max(...h.to.map((id) => order.indexOf(id)));
      const lanes = new Set(order.slice(order.indexOf(h.from), last + 1));
      out.push({ x: L.xs[main.to + 1], lanes });
    }
    return out;
  }

  /** The bar a lane's findings and hand-offs attach to. @param {Lane} lane */
  function mainBarOf(lane) {
    return (
      lane.bars.find((b) => b.kind === 'run' || (b.kind === 'startup' && lane.role !== 'app')) ||
      lane.bars.find((b) => lane.role === 'app' && b.kind === 'running') ||
      lane.bars.find((b) => b.kind !== 'pull') ||
      null
    );
  }

  /**
   * The widest stretch of [x0, x1] in a lane's row that no hand-off channel crosses.
   * @param {Layout} L @param {string} laneId @param {number} x0 @param {number} x1 @returns {[number, number]}
   */
  function freeSpan(L, laneId, x0, x1) {
    const cuts = L.channels
      .filter((c) => c.lanes.has(laneId) && c.x > x0 && c.x < x1)
      .map((c) => c.x)
      .sort((a, b) => a - b);
    let best = /** @type {[number, number]} */ ([x0, x1]);
    if (!cuts.length) return best;
    let bestW = -1;
    let from = x0;
    for (const c of [...cuts, x1 + 5]) {
      const span = /** @type {[number, number]} */ ([from, c - 5]);
      if (span[1] - span[0] > bestW) {
        best = span;
        bestW = span[1] - span[0];
      }
      from = c + 5;
    }
    return best;
  }

  // ── 3. draw ─────────────────────────────────────────────────────────────────────────────────

  /**
   * The chart for `model`: an <svg> (not yet in the page). `o.host` gets callbacks for interaction.
   * @param {Model} model
   * @param {{width: number, failure: string[], interactive: boolean, host?: {reveal(s: number, e: number): void, toggleFailure(id: string): void, onBarKey(ev: KeyboardEvent, go: () => void): void}}} o
   */
  function draw(model, o) {
    family = getComputedStyle(document.body).fontFamily || 'sans-serif';
    const L = layout(model, o);
    const s = svg('svg', {
      class: 'chart',
      width: L.width,
      height: L.height,
      viewBox: `0 0 ${L.width} ${L.height}`,
      role: 'group',
      xmlns: SVG,
      'data-natural-width': L.natural,
    });
    s.appendChild(defs());
    s.appendChild(slotHeaders(model, L));
    const lanes = svg('g', { class: 'lanes' });
    const dominant = model.summary ? model.summary.dominant : null;
    for (const [li, lane] of model.lanes.entries()) lanes.appendChild(laneGroup(lane, li, L, lane.id === dominant, o));
    s.appendChild(lanes);
    s.appendChild(handoffLinks(model, L));
    return { svg: s, layout: L };
  }

  function defs() {
    const d = svg('defs');
    const arrow = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    arrow.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }));
    const failArrow = svg('marker', {
      id: 'arrow-fail',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    });
    failArrow.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head fail' }));
    const hatch = svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    hatch.appendChild(svg('rect', { width: 6, height: 6, class: 'hatch-bg' }));
    hatch.appendChild(svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }));
    d.append(arrow, failArrow, hatch);
    return d;
  }

  /** Slot headings (wrapped, shortened only with the full text as a tip) and the column lines. @param {Model} model @param {Layout} L */
  function slotHeaders(model, L) {
    const { xs, headH, height } = L;
    const g = svg('g', { class: 'slots' });
    model.slots.forEach((slot, i) => {
      const x0 = xs[i];
      const x1 = xs[i + 1];
      if (i % 2 === 1) g.appendChild(svg('rect', { x: x0, y: headH - 4, width: x1 - x0, height: height - headH + 4, class: 'slot-band' }));
      g.appendChild(
        svg('line', { x1: x0, y1: 4, x2: x0, y2: height, class: 'slot-line' + (slot.kind === 'app-start' || slot.kind === 'stop-app' ? ' phase' : '') }),
      );
      const lines = L.headLines[i];
      const full = slot.label + ': ' + slot.duration.text;
      const cutHead = lines.some((l) => l.endsWith('…'));
      const label = svg('text', { x: x0 + 3, y: 4 + HEAD_LINE - 2, class: 'slot-label', 'data-tip': full, 'aria-label': full });
      for (const [k, line] of lines.entries()) label.appendChild(svg('tspan', { x: x0 + 3, dy: k === 0 ? 0 : HEAD_LINE }, line));
      if (cutHead && L.interactive) label.setAttribute('tabindex', '0');
      g.appendChild(label);
      const dur = shorten(slot.duration.text, x1 - x0 - 6, FONT.slotDur);
      if (dur) g.appendChild(svg('text', { x: x0 + 3, y: headH - 8, class: 'slot-duration', 'data-tip': full }, dur));
    });
    return g;
  }

  /**
   * One container's row: band, label, "!" button, bars, findings badge, and its failure path when open.
   * @param {Lane} lane @param {number} li @param {Layout} L @param {boolean} dominant
   * @param {Parameters<typeof draw>[1]} o
   */
  function laneGroup(lane, li, L, dominant, o) {
    const row = /** @type {{y: number, h: number, failH: number, nameLines: string[]}} */ (L.rows.get(lane.id));
    const g = svg('g', {
      class: 'lane role-' + lane.role + (dominant ? ' dominant' : ''),
      'data-lane': lane.id,
      role: 'list',
      'aria-label': lane.name + ', ' + roleText(lane),
    });
    if (li % 2 === 0) g.appendChild(svg('rect', { x: 0, y: row.y, width: L.width, height: row.h + row.failH, class: 'lane-band' }));
    const by = L.narrow ? row.y + row.h - BAR_H - 6 : row.y + (row.h - BAR_H) / 2;
    g.append(...laneLabel(lane, L, row, dominant));
    if (o.interactive && o.host) g.appendChild(failToggle(lane, L, row, o.host));
    g.append(...laneBars(lane, L, by, dominant, o));
    if (lane.findings.length) g.appendChild(findingBadge(lane, L, by, o));
    if (row.failH) g.appendChild(failurePath(lane, L, row, by));
    return g;
  }

  /** Name (≤ 2 lines), role and the "dominates" chip. @param {Lane} lane @param {Layout} L @param {{y: number, h: number, nameLines: string[]}} row @param {boolean} dominant */
  function laneLabel(lane, L, row, dominant) {
    const out = [];
    // narrow: name and role above the bars, in the part of the row no hand-off crosses
    const [nx0, nx1] = L.narrow ? freeSpan(L, lane.id, L.trackX, L.trackX + L.trackW - 24) : [PAD, L.labelW - PAD - 22];
    const x = nx0;
    const full = lane.name + ' — ' + roleText(lane) + (lane.image ? ' · ' + lane.image : '');
    const lines = L.narrow ? [shorten(lane.name, (nx1 - nx0) * 0.6, FONT.name, true)] : row.nameLines;
    const shortened = lines.join('') !== lane.name;
    const name = svg('text', { x, y: row.y + 14, class: 'lane-name', 'data-tip': full });
    for (const [k, line] of lines.entries()) name.appendChild(svg('tspan', { x, dy: k === 0 ? 0 : 13 }, line));
    if (shortened && L.interactive) name.setAttribute('tabindex', '0');
    out.push(name);
    const roleY = row.y + 14 + lines.length * 13 - 1;
    const roleX = L.narrow ? x + measure(lines[0] || '', FONT.name) + 8 : x;
    const chipW = dominant ? measure(t('dominates'), FONT.chip) + 16 : 0;
    const roleLine = shorten(roleText(lane), nx1 - roleX - chipW, FONT.role);
    if (roleLine) out.push(svg('text', { x: roleX, y: L.narrow ? row.y + 14 : roleY, class: 'lane-role', 'data-tip': full }, roleLine));
    if (dominant) {
      // "dominates" in a chip after the role (narrow: at the row's right end)
      const chip = t('dominates');
      const cw = measure(chip, FONT.chip) + 10;
      const cx = roleX + measure(roleLine, FONT.role) + 6;
      const cy = (L.narrow ? row.y + 14 : roleY) - 9.5;
      if (cx + cw <= nx1 + 1) {
        out.push(svg('rect', { x: cx, y: cy, width: cw, height: 12, rx: 6, class: 'chip' }));
        out.push(svg('text', { x: cx + 5, y: cy + 9, class: 'chip-text', 'data-bg': 'chip' }, chip));
      }
    }
    return out;
  }

  /** The "!" button that opens the lane's failure path. @param {Lane} lane @param {Layout} L @param {{y: number, h: number}} row @param {NonNullable<Parameters<typeof draw>[1]['host']>} host */
  function failToggle(lane, L, row, host) {
    const shown = L.failure.includes(lane.id);
    const tog = svg('g', {
      class: 'fail-toggle' + (shown ? ' on' : ''),
      tabindex: 0,
      role: 'button',
      id: 'fail-' + lane.id,
      'aria-pressed': String(shown),
      'aria-label': t('What happens if {0} fails', lane.name),
      'data-lane': lane.id,
      'data-tip': t('If it fails: {0}', lane.failure.summary),
    });
    const tx = L.narrow ? L.width - PAD - 16 : L.labelW - 18;
    const ty = L.narrow ? row.y + 4 : row.y + 5;
    tog.appendChild(svg('rect', { x: tx, y: ty, width: 16, height: 16, rx: 3, class: 'fail-btn' }));
    tog.appendChild(svg('text', { x: tx + 8, y: ty + 12, class: 'fail-icon', 'text-anchor': 'middle', 'data-bg': 'button' }, '!'));
    tog.addEventListener('click', () => host.toggleFailure(lane.id));
    tog.addEventListener('keydown', (ev) => {
      const k = /** @type {KeyboardEvent} */ (ev).key;
      if (k === 'Enter' || k === ' ') {
        ev.preventDefault();
        host.toggleFailure(lane.id);
      }
    });
    return tog;
  }

  /**
   * The lane's bars in slot order (image pulls as a short hatched bar first), gate marks where a bar
   * holds the next container back; each bar's text in the part of it no hand-off crosses.
   * @param {Lane} lane @param {Layout} L @param {number} by @param {boolean} dominant @param {Parameters<typeof draw>[1]} o
   */
  function laneBars(lane, L, by, dominant, o) {
    const { xs } = L;
    /** @type {Element[]} */
    const out = [];
    const pulledAt = new Set(lane.bars.filter((b) => b.kind === 'pull').map((p) => p.from));
    for (const p of lane.bars.filter((b) => b.kind === 'pull')) {
      const r = svg('rect', {
        x: xs[p.from] + 2,
        y: by,
        width: pullWidth(xs[p.from + 1] - xs[p.from]),
        height: BAR_H,
        class: 'bar bar-pull',
        'data-kind': 'pull',
        'data-lane': lane.id,
        'data-tip': lane.name + ': ' + p.label,
      });
      out.push(r);
    }
    const main = mainBarOf(lane);
    lane.bars
      .filter((b) => b.kind !== 'pull')
      .forEach((bar, bi) => {
        if (bar.from > bar.to) return;
        const colW = xs[bar.from + 1] - xs[bar.from];
        const pullW = pulledAt.has(bar.from) && (bar.kind === 'run' || bar.kind === 'startup' || bar.kind === 'postStart') ? pullWidth(colW) + 2 : 0;
        // bars sharing one slot (a postStart hook, then the startup) split it side by side
        const same = bar.from === bar.to ? lane.bars.filter((b) => b.kind !== 'pull' && b.from === bar.from && b.to === bar.to) : [bar];
        const j = same.indexOf(bar);
        const start = xs[bar.from] + 2 + pullW;
        const span = xs[bar.to + 1] - 2 - start;
        const x0 = start + (span * j) / same.length + (j > 0 ? 1 : 0);
        const x1 = start + (span * (j + 1)) / same.length - (j < same.length - 1 ? 1 : 0);
        const w = Math.max(6, x1 - x0);
        const full = lane.name + ': ' + bar.label + (bar.duration.text && !bar.label.includes(bar.duration.text) ? ' (' + bar.duration.text + ')' : '');
        const unknown = bar.duration.max === null && !bar.duration.never;
        const bg = svg('g', {
          class: barClass(bar, lane) + (dominant && bar === main ? ' dominant-bar' : ''),
          'data-lane': lane.id,
          'data-kind': bar.kind,
          'data-slot': bar.from,
          'data-bar': bi,
          'data-tip': full,
          'aria-label': o.interactive ? t('{0}. Press Enter to show it in the editor.', full) : full,
          role: 'listitem',
        });
        if (o.interactive) {
          bg.setAttribute('tabindex', '0');
          bg.setAttribute('id', 'bar-' + lane.id + '-' + bi);
        }
        const rect = svg('rect', { x: x0, y: by, width: w, height: BAR_H, rx: 3, class: 'bar-rect', 'data-x0': x0, 'data-x1': x0 + w });
        bg.appendChild(rect);
        let right = x0 + w - 4;
        if (unknown) {
          bg.appendChild(svg('path', { d: `M${x0 + w - 6},${by} l4,4.5 l-4,4.5 l4,4.5 l-4,4.5`, class: 'unknown-edge' }));
          right -= 8;
        }
        if (bar.duration.never) {
          bg.appendChild(svg('text', { x: x0 + w - 4, y: by + 13, class: 'never-mark', 'text-anchor': 'end', 'data-bg': 'bar' }, '∞'));
          right -= 10;
        }
        if (bar === main && lane.findings.length) {
          // the findings badge sits inside the bar's right end; the text keeps clear of it
          L.badgeX.set(lane.id, Math.max(x0 + 8, right - 9));
          right -= 20;
        }
        const [fx0, fx1] = freeSpan(L, lane.id, x0 + 3, right);
        // the label and duration, else the duration alone, else the duration shortened
        const room = fx1 - fx0;
        const txt = [barText(bar), bar.duration.text].find((c) => measure(c, FONT.bar) <= room) ?? shorten(bar.duration.text, room, FONT.bar);
        if (txt) bg.appendChild(svg('text', { x: fx0, y: by + 13, class: 'bar-text', 'data-bg': 'bar' }, txt));
        if (o.interactive && o.host) {
          const host = o.host;
          const go = () => host.reveal((bar.range || lane.selection)[0], (bar.range || lane.selection)[1]);
          bg.addEventListener('click', go);
          bg.addEventListener('keydown', (ev) => host.onBarKey(/** @type {KeyboardEvent} */ (ev), go));
        }
        out.push(bg);
        if (bar.gates && (bar.kind === 'run' || bar.kind === 'startup') && lane.role !== 'app') {
          out.push(svg('line', { x1: xs[bar.to + 1], y1: by - 3, x2: xs[bar.to + 1], y2: by + BAR_H + 3, class: 'gate', 'aria-hidden': 'true' }));
        }
      });
    return out;
  }

  /** @param {Bar} bar @param {Lane} lane */
  function barClass(bar, lane) {
    const c = ['bar', 'bar-' + bar.kind, 'role-' + lane.role];
    if (bar.duration.never) c.push('never');
    else if (bar.duration.max === null) c.push('unknown');
    return c.join(' ');
  }

  /** Where a lane's main bar is drawn. @param {Lane} lane @param {Layout} L */
  function mainSpot(lane, L) {
    const main = mainBarOf(lane);
    const row = /** @type {{y: number, h: number}} */ (L.rows.get(lane.id));
    const by = L.narrow ? row.y + row.h - BAR_H - 6 : row.y + (row.h - BAR_H) / 2;
    if (!main) return { x0: L.trackX, x1: L.trackX + 40, by, main };
    const colW = L.xs[main.from + 1] - L.xs[main.from];
    const pulled = lane.bars.some((b) => b.kind === 'pull' && b.from === main.from) && main.kind !== 'running';
    return { x0: L.xs[main.from] + 2 + (pulled ? pullWidth(colW) + 2 : 0), x1: L.xs[main.to + 1] - 2, by, main };
  }

  /**
   * The findings badge at the main bar's end; its shape says the worst severity (circle error,
   * diamond warning, square info) so colour is not the only sign.
   * @param {Lane} lane @param {Layout} L @param {number} by @param {Parameters<typeof draw>[1]} o
   */
  function findingBadge(lane, L, by, o) {
    const spot = mainSpot(lane, L);
    const worst = lane.findings.some((f) => f.severity === 'error') ? 'error' : lane.findings.some((f) => f.severity === 'warning') ? 'warning' : 'info';
    const fx = L.badgeX.get(lane.id) ?? Math.min(spot.x1 - 10, L.width - 14);
    const label =
      (lane.findings.length > 1 ? t('{0} InitLens findings on {1}:', lane.findings.length, lane.name) : t('1 InitLens finding on {0}:', lane.name)) +
      ' ' +
      lane.findings.map((f) => severityText(f.severity) + ' ' + f.rule + ': ' + f.message).join(' | ');
    const badge = svg('g', {
      class: 'finding sev-' + worst,
      'data-lane': lane.id,
      'aria-label': label,
      'data-tip': lane.findings.map((f) => severityText(f.severity) + ': ' + f.message).join('\n'),
    });
    const cy = by + BAR_H / 2;
    if (worst === 'error') badge.appendChild(svg('circle', { cx: fx, cy, r: 7.5, class: 'finding-dot' }));
    else if (worst === 'warning')
      badge.appendChild(svg('path', { d: `M${fx},${cy - 8.5} L${fx + 8.5},${cy} L${fx},${cy + 8.5} L${fx - 8.5},${cy} Z`, class: 'finding-dot' }));
    else badge.appendChild(svg('rect', { x: fx - 7, y: cy - 7, width: 14, height: 14, rx: 2, class: 'finding-dot' }));
    badge.appendChild(svg('text', { x: fx, y: cy + 3.5, 'text-anchor': 'middle', class: 'finding-count', 'data-bg': 'badge' }, String(lane.findings.length)));
    if (o.interactive && o.host) {
      const host = o.host;
      badge.setAttribute('tabindex', '0');
      badge.setAttribute('role', 'button');
      const go = () => host.reveal(lane.findings[0].start, lane.findings[0].end);
      badge.addEventListener('click', go);
      badge.addEventListener('keydown', (ev) => host.onBarKey(/** @type {KeyboardEvent} */ (ev), go));
    }
    return badge;
  }

  /**
   * What happens if the container fails, under its bars: a loop back to the bar's start when it is
   * retried (a ✕ when the Pod fails), the status and back-off steps once, then the summary, wrapped
   * in the part of the row no hand-off crosses.
   * @param {Lane} lane @param {Layout} L @param {{y: number, h: number, failH: number}} row @param {number} by
   */
  function failurePath(lane, L, row, by) {
    const fy = row.y + row.h;
    const spot = mainSpot(lane, L);
    const g = svg('g', { class: 'failure-path outcome-' + lane.failure.outcome, 'data-lane': lane.id });
    if (lane.failure.backoff) {
      g.appendChild(
        svg('path', {
          d: `M${spot.x1 - 4},${by + BAR_H} C${spot.x1 - 4},${fy + 8} ${spot.x0 + 4},${fy + 8} ${spot.x0 + 4},${by + BAR_H + 2}`,
          class: 'retry-loop',
          'marker-end': 'url(#arrow-fail)',
        }),
      );
    } else {
      g.appendChild(svg('text', { x: spot.x0 + 2, y: fy + 9, class: 'fail-stop' }, '✕'));
    }
    const { first, summary } = failureLines(lane);
    const [x0, x1] = freeSpan(L, lane.id, L.trackX, L.trackX + L.trackW);
    let y = fy + 14 + 10;
    const full = [first, summary, ...lane.failure.details].filter(Boolean).join(' ');
    if (first) {
      g.appendChild(svg('text', { x: x0, y, class: 'failure-status', 'data-tip': full }, shorten(first, x1 - x0, FONT.failStatus)));
      y += 13;
    }
    const w = wrap(summary, x1 - x0, FONT.fail, 4);
    for (const line of w.lines) {
      g.appendChild(svg('text', { x: x0, y, class: 'failure-text', 'data-tip': full }, line));
      y += 13;
    }
    return g;
  }

  /**
   * Hand-offs: from the writer's bar end along the column line down to each reader's row, then into
   * the reader's first bar from the left. The volume's name sits right of the writer's bar when that
   * part of its row is free (it always is in the tip and in the text view).
   * @param {Model} model @param {Layout} L
   */
  function handoffLinks(model, L) {
    const g = svg('g', { class: 'handoffs' });
    for (const h of model.handoffs) {
      const writer = model.lanes.find((l) => l.id === h.from);
      if (!writer || !h.to.length) continue;
      const from = mainSpot(writer, L);
      if (!from.main) continue;
      const cx = L.xs[from.main.to + 1];
      const y1 = from.by + BAR_H / 2;
      const names = h.to.map((id) => (model.lanes.find((l) => l.id === id) || { name: '?' }).name);
      const tip =
        (h.mountPath ? t('volume {0} ({1})', h.volume, h.mountPath) : t('volume {0}', h.volume)) +
        ': ' +
        t('{0}, then mounted by {1}', h.writes ? t('written by {0}', writer.name) : t('mounted read-write by {0}', writer.name), names.join(', '));
      for (const to of h.to) {
        const target = model.lanes.find((l) => l.id === to);
        if (!target) continue;
        const spot = firstSpot(target, L);
        const y2 = spot.by + BAR_H / 2;
        const x2 = spot.x0 - 1;
        const p = svg('path', {
          d: `M${from.x1},${y1} H${cx} V${y2} H${x2}`,
          class: 'handoff' + (h.writes ? ' writes' : ''),
          'marker-end': 'url(#arrow)',
          'data-from': h.from,
          'data-to': to,
          'data-volume': h.volume,
          'data-tip': tip,
        });
        g.appendChild(p);
      }
      // the volume's name right of the writer's bar, if nothing else is drawn there
      const row = /** @type {{y: number}} */ (L.rows.get(writer.id));
      const busy = writer.bars.some((b) => b.kind !== 'pull' && b.to > from.main.to);
      const lx = cx + 5;
      const room = L.trackX + L.trackW - lx;
      const text = shorten('→ ' + h.volume, Math.min(room, 140), FONT.handoff);
      const taken = g.querySelectorAll('.handoff-label[data-from="' + h.from + '"]').length;
      if (!busy && text && taken === 0) {
        g.appendChild(
          svg('text', { x: lx, y: row.y + (L.narrow ? L.rowH - 6 - 4 : L.rowH / 2 + 4), class: 'handoff-label', 'data-from': h.from, 'data-tip': tip }, text),
        );
      }
    }
    return g;
  }

  /** Where a lane's first bar (not the pull) is. @param {Lane} lane @param {Layout} L */
  function firstSpot(lane, L) {
    const bar = lane.bars.find((b) => b.kind !== 'pull');
    const row = /** @type {{y: number, h: number}} */ (L.rows.get(lane.id));
    const by = L.narrow ? row.y + row.h - BAR_H - 6 : row.y + (row.h - BAR_H) / 2;
    if (!bar) return { x0: L.trackX, by };
    const pulled = lane.bars.some((b) => b.kind === 'pull' && b.from === bar.from);
    return { x0: L.xs[bar.from] + 2 + (pulled ? pullWidth(L.xs[bar.from + 1] - L.xs[bar.from]) + 2 : 0), by };
  }

  // ── the legend (the panel draws it as a list, the export as a row of the SVG) ───────────────

  /**
   * One entry per kind of mark, each drawn with the chart's own classes into a 22 × 14 box at (x, y),
   * so the legend looks exactly like the chart in every theme.
   * @param {Model} model @returns {{key: string, text: string, draw: (x: number, y: number) => Element}[]}
   */
  function legendItems(model) {
    const bar = (/** @type {string} */ cls, /** @type {string} */ role) => (/** @type {number} */ x, /** @type {number} */ y) => {
      const g = svg('g', { class: 'bar ' + cls + ' role-' + role });
      g.appendChild(svg('rect', { x, y: y + 1, width: 22, height: 12, rx: 2, class: 'bar-rect' }));
      return g;
    };
    const items = [
      {
        key: 'pull',
        text: t('image pull'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) => svg('rect', { x, y: y + 1, width: 22, height: 12, class: 'bar bar-pull' }),
      },
      { key: 'init', text: t('init container'), draw: bar('bar-run', 'init') },
      { key: 'sidecar', text: t('native sidecar'), draw: bar('bar-startup', 'sidecar') },
      { key: 'app', text: t('app container'), draw: bar('bar-startup', 'app') },
      {
        key: 'unknown',
        text: t('unknown length'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) => {
          const g = bar('bar-run unknown', 'init')(x, y);
          g.appendChild(svg('path', { d: `M${x + 18},${y + 1} l3,3 l-3,3 l3,3 l-3,3`, class: 'unknown-edge' }));
          return g;
        },
      },
      {
        key: 'gate',
        text: t('waits for this'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) => svg('line', { x1: x + 11, y1: y, x2: x + 11, y2: y + 14, class: 'gate' }),
      },
      {
        key: 'handoff',
        text: t('volume hand-off'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) =>
          svg('path', { d: `M${x},${y + 7} H${x + 20}`, class: 'handoff writes', 'marker-end': 'url(#arrow)' }),
      },
      {
        key: 'findings',
        text: t('findings: ● error ◆ warning ■ info'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) => {
          const g = svg('g', { class: 'finding sev-error' });
          g.appendChild(svg('circle', { cx: x + 11, cy: y + 7, r: 6.5, class: 'finding-dot' }));
          return g;
        },
      },
      {
        key: 'failure',
        text: t('failure path (the "!" button)'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) => {
          const g = svg('g', { class: 'failure-path' });
          g.appendChild(
            svg('path', {
              d: `M${x + 20},${y + 3} C${x + 20},${y + 14} ${x + 2},${y + 14} ${x + 2},${y + 4}`,
              class: 'retry-loop',
              'marker-end': 'url(#arrow-fail)',
            }),
          );
          return g;
        },
      },
    ];
    if (model.summary?.dominant) {
      items.push({
        key: 'dominant',
        text: t('dominates the time to Ready'),
        draw: (/** @type {number} */ x, /** @type {number} */ y) => {
          const g = bar('bar-run dominant-bar', 'init')(x, y);
          return g;
        },
      });
    }
    return items;
  }

  // ── 4. paint ────────────────────────────────────────────────────────────────────────────────

  /** @param {string} css @returns {[number, number, number, number]|null} r, g, b (0–255) and alpha */
  function parseColor(css) {
    const m = /^rgba?\(([^)]+)\)$/.exec(css.trim());
    if (!m) return null;
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }

  /** @param {number[]} top @param {number[]} under opaque */
  function over(top, under) {
    const a = top[3];
    return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
  }

  /** @param {number[]} c */
  function luminance(c) {
    const f = (/** @type {number} */ v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }

  /** WCAG contrast ratio of two opaque colours. @param {number[]} a @param {number[]} b */
  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** The page's background under the chart, opaque. @param {Element} from */
  function pageBackground(from) {
    /** @type {Element|null} */
    let e = from;
    while (e) {
      const c = parseColor(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c[3] >= 1 ? c : over(c, [255, 255, 255, 1]);
      e = e.parentElement;
    }
    return [255, 255, 255, 1];
  }

  /** A shape's fill as drawn (fill × fill-opacity × opacity), or null for none or a pattern. @param {Element} shape */
  function fillOf(shape) {
    const cs = getComputedStyle(shape);
    const c = parseColor(cs.fill);
    if (!c) return null;
    const a = c[3] * Number(cs.fillOpacity || 1) * Number(cs.opacity || 1);
    return [c[0], c[1], c[2], a];
  }

  /**
   * The colour `fg` moved toward black or white until it reaches 4.5:1 on `bg` (keeps its hue as
   * long as it can). @param {number[]} fg @param {number[]} bg
   */
  function readable(fg, bg) {
    if (contrast(fg, bg) >= 4.6) return fg;
    const toward = contrast([0, 0, 0, 1], bg) > contrast([255, 255, 255, 1], bg) ? [0, 0, 0, 1] : [255, 255, 255, 1];
    for (let k = 0.1; k <= 1.0001; k += 0.1) {
      const c = [fg[0] + (toward[0] - fg[0]) * k, fg[1] + (toward[1] - fg[1]) * k, fg[2] + (toward[2] - fg[2]) * k, 1];
      if (contrast(c, bg) >= 4.6) return c;
    }
    return toward;
  }

  /**
   * Sets every chart text's fill to a colour that reads on what lies under it: the bar, the badge,
   * the chip, or the row (band over the page background). Run once the chart is in the page.
   * @param {SVGSVGElement} s
   */
  function paint(s) {
    const page = pageBackground(/** @type {Element} */ (s.parentElement || document.body));
    const band = s.querySelector('.lane-band');
    const bandFill = band ? fillOf(band) : null;
    const slotBand = s.querySelector('.slot-band');
    const slotFill = slotBand ? fillOf(slotBand) : null;
    // the worst background a row text can have: the page, a lane band, a column band, both
    const rowBgs = [page];
    if (bandFill) rowBgs.push(over(bandFill, page));
    if (slotFill) rowBgs.push(over(slotFill, page));
    if (bandFill && slotFill) rowBgs.push(over(slotFill, over(bandFill, page)));
    for (const text of Array.from(s.querySelectorAll('text'))) {
      const fg = parseColor(getComputedStyle(text).fill);
      if (!fg) continue;
      const kind = text.getAttribute('data-bg');
      /** @type {number[][]} */
      let bgs = rowBgs;
      if (kind) {
        const shape =
          kind === 'bar'
            ? text.parentElement?.querySelector('.bar-rect')
            : kind === 'badge'
              ? text.parentElement?.querySelector('.finding-dot')
              : text.previousElementSibling;
        const f = shape ? fillOf(shape) : null;
        if (f) bgs = rowBgs.map((b) => over(f, b));
      }
      let c = over(fg, bgs[0]);
      for (const b of bgs) c = readable(c, b);
      // a change for one background can break another: settle on black or white if so
      if (bgs.some((b) => contrast(c, b) < 4.5)) c = bgs.every((b) => contrast([0, 0, 0, 1], b) >= 4.5) ? [0, 0, 0, 1] : [255, 255, 255, 1];
      text.style.fill = `rgb(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])})`;
    }
  }

  IL.t = t;
  IL.svg = svg;
  IL.roleText = roleText;
  IL.severityText = severityText;
  IL.secondsText = secondsText;
  IL.chart = { draw, paint, legendItems, defs, measure, shorten, wrap, contrast, parseColor, over, FONT };
})();
