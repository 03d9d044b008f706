// Time-series panels drawn with uPlot (served from the package at /vendor/uplot/): the series of
// one or more PromQL queries over the picked range, the expected band of a rule
// (claude_zen_anomaly_lower/upper{rule=...}) filled behind them, red marks where the rule's
// anomaly score went above 1, and a dashed line where an alert of the rule fired.
// Each panel exposes what it drew as data attributes (data-state, data-series, data-points,
// data-band-points, data-anomalies) so a person (or a browser test) can check it has data.

import { queryRange } from './api.js';
import { el, replace } from './dom.js';
import { byUnit } from './format.js';

const PALETTE = [
  '#73bf69',
  '#5794f2',
  '#ff9830',
  '#b877d9',
  '#fade2a',
  '#37872d',
  '#8ab8ff',
  '#ff780a',
  '#1f60c4',
  '#e0b400',
];
const MAX_SERIES = 10;
const PLOT_HEIGHT = 190;
const AXIS = {
  stroke: '#8e9196',
  grid: { stroke: '#202328', width: 1 },
  ticks: { stroke: '#25282d', width: 1, size: 4 },
  font: '11px Inter, Segoe UI, Roboto, sans-serif',
};

/** The step of a range: about 240 points, at least 1 s. */
export function stepFor(rangeS) {
  return Math.max(1, Math.ceil(rangeS / 240));
}

/** The legend of one series: `legend` with {label} placeholders, or its labels. */
function legendOf(template, metric) {
  if (template) return template.replace(/\{(\w+)\}/g, (_m, k) => metric[k] ?? '');
  const parts = Object.entries(metric)
    .filter(([k]) => k !== '__name__' && k !== 'job')
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : 'value';
}

/** Values of a Prometheus matrix series placed on the grid start + k·step (null where missing). */
function onGrid(values, start, step, n) {
  const out = new Array(n).fill(null);
  for (const [t, v] of values) {
    const i = Math.round((Number(t) - start) / step);
    const x = Number(v);
    if (i >= 0 && i < n && Number.isFinite(x)) out[i] = x;
  }
  return out;
}

function countPoints(arr) {
  let n = 0;
  for (const v of arr) if (v !== null) n++;
  return n;
}

/** A uPlot plugin drawing a dashed vertical line at each alert time (seconds). */
function alertLines(getTimes) {
  return {
    hooks: {
      draw: [
        (u) => {
          const times = getTimes();
          if (!times.length) return;
          const { ctx } = u;
          const { top, height, left, width } = u.bbox;
          ctx.save();
          ctx.strokeStyle = 'rgba(242, 204, 12, 0.85)';
          ctx.lineWidth = Math.max(1, window.devicePixelRatio || 1);
          ctx.setLineDash([4, 3]);
          for (const t of times) {
            const x = Math.round(u.valToPos(t, 'x', true));
            if (x < left || x > left + width) continue;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * A chart panel. `def`: { id, title, unit, queries: [{ expr, legend }], band: rule name?,
 * help? }. `alertTimes(rule)` gives the times (ms) an alert of that rule fired.
 */
export function chartPanel(def, alertTimes = () => []) {
  const msg = el('div', { className: 'chart-msg', text: 'loading…' });
  const body = el('div', { className: 'panel-body' }, msg);
  const notes = el('div', { className: 'legend-note' });
  if (def.band) {
    notes.append(
      el('span', {}, el('span', { className: 'swatch band' }), `expected band (rule ${def.band})`),
      el('span', {}, el('span', { className: 'swatch anomaly' }), 'anomaly score > 1'),
      el('span', {}, el('span', { className: 'swatch alert-line' }), 'alert fired'),
    );
  }
  const node = el(
    'section',
    {
      className: 'panel chart-panel',
      dataset: { chart: def.id, state: 'loading', series: 0, points: 0, bandPoints: 0, anomalies: 0 },
    },
    el(
      'div',
      { className: 'panel-head' },
      el('span', { text: def.title }),
      el('span', { className: 'hint', text: def.help ?? '' }),
    ),
    body,
    notes,
  );
  let plot;
  let shape = '';
  let alertTimesS = [];
  let controller;
  const resize = new ResizeObserver(() => {
    if (plot) plot.setSize({ width: Math.max(200, body.clientWidth - 12), height: PLOT_HEIGHT });
  });
  resize.observe(body);

  function setState(state, text) {
    node.dataset.state = state;
    msg.textContent = text ?? '';
    msg.hidden = !text;
  }

  async function refresh(rangeS) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const step = stepFor(rangeS);
    const end = Math.round(Date.now() / 1000);
    const start = end - rangeS;
    const n = Math.floor(rangeS / step) + 1;
    const queries = def.queries.map((q) => queryRange(q.expr, start, end, step, signal));
    if (def.band) {
      const r = JSON.stringify(def.band);
      queries.push(
        queryRange(`min(claude_zen_anomaly_lower{rule=${r}})`, start, end, step, signal),
        queryRange(`max(claude_zen_anomaly_upper{rule=${r}})`, start, end, step, signal),
        queryRange(`max(claude_zen_anomaly_score{rule=${r}})`, start, end, step, signal),
      );
    }
    let results;
    try {
      results = await Promise.all(queries);
    } catch (err) {
      if (signal.aborted) return;
      setState('error', `cannot load: ${err.message}`);
      return;
    }
    if (signal.aborted) return;

    const x = Array.from({ length: n }, (_v, i) => start + i * step);
    const series = [];
    def.queries.forEach((q, qi) => {
      for (const s of results[qi]) {
        if (series.length >= MAX_SERIES) break;
        series.push({
          label: legendOf(q.legend, s.metric ?? {}),
          values: onGrid(s.values ?? [], start, step, n),
        });
      }
    });
    let band;
    let marks;
    if (def.band) {
      const [lower, upper, score] = results.slice(def.queries.length).map((r) => r[0]?.values ?? []);
      band = { lower: onGrid(lower, start, step, n), upper: onGrid(upper, start, step, n) };
      const scores = onGrid(score, start, step, n);
      marks = x.map((_t, i) => {
        if (!(scores[i] > 1)) return null;
        let top = null;
        for (const s of series)
          if (s.values[i] !== null && (top === null || s.values[i] > top)) top = s.values[i];
        return top;
      });
    }
    const rule = def.band;
    alertTimesS = rule ? alertTimes(rule).map((t) => t / 1000) : [];

    const points = series.reduce((a, s) => a + countPoints(s.values), 0);
    node.dataset.series = String(series.length);
    node.dataset.points = String(points);
    node.dataset.bandPoints = String(band ? countPoints(band.upper) : 0);
    node.dataset.anomalies = String(marks ? countPoints(marks) : 0);
    node.dataset.alertLines = String(alertTimesS.length);

    let data = [x, ...series.map((s) => s.values)];
    if (band) data.push(band.upper, band.lower, marks);
    // a stack that started a moment ago: draw from its first point, not a dot at the right edge
    let first = n;
    for (const s of series) {
      const i = s.values.findIndex((v) => v !== null);
      if (i >= 0 && i < first) first = i;
    }
    if (first > 0 && first < n) data = data.map((arr) => arr.slice(Math.max(0, first - 1)));
    const newShape = `${series.map((s) => s.label).join('\u0000')}|${band ? 1 : 0}`;
    if (!plot || newShape !== shape) {
      plot?.destroy();
      shape = newShape;
      plot = makePlot(def, series, Boolean(band), data, body, () => alertTimesS);
    } else {
      plot.setData(data);
    }
    setState(points ? 'ready' : 'empty', points ? '' : 'no data in this range yet');
  }

  function destroy() {
    controller?.abort();
    resize.disconnect();
    plot?.destroy();
  }

  return { node, refresh, destroy };
}

/**
 * The y range: the data series, plus the band where it is near them (a band far above the data,
 * like the limit of a rule that cannot fire, is clipped rather than flattening the series).
 */
function yRange(u, nSeries) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 1; i <= nSeries; i++) {
    for (const v of u.data[i] ?? []) {
      if (v === null || v === undefined) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return [0, 1];
  const span = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-9);
  for (let i = nSeries + 1; i < u.data.length; i++) {
    for (const v of u.data[i] ?? []) {
      if (v === null || v === undefined) continue;
      if (v > hi && v <= hi + 2 * span) hi = v;
      if (v < lo && v >= lo - 2 * span) lo = v;
    }
  }
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

function makePlot(def, series, withBand, data, body, getAlertTimes) {
  const fmt = (v) => (v === null || v === undefined ? '–' : byUnit(def.unit, v));
  const uSeries = [{}];
  series.forEach((s, i) => {
    uSeries.push({
      label: s.label,
      stroke: PALETTE[i % PALETTE.length],
      width: 1.5,
      spanGaps: false,
      points: { show: false },
      value: (_u, v) => fmt(v),
    });
  });
  const bands = [];
  if (withBand) {
    const upper = uSeries.length;
    uSeries.push(
      {
        label: 'expected upper',
        stroke: 'rgba(87, 148, 242, 0.55)',
        dash: [4, 4],
        width: 1,
        points: { show: false },
        value: (_u, v) => fmt(v),
      },
      {
        label: 'expected lower',
        stroke: 'rgba(87, 148, 242, 0.55)',
        dash: [4, 4],
        width: 1,
        points: { show: false },
        value: (_u, v) => fmt(v),
      },
      {
        label: 'anomaly',
        stroke: '#f2495c',
        fill: '#f2495c',
        paths: () => null,
        points: { show: true, size: 7, stroke: '#f2495c', fill: '#f2495c' },
        value: (_u, v) => fmt(v),
      },
    );
    bands.push({ series: [upper, upper + 1], fill: 'rgba(87, 148, 242, 0.12)' });
  }
  const opts = {
    width: Math.max(200, body.clientWidth - 12),
    height: PLOT_HEIGHT,
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (u) => yRange(u, series.length) } },
    legend: { live: true },
    series: uSeries,
    bands,
    axes: [
      { ...AXIS },
      {
        ...AXIS,
        size: 62,
        values: (_u, vals) => vals.map((v) => byUnit(def.unit, v)),
      },
    ],
    plugins: [alertLines(getAlertTimes)],
  };
  return new window.uPlot(opts, data, body);
}

/** A grid of chart panels; `refresh(rangeS)` reloads them all. */
export function chartGrid(defs, alertTimes) {
  const panels = defs.map((d) => chartPanel(d, alertTimes));
  const node = el('div', { className: 'grid charts' });
  replace(node, ...panels.map((p) => p.node));
  return {
    node,
    panels,
    refresh: (rangeS) => Promise.all(panels.map((p) => p.refresh(rangeS))),
    destroy: () => {
      for (const p of panels) p.destroy();
    },
  };
}
