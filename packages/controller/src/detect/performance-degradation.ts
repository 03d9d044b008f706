import { DetectError } from './errors.js';
import { resolveParams, scoringWindow, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { mean } from './stats/robust.js';
import type { Detector, ParamSpecs, RawParams, Sample, ScoreResult, StreamingDetector } from './types.js';
import { baselineRecentStreaming } from './window-streaming.js';

export interface PerformanceDegradationParams {
  /** Baseline window (ms) before the sustain window. */
  baselineWindow: number;
  /** How long the degradation must last (ms): every sample in it must be worse. */
  sustain: number;
  /** Relative change that counts as degraded (0.15 = 15% worse). */
  threshold: number;
  /** `higher-is-worse` for latency, CPU; `lower-is-worse` for throughput, accuracy. */
  direction: 'higher-is-worse' | 'lower-is-worse';
  minSamples: number;
}

export interface PerformanceDegradationModel {
  params: PerformanceDegradationParams;
  baseline: number;
  baselineSamples: number;
}

const NAME = 'performance-degradation';

const PARAMS: ParamSpecs = {
  baselineWindow: { type: 'duration', default: 1_800_000, min: 1, description: 'baseline window (e.g. 30m)' },
  sustain: {
    type: 'duration',
    default: 300_000,
    min: 0,
    description: 'how long it must stay worse (e.g. 5m)',
  },
  threshold: {
    type: 'number',
    default: 0.15,
    min: 0,
    description: 'relative change that is degraded (0.15 = 15%)',
  },
  direction: {
    type: 'enum',
    values: ['higher-is-worse', 'lower-is-worse'],
    default: 'higher-is-worse',
    description: 'which way is worse',
  },
  minSamples: { type: 'number', default: 5, min: 1, integer: true, description: 'fewest baseline samples' },
};

function resolve(raw?: RawParams): PerformanceDegradationParams {
  const p = resolveParams<PerformanceDegradationParams>(NAME, PARAMS, raw);
  if (p.threshold === 0)
    throw new DetectError(
      'invalid_param',
      `detector "${NAME}": parameter "threshold" must be > 0, e.g. 0.15 for 15%`,
    );
  return p;
}

/** The baseline: the mean of the given samples (the rule engine passes the baseline window). */
function fit(samples: readonly Sample[], params: PerformanceDegradationParams): PerformanceDegradationModel {
  validateSamples(NAME, samples);
  return { params, baseline: mean(samples.map((s) => s.v)), baselineSamples: samples.length };
}

/** Judges the sustain window: the least degraded sample decides, so a single spike does not alert. */
function judge(m: PerformanceDegradationModel, recent: readonly Sample[]): ScoreResult {
  const p = m.params;
  const last = recent[recent.length - 1];
  if (m.baselineSamples < p.minSamples || !Number.isFinite(m.baseline))
    return warmingUp(last.v, m.baselineSamples, p.minSamples);
  const sign = p.direction === 'higher-is-worse' ? 1 : -1;
  const scale = Math.abs(m.baseline) || 1e-12;
  let worstCase = Number.POSITIVE_INFINITY;
  for (const s of recent) worstCase = Math.min(worstCase, (sign * (s.v - m.baseline)) / scale);
  const recentMean = mean(recent.map((s) => s.v));
  const band = m.baseline + sign * p.threshold * scale;
  return makeResult(
    Math.max(0, worstCase) / p.threshold,
    m.baseline,
    Math.min(m.baseline, band),
    Math.max(m.baseline, band),
    {
      value: last.v,
      baseline: m.baseline,
      recentMean,
      sustainedChange: worstCase,
      change: (recentMean - m.baseline) / scale,
      recentSamples: recent.length,
    },
  );
}

export const performanceDegradation: Detector<PerformanceDegradationParams, PerformanceDegradationModel> = {
  name: NAME,
  description: 'sustained change vs a baseline window, e.g. 15% worse for 5m',
  params: PARAMS,
  resolve,
  fit,
  score(model, input) {
    const w = scoringWindow(NAME, input);
    return judge(model, w);
  },
  createStreaming(params): StreamingDetector {
    return baselineRecentStreaming(
      NAME,
      params.baselineWindow,
      params.sustain,
      (base) => fit(base, params),
      judge,
    );
  },
};
