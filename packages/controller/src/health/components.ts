import type { CurrentMetrics, HealthComponent, HealthLevel, HealthScore } from './types.js';

/** The parts of the health a person can ask about: the whole system or one weighted component. */
export const HEALTH_AREAS = ['system', 'cpu', 'memory', 'swarm', 'api', 'neural'] as const;
export type HealthArea = (typeof HEALTH_AREAS)[number];

/** Alert categories (the rules' `category` label) that concern each area; system: all. */
const CATEGORIES: Record<Exclude<HealthArea, 'system'>, readonly string[]> = {
  cpu: ['cpu', 'system'],
  memory: ['memory'],
  swarm: ['swarm'],
  api: ['api'],
  neural: ['neural'],
};

/** An alert-like value: its labels carry `category` (and `alertname`). */
export interface AreaAlertLike {
  rule: string;
  labels: Record<string, string>;
}

/** True when an alert concerns the area: its `category` label, else its rule name's prefix. */
export function alertConcerns(area: HealthArea, alert: AreaAlertLike): boolean {
  if (area === 'system') return true;
  const category = alert.labels.category;
  if (category !== undefined) return CATEGORIES[area].includes(category);
  return alert.rule.startsWith(area);
}

/** The health of one area: its score and status, the metrics behind it, the alerts about it. */
export interface ComponentHealth<A extends AreaAlertLike = AreaAlertLike> {
  component: HealthArea;
  /** 0..100; null without data. */
  score: number | null;
  status: HealthLevel | 'unknown';
  metrics: Record<string, unknown>;
  alerts: A[];
}

/** The CurrentMetrics group shown with each area. */
function metricsOf(area: HealthArea, m: CurrentMetrics): Record<string, unknown> {
  switch (area) {
    case 'system':
      return { ...m.system };
    case 'cpu':
      return { cpu: m.system.cpu, eventLoopDelay: m.memory.eventLoopDelay };
    case 'memory':
      return { ...m.memory, systemMemory: m.system.memory };
    default:
      return { ...m[area] };
  }
}

/** One area's health (pure): the overall score for `system`, else the component's score. */
export function componentHealth<A extends AreaAlertLike>(
  area: HealthArea,
  current: CurrentMetrics,
  health: HealthScore,
  alerts: readonly A[],
): ComponentHealth<A> {
  const c = area === 'system' ? undefined : health.components[area as HealthComponent];
  const score = area === 'system' ? (health.overall ?? null) : (c?.score ?? null);
  return {
    component: area,
    score,
    status: area === 'system' ? health.status : (c?.level ?? 'unknown'),
    metrics: metricsOf(area, current),
    alerts: alerts.filter((a) => alertConcerns(area, a)),
  };
}
