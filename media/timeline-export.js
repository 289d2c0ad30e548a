// @ts-check
/**
 * Exports of the timeline that stand alone: an SVG at its natural size (wide enough that no text is
 * shortened), with a title (object, Pod, Kubernetes and InitLens versions), the summary, the chart
 * as the panel draws it (open failure paths included, no buttons), and the legend; every colour and
 * font written on the elements, so it opens the same anywhere. A PNG is that SVG drawn on a canvas
 * at twice the size. Colours: the light palette below (for documents), or the panel's current theme.
 *
 * `InitLens.exporter.svg(model, {theme, failure, facts, context})` → SVG text;
 * `InitLens.exporter.png(…)` → Promise of base64 PNG data.
 */
(() => {
  const IL = /** @type {any} */ (window).InitLens;
  const SVG = 'http://www.w3.org/2000/svg';
  /** @type {(message: string, ...args: (string|number)[]) => string} */
  const t = IL.t;

  /** VS Code's Light Modern colours: what "light" exports use whatever the editor's theme. */
  const LIGHT = {
    '--fg': '#3b3b3b',
    '--muted': '#616161',
    '--bg': '#ffffff',
    '--band': 'rgba(128, 128, 128, 0.08)',
    '--line': 'rgba(128, 128, 128, 0.35)',
    '--init': '#1a85ff',
    '--sidecar': '#652d90',
    '--app': '#388a34',
    '--pull': '#616161',
    '--handoff': '#d18616',
    '--error': '#e51400',
    '--warning': '#bf8803',
    '--info': '#1a85ff',
    '--border': 'transparent',
    '--button-bg': '#e5e5e5',
    '--button-fg': '#3b3b3b',
  };

  const PROPS = [
    'fill',
    'fill-opacity',
    'stroke',
    'stroke-width',
    'stroke-dasharray',
    'stroke-opacity',
    'opacity',
    'font-family',
    'font-size',
    'font-weight',
    'text-decoration',
  ];
  const KEEP_IDS = new Set(['arrow', 'arrow-fail', 'hatch']);

  /**
   * @param {any} model
   * @param {{theme: string, failure: string[], facts: string[], context: {kubernetesVersion?: string, initlensVersion?: string}}} o
   */
  function exportSvg(model, o) {
    const host = document.createElement('div');
    host.setAttribute('aria-hidden', 'true');
    host.style.cssText = 'position:absolute;left:-100000px;top:0;';
    if (o.theme !== 'current') for (const [k, v] of Object.entries(LIGHT)) host.style.setProperty(k, v);
    host.style.background = 'var(--bg)';
    document.body.appendChild(host);
    try {
      // natural size: the width at which the layout shortens nothing
      const probe = IL.chart.draw(model, { width: 900, failure: o.failure, interactive: false });
      const width = Math.max(640, Number(probe.svg.getAttribute('data-natural-width')) || 900);
      const { svg: chart, layout } = IL.chart.draw(model, { width, failure: o.failure, interactive: false });
      if (o.theme === 'current' && (document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light')))
        chart.classList.add('hc');
      const W = layout.width;
      const out = IL.svg('svg', { xmlns: SVG, class: 'chart', width: W, height: 10 });
      const bg = IL.svg('rect', { x: 0, y: 0, width: W, height: 10, class: 'export-bg' });
      out.appendChild(bg);
      let y = 8;
      const title = IL.svg('text', { x: 8, y: y + 15, class: 'title' }, t('{0} — init timeline', model.object || t('Pod spec (fragment)')));
      out.appendChild(title);
      y += 22;
      const versions = [];
      if (o.context.kubernetesVersion) versions.push(t('Kubernetes {0}', o.context.kubernetesVersion));
      versions.push(o.context.initlensVersion ? t('drawn by InitLens {0}', o.context.initlensVersion) : t('drawn by InitLens'));
      for (const line of IL.chart.wrap([...o.facts, ...versions].join(' · '), W - 16, { size: 11, weight: 400 }, 3).lines) {
        out.appendChild(IL.svg('text', { x: 8, y: y + 11, class: 'subtitle' }, line));
        y += 15;
      }
      if (model.summary) {
        for (const line of IL.chart.wrap(model.summary.text, W - 16, { size: 11.5, weight: 600 }, 3).lines) {
          out.appendChild(IL.svg('text', { x: 8, y: y + 12, class: 'summary-text' }, line));
          y += 16;
        }
      }
      y += 6;
      chart.setAttribute('x', '0');
      chart.setAttribute('y', String(y));
      chart.setAttribute('data-part', 'chart');
      out.appendChild(chart);
      y += layout.height + 8;
      // the legend: marks as in the chart, wrapped into rows
      let x = 8;
      for (const item of IL.chart.legendItems(model)) {
        const tw = IL.chart.measure(item.text, { size: 11, weight: 400 });
        if (x > 8 && x + 28 + tw > W - 8) {
          x = 8;
          y += 20;
        }
        out.appendChild(item.draw(x, y));
        out.appendChild(IL.svg('text', { x: x + 28, y: y + 11, class: 'legend-text' }, item.text));
        x += 28 + tw + 18;
      }
      y += 24;
      out.setAttribute('height', String(y));
      out.setAttribute('viewBox', `0 0 ${W} ${y}`);
      bg.setAttribute('height', String(y));
      host.appendChild(out);
      IL.chart.paint(out);
      inline(out);
      return new XMLSerializer().serializeToString(out);
    } finally {
      host.remove();
    }
  }

  /** Writes each element's computed look on it as attributes and drops what only the panel uses. @param {Element} root */
  function inline(root) {
    const all = [root, ...Array.from(root.querySelectorAll('*'))];
    // read every look first: computed styles are live, and removing a class changes the others'
    const looks = all.map((e) => {
      const cs = getComputedStyle(e);
      return PROPS.map((p) => /** @type {[string, string]} */ ([p, cs.getPropertyValue(p)]));
    });
    all.forEach((e, i) => {
      if (e.namespaceURI === SVG && !['defs', 'title', 'tspan', 'marker', 'pattern'].includes(e.localName)) {
        for (const [p, v] of looks[i]) {
          if (!v || (p === 'text-decoration' && v.startsWith('none'))) continue;
          e.setAttribute(p, p === 'text-decoration' ? v.split(' ')[0] : v);
        }
      }
      const tip = e.getAttribute('data-tip');
      for (const a of Array.from(e.attributes)) {
        if (a.name.startsWith('data-') || a.name === 'class' || a.name === 'tabindex' || a.name.startsWith('aria-') || a.name === 'role' || a.name === 'style')
          e.removeAttribute(a.name);
      }
      if (e.id && !KEEP_IDS.has(e.id)) e.removeAttribute('id');
      if (tip && e.localName !== 'svg') {
        const title = document.createElementNS(SVG, 'title');
        title.textContent = tip;
        e.insertBefore(title, e.firstChild);
      }
    });
    // the text colours paint() chose were inline styles: keep them as attributes
  }

  /** @param {any} model @param {Parameters<typeof exportSvg>[1]} o @returns {Promise<string>} base64 PNG */
  function exportPng(model, o) {
    const text = exportSvg(model, o);
    const w = Number(/width="(\d+(?:\.\d+)?)"/.exec(text)?.[1] || 800);
    const h = Number(/height="(\d+(?:\.\d+)?)"/.exec(text)?.[1] || 600);
    return new Promise((resolve, reject) => {
      const img = new Image();
      const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      img.onload = () => {
        try {
          const scale = 2;
          const canvas = document.createElement('canvas');
          canvas.width = Math.ceil(w * scale);
          canvas.height = Math.ceil(h * scale);
          const c = canvas.getContext('2d');
          if (!c) throw new Error('no canvas');
          c.scale(scale, scale);
          c.drawImage(img, 0, 0, w, h);
          resolve(canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''));
        } catch (e) {
          reject(e);
        } finally {
          URL.revokeObjectURL(url);
        }
      };
      img.onerror = () => {
        URL.revokeObjectURL(url);
        reject(new Error('the SVG did not load as an image'));
      };
      img.src = url;
    });
  }

  IL.exporter = { svg: exportSvg, png: exportPng, LIGHT };
})();
