import { DetectError } from './errors.js';
import { resolveParams, scoringWindow, validatePoint, validateSamples } from './params.js';
import { makeResult } from './result.js';
import type { Detector, ParamSpecs, RawParams, Sample, ScoreResult, StreamingDetector } from './types.js';

export interface ThresholdParams {
  warning: number;
  critical?: number;
  direction: 'above' | 'below';
}

export type ThresholdModel = ThresholdParams;

const NAME = 'threshold';

const PARAMS: ParamSpecs = {
  warning: { type: 'number', description: 'warning level' },
  critical: { type: 'number', optional: true, description: 'critical level (beyond warning)' },
  direction: { type: 'enum', values: ['above', 'below'], default: 'above', description: 'which side is bad' },
};

function resolve(raw?: RawParams): ThresholdParams {
  const p = resolveParams<ThresholdParams>(NAME, PARAMS, raw);
  if (p.critical !== undefined) {
    const wrongSide = p.direction === 'above' ? p.critical < p.warning : p.critical > p.warning;
    if (wrongSide)
      throw new DetectError(
        'invalid_param',
        `detector "${NAME}": parameter "critical" (${p.critical}) must be ${p.direction === 'above' ? '>=' : '<='} warning (${p.warning}) when direction=${p.direction}; swap them or change direction`,
      );
  }
  return p;
}

/**
 * Score: 1 at the warning level, 2 at the critical level, linear in between and beyond (the span
 * from warning to critical is the unit; |warning|, or 1, when no critical is set).
 */
function scoreValue(m: ThresholdModel, v: number): ScoreResult {
  const sign = m.direction === 'above' ? 1 : -1;
  const span =
    m.critical !== undefined && m.critical !== m.warning
      ? Math.abs(m.critical - m.warning)
      : Math.abs(m.warning) || 1;
  const over = sign * (v - m.warning);
  const score = over > 0 ? 1 + over / span : Math.max(0, 1 + over / span);
  const criticalHit = m.critical !== undefined && sign * (v - m.critical) >= 0;
  const accepted = sign > 0 ? Math.min(v, m.warning) : Math.max(v, m.warning);
  const r = makeResult(score, accepted, sign > 0 ? accepted : m.warning, sign > 0 ? m.warning : accepted, {
    value: v,
    warning: m.warning,
    critical: m.critical ?? null,
    direction: m.direction,
  });
  if (criticalHit) r.severity = 'critical';
  return r;
}

export const threshold: Detector<ThresholdParams, ThresholdModel> = {
  name: NAME,
  description: 'static warning/critical levels, above or below',
  params: PARAMS,
  resolve,
  fit(samples: readonly Sample[], params: ThresholdParams): ThresholdModel {
    validateSamples(NAME, samples);
    return { ...params };
  },
  score(model: ThresholdModel, input: Sample | readonly Sample[]): ScoreResult {
    const w = scoringWindow(NAME, input);
    return scoreValue(model, w[w.length - 1].v);
  },
  createStreaming(params: ThresholdParams): StreamingDetector {
    let lastT = Number.NEGATIVE_INFINITY;
    return {
      update(t, v) {
        validatePoint(NAME, t, v, lastT);
        lastT = t;
        const r = scoreValue(params, v);
        return { ...r, detection: r.score > 1 };
      },
    };
  },
};
