// A metric page (system, swarm, neural, api): stat tiles from the live metrics, charts from PromQL.

import { chartGrid } from '../charts.js';
import { el } from '../dom.js';
import { onLive } from '../live.js';
import { firedTimes, live, loadAlertHistory, setLive } from '../state.js';
import { PAGES } from './definitions.js';
import { statTile } from './stat.js';

export function metricPage(name) {
  const def = PAGES[name];
  const tiles = def.stats.map((s) => ({ def: s, tile: statTile(s.label) }));
  const charts = chartGrid(def.charts, firedTimes);
  const node = el(
    'div',
    { dataset: { pageView: name } },
    el(
      'div',
      { className: 'page-title' },
      el('h1', { text: def.title }),
      el('span', { className: 'sub', text: def.subtitle }),
    ),
    el('div', { className: 'grid stats' }, ...tiles.map((t) => t.tile.node)),
    charts.node,
  );

  function paintStats() {
    const m = live()?.metrics;
    if (!m) return;
    for (const { def: s, tile } of tiles) {
      const call = (f) => (typeof f === 'function' ? f(m) : f);
      tile.set({ text: call(s.value), detailText: call(s.detail), level: s.level ? call(s.level) : 'info' });
    }
  }

  let rangeS = 3600;
  let lastChartLoad = 0;
  const offs = [];
  return {
    node,
    async start(range) {
      rangeS = range;
      paintStats();
      offs.push(
        onLive('metrics:update', (p) => {
          setLive(p);
          paintStats();
          // charts follow the live stream, without asking the store more than every few seconds
          if (Date.now() - lastChartLoad > Math.max(5000, rangeS * 5)) {
            lastChartLoad = Date.now();
            void charts.refresh(rangeS);
          }
        }),
        onLive('anomaly', () => {
          if (Date.now() - lastChartLoad < 2000) return;
          lastChartLoad = Date.now();
          void charts.refresh(rangeS);
        }),
        onLive('alert', () => void loadAlertHistory().catch(() => {})),
      );
      lastChartLoad = Date.now();
      await charts.refresh(rangeS);
    },
    setRange(range) {
      rangeS = range;
      lastChartLoad = Date.now();
      return charts.refresh(rangeS);
    },
    /** Called every few seconds when the live stream is down. */
    poll() {
      paintStats();
      lastChartLoad = Date.now();
      return charts.refresh(rangeS);
    },
    stop() {
      for (const off of offs) off();
      charts.destroy();
    },
  };
}
