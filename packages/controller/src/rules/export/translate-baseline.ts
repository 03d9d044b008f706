import type { ComparativeAnalysisParams } from '../../detect/comparative-analysis.js';
import type { PerformanceDegradationParams } from '../../detect/performance-degradation.js';
import type { TranslateContext } from './context.js';
import { dur, num } from './promql.js';
import type { Translation } from './types.js';

/** The samples of the last `ms` (the value itself when 0), and the baseline window before them. */
function windows(v: string, baselineMs: number, recentMs: number) {
  return {
    recent: (fn: string) => (recentMs > 0 ? `${fn}(${v}[${dur(recentMs)}])` : v),
    base: `${v}[${dur(baselineMs)}]${recentMs > 0 ? ` offset ${dur(recentMs)}` : ''}`,
  };
}

/**
 * `performance-degradation`: the baseline mean over the window before the sustain window (offset),
 * and the least degraded sample of the sustain window (min/max_over_time), relative to it.
 */
export function translateDegradation({
  params: p,
  v,
  rec,
}: TranslateContext<PerformanceDegradationParams>): Translation {
  const higher = p.direction === 'higher-is-worse';
  const w = windows(v, p.baselineWindow, p.sustain);
  const [B, N, C] = [rec('expected'), rec('baseline_samples'), rec('sustained_change')];
  const scale = `clamp_min(abs(${B}), 1e-12)`;
  const thr = num(p.threshold);
  return {
    records: [
      { record: B, expr: `avg_over_time(${w.base})` },
      { record: N, expr: `count_over_time(${w.base})` },
      {
        record: C,
        expr: higher
          ? `(${w.recent('min_over_time')} - ${B}) / ${scale}`
          : `(${B} - ${w.recent('max_over_time')}) / ${scale}`,
      },
      { record: rec('lower'), expr: higher ? B : `${B} - ${thr} * abs(${B})` },
      { record: rec('upper'), expr: higher ? `${B} + ${thr} * abs(${B})` : B },
      { record: rec('score'), expr: `clamp_min(${C}, 0) / ${thr}` },
    ],
    warning: `(${C} > ${thr}) and (${N} >= ${num(p.minSamples)})`,
    approximations: [],
  };
}

/**
 * `comparative-analysis`: the median of the recent window against the median of the historical
 * baseline before it (quantile_over_time with an offset), as a slowdown ratio.
 */
export function translateComparative({
  params: p,
  v,
  rec,
}: TranslateContext<ComparativeAnalysisParams>): Translation {
  const higher = p.direction === 'higher-is-worse';
  const w = windows(v, p.baselineWindow, p.recentWindow);
  const [B, N, R] = [rec('expected'), rec('baseline_samples'), rec('slowdown')];
  const cur = p.recentWindow > 0 ? `quantile_over_time(0.5, ${v}[${dur(p.recentWindow)}])` : v;
  const ratio = num(p.ratio);
  return {
    records: [
      { record: B, expr: `quantile_over_time(0.5, ${w.base})` },
      { record: N, expr: `count_over_time(${w.base})` },
      {
        record: R,
        expr: higher
          ? `clamp_min(abs(${cur}), 1e-12) / clamp_min(abs(${B}), 1e-12)`
          : `clamp_min(abs(${B}), 1e-12) / clamp_min(abs(${cur}), 1e-12)`,
      },
      { record: rec('lower'), expr: higher ? B : `${B} / ${ratio}` },
      { record: rec('upper'), expr: higher ? `${B} * ${ratio}` : B },
      { record: rec('score'), expr: `${R} / ${ratio}` },
    ],
    warning: `(${R} > ${ratio}) and (${N} >= ${num(p.minSamples)})`,
    approximations: [],
  };
}
