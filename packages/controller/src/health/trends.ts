import { linearFit, predict } from '../detect/stats/regression.js';
import type { Sample } from '../detect/types.js';
import type { QueryBackend } from '../query/types.js';
import {
  DEFAULT_PERIOD_MS,
  type MetricHistory,
  type MetricHistoryOptions,
  readHistory,
  TREND_FIELDS,
  type TrendField,
} from './history.js';

export type TrendDirection = 'rising' | 'falling' | 'stable';

/** The trend of one series over a period, from a least-squares line. */
export interface Trend {
  direction: TrendDirection;
  /** Change of the fitted line from the start to the end of the samples, percent of its start. */
  changePercent: number;
  /** Slope of the fitted line, units per hour. */
  slopePerHour: number;
  /** R² of the fit, 0..1. */
  r2: number;
  first: number;
  last: number;
  samples: number;
}

export interface TrendOptions {
  /** |changePercent| below this is `stable` (default 5). */
  stableBelowPercent?: number;
  /** Fewest samples to call a trend (default 3). */
  minSamples?: number;
}

/** Trends of the fields with data over the period, and the seed's memory growth rate. */
export interface TrendAnalysis {
  periodMs: number;
  metrics: Partial<Record<TrendField, Trend>>;
  /**
   * The seed's `memoryGrowthRate`: growth of the heap (after GC when known) over the period as a
   * fraction (0.05 = 5 %); undefined without heap history.
   */
  memoryGrowthRate?: number;
}

const HOUR_MS = 3_600_000;

/** The trend of samples in time order, or undefined with fewer than `minSamples`. */
export function analyseTrend(samples: readonly Sample[], opts: TrendOptions = {}): Trend | undefined {
  const min = opts.minSamples ?? 3;
  const stable = opts.stableBelowPercent ?? 5;
  const finite = samples.filter((s) => Number.isFinite(s.v) && Number.isFinite(s.t));
  if (finite.length < Math.max(2, min)) return undefined;
  const fit = linearFit(
    finite.map((s) => s.t),
    finite.map((s) => s.v),
  );
  const start = predict(fit, finite[0].t);
  const end = predict(fit, finite[finite.length - 1].t);
  const base = Math.abs(start) > 1e-12 ? Math.abs(start) : Math.abs(fit.mean);
  const changePercent = base > 1e-12 ? ((end - start) / base) * 100 : 0;
  const direction: TrendDirection =
    Math.abs(changePercent) < stable ? 'stable' : changePercent > 0 ? 'rising' : 'falling';
  return {
    direction,
    changePercent: round(changePercent),
    slopePerHour: round(fit.slope * HOUR_MS),
    r2: round(fit.r2),
    first: finite[0].v,
    last: finite[finite.length - 1].v,
    samples: finite.length,
  };
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** Trends of every field of a history (pure). */
export function analyseTrends(
  history: MetricHistory,
  periodMs: number,
  opts: TrendOptions = {},
): TrendAnalysis {
  const metrics: Partial<Record<TrendField, Trend>> = {};
  for (const field of TREND_FIELDS) {
    const samples = history[field];
    const trend = samples ? analyseTrend(samples, opts) : undefined;
    if (trend) metrics[field] = trend;
  }
  const heap = metrics['memory.heapAfterGc'] ?? metrics['memory.heapUsed'];
  const out: TrendAnalysis = { periodMs, metrics };
  if (heap) out.memoryGrowthRate = heap.changePercent / 100;
  return out;
}

/** Reads the history (one range query per field) and analyses its trends. */
export async function readTrends(
  backend: QueryBackend,
  opts: MetricHistoryOptions & TrendOptions,
): Promise<TrendAnalysis & { errors: { field: string; message: string }[] }> {
  const { history, errors } = await readHistory(backend, opts);
  return { ...analyseTrends(history, opts.periodMs ?? DEFAULT_PERIOD_MS, opts), errors };
}
