import { DetectError } from './errors.js';
import { resolveParams, scoringWindow, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { median } from './stats/robust.js';
import type { Detector, ParamSpecs, RawParams, Sample, ScoreResult, StreamingDetector } from './types.js';
import { baselineRecentStreaming } from './window-streaming.js';

export interface ComparativeAnalysisParams {
  /** Slowdown ratio that alerts (2 = twice the baseline). */
  ratio: number;
  /** Historical baseline window (ms) before the recent window. */
  baselineWindow: number;
  /** Recent window (ms) whose median is compared ("for 10m"). */
  recentWindow: number;
  direction: 'higher-is-worse' | 'lower-is-worse';
  minSamples: number;
}

export interface ComparativeAnalysisModel {
  params: ComparativeAnalysisParams;
  baseline: number;
  baselineSamples: number;
}

const NAME = 'comparative-analysis';

const PARAMS: ParamSpecs = {
  ratio: { type: 'number', default: 2, min: 1, description: 'slowdown ratio vs the baseline that alerts' },
  baselineWindow: { type: 'duration', default: 3_600_000, min: 1, description: 'historical baseline window' },
  recentWindow: {
    type: 'duration',
    default: 600_000,
    min: 0,
    description: 'recent window compared (e.g. 10m)',
  },
  direction: {
    type: 'enum',
    values: ['higher-is-worse', 'lower-is-worse'],
    default: 'higher-is-worse',
    description: 'which way is a slowdown',
  },
  minSamples: { type: 'number', default: 5, min: 1, integer: true, description: 'fewest baseline samples' },
};

function resolve(raw?: RawParams): ComparativeAnalysisParams {
  const p = resolveParams<ComparativeAnalysisParams>(NAME, PARAMS, raw);
  if (p.ratio <= 1)
    throw new DetectError(
      'invalid_param',
      `detector "${NAME}": parameter "ratio" must be > 1, e.g. 2 for twice as slow`,
    );
  return p;
}

function fit(samples: readonly Sample[], params: ComparativeAnalysisParams): ComparativeAnalysisModel {
  validateSamples(NAME, samples);
  return { params, baseline: median(samples.map((s) => s.v)), baselineSamples: samples.length };
}

/** Ratio of the recent median to the baseline median (inverted for lower-is-worse), over the alerting ratio. */
function judge(m: ComparativeAnalysisModel, recent: readonly Sample[]): ScoreResult {
  const p = m.params;
  const last = recent[recent.length - 1];
  if (m.baselineSamples < p.minSamples) return warmingUp(last.v, m.baselineSamples, p.minSamples);
  const current = median(recent.map((s) => s.v));
  const tiny = 1e-12 * Math.max(1, Math.abs(m.baseline));
  const base = Math.max(Math.abs(m.baseline), tiny);
  const cur = Math.max(Math.abs(current), tiny);
  const slowdown = p.direction === 'higher-is-worse' ? cur / base : base / cur;
  const limit = p.direction === 'higher-is-worse' ? m.baseline * p.ratio : m.baseline / p.ratio;
  return makeResult(
    slowdown / p.ratio,
    m.baseline,
    Math.min(m.baseline, limit),
    Math.max(m.baseline, limit),
    { value: last.v, baseline: m.baseline, current, slowdownRatio: slowdown, recentSamples: recent.length },
  );
}

export const comparativeAnalysis: Detector<ComparativeAnalysisParams, ComparativeAnalysisModel> = {
  name: NAME,
  description: 'slowdown ratio of the recent median vs a historical baseline, e.g. 2x for 10m',
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
      params.recentWindow,
      (base) => fit(base, params),
      judge,
    );
  },
};
