// The dashboard's entry: routing between /dashboard and /dashboard/{system,swarm,neural,api}
// without reloads, the time-range picker, the live connection and the access token.

import { adoptTokenFromFragment, token } from './api.js';
import { replace, toast } from './dom.js';
import { mountFaultBar } from './faults.js';
import { connectLive, isLive } from './live.js';
import { metricPage } from './pages/metrics.js';
import { overviewPage } from './pages/overview.js';
import { loadAlertHistory, loadLive } from './state.js';

const RANGES = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400 };
const RANGE_KEY = 'claude-zen-range';
const PAGES = ['system', 'swarm', 'neural', 'api'];

let current;
let rangeKey = RANGES[localStorage.getItem(RANGE_KEY)] ? localStorage.getItem(RANGE_KEY) : '1h';

function pageFromPath(path) {
  const m = /^\/dashboard\/?([a-z]*)\/?$/.exec(path);
  const name = m?.[1] ?? '';
  return PAGES.includes(name) ? name : 'overview';
}

function markNav(name) {
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${name === 'overview' ? 'Overview' : name[0].toUpperCase() + name.slice(1)} · claude-zen monitor`;
  document.body.dataset.page = name;
}

function markRange() {
  for (const b of document.querySelectorAll('#range-picker button')) {
    b.setAttribute('aria-pressed', b.dataset.range === rangeKey ? 'true' : 'false');
  }
  document.body.dataset.range = rangeKey;
}

async function show(name) {
  current?.stop();
  const page = name === 'overview' ? overviewPage() : metricPage(name);
  current = page;
  markNav(name);
  replace(document.getElementById('page'), page.node);
  try {
    await page.start(RANGES[rangeKey]);
    if (current === page) document.body.dataset.ready = name;
  } catch (err) {
    toast(`cannot load the ${name} page: ${err.message}`, 'error');
  }
}

function navigate(path) {
  if (path !== location.pathname) history.pushState({}, '', path);
  void show(pageFromPath(location.pathname));
}

async function showAuth() {
  const auth = document.getElementById('auth');
  if (!auth) return;
  if (token()) {
    auth.dataset.state = 'token';
    auth.textContent = 'token set';
    auth.title = 'actions are sent with the access token from the address the demo printed';
  } else {
    auth.dataset.state = 'none';
    auth.textContent = 'no token';
    auth.title =
      'actions (silence, approve, roll back, faults) need the token: open the address the demo printed (#token=…), unless the controller runs with --no-auth';
  }
}

function main() {
  adoptTokenFromFragment();
  void showAuth();
  markRange();
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-link]') : null;
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(new URL(a.href).pathname);
  });
  window.addEventListener('popstate', () => void show(pageFromPath(location.pathname)));
  for (const b of document.querySelectorAll('#range-picker button')) {
    b.addEventListener('click', () => {
      rangeKey = b.dataset.range;
      localStorage.setItem(RANGE_KEY, rangeKey);
      markRange();
      void current?.setRange(RANGES[rangeKey]);
    });
  }
  connectLive();
  void loadAlertHistory().catch(() => {});
  void loadLive()
    .catch(() => undefined)
    .then(() => show(pageFromPath(location.pathname)));
  void mountFaultBar();
  // without the live stream, poll; with it, refresh the page now and then anyway
  let lastPoll = Date.now();
  setInterval(() => {
    const every = isLive() ? 30_000 : 5_000;
    if (Date.now() - lastPoll < every || !current) return;
    lastPoll = Date.now();
    void loadLive()
      .catch(() => undefined)
      .then(() => current?.poll());
  }, 1000);
}

main();
