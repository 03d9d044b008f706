import { holtFit, holtForecast } from '../detect/stats/holt.js';
import { linearFit, predict } from '../detect/stats/regression.js';
import type { Sample } from '../detect/types.js';
import type { QueryBackend } from '../query/types.js';
import {
  type MetricHistory,
  type MetricHistoryOptions,
  readHistory,
  TREND_FIELDS,
  type TrendField,
} from './history.js';
import { HEALTH_THRESHOLDS, PERFORMANCE_THRESHOLDS } from './scores.js';

/** A forecast of one series `horizonMs` after its last sample. */
export interface Prediction {
  /** Time forecast, ms since the epoch. */
  at: number;
  /** Mean of the linear and Holt forecasts. */
  value: number;
  linear: number;
  holt: number;
  /** Band: ± 2 residual standard deviations, widened with the horizon. */
  lower: number;
  upper: number;
  /** R² of the linear fit, 0..1: how well a line explains the history. */
  confidence: number;
  /** The warning level watched, when the field has one (see PREDICTION_THRESHOLDS). */
  threshold?: PredictionThreshold;
  /**
   * The seed's `timeToIssue`: ms from the last sample until the first of the linear and Holt
   * lines reaches the threshold (0 when already past it); undefined when neither heads there.
   */
  timeToIssueMs?: number;
}

/** A level whose crossing is an issue: `above` for usage and latency, `below` for efficiency. */
export interface PredictionThreshold {
  value: number;
  direction: 'above' | 'below';
}

/** The warning levels of the health thresholds, watched by predictions. */
export const PREDICTION_THRESHOLDS: Readonly<Partial<Record<TrendField, PredictionThreshold>>> = {
  'system.cpu': { value: HEALTH_THRESHOLDS.cpu.warning, direction: 'above' },
  'system.memory': { value: HEALTH_THRESHOLDS.memory.warning, direction: 'above' },
  'api.responseTime': { value: HEALTH_THRESHOLDS.api.warning, direction: 'above' },
  'neural.inferenceTime': { value: HEALTH_THRESHOLDS.neural.warning, direction: 'above' },
  'swarm.efficiency': { value: HEALTH_THRESHOLDS.swarm.warning, direction: 'below' },
  'swarm.coordinationLatency': {
    value: PERFORMANCE_THRESHOLDS.coordinationLatency.warning,
    direction: 'above',
  },
  'memory.eventLoopDelay': { value: PERFORMANCE_THRESHOLDS.eventLoopDelay.warning, direction: 'above' },
};

/** Ms until a line at `level` moving `slopePerMs` reaches the threshold; Infinity if never. */
function timeToCross(level: number, slopePerMs: number, t: PredictionThreshold): number {
  const gap = t.value - level;
  if (t.direction === 'above' ? gap <= 0 : gap >= 0) return 0;
  if (slopePerMs === 0 || Math.sign(slopePerMs) !== Math.sign(gap)) return Number.POSITIVE_INFINITY;
  return gap / slopePerMs;
}

export interface PredictionOptions {
  /** How far ahead (default 30 min, as in the seed). */
  horizonMs?: number;
  /** Holt level and trend smoothing (defaults 0.5 and 0.1, as the predictive detector). */
  alpha?: number;
  beta?: number;
  /** Fewest samples to forecast (default 3). */
  minSamples?: number;
  /** A level to watch: sets `threshold` and `timeToIssueMs`. */
  threshold?: PredictionThreshold;
}

export const DEFAULT_HORIZON_MS = 1_800_000;

/** Forecasts a series (time order) with a least-squares line and Holt smoothing. */
export function predictSeries(
  samples: readonly Sample[],
  opts: PredictionOptions = {},
): Prediction | undefined {
  const horizon = opts.horizonMs ?? DEFAULT_HORIZON_MS;
  const finite = samples.filter((s) => Number.isFinite(s.v) && Number.isFinite(s.t));
  if (finite.length < Math.max(2, opts.minSamples ?? 3)) return undefined;
  const end = finite[finite.length - 1].t;
  const at = end + horizon;
  const fit = linearFit(
    finite.map((s) => s.t),
    finite.map((s) => s.v),
  );
  const linear = predict(fit, at);
  const state = holtFit(finite, opts.alpha ?? 0.5, opts.beta ?? 0.1);
  const holt = holtForecast(state, horizon);
  const value = (linear + holt) / 2;
  const span = Math.max(1, end - finite[0].t);
  const half = 2 * fit.residualSd * Math.sqrt(1 + horizon / span) + Math.abs(linear - holt) / 2;
  const p: Prediction = {
    at,
    value,
    linear,
    holt,
    lower: value - half,
    upper: value + half,
    confidence: fit.r2,
  };
  if (opts.threshold) {
    p.threshold = opts.threshold;
    const eta = Math.min(
      timeToCross(predict(fit, end), fit.slope, opts.threshold),
      timeToCross(state.level, state.trend, opts.threshold),
    );
    if (Number.isFinite(eta)) p.timeToIssueMs = eta;
  }
  return p;
}

/** Forecasts of every field of a history (pure), watching each field's PREDICTION_THRESHOLDS. */
export function predictAll(
  history: MetricHistory,
  opts: PredictionOptions = {},
): Partial<Record<TrendField, Prediction>> {
  const out: Partial<Record<TrendField, Prediction>> = {};
  for (const field of TREND_FIELDS) {
    const samples = history[field];
    const threshold = opts.threshold ?? PREDICTION_THRESHOLDS[field];
    const p = samples ? predictSeries(samples, threshold ? { ...opts, threshold } : opts) : undefined;
    if (p) out[field] = p;
  }
  return out;
}

/** Reads the history (one range query per field) and forecasts each field. */
export async function readPredictions(
  backend: QueryBackend,
  opts: MetricHistoryOptions & PredictionOptions,
): Promise<{
  predictions: Partial<Record<TrendField, Prediction>>;
  errors: { field: string; message: string }[];
}> {
  const { history, errors } = await readHistory(backend, opts);
  return { predictions: predictAll(history, opts), errors };
}
