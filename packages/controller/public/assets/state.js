// Data shared by the pages: the latest live metrics and the alert firing times per rule (drawn as
// lines on the charts). Filled from REST at start and kept current by the live events.

import { getJson } from './api.js';

const firedByRule = new Map();
let latestLive;

/** Records that an alert of `rule` fired at `at` (ms). */
export function noteFired(rule, at) {
  if (!rule || !Number.isFinite(at)) return;
  const times = firedByRule.get(rule) ?? [];
  if (!times.includes(at)) times.push(at);
  if (times.length > 200) times.shift();
  firedByRule.set(rule, times);
}

/** Firing times (ms) of the alerts of a rule. */
export function firedTimes(rule) {
  return firedByRule.get(rule) ?? [];
}

/** Loads the recent alert changes from GET /api/alerts. */
export async function loadAlertHistory() {
  const body = await getJson('/api/alerts?limit=500');
  for (const c of body.recent ?? []) if (c.to === 'firing') noteFired(c.rule, c.at);
  for (const a of body.active ?? []) if (a.firedAt) noteFired(a.labels?.alertname ?? a.rule, a.firedAt);
  return body;
}

/**
 * The live payload normalised to { at, metrics, health }: GET /api/metrics/live (and the socket's
 * metrics:update) carry the current metrics and the health score.
 */
export function normaliseLive(payload) {
  if (!payload || typeof payload !== 'object') return undefined;
  const metrics = payload.metrics?.current ?? payload.metrics ?? payload.current ?? payload;
  const health = payload.health ?? payload.score ?? payload.overview?.health;
  return { at: payload.at ?? payload.timestamp ?? metrics.at ?? Date.now(), metrics, health };
}

export function setLive(payload) {
  const live = normaliseLive(payload);
  if (live) latestLive = live;
  return latestLive;
}

export function live() {
  return latestLive;
}

/** GET /api/metrics/live; falls back to /api/dashboard on a controller without it. */
export async function loadLive() {
  try {
    return setLive(await getJson('/api/metrics/live'));
  } catch (err) {
    if (err.status !== 404) throw err;
    return setLive(await getJson('/api/dashboard?period=300000'));
  }
}
