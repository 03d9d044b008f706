/**
 * Heap trend: a least-squares line through (time, heap bytes) samples. Pure functions.
 */
export interface Trend {
  /** Bytes per second. */
  slope: number;
  /** Coefficient of determination of the fit, 0..1 (how line-like the growth is). */
  r2: number;
  mean: number;
  /** Seconds covered by the samples. */
  span: number;
  n: number;
}

export function linearTrend(ts: readonly number[], values: readonly number[]): Trend | undefined {
  const n = Math.min(ts.length, values.length);
  if (n < 3) return undefined;
  let mt = 0;
  let mv = 0;
  for (let i = 0; i < n; i++) {
    mt += ts[i];
    mv += values[i];
  }
  mt /= n;
  mv /= n;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    const dt = ts[i] - mt;
    const dv = values[i] - mv;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  if (stt === 0) return undefined;
  const slope = stv / stt;
  const r2 = svv === 0 ? 0 : (stv * stv) / (stt * svv);
  return { slope, r2, mean: mv, span: ts[n - 1] - ts[0], n };
}

export interface LeakCriteria {
  /** Minimum R² of the fit. */
  minConfidence: number;
  /** Minimum growth over the covered span, relative to the mean (0.05 = 5%). */
  minRelativeGrowth: number;
  /** Minimum samples before any verdict. */
  minSamples: number;
}

export const DEFAULT_LEAK_CRITERIA: LeakCriteria = {
  minConfidence: 0.8,
  minRelativeGrowth: 0.05,
  minSamples: 20,
};

/** A leak is suspected when the heap grows steadily (high R²) and by a meaningful share. */
export function leakSuspected(t: Trend | undefined, c: LeakCriteria = DEFAULT_LEAK_CRITERIA): boolean {
  if (!t || t.n < c.minSamples || t.slope <= 0 || t.mean <= 0) return false;
  return t.r2 >= c.minConfidence && (t.slope * t.span) / t.mean >= c.minRelativeGrowth;
}
