// The overview: health score and its components, performance, availability and efficiency;
// alerts (active, suppressed, resolved) with root causes and recommendations; optimizations
// (recent, pending, audit trail) with their impact; recommendations by priority. Everything is
// rebuilt from GET /api/dashboard, /api/alerts and /api/optimizations whenever a live event says
// something changed; no value is ever parsed as HTML.

import { getJson, postJson, token } from '../api.js';
import { badge, el, labelChips, replace, toast } from '../dom.js';
import { ago, clock, num, ratio } from '../format.js';
import { onLive } from '../live.js';
import { live, noteFired, setLive } from '../state.js';
import { levelOfScore, statTile } from './stat.js';

const COMPONENTS = [
  ['cpu', 'CPU', (v) => `${num(v, 1)}% of a core`],
  ['memory', 'Memory', (v) => `${num(v, 1)}% host memory`],
  ['swarm', 'Swarm', (v) => `efficiency ${ratio(v)}`],
  ['api', 'API', (v) => `p95 ${num(v)} ms`],
  ['neural', 'Neural', (v) => `inference ${num(v)} ms`],
];
const PRIORITY = { high: 0, medium: 1, low: 2 };

function panel(title, ...rest) {
  const hint = el('span', { className: 'hint' });
  const tabs = el('span', { className: 'tabs', attrs: { role: 'tablist' } });
  const body = el('div', { className: 'panel-body flush scroll' });
  const node = el(
    'section',
    { className: 'panel', dataset: rest[0] ?? {} },
    el('div', { className: 'panel-head' }, el('span', { text: title }), tabs, hint),
    body,
  );
  return { node, body, hint, tabs };
}

/** Tabs over one body: `render(key)` fills it. */
function tabbed(p, keys, render) {
  let current = keys[0][0];
  const buttons = keys.map(([key, label]) => {
    const count = el('span', { className: 'count', text: '0' });
    const b = el(
      'button',
      {
        attrs: { type: 'button', role: 'tab', 'aria-selected': key === current ? 'true' : 'false' },
        dataset: { tab: key },
        on: {
          click: () => {
            current = key;
            for (const x of buttons) x.b.setAttribute('aria-selected', x.key === key ? 'true' : 'false');
            render(current);
          },
        },
      },
      label,
      count,
    );
    return { key, b, count };
  });
  replace(p.tabs, ...buttons.map((x) => x.b));
  return {
    counts(map) {
      for (const x of buttons) x.count.textContent = String(map[x.key] ?? 0);
    },
    render: () => render(current),
  };
}

function table(headers, rows, emptyText) {
  if (!rows.length) return el('div', { className: 'empty', text: emptyText });
  return el(
    'table',
    { className: 'list' },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows),
  );
}

function actionButton(text, className, run) {
  const b = el('button', {
    className,
    text,
    attrs: { type: 'button' },
    title: token()
      ? ''
      : 'needs the access token (open the address the demo printed), unless started with --no-auth',
    on: {
      click: async () => {
        b.disabled = true;
        try {
          await run();
        } catch (err) {
          toast(`${text} failed: ${err.message}`, 'error');
          b.disabled = false;
        }
      },
    },
  });
  return b;
}

export function overviewPage() {
  const health = statTile('Health score', { big: true });
  const perf = statTile('Performance');
  const avail = statTile('Availability');
  const eff = statTile('Efficiency');
  const alertsTile = statTile('Active alerts');
  const optTile = statTile('Optimizations');
  const comps = COMPONENTS.map(([key, label, fmt]) => ({ key, fmt, tile: statTile(label) }));
  for (const c of comps) c.tile.node.dataset.component = c.key;

  const alertsPanel = panel('Alerts', { panel: 'alerts' });
  const optPanel = panel('Optimizations', { panel: 'optimizations' });
  const recPanel = panel('Recommendations', { panel: 'recommendations' });

  let dash;
  let alertsApi = { active: [], recent: [], enriched: [] };
  let optApi = { mode: '', results: [], pending: [], audit: [] };

  // ---- alerts
  const alertTabs = tabbed(
    alertsPanel,
    [
      ['active', 'Active'],
      ['suppressed', 'Suppressed'],
      ['resolved', 'Resolved'],
    ],
    renderAlerts,
  );
  function enrichedOf(fp) {
    return (alertsApi.enriched ?? []).find((e) => e.fingerprint === fp);
  }
  function alertRow(a, status) {
    const rule = a.rule ?? a.labels?.alertname ?? '';
    const enriched = enrichedOf(a.fingerprint);
    const details = el('div', { className: 'muted', text: a.annotations?.description ?? '' });
    const causes = enriched?.rootCauses ?? [];
    const recs = enriched?.recommendations ?? [];
    const extra = [];
    if (causes.length) {
      extra.push(
        el('div', { className: 'muted', text: 'Root causes' }),
        el(
          'ul',
          { className: 'sub-list' },
          ...causes
            .slice(0, 3)
            .map((c) =>
              el(
                'li',
                { dataset: { rootCause: c.cause } },
                `${c.cause} (${Math.round((c.confidence ?? 0) * 100)}%)`,
                c.evidence ? ` — ${c.evidence}` : '',
              ),
            ),
        ),
      );
    }
    if (recs.length) {
      extra.push(
        el('div', { className: 'muted', text: 'Recommended' }),
        el('ul', { className: 'sub-list' }, ...recs.slice(0, 3).map((r) => el('li', { text: r.title }))),
      );
    }
    if (a.suppressedBy) {
      const why = a.suppressedBy.silenceId
        ? `silenced (${a.suppressedBy.silenceId})`
        : `inhibited${a.suppressedBy.inhibitedBy ? ` by ${a.suppressedBy.inhibitedBy}` : ''}`;
      extra.push(el('div', { className: 'muted', text: why }));
    }
    const actions = el('td', { className: 'actions' });
    if (status === 'active' && (a.to === 'firing' || a.state === 'firing' || a.to === 'pending')) {
      actions.append(
        actionButton('Silence 1h', '', async () => {
          const matchers = [{ name: 'alertname', value: rule, isRegex: false, isEqual: true }];
          if (a.labels?.instance)
            matchers.push({ name: 'instance', value: a.labels.instance, isRegex: false, isEqual: true });
          await postJson('/api/silences', {
            matchers,
            endsAt: new Date(Date.now() + 3_600_000).toISOString(),
            createdBy: 'dashboard',
            comment: `silenced from the dashboard: ${a.title ?? rule}`,
          });
          toast(`Silenced ${rule} for 1 h`, 'good');
          scheduleReload();
        }),
      );
    }
    return el(
      'tr',
      { dataset: { alertRule: rule, alertStatus: status, fingerprint: a.fingerprint } },
      el('td', {}, badge(a.severity ?? a.to ?? 'info', a.severity)),
      el(
        'td',
        {},
        el('div', { text: a.title ?? a.annotations?.summary ?? rule }),
        a.annotations?.description ? details : null,
        labelChips(a.labels, ['alertname']),
        ...extra,
      ),
      el('td', { className: 'mono', text: rule }),
      el('td', { className: 'num', text: num(a.value) }),
      el('td', { className: 'num', text: ago(a.at), title: clock(a.at) }),
      actions,
    );
  }
  function renderAlerts(which) {
    const list = dash?.alerts?.[which] ?? [];
    const rows = list.slice(0, 100).map((a) => alertRow(a, which));
    replace(
      alertsPanel.body,
      table(['Severity', 'Alert', 'Rule', 'Value', 'When', ''], rows, `No ${which} alerts`),
    );
  }

  // ---- optimizations
  const optTabs = tabbed(
    optPanel,
    [
      ['recent', 'Recent'],
      ['pending', 'Pending'],
      ['audit', 'Audit trail'],
    ],
    renderOptimizations,
  );
  /** The last audit decision of each optimization. */
  function lastDecisions() {
    const last = new Map();
    for (const e of optApi.audit ?? []) last.set(e.optimization, e.decision);
    return last;
  }
  const VERDICT = {
    approved: 'verifying',
    applied: 'verifying',
    verified: 'verifying',
    confirmed: 'confirmed',
    reverified: 'confirmed',
    'rolled-back': 'rolled-back',
    failed: 'failed',
    abandoned: 'failed',
  };
  /** verifying (applied, verdict pending), confirmed, rolled-back or failed. */
  function resultStatus(r, last = lastDecisions()) {
    if (r.rolledBack) return 'rolled-back';
    const fromAudit = VERDICT[last.get(r.id)];
    if (fromAudit) return fromAudit;
    if (r.success) return r.reverified === 'vanished' ? 'vanished' : 'confirmed';
    return r.reasons?.length || r.improvement ? 'failed' : 'verifying';
  }
  function renderOptimizations(which) {
    let content;
    if (which === 'recent') {
      const last = lastDecisions();
      const rows = (optApi.results ?? dash?.optimizations?.recent ?? []).slice(0, 50).map((r) => {
        const status = resultStatus(r, last);
        const actions = el('td', { className: 'actions' });
        if (r.change && !r.rolledBack && status !== 'failed') {
          actions.append(
            actionButton('Roll back', 'danger', async () => {
              await postJson(`/api/optimizations/${encodeURIComponent(r.id)}/rollback`);
              toast(`Rolled back ${r.action} on ${r.target}`, 'warning');
              scheduleReload();
            }),
          );
        }
        return el(
          'tr',
          { dataset: { optimizationAction: r.action, optimizationStatus: status, optimizationId: r.id } },
          el('td', {}, badge(status)),
          el(
            'td',
            {},
            el('div', { className: 'mono', text: r.action }),
            el('div', { className: 'muted', text: `${r.strategy} on ${r.target}` }),
            r.reasons?.length ? el('div', { className: 'muted', text: r.reasons.join('; ') }) : null,
          ),
          el('td', {
            text: r.improvement || (status === 'verifying' ? 'measuring against the baseline…' : ''),
          }),
          el('td', { className: 'num', text: r.durationMs ? `${(r.durationMs / 1000).toFixed(1)} s` : '–' }),
          actions,
        );
      });
      content = table(['Result', 'Action', 'Impact', 'Took', ''], rows, 'No optimizations yet');
    } else if (which === 'pending') {
      const rows = (dash?.optimizations?.pending ?? optApi.pending ?? []).map((p) => {
        const c = p.candidate ?? {};
        return el(
          'tr',
          { dataset: { pendingId: c.id, optimizationAction: c.action?.name } },
          el('td', {}, badge('queued')),
          el(
            'td',
            {},
            el('div', { className: 'mono', text: c.action?.name ?? '' }),
            el('div', { className: 'muted', text: p.explanation ?? '' }),
          ),
          el('td', { className: 'num', text: ago(p.queuedAt) }),
          el(
            'td',
            { className: 'actions' },
            actionButton('Approve', 'primary', async () => {
              await postJson(`/api/optimizations/${encodeURIComponent(c.id)}/approve`);
              toast(`Approved ${c.action?.name ?? 'the optimization'}`, 'good');
              scheduleReload();
            }),
          ),
        );
      });
      content = table(['', 'Recommendation', 'Queued', ''], rows, 'Nothing waits for approval');
    } else {
      const rows = [...(optApi.audit ?? [])]
        .reverse()
        .slice(0, 200)
        .map((e) =>
          el(
            'tr',
            { dataset: { auditDecision: e.decision, optimization: e.optimization } },
            el('td', { className: 'num', text: clock(e.time), title: e.time }),
            el('td', {}, badge(e.decision)),
            el('td', { className: 'mono', text: e.action ?? e.strategy }),
            el('td', { text: e.target }),
            el('td', { className: 'muted', text: e.reason ?? e.change ?? '' }),
          ),
        );
      content = table(['Time', 'Decision', 'Action', 'Target', 'Why'], rows, 'The audit log is empty');
    }
    replace(optPanel.body, content);
  }

  // ---- recommendations
  function renderRecommendations() {
    const recs = [...(dash?.recommendations ?? [])].sort(
      (a, b) => (PRIORITY[a.priority] ?? 3) - (PRIORITY[b.priority] ?? 3),
    );
    recPanel.hint.textContent = recs.length ? `${recs.length} open` : '';
    const rows = recs.map((r) =>
      el(
        'tr',
        { dataset: { recommendation: r.type, priority: r.priority } },
        el('td', {}, badge(r.priority)),
        el(
          'td',
          {},
          el('div', { text: r.title }),
          el('div', { className: 'muted', text: r.description }),
          el('ul', { className: 'sub-list' }, ...(r.actions ?? []).map((a) => el('li', { text: a }))),
        ),
        el('td', { text: r.expectedImpact ?? '' }),
        el('td', {}, badge(r.effort ?? '', r.effort)),
        el('td', {
          className: 'num',
          text: r.evidence ? `${num(r.evidence.value)} > ${num(r.evidence.threshold)}` : '',
          title: r.evidence?.metric ?? '',
        }),
      ),
    );
    replace(
      recPanel.body,
      table(
        ['Priority', 'Recommendation', 'Expected impact', 'Effort', 'Evidence'],
        rows,
        'No recommendations: every metric is within its limits',
      ),
    );
  }

  // ---- scores
  function paintHealth(h) {
    if (!h) return;
    health.set({
      text: h.overall === undefined || h.overall === null ? '–' : String(Math.round(h.overall)),
      detailText: h.missing?.length ? `${h.status}; no data: ${h.missing.join(', ')}` : h.status,
      level: h.status === 'unknown' ? 'unknown' : h.status,
      score: h.overall,
    });
    for (const c of comps) {
      const s = h.components?.[c.key];
      c.tile.set(
        s
          ? {
              text: String(Math.round(s.score)),
              detailText: `${c.fmt(s.value)} · weight ${Math.round(s.weight * 100)}%`,
              level: s.level,
              score: s.score,
            }
          : { text: '–', detailText: 'no data', level: 'unknown' },
      );
    }
  }
  function paintScore(tile, s) {
    const parts = Object.entries(s?.parts ?? {})
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(' · ');
    tile.set({
      text: s?.score === undefined || s?.score === null ? '–' : String(Math.round(s.score)),
      detailText: parts || 'no data',
      level: levelOfScore(s?.score),
      score: s?.score,
    });
  }
  function paint() {
    if (!dash) return;
    paintHealth(live()?.health ?? dash.overview?.health);
    paintScore(perf, dash.overview?.performance);
    paintScore(avail, dash.overview?.availability);
    paintScore(eff, dash.overview?.efficiency);
    const a = dash.alerts ?? {};
    const firing = (a.active ?? []).length;
    alertsTile.set({
      text: String(firing),
      detailText: `${(a.suppressed ?? []).length} suppressed · ${(a.resolved ?? []).length} resolved`,
      level: firing ? 'critical' : 'good',
    });
    const last = lastDecisions();
    const tally = { confirmed: 0, verifying: 0, 'rolled-back': 0, failed: 0, vanished: 0 };
    for (const r of optApi.results ?? []) tally[resultStatus(r, last)]++;
    const means = Object.entries(dash.optimizations?.impact?.meanImprovements ?? {})
      .map(([k, v]) => `${k} ${num(v * 100, 1)}%`)
      .join(' · ');
    optTile.set({
      text: String(tally.confirmed),
      detailText: [
        'confirmed',
        tally.verifying && `${tally.verifying} verifying`,
        tally['rolled-back'] && `${tally['rolled-back']} rolled back`,
        tally.failed && `${tally.failed} failed`,
        means && `mean ${means}`,
      ]
        .filter(Boolean)
        .join(' · '),
      level: tally['rolled-back'] || tally.failed ? 'warning' : 'good',
    });
    optPanel.hint.textContent = optApi.mode ? `mode: ${optApi.mode}` : '';
    alertsPanel.hint.textContent = `${firing} active`;
    alertTabs.counts({
      active: (a.active ?? []).length,
      suppressed: (a.suppressed ?? []).length,
      resolved: (a.resolved ?? []).length,
    });
    optTabs.counts({
      recent: (optApi.results ?? []).length,
      pending: (dash.optimizations?.pending ?? []).length,
      audit: (optApi.audit ?? []).length,
    });
    alertTabs.render();
    optTabs.render();
    renderRecommendations();
    node.dataset.loads = String(Number(node.dataset.loads ?? 0) + 1);
  }

  let rangeS = 3600;
  let loading;
  async function reload() {
    if (loading) return loading;
    loading = (async () => {
      const [d, a, o] = await Promise.all([
        getJson(`/api/dashboard?period=${rangeS * 1000}`),
        getJson('/api/alerts?limit=200'),
        getJson('/api/optimizations'),
      ]);
      dash = d;
      alertsApi = a;
      optApi = o;
      for (const c of a.recent ?? []) if (c.to === 'firing') noteFired(c.rule, c.at);
      paint();
      const u = document.getElementById('footer-updated');
      if (u) u.textContent = `updated ${clock(Date.now())}`;
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  }
  let timer;
  function scheduleReload(delay = 250) {
    clearTimeout(timer);
    timer = setTimeout(() => void reload().catch((err) => toast(err.message, 'error')), delay);
  }

  const node = el(
    'div',
    { dataset: { pageView: 'overview' } },
    el(
      'div',
      { className: 'page-title' },
      el('h1', { text: 'Overview' }),
      el('span', { className: 'sub', text: 'detect → alert → optimize → verify, live' }),
    ),
    el(
      'div',
      { className: 'grid stats' },
      health.node,
      perf.node,
      avail.node,
      eff.node,
      alertsTile.node,
      optTile.node,
    ),
    el('div', { className: 'grid stats' }, ...comps.map((c) => c.tile.node)),
    el('div', { className: 'grid two' }, alertsPanel.node, optPanel.node),
    el('div', { className: 'grid two' }, recPanel.node),
  );
  node.lastElementChild.classList.remove('two');

  const offs = [];
  return {
    node,
    async start(range) {
      rangeS = range;
      offs.push(
        onLive('metrics:update', (p) => paintHealth(setLive(p)?.health)),
        onLive('alert', (a) => {
          if (a?.to === 'firing' || a?.state === 'firing') {
            noteFired(a.rule, a.at);
            toast(
              `Alert ${a.rule} firing: ${a.title ?? a.annotations?.summary ?? ''}`,
              a.severity ?? 'warning',
            );
          } else if (a?.rule) toast(`Alert ${a.rule} → ${a.to ?? a.state}`, 'info');
          scheduleReload();
        }),
        onLive('optimization', (o) => {
          if (o?.decision)
            toast(
              `Optimizer ${o.decision}: ${o.action ?? o.strategy ?? ''} on ${o.target ?? ''}`,
              {
                'rolled-back': 'warning',
                failed: 'error',
                abandoned: 'warning',
                skipped: 'info',
                queued: 'info',
              }[o.decision] ?? 'good',
            );
          scheduleReload();
        }),
      );
      await reload();
    },
    setRange(range) {
      rangeS = range;
      return reload();
    },
    poll() {
      return reload();
    },
    stop() {
      clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}
