import type { PredictiveParams } from '../../detect/predictive.js';
import type { TranslateContext } from './context.js';
import { residualSd, rSquared } from './linear-fit.js';
import { dur, num, seconds } from './promql.js';
import type { Translation } from './types.js';

/**
 * `predictive`: the linear forecast at the horizon (predict_linear) against the threshold, with R²
 * as the confidence; a value already past the threshold alerts at once, as in the controller.
 */
export function translatePredictive({
  params: p,
  v,
  rec,
  rule,
}: TranslateContext<PredictiveParams>): Translation {
  const range = `${v}[${dur(p.window)}]`;
  const above = p.direction === 'above';
  const thr = num(p.threshold);
  const [slope, n, r2, F] = [rec('slope'), rec('samples'), rec('confidence'), rec('expected')];
  const h = seconds(p.horizon);
  const sd = `${residualSd(range, r2)} * ${num(Math.sqrt(1 + p.horizon / Math.max(1, p.window)))}`;
  const [gt, ge] = above ? ['>', '>='] : ['<', '<='];
  const gap = above ? `(${thr} - predict_linear(${range}, 0))` : `(predict_linear(${range}, 0) - ${thr})`;
  const notes = [
    `confidence: R² from the slope and the variances, assuming samples every ${dur(rule.intervalMs)} (the rule's interval) without gaps`,
  ];
  if (p.method !== 'linear')
    notes.push(
      p.method === 'both'
        ? "forecast: the linear one only; the controller also takes Holt's, whichever crosses first (Holt's trend is not available in PromQL)"
        : "forecast: linear instead of Holt's (Holt's trend is not available in PromQL)",
    );
  return {
    records: [
      { record: slope, expr: `deriv(${range})` },
      { record: n, expr: `count_over_time(${range})` },
      { record: r2, expr: rSquared(range, slope, n, rule.intervalMs) },
      { record: F, expr: `predict_linear(${range}, ${h})` },
      { record: rec('lower'), expr: `${F} - 2 * ${sd}` },
      { record: rec('upper'), expr: `${F} + 2 * ${sd}` },
      {
        // horizon / time to the crossing, capped at 1000; 1000 once crossed
        record: rec('score'),
        expr: `(clamp(${above ? '' : '-'}${slope} * ${h} / ${gap}, 0, 1000) and (${v} ${above ? '<' : '>'} ${thr})) or (${v} * 0 + 1000)`,
      },
    ],
    warning: `(((${F} ${gt} ${thr}) and (${r2} >= ${num(p.minConfidence)})) or (${v} ${ge} ${thr})) and (${n} >= ${num(p.minSamples)})`,
    approximations: notes,
  };
}
