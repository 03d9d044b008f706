import type { QueryBackend } from '../query/types.js';
import { type AreaAlertLike, alertConcerns } from './components.js';
import { readCurrentMetrics } from './current-metrics.js';
import { readHistory, type TrendField } from './history.js';
import { PREDICTION_THRESHOLDS, type Prediction, predictSeries } from './predictions.js';
import { generateRecommendations, type Recommendation } from './recommendations.js';
import type { TargetFilter } from './target.js';
import { analyseTrend, analyseTrends } from './trends.js';

/** The areas `monitor analyze` looks at. */
export const ANALYZE_AREAS = ['cpu', 'memory', 'api', 'swarm', 'neural'] as const;
export type AnalyzeArea = (typeof ANALYZE_AREAS)[number];

/** The metric that stands for each area. */
export const AREA_FIELD: Readonly<Record<AnalyzeArea, TrendField>> = {
  cpu: 'system.cpu',
  memory: 'memory.heapAfterGc',
  api: 'api.responseTime',
  swarm: 'swarm.coordinationLatency',
  neural: 'neural.inferenceTime',
};

export interface AreaAnalysis<A extends AreaAlertLike = AreaAlertLike> {
  area: AnalyzeArea;
  /** The timeframe as asked, e.g. `1h`. */
  timeframe: string;
  field: TrendField;
  /** The field's value now (undefined without data). */
  current?: number;
  /** Its mean over the timeframe (undefined without data). */
  baseline?: number;
  /** Least-squares trend over the timeframe: slope per second and per hour, R². */
  trend: { slope: number; perHour: number; r2: number; direction: string; changePercent: number } | null;
  /** Alerts of the area (active and recently resolved). */
  anomalies: A[];
  recommendations: Recommendation[];
  /** Forecast 30 minutes after now. */
  prediction: Prediction | null;
  errors: { field: string; message: string }[];
}

export interface AnalyzeOptions<A extends AreaAlertLike> {
  at: number;
  timeframe: string;
  timeframeMs: number;
  alerts?: readonly A[];
  filter?: TargetFilter;
}

/**
 * One area over a timeframe: the value now and its mean, the trend and forecast of its metric,
 * its alerts and the recommendations of its category. Never throws on a failing backend.
 */
export async function analyzeArea<A extends AreaAlertLike>(
  backend: QueryBackend,
  area: AnalyzeArea,
  opts: AnalyzeOptions<A>,
): Promise<AreaAnalysis<A>> {
  const field = AREA_FIELD[area];
  const [current, { history, errors }] = await Promise.all([
    readCurrentMetrics(backend, opts.at, opts.filter),
    readHistory(backend, { at: opts.at, periodMs: opts.timeframeMs, filter: opts.filter }),
  ]);
  const samples = history[field] ?? [];
  const [group, key] = field.split('.') as ['system', 'cpu'];
  const now = current[group][key] as number | undefined;
  const t = analyseTrend(samples);
  const threshold = PREDICTION_THRESHOLDS[field];
  const out: AreaAnalysis<A> = {
    area,
    timeframe: opts.timeframe,
    field,
    trend: t
      ? {
          slope: t.slopePerHour / 3600,
          perHour: t.slopePerHour,
          r2: t.r2,
          direction: t.direction,
          changePercent: t.changePercent,
        }
      : null,
    anomalies: (opts.alerts ?? []).filter((a) => alertConcerns(area, a)),
    recommendations: generateRecommendations(current, analyseTrends(history, opts.timeframeMs)).filter(
      (r) => r.category === area,
    ),
    prediction: predictSeries(samples, threshold ? { threshold } : {}) ?? null,
    errors: [...current.errors, ...errors],
  };
  if (now !== undefined) out.current = now;
  if (samples.length) out.baseline = samples.reduce((s, p) => s + p.v, 0) / samples.length;
  return out;
}
