import type { OptimizationResult } from '../optimize/optimizer.js';
import type { PendingOptimization } from '../optimize/queue.js';
import type { QueryBackend } from '../query/types.js';
import { readCurrentMetrics } from './current-metrics.js';
import type { TrendField } from './history.js';
import { DEFAULT_PERIOD_MS, readHistory } from './history.js';
import { type Prediction, type PredictionOptions, predictAll } from './predictions.js';
import { generateRecommendations, type Recommendation } from './recommendations.js';
import {
  calculateAvailability,
  calculateEfficiency,
  calculatePerformanceScore,
  calculateSystemHealth,
} from './scores.js';
import type { TargetFilter } from './target.js';
import { analyseTrends, type TrendAnalysis, type TrendOptions } from './trends.js';
import type { CurrentMetrics, HealthScore, Score } from './types.js';

/** The seed's alert statuses. */
export type DashboardAlertStatus = 'active' | 'resolved' | 'suppressed';

/** Anything with a seed status can be shown as an alert. */
export interface DashboardAlertLike {
  status: DashboardAlertStatus;
}

/** What the optimizations did: counts and the mean improvement per metric of those that held. */
export interface OptimizationImpact {
  applied: number;
  rolledBack: number;
  failed: number;
  /** Being applied or verified right now (counted in none of the above yet). */
  inProgress: number;
  /** Mean improvement per metric over the optimizations that held (the optimizer's numbers). */
  meanImprovements: Record<string, number>;
}

export interface DashboardOptions<A extends DashboardAlertLike = DashboardAlertLike> {
  /** Time of the dashboard, ms since the epoch (default now). */
  at?: number;
  /** Trend period in ms (default 1 h, as the seed). */
  period?: number;
  /** Trend and prediction resolution in ms (default period / 60). */
  stepMs?: number;
  filter?: TargetFilter;
  alerts?: readonly A[];
  optimizations?: { recent?: readonly OptimizationResult[]; pending?: readonly PendingOptimization[] };
  trendOptions?: TrendOptions;
  predictionOptions?: PredictionOptions;
}

/** The seed's `PerformanceDashboard`, typed. */
export interface PerformanceDashboard<A extends DashboardAlertLike = DashboardAlertLike> {
  timestamp: number;
  /** The seed's `system` block. */
  overview: { health: HealthScore; performance: Score; availability: Score; efficiency: Score };
  metrics: {
    current: CurrentMetrics;
    trends: TrendAnalysis;
    /** Forecasts 30 minutes (by default) after the end of the period. */
    predictions: Partial<Record<TrendField, Prediction>>;
  };
  alerts: { active: A[]; resolved: A[]; suppressed: A[] };
  optimizations: {
    recent: OptimizationResult[];
    pending: PendingOptimization[];
    impact: OptimizationImpact;
  };
  recommendations: Recommendation[];
  /** Queries that failed (the rest of the dashboard is still filled). */
  errors: { field: string; message: string }[];
}

/** Counts and mean improvements of optimization results (pure). */
export function calculateOptimizationImpact(results: readonly OptimizationResult[]): OptimizationImpact {
  const sums: Record<string, { total: number; n: number }> = {};
  let applied = 0;
  let rolledBack = 0;
  let failed = 0;
  let inProgress = 0;
  for (const r of results) {
    if (r.finished === false) inProgress++;
    else if (r.rolledBack) rolledBack++;
    else if (!r.success) failed++;
    else {
      applied++;
      for (const [k, v] of Object.entries(r.improvements)) {
        if (v === undefined || !Number.isFinite(v)) continue;
        const s = sums[k] ?? { total: 0, n: 0 };
        s.total += v;
        s.n++;
        sums[k] = s;
      }
    }
  }
  const meanImprovements: Record<string, number> = {};
  for (const [k, s] of Object.entries(sums)) meanImprovements[k] = s.total / s.n;
  return { applied, rolledBack, failed, inProgress, meanImprovements };
}

/** Splits alerts by the seed's statuses (pure). */
export function groupAlerts<A extends DashboardAlertLike>(
  alerts: readonly A[],
): { active: A[]; resolved: A[]; suppressed: A[] } {
  return {
    active: alerts.filter((a) => a.status === 'active'),
    resolved: alerts.filter((a) => a.status === 'resolved'),
    suppressed: alerts.filter((a) => a.status === 'suppressed'),
  };
}

/**
 * Assembles the seed's dashboard: current metrics (instant queries), trends and predictions
 * (one range query per field over the period), scores, recommendations, and the alerts and
 * optimizations the caller passes. Never throws on a failing backend: `errors` and
 * `metrics.current.available` say what could not be read.
 */
export async function getDashboardData<A extends DashboardAlertLike = DashboardAlertLike>(
  backend: QueryBackend,
  opts: DashboardOptions<A> = {},
): Promise<PerformanceDashboard<A>> {
  const at = opts.at ?? Date.now();
  const periodMs = opts.period ?? DEFAULT_PERIOD_MS;
  const [current, { history, errors: historyErrors }] = await Promise.all([
    readCurrentMetrics(backend, at, opts.filter),
    readHistory(backend, { at, periodMs, stepMs: opts.stepMs, filter: opts.filter }),
  ]);
  const trends = analyseTrends(history, periodMs, opts.trendOptions);
  const recent = [...(opts.optimizations?.recent ?? [])];
  return {
    timestamp: at,
    overview: {
      health: calculateSystemHealth(current),
      performance: calculatePerformanceScore(current),
      availability: calculateAvailability(current),
      efficiency: calculateEfficiency(current),
    },
    metrics: { current, trends, predictions: predictAll(history, opts.predictionOptions) },
    alerts: groupAlerts(opts.alerts ?? []),
    optimizations: {
      recent,
      pending: [...(opts.optimizations?.pending ?? [])],
      impact: calculateOptimizationImpact(recent),
    },
    recommendations: generateRecommendations(current, trends),
    errors: [
      ...current.errors,
      ...historyErrors.map((e) => ({ field: `history.${e.field}`, message: e.message })),
    ],
  };
}
