import { DetectError } from './errors.js';
import { resolveParams, scoringWindow, validatePoint, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { location } from './stats/robust.js';
import { TimeWindow } from './stats/time-window.js';
import type { Detector, ParamSpecs, RawParams, Sample, ScoreResult, StreamingDetector } from './types.js';

export interface DynamicThresholdParams {
  /** Length of the baseline window (ms). */
  baselineWindow: number;
  warningSigma: number;
  criticalSigma: number;
  /** Median/MAD instead of mean/stddev. */
  robust: boolean;
  /** Smallest deviation from the baseline that may alert, in the series' units. */
  minDeviation: number;
  /** Baseline from the same window one day or one week earlier instead of the preceding window. */
  seasonal: 'none' | 'day' | 'week';
  direction: 'both' | 'above' | 'below';
  /** Fewest baseline samples needed to judge. */
  minSamples: number;
}

/** The baseline: the history the band is computed from (kept whole for seasonal lookups). */
export interface DynamicThresholdModel {
  params: DynamicThresholdParams;
  history: readonly Sample[];
}

const NAME = 'dynamic-threshold';
const DAY = 86_400_000;

const PARAMS: ParamSpecs = {
  baselineWindow: { type: 'duration', default: 3_600_000, min: 1, description: 'baseline window (e.g. 1h)' },
  warningSigma: { type: 'number', default: 2, min: 0, description: 'warning band in sigmas' },
  criticalSigma: { type: 'number', default: 3, min: 0, description: 'critical band in sigmas' },
  robust: { type: 'boolean', default: false, description: 'median/MAD instead of mean/stddev' },
  minDeviation: {
    type: 'number',
    default: 0,
    min: 0,
    description: 'smallest absolute deviation that may alert',
  },
  seasonal: {
    type: 'enum',
    values: ['none', 'day', 'week'],
    default: 'none',
    description: 'seasonal baseline',
  },
  direction: {
    type: 'enum',
    values: ['both', 'above', 'below'],
    default: 'both',
    description: 'which side is bad',
  },
  minSamples: { type: 'number', default: 10, min: 2, integer: true, description: 'fewest baseline samples' },
};

function resolve(raw?: RawParams): DynamicThresholdParams {
  const p = resolveParams<DynamicThresholdParams>(NAME, PARAMS, raw);
  if (p.criticalSigma < p.warningSigma)
    throw new DetectError(
      'invalid_param',
      `detector "${NAME}": parameter "criticalSigma" (${p.criticalSigma}) must be >= warningSigma (${p.warningSigma})`,
    );
  return p;
}

function seasonOffset(p: DynamicThresholdParams): number {
  return p.seasonal === 'day' ? DAY : p.seasonal === 'week' ? 7 * DAY : 0;
}

/** The baseline values for a point at time t: the preceding window, or the seasonal one centred a period earlier. */
function baselineFor(history: readonly Sample[], p: DynamicThresholdParams, t: number): number[] {
  const offset = seasonOffset(p);
  const from = offset ? t - offset - p.baselineWindow / 2 : t - p.baselineWindow;
  const to = offset ? t - offset + p.baselineWindow / 2 : t;
  const out: number[] = [];
  for (const s of history) if (s.t >= from && s.t < to) out.push(s.v);
  return out;
}

function judge(history: readonly Sample[], p: DynamicThresholdParams, t: number, v: number): ScoreResult {
  const base = baselineFor(history, p, t);
  if (base.length < p.minSamples) return warmingUp(v, base.length, p.minSamples);
  const { center, spread } = location(base, p.robust);
  const warnHalf = Math.max(p.warningSigma * spread, p.minDeviation, 1e-12);
  const critHalf = Math.max(
    p.criticalSigma * spread,
    p.minDeviation * (p.criticalSigma / (p.warningSigma || 1)),
    1e-12,
  );
  const dev = v - center;
  const bad =
    p.direction === 'both' ? Math.abs(dev) : p.direction === 'above' ? Math.max(0, dev) : Math.max(0, -dev);
  const score = bad / warnHalf;
  return makeResult(
    score,
    center,
    center - warnHalf,
    center + warnHalf,
    {
      value: v,
      baseline: center,
      sigma: spread,
      sigmas: spread > 0 ? dev / spread : null,
      baselineSamples: base.length,
      seasonal: p.seasonal,
    },
    critHalf / warnHalf,
  );
}

export const dynamicThreshold: Detector<DynamicThresholdParams, DynamicThresholdModel> = {
  name: NAME,
  description: 'band from a baseline window: warning at 2 sigma, critical at 3 (mean/stddev or median/MAD)',
  params: PARAMS,
  resolve,
  fit(samples, params) {
    validateSamples(NAME, samples);
    return { params, history: samples.slice() };
  },
  score(model, input) {
    const w = scoringWindow(NAME, input);
    const last = w[w.length - 1];
    return judge(model.history, model.params, last.t, last.v);
  },
  createStreaming(params): StreamingDetector {
    const keep = params.baselineWindow + seasonOffset(params) + params.baselineWindow;
    const history = new TimeWindow(keep);
    let lastT = Number.NEGATIVE_INFINITY;
    return {
      update(t, v) {
        validatePoint(NAME, t, v, lastT);
        lastT = t;
        const r = judge(history.samples(), params, t, v);
        history.push(t, v);
        return { ...r, detection: r.score > 1 };
      },
    };
  },
};
