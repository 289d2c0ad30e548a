// @ts-check
/**
 * The observed start-up in the timeline webview: when the document is a Pod with its `status`
 * (`kubectl get pod … -o yaml`), the model carries `observed` (server/src/analysis/observed/) and
 * this draws it under the predicted chart — kubectl's STATUS / READY / RESTARTS, the sentences that
 * explain them, and one lane per container on a real time axis (seconds from the Pod's start):
 * the current run as a filled bar, the run before it (`lastState`) as a dashed outline, a line at
 * the time the status was captured. Lanes come in the predicted chart's order and carry the same
 * names, so each observed lane sits under its prediction.
 *
 * Loaded before media/timeline.js, which calls `window.InitLensObserved.section(model, api)` after
 * drawing its chart. Every string from the YAML goes in as text (textContent / setAttribute). Text is
 * wrapped to the space it has, never cut; meaning is in words and patterns, not only in colour.
 */
(() => {
  const SVG = 'http://www.w3.org/2000/svg';

  /** @typedef {{startedAt: number|null, finishedAt: number|null, exitCode: number|null, reason: string|null}} Run */
  /** @typedef {{laneId: string|null, name: string, role: string, state: string, reason: string|null, exitCode: number|null, started: boolean|null, ready: boolean, restartCount: number, current: Run|null, last: Run|null, range: [number, number]|null}} Container */
  /** @typedef {{phase: string|null, status: string, ready: string, restarts: number, explanation: string[], startTime: string|null, now: number|null, containers: Container[], conditions: {type: string, status: boolean, at: number|null, reason: string|null}[]}} Observed */
  /** @typedef {{t: (message: string, ...args: (string|number)[]) => string, reveal: (start: number, end: number) => void}} Api */

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

  /** @type {CanvasRenderingContext2D|null} */
  let ctx2d = null;

  /** Width in pixels of a text in the page's font. @param {string} text @param {number} size @param {boolean} [bold] */
  function textWidth(text, size, bold) {
    if (!ctx2d) ctx2d = document.createElement('canvas').getContext('2d');
    if (!ctx2d) return text.length * size * 0.6;
    const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
    ctx2d.font = (bold ? '600 ' : '') + size + 'px ' + family;
    return ctx2d.measureText(text).width;
  }

  /**
   * A text broken into lines no wider than `width`: at spaces, else (a long name) anywhere.
   * @param {string} text @param {number} width @param {number} size @param {boolean} [bold]
   * @returns {string[]}
   */
  function wrap(text, width, size, bold) {
    /** @type {string[]} */
    const lines = [];
    let line = '';
    const push = () => {
      if (line) lines.push(line);
      line = '';
    };
    for (const word of text.split(/(?<=\s)/)) {
      const candidate = line + word;
      if (textWidth(candidate.trimEnd(), size, bold) <= width) {
        line = candidate;
        continue;
      }
      push();
      let rest = word;
      while (textWidth(rest.trimEnd(), size, bold) > width && rest.length > 1) {
        let n = rest.length - 1;
        while (n > 1 && textWidth(rest.slice(0, n), size, bold) > width) n--;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    push();
    return lines.map((l) => l.trimEnd());
  }

  /** @param {Api} api @param {number} s seconds */
  function secondsText(api, s) {
    const t = api.t;
    const n = Math.round(s);
    if (n < 120) return t('{0} s', n);
    if (n < 7200) return n % 60 ? t('{0} min {1} s', Math.floor(n / 60), n % 60) : t('{0} min', n / 60);
    const h = Math.floor(n / 3600);
    const m = Math.round((n - h * 3600) / 60);
    return m ? t('{0} h {1} min', h, m) : t('{0} h', h);
  }

  /** @param {Api} api @param {string} role */
  function roleText(api, role) {
    const t = api.t;
    return role === 'init' ? t('init container') : role === 'sidecar' ? t('native sidecar') : t('app container');
  }

  /** What a run did, in words. @param {Api} api @param {Run} run */
  function runText(api, run) {
    const t = api.t;
    const took = run.startedAt !== null && run.finishedAt !== null ? secondsText(api, Math.max(0, run.finishedAt - run.startedAt)) : null;
    const code = run.exitCode === null ? '?' : String(run.exitCode);
    const reason = run.reason || '';
    return took !== null
      ? reason
        ? t('exit {0} ({1}) after {2}', code, reason, took)
        : t('exit {0} after {1}', code, took)
      : reason
        ? t('exit {0} ({1})', code, reason)
        : t('exit {0}', code);
  }

  /** One line saying what a container is doing now. @param {Api} api @param {Container} c @param {number|null} now */
  function nowText(api, c, now) {
    const t = api.t;
    const parts = [];
    if (c.state === 'running') {
      const since = c.current && c.current.startedAt !== null && now !== null ? now - c.current.startedAt : null;
      let s = since !== null ? t('running for {0}', secondsText(api, Math.max(0, since))) : t('running');
      if (c.role === 'sidecar') s += c.started ? ' · ' + t('started') : ' · ' + t('not started yet');
      parts.push(s + (c.ready ? ' · ' + t('ready') : ''));
    } else if (c.state === 'terminated' && c.current) {
      parts.push(runText(api, c.current));
    } else if (c.state === 'waiting') {
      parts.push(c.reason ? t('waiting: {0}', c.reason) : t('waiting'));
    } else {
      parts.push(t('no state reported'));
    }
    if (c.last) parts.push(t('run before: {0}', runText(api, c.last)));
    return parts.join(' · ');
  }

  /** A tick step that leaves at least `minPx` between ticks. @param {number} span @param {number} px @param {number} minPx */
  function tickStep(span, px, minPx) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];
    for (const s of steps) if ((s / span) * px >= minPx) return s;
    return steps[steps.length - 1];
  }

  /**
   * The lanes to draw: in the predicted chart's order (by lane id), then containers the spec does
   * not list, then the spec's containers with no status entry.
   * @param {{lanes: {id: string, name: string, role: string}[]}} model @param {Observed} o
   */
  function ordered(model, o) {
    /** @type {{name: string, role: string, c: Container|null}[]} */
    const rows = [];
    const used = new Set();
    for (const lane of model.lanes) {
      const c = o.containers.find((x) => x.laneId === lane.id) || null;
      if (c) used.add(c);
      rows.push({ name: lane.name, role: lane.role, c });
    }
    for (const c of o.containers) if (!used.has(c)) rows.push({ name: c.name, role: c.role, c });
    return rows;
  }

  /**
   * The section under the predicted chart.
   * @param {{lanes: {id: string, name: string, role: string}[], observed: Observed|null}} model
   * @param {Api} api
   */
  function section(model, api) {
    const t = api.t;
    const o = /** @type {Observed} */ (model.observed);
    const sec = el('section', { class: 'observed', id: 'observed', 'aria-labelledby': 'observed-title' });
    sec.appendChild(el('h2', { id: 'observed-title' }, t('Observed start-up (from the Pod status)')));

    const table = el('table', { class: 'kubectl-columns', 'aria-label': t('What kubectl get pods shows') });
    const head = el('tr');
    const row = el('tr');
    /** @type {[string, string, string][]} */
    const cols = [
      ['STATUS', o.status, 'status'],
      ['READY', o.ready, 'ready'],
      ['RESTARTS', String(o.restarts), 'restarts'],
      ['PHASE', o.phase || '—', 'phase'],
    ];
    for (const [h, v, cls] of cols) {
      head.appendChild(el('th', { scope: 'col' }, h));
      row.appendChild(el('td', { class: 'col-' + cls, 'data-col': cls }, v));
    }
    const thead = el('thead');
    thead.appendChild(head);
    const tbody = el('tbody');
    tbody.appendChild(row);
    table.append(thead, tbody);
    sec.appendChild(table);

    const ul = el('ul', { class: 'observed-explanation' });
    for (const s of o.explanation) ul.appendChild(el('li', {}, s));
    sec.appendChild(ul);

    sec.appendChild(chart(model, o, api));
    const legend = el('ul', { class: 'legend observed-legend', 'aria-label': t('Observed chart legend') });
    const item = (/** @type {string} */ cls, /** @type {string} */ text) => {
      const li = el('li');
      li.append(el('span', { class: 'swatch ' + cls, 'aria-hidden': 'true' }), document.createTextNode(text));
      legend.appendChild(li);
    };
    item('sw-obs-run', t('this run (solid)'));
    item('sw-obs-last', t('the run before, from lastState (dashed outline)'));
    if (o.now !== null) item('sw-obs-now', t('the time of the status (dashed line)'));
    sec.appendChild(legend);

    if (o.conditions.length) {
      const conds = o.conditions.map((c) =>
        c.at !== null ? t('{0} {1} at {2}', c.type, c.status ? 'True' : 'False', secondsText(api, c.at)) : t('{0} {1}', c.type, c.status ? 'True' : 'False'),
      );
      sec.appendChild(el('p', { class: 'observed-conditions' }, t('Conditions: {0}', conds.join(' · '))));
    }
    sec.appendChild(el('p', { class: 'help' }, t("Times are real, counted from the Pod's start ({0}).", o.startTime || '?')));
    return sec;
  }

  /**
   * The lanes on a real time axis.
   * @param {{lanes: {id: string, name: string, role: string}[]}} model @param {Observed} o @param {Api} api
   */
  function chart(model, o, api) {
    const t = api.t;
    const wrapDiv = el('div', { class: 'chart-wrap' });
    const width = Math.max(300, Math.floor((document.getElementById('app') || document.body).clientWidth || 800));
    const narrow = width < 560;
    const labelW = narrow ? 0 : Math.min(190, Math.round(width * 0.26));
    const pad = 8;
    const trackX = labelW + pad;
    const trackW = width - trackX - pad;
    const axisH = 26;
    const barH = 14;
    const lineH = 13;
    const rows = ordered(model, o);

    // the time span: to the capture time, or to the last thing that happened
    let end = o.now || 0;
    for (const c of o.containers) {
      for (const r of [c.current, c.last]) if (r) end = Math.max(end, r.startedAt || 0, r.finishedAt || 0);
    }
    end = Math.max(1, end);
    const span = end * 1.06;
    const x = (/** @type {number} */ s) => trackX + (Math.max(0, s) / span) * trackW;

    // each row: label lines (left, or above the track when narrow), the bar band, the text lines
    const layout = rows.map((r) => {
      const labelLines = narrow ? [] : wrap(r.name, labelW - 4, 12, true);
      const sub =
        (r.c ? roleText(api, r.c.role) : roleText(api, r.role)) +
        (r.c?.restartCount ? ' · ' + (r.c.restartCount === 1 ? t('1 restart') : t('{0} restarts', r.c.restartCount)) : '');
      const subLines = narrow ? [] : wrap(sub, labelW - 4, 10);
      const text = (narrow ? r.name + ' (' + sub + '): ' : '') + (r.c ? nowText(api, r.c, o.now) : t('no status entry'));
      const textLines = wrap(text, trackW - 4, 11);
      const h = Math.max(labelLines.length * 15 + subLines.length * 12, barH + 4 + textLines.length * lineH) + 10;
      return { r, labelLines, subLines, textLines, h };
    });
    const height = axisH + layout.reduce((a, l) => a + l.h, 0) + 4;

    const s = svg('svg', {
      id: 'observed-chart',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'group',
      'aria-labelledby': 'observed-title',
      xmlns: SVG,
    });
    const defs = svg('defs');
    const hatch = svg('pattern', { id: 'obs-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    hatch.appendChild(svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'obs-hatch-line' }));
    defs.appendChild(hatch);
    s.appendChild(defs);

    // the axis: ticks, never overlapping each other or the "now" label
    const axis = svg('g', { class: 'obs-axis' });
    const step = tickStep(span, trackW, Math.max(56, textWidth(secondsText(api, end), 10) + 16));
    const nowLabel = o.now !== null ? t('status as of {0}', secondsText(api, o.now)) : null;
    const nowW = nowLabel ? textWidth(nowLabel, 10, true) : 0;
    const nowX = o.now !== null ? x(o.now) : null;
    for (let v = 0; v <= span; v += step) {
      const tx = x(v);
      axis.appendChild(svg('line', { x1: tx, y1: axisH - 6, x2: tx, y2: height, class: 'obs-tick' }));
      const label = secondsText(api, v);
      const w = textWidth(label, 10);
      const left = v === 0 ? tx : tx - w / 2;
      if (left + w > width - 2) continue;
      axis.appendChild(svg('text', { x: left, y: 12, class: 'obs-tick-label' }, label));
    }
    if (nowX !== null && nowLabel) {
      axis.appendChild(svg('line', { x1: nowX, y1: 2, x2: nowX, y2: height, class: 'obs-now' }));
      const anchorEnd = nowX - nowW - 4 >= trackX;
      axis.appendChild(
        svg('text', { x: anchorEnd ? nowX - 4 : nowX + 4, y: 22, class: 'obs-now-label', 'text-anchor': anchorEnd ? 'end' : 'start' }, nowLabel),
      );
    }
    s.appendChild(axis);

    let y = axisH;
    layout.forEach((l, i) => {
      const g = svg('g', { class: 'obs-lane role-' + (l.r.c ? l.r.c.role : l.r.role), 'data-name': l.r.name, 'data-state': l.r.c ? l.r.c.state : 'none' });
      // a band under every lane (shaded on every other one) so the whole row takes a click
      g.appendChild(svg('rect', { x: 0, y, width, height: l.h, class: i % 2 === 1 ? 'obs-band alt' : 'obs-band' }));
      let ly = y + 14;
      for (const line of l.labelLines) {
        g.appendChild(svg('text', { x: 2, y: ly, class: 'obs-name' }, line));
        ly += 15;
      }
      for (const line of l.subLines) {
        g.appendChild(svg('text', { x: 2, y: ly - 2, class: 'obs-role' }, line));
        ly += 12;
      }
      const by = y + 5;
      const c = l.r.c;
      if (c && c.last && c.last.startedAt !== null) {
        const x0 = x(c.last.startedAt);
        const x1 = Math.max(x0 + 5, x(c.last.finishedAt !== null ? c.last.finishedAt : c.last.startedAt));
        g.appendChild(svg('rect', { x: x0, y: by, width: x1 - x0, height: barH, rx: 2, class: 'obs-last' }));
      }
      if (c && c.current && c.current.startedAt !== null) {
        const x0 = x(c.current.startedAt);
        const stop = c.current.finishedAt !== null ? c.current.finishedAt : o.now !== null ? o.now : c.current.startedAt;
        const x1 = Math.max(x0 + 5, x(stop));
        g.appendChild(svg('rect', { x: x0, y: by, width: x1 - x0, height: barH, rx: 2, class: 'obs-run' + (c.state === 'running' ? ' open' : '') }));
        if (c.state === 'running') g.appendChild(svg('path', { d: `M${x1},${by - 2} l6,${barH / 2 + 2} l-6,${barH / 2 + 2} z`, class: 'obs-open-end' }));
      }
      let ty = by + barH + 12;
      for (const line of l.textLines) {
        g.appendChild(svg('text', { x: trackX + 2, y: ty, class: 'obs-text' }, line));
        ty += lineH;
      }
      const whole = l.r.name + ': ' + (c ? nowText(api, c, o.now) : t('no status entry'));
      g.appendChild(svg('title', {}, whole));
      if (c?.range) {
        const range = c.range;
        g.setAttribute('tabindex', '0');
        g.setAttribute('role', 'button');
        g.setAttribute('aria-label', t('{0}. Press Enter to show it in the editor.', whole));
        g.addEventListener('click', () => api.reveal(range[0], range[1]));
        g.addEventListener('keydown', (ev) => {
          const k = /** @type {KeyboardEvent} */ (ev).key;
          if (k === 'Enter' || k === ' ') {
            ev.preventDefault();
            api.reveal(range[0], range[1]);
          }
        });
      }
      s.appendChild(g);
      y += l.h;
    });
    wrapDiv.appendChild(s);
    return wrapDiv;
  }

  /** @type {any} */ (window).InitLensObserved = { section };
})();
