import type {
  ComponentScore,
  CurrentMetrics,
  HealthComponent,
  HealthLevel,
  HealthScore,
  HealthThresholds,
  Score,
} from './types.js';

/** The seed's weights of the health score. */
export const HEALTH_WEIGHTS: Readonly<Record<HealthComponent, number>> = {
  cpu: 0.25,
  memory: 0.25,
  swarm: 0.25,
  api: 0.15,
  neural: 0.1,
};

/** The seed's thresholds: cpu and memory in percent, swarm efficiency 0..1, api and neural in ms. */
export const HEALTH_THRESHOLDS: Readonly<Record<HealthComponent, HealthThresholds>> = {
  cpu: { good: 70, warning: 85, critical: 95 },
  memory: { good: 75, warning: 85, critical: 95 },
  swarm: { good: 0.9, warning: 0.7, critical: 0.5 },
  api: { good: 100, warning: 500, critical: 1000 },
  neural: { good: 50, warning: 200, critical: 500 },
};

/** Score at each threshold: 100 at `good`, 70 at `warning`, 40 at `critical`, 0 one step past it. */
export const SCORE_AT = { good: 100, warning: 70, critical: 40 } as const;

/** The level of a value: `critical` at or past `critical`, `warning` at or past `warning`, else `good`. */
export function levelOf(value: number, t: HealthThresholds): HealthLevel {
  const higherIsBetter = t.critical < t.good;
  const past = (limit: number) => (higherIsBetter ? value <= limit : value >= limit);
  if (past(t.critical)) return 'critical';
  if (past(t.warning)) return 'warning';
  return 'good';
}

/**
 * Scores a value 0..100 against thresholds, piecewise linearly: 100 up to `good`, 70 at
 * `warning`, 40 at `critical`, falling to 0 one (critical − warning) step past `critical`.
 * Works both ways: lower is better when good < critical (latency), higher when good > critical
 * (efficiency).
 */
export function scoreMetric(value: number, t: HealthThresholds): number {
  const dir = t.critical < t.good ? -1 : 1;
  const x = value * dir;
  const g = t.good * dir;
  const w = t.warning * dir;
  const c = t.critical * dir;
  const zero = c + (c - w);
  let s: number;
  if (x <= g) s = SCORE_AT.good;
  else if (x <= w) s = SCORE_AT.good - ((x - g) / (w - g)) * (SCORE_AT.good - SCORE_AT.warning);
  else if (x <= c) s = SCORE_AT.warning - ((x - w) / (c - w)) * (SCORE_AT.warning - SCORE_AT.critical);
  else if (x < zero) s = SCORE_AT.critical - ((x - c) / (zero - c)) * SCORE_AT.critical;
  else s = 0;
  return Math.round(Math.max(0, Math.min(100, s)) * 10) / 10;
}

/** Status of a 0..100 score: good ≥ 70 (the warning threshold's score), critical < 40. */
export function statusOfScore(score: number): HealthLevel {
  if (score < SCORE_AT.critical) return 'critical';
  if (score < SCORE_AT.warning) return 'warning';
  return 'good';
}

function healthInputs(m: CurrentMetrics): Record<HealthComponent, number | undefined> {
  return {
    cpu: m.system.cpu,
    memory: m.system.memory,
    swarm: m.swarm.efficiency,
    api: m.api.responseTime,
    neural: m.neural.inferenceTime,
  };
}

/**
 * The seed's system health: each component scored 0..100 against its thresholds, weighted
 * (cpu .25, memory .25, swarm .25, api .15, neural .10). Components without data are left out
 * and the remaining weights renormalised to sum to 1 (`missing`, `renormalised` say so).
 * Status comes from the overall score: good ≥ 70, warning ≥ 40, critical below.
 */
export function calculateSystemHealth(m: CurrentMetrics): HealthScore {
  const inputs = healthInputs(m);
  const present = (Object.keys(HEALTH_WEIGHTS) as HealthComponent[]).filter(
    (k) => inputs[k] !== undefined && Number.isFinite(inputs[k]),
  );
  const missing = (Object.keys(HEALTH_WEIGHTS) as HealthComponent[]).filter((k) => !present.includes(k));
  const totalWeight = present.reduce((s, k) => s + HEALTH_WEIGHTS[k], 0);
  const components: Partial<Record<HealthComponent, ComponentScore>> = {};
  let weighted = 0;
  for (const k of present) {
    const value = inputs[k] as number;
    const score = scoreMetric(value, HEALTH_THRESHOLDS[k]);
    const weight = HEALTH_WEIGHTS[k] / totalWeight;
    components[k] = { score, level: levelOf(value, HEALTH_THRESHOLDS[k]), value, weight };
    weighted += score * weight;
  }
  const overall = present.length ? Math.round(weighted) : undefined;
  return {
    overall,
    status: overall === undefined ? 'unknown' : statusOfScore(overall),
    components,
    missing,
    renormalised: missing.length > 0 && present.length > 0,
    lastUpdated: m.at,
  };
}

function average(parts: Record<string, number | undefined>): Score {
  const got: Record<string, number> = {};
  const missing: string[] = [];
  for (const [k, v] of Object.entries(parts)) {
    if (v === undefined || !Number.isFinite(v)) missing.push(k);
    else got[k] = Math.round(v * 10) / 10;
  }
  const values = Object.values(got);
  const score = values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : undefined;
  return { score, parts: got, missing };
}

function scored(v: number | undefined, t: HealthThresholds): number | undefined {
  return v === undefined ? undefined : scoreMetric(v, t);
}

/** Latency thresholds of the performance score (ms). */
export const PERFORMANCE_THRESHOLDS: Readonly<Record<string, HealthThresholds>> = {
  apiResponseTime: HEALTH_THRESHOLDS.api,
  neuralInferenceTime: HEALTH_THRESHOLDS.neural,
  /** The seed recommends acting above 200 ms. */
  coordinationLatency: { good: 50, warning: 200, critical: 500 },
  eventLoopDelay: { good: 20, warning: 100, critical: 500 },
};

/**
 * Performance: the mean of the latency scores that have data (api p95, neural p95, swarm
 * coordination, event-loop delay p99), each 0..100 on the thresholds above.
 */
export function calculatePerformanceScore(m: CurrentMetrics): Score {
  const t = PERFORMANCE_THRESHOLDS;
  return average({
    apiResponseTime: scored(m.api.responseTime, t.apiResponseTime),
    neuralInferenceTime: scored(m.neural.inferenceTime, t.neuralInferenceTime),
    coordinationLatency: scored(m.swarm.coordinationLatency, t.coordinationLatency),
    eventLoopDelay: scored(m.memory.eventLoopDelay, t.eventLoopDelay),
  });
}

/**
 * Availability in percent: the mean of the successful shares that have data, requests
 * (1 − api error rate) and tasks (1 − swarm failure rate).
 */
export function calculateAvailability(m: CurrentMetrics): Score {
  const pct = (r: number | undefined) =>
    r === undefined ? undefined : 100 * (1 - Math.min(1, Math.max(0, r)));
  return average({ requests: pct(m.api.errorRate), tasks: pct(m.swarm.failureRate) });
}

/** Efficiency in percent: the mean of swarm efficiency and agent utilization that have data. */
export function calculateEfficiency(m: CurrentMetrics): Score {
  const pct = (r: number | undefined) => (r === undefined ? undefined : 100 * Math.min(1, Math.max(0, r)));
  return average({
    swarmEfficiency: pct(m.swarm.efficiency),
    agentUtilization: pct(m.swarm.agentUtilization),
  });
}
