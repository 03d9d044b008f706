import type { TrendAnalysisParams } from '../../detect/trend-analysis.js';
import type { TranslateContext } from './context.js';
import { residualSd, rSquared } from './linear-fit.js';
import { dur, num, seconds } from './promql.js';
import type { Translation } from './types.js';

/**
 * `trend-analysis`: the least-squares slope over the window (deriv), the growth per period relative
 * to the window's mean level, and R² as the confidence; alerts when both pass.
 */
export function translateTrend({
  params: p,
  v,
  rec,
  rule,
}: TranslateContext<TrendAnalysisParams>): Translation {
  const range = `${v}[${dur(p.window)}]`;
  const [slope, n, g, r2, E] = [
    rec('slope'),
    rec('samples'),
    rec('growth'),
    rec('confidence'),
    rec('expected'),
  ];
  const signed = p.direction === 'up' ? g : p.direction === 'down' ? `-${g}` : `abs(${g})`;
  const thr = num(p.growthThreshold);
  return {
    records: [
      { record: slope, expr: `deriv(${range})` },
      { record: n, expr: `count_over_time(${range})` },
      {
        record: g,
        expr: `${slope} * ${seconds(p.period)} / clamp_min(abs(avg_over_time(${range})), 1e-12)`,
      },
      { record: r2, expr: rSquared(range, slope, n, rule.intervalMs) },
      { record: E, expr: `predict_linear(${range}, 0)` },
      { record: rec('lower'), expr: `${E} - 2 * ${residualSd(range, r2)}` },
      { record: rec('upper'), expr: `${E} + 2 * ${residualSd(range, r2)}` },
      { record: rec('score'), expr: `clamp_min(${signed}, 0) / ${thr}` },
    ],
    warning: `(${signed} > ${thr}) and (${r2} >= ${num(p.minConfidence)}) and (${n} >= ${num(p.minSamples)})`,
    approximations: [
      `confidence: R² from the slope and the variances, assuming samples every ${dur(rule.intervalMs)} (the rule's interval) without gaps`,
      'score: growth over the threshold, not capped by the confidence (the alert itself requires both)',
    ],
  };
}
