import { DetectError } from './errors.js';
import { resolveParams, scoringWindow, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { type LinearFit, linearFit, predict } from './stats/regression.js';
import type { Detector, ParamSpecs, RawParams, Sample, ScoreResult, StreamingDetector } from './types.js';
import { windowStreaming } from './window-streaming.js';

export interface TrendAnalysisParams {
  /** Analysis window (ms) the regression runs over. */
  window: number;
  /** The period growth is expressed per (ms). */
  period: number;
  /** Relative growth per period that alerts (0.02 = 2%). */
  growthThreshold: number;
  /** Smallest R² for the trend to count. */
  minConfidence: number;
  direction: 'up' | 'down' | 'both';
  minSamples: number;
}

/** The regression over the analysis window and the growth it implies. */
export interface TrendAnalysisModel {
  params: TrendAnalysisParams;
  fit: LinearFit;
  /** Relative growth per period: slope * period / |mean level|. */
  growth: number;
  first: number;
  last: number;
}

const NAME = 'trend-analysis';

const PARAMS: ParamSpecs = {
  window: { type: 'duration', default: 7_200_000, min: 1, description: 'analysis window (e.g. 2h)' },
  period: { type: 'duration', default: 3_600_000, min: 1, description: 'growth is measured per this period' },
  growthThreshold: {
    type: 'number',
    default: 0.02,
    min: 0,
    description: 'relative growth per period that alerts',
  },
  minConfidence: { type: 'number', default: 0.8, min: 0, max: 1, description: 'smallest R² that counts' },
  direction: {
    type: 'enum',
    values: ['up', 'down', 'both'],
    default: 'up',
    description: 'which trend is bad',
  },
  minSamples: { type: 'number', default: 10, min: 3, integer: true, description: 'fewest samples to fit' },
};

function resolve(raw?: RawParams): TrendAnalysisParams {
  const p = resolveParams<TrendAnalysisParams>(NAME, PARAMS, raw);
  if (p.growthThreshold === 0)
    throw new DetectError(
      'invalid_param',
      `detector "${NAME}": parameter "growthThreshold" must be > 0, e.g. 0.02 for 2%`,
    );
  return p;
}

function fitWindow(samples: readonly Sample[], params: TrendAnalysisParams): TrendAnalysisModel {
  const end = samples.length ? samples[samples.length - 1].t : 0;
  const inWindow = samples.filter((s) => s.t >= end - params.window);
  const fit = linearFit(
    inWindow.map((s) => s.t),
    inWindow.map((s) => s.v),
  );
  const level = Math.abs(fit.mean) || 1e-12;
  return {
    params,
    fit,
    growth: (fit.slope * params.period) / level,
    first: inWindow.length ? inWindow[0].t : end,
    last: end,
  };
}

/** > 1 only when the growth passes the threshold AND the fit is at least as confident as required. */
function judge(m: TrendAnalysisModel, t: number, v: number): ScoreResult {
  const p = m.params;
  if (m.fit.n < p.minSamples) return warmingUp(v, m.fit.n, p.minSamples);
  const g = p.direction === 'up' ? m.growth : p.direction === 'down' ? -m.growth : Math.abs(m.growth);
  const growthScore = Math.max(0, g) / p.growthThreshold;
  const confident = m.fit.r2 >= p.minConfidence;
  const score = confident
    ? growthScore
    : Math.min(growthScore, p.minConfidence > 0 ? m.fit.r2 / p.minConfidence : 1);
  const expected = predict(m.fit, t);
  const half = 2 * m.fit.residualSd;
  return makeResult(score, expected, expected - half, expected + half, {
    value: v,
    growthPerPeriod: m.growth,
    slopePerSecond: m.fit.slope * 1000,
    confidence: m.fit.r2,
    samples: m.fit.n,
    windowStart: m.first,
  });
}

export const trendAnalysis: Detector<TrendAnalysisParams, TrendAnalysisModel> = {
  name: NAME,
  description: 'growth rate per period from a least-squares fit over the window, with R² confidence (leaks)',
  params: PARAMS,
  resolve,
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
