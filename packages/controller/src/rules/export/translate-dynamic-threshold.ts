import type { DynamicThresholdParams } from '../../detect/dynamic-threshold.js';
import type { TranslateContext } from './context.js';
import { dur, num } from './promql.js';
import type { Translation } from './types.js';

const DAY = 86_400_000;

/**
 * `dynamic-threshold`: the baseline's centre and spread over the baseline window
 * (avg/stddev_over_time, or median and IQR/1.349 when robust), the warning and critical bands at
 * their sigmas with the minimum deviation as a floor, and alerts outside them.
 */
export function translateDynamicThreshold(ctx: TranslateContext<DynamicThresholdParams>): Translation {
  const { params: p, v, rec, rule } = ctx;
  const notes: string[] = [];
  const season = p.seasonal === 'day' ? DAY : p.seasonal === 'week' ? 7 * DAY : 0;
  // The controller's baseline is the window before the judged point; offsetting by one evaluation
  // interval keeps the current sample out of it the same way.
  const offset = season ? season - p.baselineWindow / 2 : rule.intervalMs;
  const range = `${v}[${dur(p.baselineWindow)}] offset ${dur(offset)}`;
  const center = p.robust ? `quantile_over_time(0.5, ${range})` : `avg_over_time(${range})`;
  const spread = p.robust
    ? `(quantile_over_time(0.75, ${range}) - quantile_over_time(0.25, ${range})) / 1.349`
    : `stddev_over_time(${range})`;
  if (p.robust)
    notes.push(
      'robust spread: the interquartile range / 1.349 stands in for the MAD (PromQL cannot take the median of deviations from a median)',
    );
  const warnFloor = Math.max(p.minDeviation, 1e-12);
  const critFloor = Math.max(p.minDeviation * (p.criticalSigma / (p.warningSigma || 1)), 1e-12);
  const [E, S, N] = [rec('expected'), rec('spread'), rec('baseline_samples')];
  const warnHalf = `clamp_min(${num(p.warningSigma)} * ${S}, ${num(warnFloor)})`;
  const critHalf = `clamp_min(${num(p.criticalSigma)} * ${S}, ${num(critFloor)})`;
  const [U, L, CU, CL] = [rec('upper'), rec('lower'), rec('critical_upper'), rec('critical_lower')];
  const enough = `${N} >= ${num(p.minSamples)}`;
  const outside = (hi: string, lo: string, strict: boolean) => {
    const [gt, lt] = strict ? ['>', '<'] : ['>=', '<='];
    if (p.direction === 'above') return `(${v} ${gt} ${hi})`;
    if (p.direction === 'below') return `(${v} ${lt} ${lo})`;
    return `((${v} ${gt} ${hi}) or (${v} ${lt} ${lo}))`;
  };
  const dev =
    p.direction === 'above'
      ? `clamp_min(${v} - ${E}, 0)`
      : p.direction === 'below'
        ? `clamp_min(${E} - ${v}, 0)`
        : `abs(${v} - ${E})`;
  return {
    records: [
      { record: E, expr: center },
      { record: S, expr: spread },
      { record: N, expr: `count_over_time(${range})` },
      { record: U, expr: `${E} + ${warnHalf}` },
      { record: L, expr: `${E} - ${warnHalf}` },
      { record: CU, expr: `${E} + ${critHalf}` },
      { record: CL, expr: `${E} - ${critHalf}` },
      { record: rec('score'), expr: `${dev} / (${U} - ${E})` },
    ],
    warning: `${outside(U, L, true)} and (${enough})`,
    critical: `${outside(CU, CL, false)} and (${enough})`,
    approximations: notes,
  };
}
