// @ts-check
/**
 * The init timeline webview: draws the model the InitLens server computed (see
 * server/src/analysis/timeline.ts) as one lane per container over ordered slots (the chart itself is
 * media/timeline-chart.js), a summary line, a legend, and a text view of the same facts for screen
 * readers and narrow panels. Every string from the YAML goes in through textContent or
 * setAttribute — never as markup.
 *
 * Its own texts go through `t('English {0}', …)`: the panel puts the extension's message bundle for
 * the display language into a `<script type="application/json" id="initlens-l10n">` block (keys are
 * the English texts, as in l10n/bundle.l10n.*.json); without one the page speaks English.
 *
 * Messages in:  {type: 'model', model, millis?, context?: {kubernetesVersion, initlensVersion}} | {type: 'empty', message}
 * Messages out: {type: 'ready'} | {type: 'reveal', start, end} | {type: 'copyMermaid', text}
 *               | {type: 'saveSvg', svg, theme} | {type: 'savePng', data, theme} | {type: 'rendered', millis}
 *               | {type: 'unchanged'} (a message that would draw what is already drawn is not redrawn:
 *                 replacing the chart under a pressed mouse button would lose the click)
 */
(() => {
  /** @typedef {any} Model see media/timeline-chart.js */
  /** @typedef {any} Lane */

  // @ts-expect-error provided by VS Code (or the test harness)
  const vscode = acquireVsCodeApi();
  const IL = /** @type {any} */ (window).InitLens;
  /** @type {(message: string, ...args: (string|number)[]) => string} */
  const t = IL.t;
  const roleText = IL.roleText;
  const severityText = IL.severityText;

  /** @type {{model: Model|null, failure: string[], message: string|null, exportTheme: string, context: {kubernetesVersion?: string, initlensVersion?: string}}} */
  const state = Object.assign({ model: null, failure: [], message: null, exportTheme: 'light', context: {} }, vscode.getState() || {});

  const root = /** @type {HTMLElement} */ (document.getElementById('app'));

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

  function save() {
    vscode.setState(state);
  }

  /** @param {number} start @param {number} end */
  function reveal(start, end) {
    vscode.postMessage({ type: 'reveal', start, end });
  }

  /** @param {string} id */
  function toggleFailure(id) {
    state.failure = state.failure.includes(id) ? state.failure.filter((x) => x !== id) : state.failure.concat([id]);
    save();
    render();
    focusById('fail-' + id);
  }

  // ─────────────────────────────────────────────────────────────────────────────────────────────

  function render() {
    const began = performance.now();
    const tip = document.getElementById('tip');
    // what the keyboard is on, to put it back on the same element of the new drawing (only while the
    // page has the focus: never take it from the editor the person is typing in)
    const focused = document.hasFocus() && root.contains(document.activeElement) ? document.activeElement?.id : '';
    root.replaceChildren();
    const model = state.model;
    if (!model) {
      root.appendChild(el('p', { class: 'empty', role: 'status' }, state.message || t('Open a Kubernetes manifest with a Pod spec to see its init timeline.')));
    } else {
      drawChart(model);
    }
    // the tooltip element outlives redraws (media/timeline.css places it); what it showed may not
    if (tip) tip.hidden = true;
    root.appendChild(tip ?? el('div', { id: 'tip', role: 'tooltip', hidden: '' }));
    if (focused) focusById(focused);
    const millis = performance.now() - began;
    document.body.setAttribute('data-render-ms', millis.toFixed(2));
    vscode.postMessage({ type: 'rendered', millis });
  }

  /** The page for a model. @param {Model} model */
  function drawChart(model) {
    root.appendChild(header(model));
    root.appendChild(chart(model));
    // text colours are checked against what they sit on once the chart is in the page
    IL.chart.paint(/** @type {SVGSVGElement} */ (document.getElementById('chart')));
    // the observed start-up (media/observed.js) when the document is a Pod with its status
    const observed = /** @type {any} */ (window).InitLensObserved;
    if (observed && model.observed) root.appendChild(observed.section(model, { t, reveal }));
    root.appendChild(legend(model));
    root.appendChild(details(model));
  }

  /** Title, the Pod's facts, the summary line and the toolbar. @param {Model} model */
  function header(model) {
    const h = el('header', { class: 'head' });
    h.appendChild(el('h1', { id: 'title' }, t('{0} — init timeline', model.object || t('Pod spec (fragment)'))));
    h.appendChild(el('p', { class: 'facts' }, podFacts(model).join(' · ')));
    if (model.summary) h.appendChild(summaryLine(model));
    if (model.partial)
      h.appendChild(el('p', { class: 'note partial' }, t('Partial: a fragment, a template or YAML with errors — parts of the Pod may be missing.')));
    h.appendChild(toolbar(model));
    return h;
  }

  /** restartPolicy, grace period, backoffLimit, deadline, which Pod of the file. @param {Model} model */
  function podFacts(model) {
    const facts = [
      model.restartPolicyDefaulted ? t('restartPolicy {0} (default)', model.restartPolicy) : 'restartPolicy ' + model.restartPolicy,
      model.gracePeriod.defaulted ? t('grace period {0} s (default)', model.gracePeriod.seconds) : t('grace period {0} s', model.gracePeriod.seconds),
    ];
    if (model.backoffLimit !== null) facts.push('backoffLimit ' + model.backoffLimit);
    if (model.deadline) facts.push('activeDeadlineSeconds ' + model.deadline.seconds + (model.deadline.scope === 'job' ? ' (Job)' : ''));
    if (model.podCount > 1) facts.push(t('Pod {0} of {1} in this file', model.podIndex + 1, model.podCount));
    return facts;
  }

  /** "Ready in 5 s – 2 min 10 s; wait-for-db dominates (≤ 2 min)" (the dominant lane is marked in the chart). @param {Model} model */
  function summaryLine(model) {
    const p = el('p', { class: 'summary', id: 'summary' });
    p.textContent = model.summary.text;
    return p;
  }

  /** Copy as Mermaid, Save as SVG / PNG (with the colours to use), Show all failure paths. @param {Model} model */
  function toolbar(model) {
    const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('Timeline actions') });
    const copy = el('button', { type: 'button', id: 'copy-mermaid' }, t('Copy as Mermaid'));
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copyMermaid', text: model.mermaid }));
    const saveSvg = el('button', { type: 'button', id: 'save-svg' }, t('Save as SVG…'));
    saveSvg.addEventListener('click', () => vscode.postMessage({ type: 'saveSvg', svg: exporter().svg(model, exportOptions()), theme: state.exportTheme }));
    const savePng = el('button', { type: 'button', id: 'save-png' }, t('Save as PNG…'));
    savePng.addEventListener('click', async () => {
      const data = await exporter().png(model, exportOptions());
      vscode.postMessage({ type: 'savePng', data, theme: state.exportTheme });
    });
    const label = el('label', { class: 'export-theme' });
    label.appendChild(document.createTextNode(t('Export colours') + ' '));
    const select = /** @type {HTMLSelectElement} */ (el('select', { id: 'export-theme' }));
    for (const [value, text] of [
      ['light', t('light')],
      ['current', t('current theme')],
    ]) {
      const option = /** @type {HTMLOptionElement} */ (el('option', { value }, text));
      option.selected = state.exportTheme === value;
      select.appendChild(option);
    }
    select.addEventListener('change', () => {
      state.exportTheme = select.value === 'current' ? 'current' : 'light';
      save();
    });
    label.appendChild(select);
    const all = el(
      'button',
      { type: 'button', id: 'toggle-failures', 'aria-pressed': String(state.failure.length === model.lanes.length && model.lanes.length > 0) },
      t('Show all failure paths'),
    );
    all.addEventListener('click', () => {
      state.failure = state.failure.length === model.lanes.length ? [] : model.lanes.map((/** @type {Lane} */ l) => l.id);
      save();
      render();
      focusById('toggle-failures');
    });
    bar.append(copy, saveSvg, savePng, label, all);
    return bar;
  }

  function exporter() {
    return /** @type {any} */ (window).InitLens.exporter;
  }

  /** What the standalone SVG needs besides the model: colours, open failure paths, title facts. */
  function exportOptions() {
    return { theme: state.exportTheme, failure: state.failure.slice(), facts: podFacts(/** @type {Model} */ (state.model)), context: state.context || {} };
  }

  /** @param {string} id */
  function focusById(id) {
    const e = document.getElementById(id);
    if (e) /** @type {HTMLElement} */ (e).focus();
  }

  /** The chart (media/timeline-chart.js) at the panel's width, with its help line. @param {Model} model */
  function chart(model) {
    const wrap = el('div', { class: 'chart-wrap' });
    const width = Math.max(300, Math.floor(root.clientWidth || document.documentElement.clientWidth || 800));
    const { svg } = IL.chart.draw(model, { width, failure: state.failure, interactive: true, host: { reveal, toggleFailure, onBarKey } });
    svg.setAttribute('id', 'chart');
    svg.setAttribute('aria-labelledby', 'title');
    svg.setAttribute('aria-describedby', 'chart-help');
    if (document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light')) svg.classList.add('hc');
    wrap.appendChild(svg);
    wrap.appendChild(
      el(
        'p',
        { id: 'chart-help', class: 'help' },
        t(
          'Bar widths are schematic; durations are written on the bars. Tab or arrow keys move between bars; Enter shows a bar in the editor; "!" shows what happens if a container fails.',
        ),
      ),
    );
    return wrap;
  }

  // ── the tip: the full text of anything shortened, on hover and on focus ──────────────────────

  /** @param {Element|null} target */
  function showTip(target) {
    const tip = document.getElementById('tip');
    if (!tip) return;
    const holder = target?.closest ? target.closest('[data-tip]') : null;
    if (!holder) {
      tip.hidden = true;
      return;
    }
    tip.textContent = holder.getAttribute('data-tip') || '';
    tip.hidden = false;
    // placed under the element, inside the page's width (#app is its positioned parent)
    const r = holder.getBoundingClientRect();
    const box = root.getBoundingClientRect();
    tip.style.maxWidth = Math.min(420, box.width) + 'px';
    tip.style.left = Math.max(0, Math.min(r.left - box.left, box.width - tip.offsetWidth)) + 'px';
    tip.style.top = r.bottom - box.top + 4 + 'px';
  }

  document.addEventListener('mouseover', (ev) => showTip(/** @type {Element} */ (ev.target)));
  document.addEventListener('focusin', (ev) => showTip(/** @type {Element} */ (ev.target)));
  document.addEventListener('focusout', () => showTip(null));
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') showTip(null);
  });

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
    if (k === 'Home') return all[0]?.focus();
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

  /** The legend: each mark drawn as in the chart, with its meaning in words. @param {Model} model */
  function legend(model) {
    const l = el('ul', { class: 'legend', 'aria-label': t('Legend') });
    for (const item of IL.chart.legendItems(model)) {
      const li = el('li', { 'data-key': item.key });
      const sw = /** @type {SVGSVGElement} */ (
        /** @type {unknown} */ (IL.svg('svg', { class: 'chart swatch', width: 22, height: 14, viewBox: '0 0 22 14', 'aria-hidden': 'true' }))
      );
      // its arrow heads and hatch come from the chart's <defs> above it in the page
      sw.appendChild(item.draw(0, 0));
      li.append(sw, document.createTextNode(item.text));
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
        el(
          'li',
          {},
          lane.pullPolicyDefaulted
            ? t('image {0}, pull policy {1} (default)', image, lane.pullPolicy)
            : t('image {0}, pull policy {1}', image, lane.pullPolicy),
        ),
      );
      for (const b of lane.bars)
        if (b.kind !== 'pull') facts.appendChild(el('li', {}, b.label + (b.label.includes(b.duration.text) ? '' : ' — ' + b.duration.text)));
      for (const p of lane.probes) facts.appendChild(el('li', {}, p.text));
      sec.appendChild(facts);
      const shown = state.failure.includes(lane.id);
      const fb = el(
        'button',
        { type: 'button', class: 'fail-detail-toggle', 'aria-expanded': String(shown), 'data-lane': lane.id },
        t('If {0} fails', lane.name),
      );
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

  /**
   * What a page of this model and context (or, without a model, this message) shows, as text.
   * @param {Model|null} model @param {object} context @param {string|null} message
   */
  const pageKey = (model, context, message) => JSON.stringify(model ? ['model', model, context] : ['empty', message]);

  /**
   * Whether a message would draw what the page shows (the state it was drawn from); if so, says so
   * instead of drawing. @param {Model|null} model @param {object} context @param {string|null} message
   */
  function unchanged(model, context, message) {
    if (pageKey(model, context, message) !== pageKey(state.model, state.context, state.message)) return false;
    vscode.postMessage({ type: 'unchanged' });
    return true;
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'model' && msg.model && typeof msg.model === 'object') {
      const context = msg.context && typeof msg.context === 'object' ? msg.context : {};
      if (unchanged(msg.model, context, null)) return;
      const prev = state.model;
      // keep failure toggles for lanes that still exist (same Pod being edited)
      if (!prev || prev.object !== msg.model.object) state.failure = [];
      state.model = msg.model;
      state.context = context;
      state.message = null;
      save();
      render();
    } else if (msg.type === 'empty') {
      const message = typeof msg.message === 'string' ? msg.message : null;
      if (unchanged(null, {}, message)) return;
      state.model = null;
      state.message = message;
      save();
      render();
    }
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(render, 100);
  });

  // VS Code re-themes an open page in place: the theme's classes and data attributes on <body>, its
  // colours and fonts as variables on <html>. The chart's text colours were checked against the old
  // colours and its columns measured in the old font, so it is drawn again. (A context menu also
  // toggles a class on <body>: that one changes nothing drawn.)
  const themeKey = () =>
    [
      Array.from(document.body.classList)
        .filter((c) => c !== 'vscode-context-menu-visible')
        .sort()
        .join(' '),
      document.body.getAttribute('data-vscode-theme-id'),
      document.body.getAttribute('data-vscode-theme-kind'),
      document.documentElement.getAttribute('style'),
    ].join('|');
  let theme = themeKey();
  const rethemed = new MutationObserver(() => {
    const key = themeKey();
    if (key === theme) return;
    theme = key;
    render();
  });
  rethemed.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
  rethemed.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

  render();
  vscode.postMessage({ type: 'ready' });
})();
