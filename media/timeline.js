// @ts-check
/**
 * The init timeline webview: draws the model the InitLens server computed (see
 * server/src/analysis/timeline.ts) as one lane per container over ordered slots, plus a text view
 * of the same facts for screen readers and narrow panels. Every string from the YAML goes in
 * through textContent or setAttribute — never as markup.
 *
 * Its own texts go through `t('English {0}', …)`: the panel puts the extension's message bundle for
 * the display language into a `<script type="application/json" id="initlens-l10n">` block (keys are
 * the English texts, as in l10n/bundle.l10n.*.json); without one the page speaks English.
 *
 * Messages in:  {type: 'model', model, millis?} | {type: 'empty', message}
 * Messages out: {type: 'ready'} | {type: 'reveal', start, end} | {type: 'copyMermaid', text}
 *               | {type: 'saveSvg', svg} | {type: 'rendered', millis}
 */
(function () {
  'use strict';

  /** @typedef {{min: number, max: number|null, never: boolean, text: string, basis: string|null}} Duration */
  /** @typedef {{kind: string, label: string, from: number, to: number, duration: Duration, gates: boolean, range: [number, number]|null}} Bar */
  /** @typedef {{rule: string, severity: string, message: string, start: number, end: number}} Finding */
  /** @typedef {{outcome: string, summary: string, status: string|null, backoff: number[]|null, details: string[]}} Failure */
  /** @typedef {{id: string, name: string, role: string, list: string, index: number, image: string|null, pullPolicy: string, pullPolicyDefaulted: boolean, range: [number, number], selection: [number, number], bars: Bar[], probes: {kind: string, text: string}[], failure: Failure, findings: Finding[]}} Lane */
  /** @typedef {{id: string, kind: string, label: string, duration: Duration}} Slot */
  /** @typedef {{volume: string, source: string|null, from: string, mountPath: string|null, writes: boolean, to: string[]}} Handoff */
  /** @typedef {{object: string|null, kind: string|null, workload: string, partial: boolean, podIndex: number, podCount: number, restartPolicy: string, restartPolicyDefaulted: boolean, slots: Slot[], lanes: Lane[], handoffs: Handoff[], deadline: {seconds: number, scope: string}|null, gracePeriod: {seconds: number, defaulted: boolean}, backoffLimit: number|null, podFindings: Finding[], notes: string[], mermaid: string}} Model */

  // @ts-ignore provided by VS Code (or the test harness)
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';

  /** @type {{model: Model|null, failure: string[], message: string|null}} */
  let state = Object.assign({ model: null, failure: [], message: null }, vscode.getState() || {});

  const root = /** @type {HTMLElement} */ (document.getElementById('app'));

  /** @type {Record<string, unknown>} */
  const STRINGS = (function () {
    const block = document.getElementById('initlens-l10n');
    if (!block) return {};
    try {
      const parsed = JSON.parse(block.textContent || '{}');
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch (e) {
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

  /** @param {string} severity */
  function severityText(severity) {
    return severity === 'error' ? t('error') : severity === 'warning' ? t('warning') : t('info');
  }

  /** @param {number} n seconds */
  function secondsText(n) {
    return n >= 60 && n % 60 === 0 ? t('{0} min', n / 60) : t('{0} s', n);
  }

  /**
   * @param {string} tag
   * @param {Record<string, string|number>} [attrs]
   * @param {string} [text]
   */
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /**
   * @param {string} tag
   * @param {Record<string, string|number>} [attrs]
   * @param {string} [text]
   */
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function save() {
    vscode.setState(state);
  }

  /** @param {Lane} lane */
  function roleText(lane) {
    return lane.role === 'init' ? t('init container') : lane.role === 'sidecar' ? t('native sidecar') : t('app container');
  }

  /** @param {Bar} bar */
  function barClass(bar, /** @type {Lane} */ lane) {
    const c = ['bar', 'bar-' + bar.kind, 'role-' + lane.role];
    if (bar.duration.never) c.push('never');
    else if (bar.duration.max === null) c.push('unknown');
    return c.join(' ');
  }

  /** @param {number} start @param {number} end */
  function reveal(start, end) {
    vscode.postMessage({ type: 'reveal', start, end });
  }

  /** @param {string} text @param {number} maxWidth @param {number} charWidth */
  function fit(text, maxWidth, charWidth) {
    const n = Math.floor(maxWidth / charWidth);
    if (n <= 1) return '';
    return text.length <= n ? text : text.slice(0, n - 1) + '…';
  }

  /** Relative widths: schematic, not to scale — the durations are written on the bars. */
  function slotWeight(/** @type {Slot} */ s) {
    if (s.kind === 'running') return 2.2;
    if (s.kind === 'stop-sidecar' || s.kind === 'stop-app') return 1.2;
    const d = s.duration;
    if (d.never || d.max === null) return 2;
    return 1 + Math.min(1.5, Math.log10(1 + d.max) / 1.5);
  }

  // ─────────────────────────────────────────────────────────────────────────────────────────────

  function render() {
    const began = performance.now();
    root.replaceChildren();
    const model = state.model;
    if (!model) {
      root.appendChild(el('p', { class: 'empty', role: 'status' }, state.message || t('Open a Kubernetes manifest with a Pod spec to see its init timeline.')));
      return;
    }
    root.appendChild(header(model));
    root.appendChild(chart(model));
    // the observed start-up (media/observed.js) when the document is a Pod with its status
    const observed = /** @type {any} */ (window).InitLensObserved;
    if (observed && model.observed) root.appendChild(observed.section(model, { t, reveal }));
    root.appendChild(legend());
    root.appendChild(details(model));
    const millis = performance.now() - began;
    document.body.setAttribute('data-render-ms', millis.toFixed(2));
    vscode.postMessage({ type: 'rendered', millis });
  }

  /** @param {Model} model */
  function header(model) {
    const h = el('header', { class: 'head' });
    const title = el('h1', { id: 'title' }, t('{0} — init timeline', model.object || t('Pod spec (fragment)')));
    h.appendChild(title);
    const facts = [
      model.restartPolicyDefaulted ? t('restartPolicy {0} (default)', model.restartPolicy) : 'restartPolicy ' + model.restartPolicy,
      model.gracePeriod.defaulted ? t('grace period {0} s (default)', model.gracePeriod.seconds) : t('grace period {0} s', model.gracePeriod.seconds),
    ];
    if (model.backoffLimit !== null) facts.push('backoffLimit ' + model.backoffLimit);
    if (model.deadline) facts.push('activeDeadlineSeconds ' + model.deadline.seconds + (model.deadline.scope === 'job' ? ' (Job)' : ''));
    if (model.podCount > 1) facts.push(t('Pod {0} of {1} in this file', model.podIndex + 1, model.podCount));
    h.appendChild(el('p', { class: 'facts' }, facts.join(' · ')));
    if (model.partial) h.appendChild(el('p', { class: 'note partial' }, t('Partial: a fragment, a template or YAML with errors — parts of the Pod may be missing.')));

    const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('Timeline actions') });
    const copy = el('button', { type: 'button', id: 'copy-mermaid' }, t('Copy as Mermaid'));
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copyMermaid', text: model.mermaid }));
    const saveSvg = el('button', { type: 'button', id: 'save-svg' }, t('Save as SVG…'));
    saveSvg.addEventListener('click', () => vscode.postMessage({ type: 'saveSvg', svg: exportSvg() }));
    const all = el('button', { type: 'button', id: 'toggle-failures', 'aria-pressed': String(state.failure.length === model.lanes.length && model.lanes.length > 0) }, t('Show all failure paths'));
    all.addEventListener('click', () => {
      state.failure = state.failure.length === model.lanes.length ? [] : model.lanes.map((l) => l.id);
      save();
      render();
      focusById('toggle-failures');
    });
    bar.append(copy, saveSvg, all);
    h.appendChild(bar);
    return h;
  }

  /** @param {string} id */
  function focusById(id) {
    const e = document.getElementById(id);
    if (e) /** @type {HTMLElement} */ (e).focus();
  }

  /**
   * @typedef {{width: number, narrow: boolean, labelW: number, pad: number, trackX: number, trackW: number,
   *   headH: number, rowH: number, barH: number, failH: number, xs: number[], laneY: Map<string, number>, height: number}} Layout
   * @typedef {Map<string, {x0: number, x1: number, y: number}>} BarSpots where each lane's bar sits (for badges and arrows)
   * @typedef {{ly: number, by: number, shown: boolean}} LaneRow a lane's top, its bars' top, and whether its failure path is open
   */

  /** The chart: slot headers, one lane per container, the hand-off arrows between lanes. @param {Model} model */
  function chart(model) {
    const wrap = el('div', { class: 'chart-wrap' });
    const L = chartLayout(model);
    const s = svg('svg', {
      id: 'chart',
      width: L.width,
      height: L.height,
      viewBox: `0 0 ${L.width} ${L.height}`,
      role: 'group',
      'aria-labelledby': 'title',
      'aria-describedby': 'chart-help',
      xmlns: SVG,
    });
    s.appendChild(chartDefs());
    s.appendChild(slotHeaders(model, L));
    /** @type {BarSpots} */
    const mainBar = new Map();
    /** @type {BarSpots} */
    const firstBar = new Map();
    const lanesG = svg('g', { class: 'lanes' });
    model.lanes.forEach((lane, li) => lanesG.appendChild(laneGroup(lane, li, L, mainBar, firstBar)));
    s.appendChild(lanesG);
    s.appendChild(handoffLinks(model, mainBar, firstBar));
    wrap.appendChild(s);
    wrap.appendChild(
      el(
        'p',
        { id: 'chart-help', class: 'help' },
        t('Bar widths are schematic; durations are written on the bars. Tab or arrow keys move between bars; Enter shows a bar in the editor; "!" shows what happens if a container fails.'),
      ),
    );
    return wrap;
  }

  /** Sizes, the slots' x positions and the lanes' y positions for the panel's width. @param {Model} model @returns {Layout} */
  function chartLayout(model) {
    const width = Math.max(300, Math.floor(root.clientWidth || document.documentElement.clientWidth || 800));
    const narrow = width < 560;
    const labelW = narrow ? 0 : Math.min(190, Math.round(width * 0.26));
    const pad = 8;
    const trackX = labelW + pad;
    const trackW = width - trackX - pad;
    const headH = 38;
    const rowH = narrow ? 52 : 36;
    const barH = 18;
    const failH = 40;
    const weights = model.slots.map(slotWeight);
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    /** @type {number[]} */
    const xs = [];
    let acc = 0;
    for (const w of weights) {
      xs.push(trackX + (acc / total) * trackW);
      acc += w;
    }
    xs.push(trackX + trackW);

    // lanes' y, leaving room under a lane whose failure path is shown
    /** @type {Map<string, number>} */
    const laneY = new Map();
    let y = headH;
    for (const lane of model.lanes) {
      laneY.set(lane.id, y);
      y += rowH + (state.failure.includes(lane.id) ? failH : 0);
    }
    const height = y + 6;
    return { width, narrow, labelW, pad, trackX, trackW, headH, rowH, barH, failH, xs, laneY, height };
  }

  /** The arrow head and the hatch pattern the bars use. */
  function chartDefs() {
    const defs = svg('defs');
    const arrow = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    arrow.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }));
    const hatch = svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    hatch.appendChild(svg('rect', { width: 6, height: 6, class: 'hatch-bg' }));
    hatch.appendChild(svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }));
    defs.append(arrow, hatch);
    return defs;
  }

  /** Slot headers and boundaries. @param {Model} model @param {Layout} L */
  function slotHeaders(model, L) {
    const { xs, headH, height } = L;
    const heads = svg('g', { class: 'slots', 'aria-hidden': 'true' });
    model.slots.forEach((slot, i) => {
      const x0 = xs[i];
      const x1 = xs[i + 1];
      if (i % 2 === 1) heads.appendChild(svg('rect', { x: x0, y: headH - 4, width: x1 - x0, height: height - headH, class: 'slot-band' }));
      heads.appendChild(svg('line', { x1: x0, y1: 14, x2: x0, y2: height, class: 'slot-line' + (slot.kind === 'app-start' || slot.kind === 'stop-app' ? ' phase' : '') }));
      // too narrow for a name: the slot's number, as in the "In order" list below
      const name = x1 - x0 < 44 ? String(i + 1) : fit(slot.label, x1 - x0 - 6, 7.2);
      const label = svg('text', { x: x0 + 3, y: 14, class: 'slot-label' }, name);
      label.appendChild(svg('title', {}, slot.label + ': ' + slot.duration.text));
      heads.appendChild(label);
      if (x1 - x0 >= 30) heads.appendChild(svg('text', { x: x0 + 3, y: 28, class: 'slot-duration' }, fit(slot.duration.text, x1 - x0 - 4, 5.6)));
    });
    return heads;
  }

  /**
   * One container's lane: its label, the failure toggle, its bars, its findings badge and (when open)
   * its failure path. Records where its bars are in `mainBar` / `firstBar`.
   * @param {Lane} lane @param {number} li @param {Layout} L @param {BarSpots} mainBar @param {BarSpots} firstBar
   */
  function laneGroup(lane, li, L, mainBar, firstBar) {
    const { width, narrow, rowH, barH } = L;
    const ly = /** @type {number} */ (L.laneY.get(lane.id));
    const g = svg('g', { class: 'lane role-' + lane.role, 'data-lane': lane.id, role: 'list', 'aria-label': lane.name + ', ' + roleText(lane) });
    if (li % 2 === 0) g.appendChild(svg('rect', { x: 0, y: ly, width, height: rowH, class: 'lane-band' }));
    const by = narrow ? ly + 26 : ly + (rowH - barH) / 2;
    /** @type {LaneRow} */
    const row = { ly, by, shown: state.failure.includes(lane.id) };
    g.append(...laneLabel(lane, L, row));
    g.appendChild(failToggle(lane, L, row));
    for (const b of laneBars(lane, L, row, mainBar, firstBar)) g.appendChild(b);
    if (lane.findings.length) g.appendChild(findingBadge(lane, L, row, mainBar));
    if (row.shown) g.appendChild(failurePath(lane, L, row, mainBar));
    return g;
  }

  /** The lane's name and role (beside the track, or above it when narrow). @param {Lane} lane @param {Layout} L @param {LaneRow} row */
  function laneLabel(lane, L, row) {
    const { narrow, trackX, trackW, pad, labelW, rowH } = L;
    const { ly } = row;
    const labelX = narrow ? trackX : pad;
    const name = svg('text', { x: labelX, y: narrow ? ly + 14 : ly + rowH / 2 - 2, class: 'lane-name' }, fit(lane.name, narrow ? trackW * 0.6 : labelW - 26, 7.8));
    name.appendChild(svg('title', {}, lane.name));
    const role = svg('text', { x: labelX + (narrow ? Math.min(trackW * 0.6, lane.name.length * 7) + 8 : 0), y: narrow ? ly + 14 : ly + rowH / 2 + 11, class: 'lane-role' }, fit(roleText(lane) + (lane.image ? ' · ' + lane.image : ''), narrow ? trackW * 0.4 : labelW - 26, 6));
    return [name, role];
  }

  /** The "!" button that shows or hides what happens if the container fails. @param {Lane} lane @param {Layout} L @param {LaneRow} row */
  function failToggle(lane, L, row) {
    const { narrow, width, pad, labelW, rowH } = L;
    const { ly, shown } = row;
    const tog = svg('g', {
      class: 'fail-toggle' + (shown ? ' on' : ''),
      tabindex: 0,
      role: 'button',
      id: 'fail-' + lane.id,
      'aria-pressed': String(shown),
      'aria-label': t('What happens if {0} fails', lane.name),
      'data-lane': lane.id,
    });
    const tx = narrow ? width - pad - 16 : labelW - 12;
    const ty = narrow ? ly + 4 : ly + rowH / 2 - 8;
    tog.appendChild(svg('rect', { x: tx - 2, y: ty, width: 16, height: 16, rx: 3, class: 'fail-btn' }));
    tog.appendChild(svg('text', { x: tx + 6, y: ty + 12, class: 'fail-icon', 'text-anchor': 'middle' }, '!'));
    tog.appendChild(svg('title', {}, t('If it fails: {0}', lane.failure.summary)));
    const toggle = () => {
      state.failure = shown ? state.failure.filter((x) => x !== lane.id) : state.failure.concat([lane.id]);
      save();
      render();
      focusById('fail-' + lane.id);
    };
    tog.addEventListener('click', toggle);
    tog.addEventListener('keydown', (ev) => {
      const k = /** @type {KeyboardEvent} */ (ev).key;
      if (k === 'Enter' || k === ' ') {
        ev.preventDefault();
        toggle();
      }
    });
    return tog;
  }

  /**
   * The lane's bars in slot order (image pulls as a short bar at the start of their slot), with
   * gate marks where a bar holds the next container back.
   * @param {Lane} lane @param {Layout} L @param {LaneRow} row @param {BarSpots} mainBar @param {BarSpots} firstBar
   */
  function laneBars(lane, L, row, mainBar, firstBar) {
    const { xs, barH } = L;
    const { by } = row;
    /** @type {Element[]} */
    const out = [];
    const ordered = lane.bars.filter((b) => b.kind !== 'pull');
    const pulls = lane.bars.filter((b) => b.kind === 'pull');
    /** @type {Set<number>} */
    const pulledAt = new Set(pulls.map((p) => p.from));
    for (const p of pulls) {
      const x0 = xs[p.from] + 2;
      const w = Math.min(28, (xs[p.from + 1] - xs[p.from]) * 0.25);
      const r = svg('rect', { x: x0, y: by, width: w, height: barH, class: 'bar bar-pull', 'data-kind': 'pull' });
      r.appendChild(svg('title', {}, p.label));
      out.push(r);
    }
    ordered.forEach((bar, bi) => {
      if (bar.from > bar.to) return;
      const pullW = pulledAt.has(bar.from) && (bar.kind === 'run' || bar.kind === 'startup' || bar.kind === 'postStart')
        ? Math.min(28, (xs[bar.from + 1] - xs[bar.from]) * 0.25) + 2
        : 0;
      const x0 = xs[bar.from] + 2 + pullW;
      const x1 = xs[bar.to + 1] - 2;
      const w = Math.max(6, x1 - x0);
      const label = lane.name + ': ' + bar.label + (bar.duration.text && !bar.label.includes(bar.duration.text) ? ' (' + bar.duration.text + ')' : '');
      const bg = svg('g', {
        class: barClass(bar, lane),
        tabindex: 0,
        role: 'listitem',
        'aria-label': t('{0}. Press Enter to show it in the editor.', label),
        'data-lane': lane.id,
        'data-kind': bar.kind,
        'data-slot': bar.from,
        'data-bar': bi,
        id: 'bar-' + lane.id + '-' + bi,
      });
      bg.appendChild(svg('rect', { x: x0, y: by, width: w, height: barH, rx: 3, class: 'bar-rect' }));
      if (bar.duration.max === null && !bar.duration.never) {
        // unknown length: a ragged end
        const zx = x0 + w;
        bg.appendChild(svg('path', { d: `M${zx - 6},${by} l4,4.5 l-4,4.5 l4,4.5 l-4,4.5`, class: 'unknown-edge' }));
      }
      if (bar.duration.never) {
        bg.appendChild(svg('text', { x: x0 + w - 4, y: by + 13, class: 'never-mark', 'text-anchor': 'end' }, '∞'));
      }
      const txt = bar.kind === 'running' || bar.kind === 'stop' ? bar.label.split(/[:;(：；（]/)[0] + ' · ' + bar.duration.text : bar.duration.text;
      bg.appendChild(svg('text', { x: x0 + 3, y: by + 13, class: 'bar-text' }, fit(txt, w - (bar.duration.max === null ? 12 : 4), 6.4)));
      bg.appendChild(svg('title', {}, label));
      const go = () => reveal((bar.range || lane.selection)[0], (bar.range || lane.selection)[1]);
      bg.addEventListener('click', go);
      bg.addEventListener('keydown', (ev) => onBarKey(/** @type {KeyboardEvent} */ (ev), go));
      out.push(bg);
      const main = bar.kind === 'run' || (bar.kind === 'startup' && lane.role !== 'app') || (lane.role === 'app' && bar.kind === 'running');
      if (main && !mainBar.has(lane.id)) mainBar.set(lane.id, { x0, x1: x0 + w, y: by + barH / 2 });
      if (!firstBar.has(lane.id)) firstBar.set(lane.id, { x0, x1: x0 + w, y: by + barH / 2 });
      if (bar.gates && (bar.kind === 'run' || bar.kind === 'startup') && lane.role !== 'app') {
        out.push(svg('line', { x1: xs[bar.to + 1], y1: by - 3, x2: xs[bar.to + 1], y2: by + barH + 3, class: 'gate', 'aria-hidden': 'true' }));
      }
    });
    return out;
  }

  /** The badge with the number of findings, on the lane's main bar. @param {Lane} lane @param {Layout} L @param {LaneRow} row @param {BarSpots} mainBar */
  function findingBadge(lane, L, row, mainBar) {
    const { trackX, width, barH } = L;
    const { by } = row;
    const mb = mainBar.get(lane.id) || { x0: trackX, x1: trackX + 40, y: by + barH / 2 };
    const worst = lane.findings.some((f) => f.severity === 'error') ? 'error' : lane.findings.some((f) => f.severity === 'warning') ? 'warning' : 'info';
    const fx = Math.min(mb.x1 - 2, width - 14);
    const badge = svg('g', {
      class: 'finding sev-' + worst,
      tabindex: 0,
      role: 'button',
      'data-lane': lane.id,
      'aria-label':
        (lane.findings.length > 1
          ? t('{0} InitLens findings on {1}:', lane.findings.length, lane.name)
          : t('1 InitLens finding on {0}:', lane.name)) +
        ' ' +
        lane.findings.map((f) => severityText(f.severity) + ' ' + f.rule + ': ' + f.message).join(' | '),
    });
    badge.appendChild(svg('circle', { cx: fx, cy: by, r: 8, class: 'finding-dot' }));
    badge.appendChild(svg('text', { x: fx, y: by + 4, 'text-anchor': 'middle', class: 'finding-count' }, String(lane.findings.length)));
    badge.appendChild(svg('title', {}, lane.findings.map((f) => severityText(f.severity) + ': ' + f.message).join('\n')));
    const go = () => reveal(lane.findings[0].start, lane.findings[0].end);
    badge.addEventListener('click', go);
    badge.addEventListener('keydown', (ev) => onBarKey(/** @type {KeyboardEvent} */ (ev), go));
    return badge;
  }

  /** What happens if the container fails, under its lane. @param {Lane} lane @param {Layout} L @param {LaneRow} row @param {BarSpots} mainBar */
  function failurePath(lane, L, row, mainBar) {
    const { trackX, trackW, rowH, barH } = L;
    const { ly, by } = row;
    const fy = ly + rowH;
    const fg = svg('g', { class: 'failure-path outcome-' + lane.failure.outcome, 'data-lane': lane.id });
    const mb = mainBar.get(lane.id) || { x0: trackX, x1: trackX + 40, y: by + barH / 2 };
    // a loop back to the bar's start when it is retried, a stop mark when the Pod fails
    if (lane.failure.backoff) {
      fg.appendChild(svg('path', { d: `M${mb.x1 - 4},${by + barH} C${mb.x1 - 4},${fy + 10} ${mb.x0 + 4},${fy + 10} ${mb.x0 + 4},${by + barH + 2}`, class: 'retry-loop', 'marker-end': 'url(#arrow)' }));
    } else {
      fg.appendChild(svg('text', { x: mb.x1 + 4, y: by + 13, class: 'fail-stop' }, '✕'));
    }
    const steps = lane.failure.backoff ? t('back-off {0} (cap)', lane.failure.backoff.map(secondsText).join(' → ')) : '';
    const line1 = (lane.failure.status ? lane.failure.status + ': ' : '') + lane.failure.summary;
    fg.appendChild(svg('text', { x: trackX, y: fy + 22, class: 'failure-text' }, fit(line1, trackW, 5.8)));
    if (steps) fg.appendChild(svg('text', { x: trackX, y: fy + 35, class: 'failure-steps' }, fit(steps, trackW, 5.6)));
    const tip = svg('title', {}, line1 + (lane.failure.details.length ? ' ' + lane.failure.details.join(' ') : ''));
    fg.appendChild(tip);
    return fg;
  }

  /** Hand-offs: from the writer's bar end to each later lane's first bar. @param {Model} model @param {BarSpots} mainBar @param {BarSpots} firstBar */
  function handoffLinks(model, mainBar, firstBar) {
    const links = svg('g', { class: 'handoffs' });
    for (const h of model.handoffs) {
      const from = mainBar.get(h.from);
      if (!from) continue;
      for (const to of h.to) {
        const target = firstBar.get(to);
        if (!target) continue;
        const x1 = from.x1;
        const y1 = from.y + 5;
        const x2 = target.x0 + 2;
        const y2 = target.y - 9;
        const mx = (x1 + x2) / 2;
        const p = svg('path', {
          d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
          class: 'handoff' + (h.writes ? ' writes' : ''),
          'marker-end': 'url(#arrow)',
          'data-from': h.from,
          'data-to': to,
          'data-volume': h.volume,
        });
        const lane = model.lanes.find((l) => l.id === to);
        const writer = (model.lanes.find((l) => l.id === h.from) || { name: '?' }).name;
        p.appendChild(
          svg(
            'title',
            {},
            (h.mountPath ? t('volume {0} ({1})', h.volume, h.mountPath) : t('volume {0}', h.volume)) +
              ': ' +
              t('{0}, then mounted by {1}', h.writes ? t('written by {0}', writer) : t('mounted read-write by {0}', writer), lane ? lane.name : '?'),
          ),
        );
        links.appendChild(p);
      }
      const lbl = svg('text', { x: from.x1 + 3, y: from.y + 16, class: 'handoff-label' }, fit(h.volume, 90, 5.6));
      links.appendChild(lbl);
    }
    return links;
  }

  /** Arrow keys move between bars (left/right in a lane, up/down between lanes). */
  function onBarKey(/** @type {KeyboardEvent} */ ev, /** @type {() => void} */ activate) {
    const k = ev.key;
    if (k === 'Enter' || k === ' ') {
      ev.preventDefault();
      activate();
      return;
    }
    if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(k)) return;
    ev.preventDefault();
    const all = /** @type {SVGGElement[]} */ (Array.from(document.querySelectorAll('#chart .bar[tabindex]')));
    const cur = /** @type {SVGGElement} */ (ev.currentTarget);
    const i = all.indexOf(cur);
    if (k === 'Home') return all[0] && all[0].focus();
    if (k === 'End') return all[all.length - 1] && all[all.length - 1].focus();
    if (k === 'ArrowLeft' || k === 'ArrowRight') {
      const n = all[i + (k === 'ArrowRight' ? 1 : -1)];
      if (n) n.focus();
      return;
    }
    const lanes = Array.from(new Set(all.map((b) => b.getAttribute('data-lane'))));
    const li = lanes.indexOf(cur.getAttribute('data-lane') || '');
    const target = lanes[li + (k === 'ArrowDown' ? 1 : -1)];
    if (!target) return;
    const slot = Number(cur.getAttribute('data-slot'));
    const cands = all.filter((b) => b.getAttribute('data-lane') === target);
    let best = cands[0];
    for (const c of cands) if (Math.abs(Number(c.getAttribute('data-slot')) - slot) < Math.abs(Number(best.getAttribute('data-slot')) - slot)) best = c;
    if (best) best.focus();
  }

  function legend() {
    const l = el('ul', { class: 'legend', 'aria-label': t('Legend') });
    /** @type {[string, string][]} */
    const items = [
      ['sw-pull', t('image pull')],
      ['sw-init', t('init container')],
      ['sw-sidecar', t('sidecar')],
      ['sw-app', t('app container')],
      ['sw-unknown', t('unknown length')],
      ['sw-gate', t('waits for this')],
      ['sw-handoff', t('volume hand-off')],
    ];
    for (const [cls, text] of items) {
      const li = el('li');
      li.appendChild(el('span', { class: 'swatch ' + cls, 'aria-hidden': 'true' }));
      li.appendChild(document.createTextNode(text));
      l.appendChild(li);
    }
    return l;
  }

  /** The same facts as text: for screen readers, narrow panels and copying. */
  function details(/** @type {Model} */ model) {
    const d = el('section', { class: 'details', 'aria-label': t('Timeline as text') });
    d.appendChild(el('h2', {}, t('In order')));
    const ol = el('ol', { class: 'steps' });
    model.slots.forEach((slot) => {
      ol.appendChild(el('li', {}, slot.label + ' — ' + slot.duration.text + (slot.duration.basis ? ' (' + slot.duration.basis + ')' : '')));
    });
    d.appendChild(ol);
    d.appendChild(el('h2', {}, t('Containers')));
    for (const lane of model.lanes) {
      const sec = el('section', { class: 'lane-detail', 'data-lane': lane.id });
      const h = el('h3');
      const link = el('button', { type: 'button', class: 'link', 'aria-label': t('Show {0} in the editor', lane.name) }, lane.name);
      link.addEventListener('click', () => reveal(lane.selection[0], lane.selection[1]));
      h.append(link, document.createTextNode(' — ' + roleText(lane)));
      sec.appendChild(h);
      const facts = el('ul');
      const image = lane.image || t('(none)');
      facts.appendChild(
        el('li', {}, lane.pullPolicyDefaulted ? t('image {0}, pull policy {1} (default)', image, lane.pullPolicy) : t('image {0}, pull policy {1}', image, lane.pullPolicy)),
      );
      for (const b of lane.bars) if (b.kind !== 'pull') facts.appendChild(el('li', {}, b.label + (b.label.includes(b.duration.text) ? '' : ' — ' + b.duration.text)));
      for (const p of lane.probes) facts.appendChild(el('li', {}, p.text));
      sec.appendChild(facts);
      const shown = state.failure.includes(lane.id);
      const fb = el('button', { type: 'button', class: 'fail-detail-toggle', 'aria-expanded': String(shown), 'data-lane': lane.id }, t('If {0} fails', lane.name));
      fb.addEventListener('click', () => {
        state.failure = shown ? state.failure.filter((x) => x !== lane.id) : state.failure.concat([lane.id]);
        save();
        render();
      });
      sec.appendChild(fb);
      if (shown) {
        const fp = el('div', { class: 'failure-detail', role: 'note' });
        fp.appendChild(el('p', {}, (lane.failure.status ? lane.failure.status + ': ' : '') + lane.failure.summary));
        for (const x of lane.failure.details) fp.appendChild(el('p', {}, x));
        sec.appendChild(fp);
      }
      if (lane.findings.length) {
        const fl = el('ul', { class: 'findings' });
        for (const f of lane.findings) {
          const li = el('li', { class: 'sev-' + f.severity });
          const b = el('button', { type: 'button', class: 'link' }, severityText(f.severity) + ' · ' + f.rule);
          b.addEventListener('click', () => reveal(f.start, f.end));
          li.append(b, document.createTextNode(': ' + f.message));
          fl.appendChild(li);
        }
        sec.appendChild(fl);
      }
      d.appendChild(sec);
    }
    if (model.handoffs.length) {
      d.appendChild(el('h2', {}, t('Hand-offs')));
      const ul = el('ul', { class: 'handoff-list' });
      for (const h of model.handoffs) {
        const name = (/** @type {string} */ id) => (model.lanes.find((l) => l.id === id) || { name: '?' }).name;
        ul.appendChild(
          el(
            'li',
            {},
            (h.source ? t('volume {0} ({1})', h.volume, h.source) : t('volume {0}', h.volume)) +
              ': ' +
              (h.writes ? t('written by {0}', name(h.from)) : t('mounted read-write by {0}', name(h.from))) +
              ' → ' +
              (h.to.length ? h.to.map(name).join(', ') : t('no later container mounts it')),
          ),
        );
      }
      d.appendChild(ul);
    }
    if (model.podFindings.length || model.notes.length) {
      d.appendChild(el('h2', {}, 'Pod'));
      const ul = el('ul');
      for (const f of model.podFindings) {
        const li = el('li', { class: 'sev-' + f.severity });
        const b = el('button', { type: 'button', class: 'link' }, severityText(f.severity) + ' · ' + f.rule);
        b.addEventListener('click', () => reveal(f.start, f.end));
        li.append(b, document.createTextNode(': ' + f.message));
        ul.appendChild(li);
      }
      for (const n of model.notes) ul.appendChild(el('li', {}, n));
      d.appendChild(ul);
    }
    return d;
  }

  /** A standalone SVG: the chart with its computed colours written in. */
  function exportSvg() {
    const src = /** @type {SVGSVGElement|null} */ (document.getElementById('chart'));
    if (!src) return '';
    const copy = /** @type {SVGSVGElement} */ (src.cloneNode(true));
    const props = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight'];
    const a = src.querySelectorAll('*');
    const b = copy.querySelectorAll('*');
    for (let i = 0; i < a.length; i++) {
      const cs = getComputedStyle(a[i]);
      for (const p of props) {
        const v = cs.getPropertyValue(p);
        if (v) b[i].setAttribute(p, v);
      }
      b[i].removeAttribute('tabindex');
      b[i].removeAttribute('class');
    }
    const bg = svg('rect', { x: 0, y: 0, width: '100%', height: '100%', fill: getComputedStyle(document.body).backgroundColor || '#ffffff' });
    copy.insertBefore(bg, copy.firstChild);
    copy.setAttribute('xmlns', SVG);
    return new XMLSerializer().serializeToString(copy);
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'model' && msg.model && typeof msg.model === 'object') {
      const prev = state.model;
      // keep failure toggles for lanes that still exist (same Pod being edited)
      if (!prev || prev.object !== msg.model.object) state.failure = [];
      state.model = msg.model;
      state.message = null;
      save();
      render();
    } else if (msg.type === 'empty') {
      state.model = null;
      state.message = typeof msg.message === 'string' ? msg.message : null;
      save();
      render();
    }
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(render, 100);
  });

  render();
  vscode.postMessage({ type: 'ready' });
})();
