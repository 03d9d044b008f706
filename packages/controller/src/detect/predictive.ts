import { DetectError } from './errors.js';
import { resolveParams, scoringWindow, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { type HoltState, holtFit, holtForecast } from './stats/holt.js';
import { type LinearFit, linearFit, predict } from './stats/regression.js';
import type { Detector, ParamSpecs, RawParams, Sample, ScoreResult, StreamingDetector } from './types.js';
import { windowStreaming } from './window-streaming.js';

export interface PredictiveParams {
  /** The level whose crossing is predicted. */
  threshold: number;
  direction: 'above' | 'below';
  /** Alert when the crossing is predicted within this time (ms). */
  horizon: number;
  /** Smallest confidence (R² of the linear fit) that counts. */
  minConfidence: number;
  /** History window (ms) the forecast is fitted on. */
  window: number;
  method: 'linear' | 'holt' | 'both';
  /** Holt level smoothing in (0, 1]. */
  alpha: number;
  /** Holt trend smoothing in (0, 1]. */
  beta: number;
  minSamples: number;
}

export interface PredictiveModel {
  params: PredictiveParams;
  linear: LinearFit;
  holt: HoltState;
  /** Time of the last fitted sample. */
  end: number;
}

const NAME = 'predictive';
const MAX_RATIO = 1000;

const PARAMS: ParamSpecs = {
  threshold: { type: 'number', description: 'the level whose crossing is predicted' },
  direction: {
    type: 'enum',
    values: ['above', 'below'],
    default: 'above',
    description: 'crossing upwards or downwards',
  },
  horizon: {
    type: 'duration',
    default: 1_800_000,
    min: 1,
    description: 'alert when crossing within this (e.g. 30m)',
  },
  minConfidence: { type: 'number', default: 0.8, min: 0, max: 1, description: 'smallest R² that counts' },
  window: { type: 'duration', default: 3_600_000, min: 1, description: 'history the forecast is fitted on' },
  method: {
    type: 'enum',
    values: ['linear', 'holt', 'both'],
    default: 'both',
    description: 'forecast model',
  },
  alpha: { type: 'number', default: 0.5, min: 0.001, max: 1, description: 'Holt level smoothing' },
  beta: { type: 'number', default: 0.1, min: 0.001, max: 1, description: 'Holt trend smoothing' },
  minSamples: { type: 'number', default: 10, min: 3, integer: true, description: 'fewest samples to fit' },
};

function fitWindow(samples: readonly Sample[], params: PredictiveParams): PredictiveModel {
  const end = samples.length ? samples[samples.length - 1].t : 0;
  const w = samples.filter((s) => s.t >= end - params.window);
  return {
    params,
    linear: linearFit(
      w.map((s) => s.t),
      w.map((s) => s.v),
    ),
    holt: holtFit(w, params.alpha, params.beta),
    end,
  };
}

/** Time (ms) from `from` until a line with this slope starting at `level` crosses the threshold; Infinity if never. */
function timeToCross(level: number, slopePerMs: number, p: PredictiveParams): number {
  const gap = p.threshold - level;
  const already = p.direction === 'above' ? gap <= 0 : gap >= 0;
  if (already) return 0;
  if (slopePerMs === 0 || Math.sign(slopePerMs) !== Math.sign(gap)) return Number.POSITIVE_INFINITY;
  return gap / slopePerMs;
}

function judge(m: PredictiveModel, t: number, v: number): ScoreResult {
  const p = m.params;
  if (m.linear.n < p.minSamples) return warmingUp(v, m.linear.n, p.minSamples);
  const linearEta = timeToCross(predict(m.linear, t), m.linear.slope, p);
  const holtEta = timeToCross(m.holt.level, m.holt.trend, p);
  const eta =
    p.method === 'linear' ? linearEta : p.method === 'holt' ? holtEta : Math.min(linearEta, holtEta);
  const confidence = m.linear.r2;
  const urgency = eta === 0 ? MAX_RATIO : Number.isFinite(eta) ? Math.min(MAX_RATIO, p.horizon / eta) : 0;
  const crossed = p.direction === 'above' ? v >= p.threshold : v <= p.threshold;
  const confident = confidence >= p.minConfidence || crossed;
  const score = confident
    ? urgency
    : Math.min(urgency, p.minConfidence > 0 ? confidence / p.minConfidence : 1);
  const at = t + p.horizon;
  const forecast =
    p.method === 'holt'
      ? holtForecast(m.holt, at - m.end)
      : p.method === 'linear'
        ? predict(m.linear, at)
        : (holtForecast(m.holt, at - m.end) + predict(m.linear, at)) / 2;
  const half = 2 * m.linear.residualSd * Math.sqrt(1 + p.horizon / Math.max(1, p.window));
  return makeResult(score, forecast, forecast - half, forecast + half, {
    value: v,
    threshold: p.threshold,
    secondsToThreshold: Number.isFinite(eta) ? eta / 1000 : null,
    linearSecondsToThreshold: Number.isFinite(linearEta) ? linearEta / 1000 : null,
    holtSecondsToThreshold: Number.isFinite(holtEta) ? holtEta / 1000 : null,
    confidence,
    forecastAtHorizon: forecast,
  });
}

export const predictive: Detector<PredictiveParams, PredictiveModel> = {
  name: NAME,
  description: 'time until a threshold is crossed, from a linear fit and a Holt forecast, with R² confidence',
  params: PARAMS,
  resolve(raw?: RawParams) {
    const p = resolveParams<PredictiveParams>(NAME, PARAMS, raw);
    if (p.window < 2)
      throw new DetectError(
        'invalid_param',
        `detector "${NAME}": parameter "window" must cover at least 2 ms`,
      );
    return p;
  },
  fit(samples, params) {
    validateSamples(NAME, samples);
    return fitWindow(samples, params);
  },
  score(model, input) {
    const w = scoringWindow(NAME, input);
    const last = w[w.length - 1];
    return judge(model, last.t, last.v);
  },
  createStreaming(params): StreamingDetector {
    return windowStreaming(NAME, params.window, (w, t, v) => judge(fitWindow(w, params), t, v));
  },
};
