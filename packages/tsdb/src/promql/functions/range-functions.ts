import { kahan, kahanSumInc } from '../eval/float.js';

/** Arguments of one window evaluation besides the samples. */
export interface WindowArgs {
  /** End of the window (inclusive), ms. */
  end: number;
  rangeMs: number;
  /** The evaluation time of the step (ms); differs from `end` by the offset. */
  stepT: number;
  /** Scalar parameter (predict_linear's t, quantile_over_time's q), for the step. */
  param: number;
}

/**
 * A function over the samples ts[lo..hi) (hi > lo) of one series' window.
 * Returns undefined when the function has no result for that window.
 */
export type WindowFn = (
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  lo: number,
  hi: number,
  a: WindowArgs,
) => number | undefined;

function extrapolatedRate(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  lo: number,
  hi: number,
  a: WindowArgs,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const n = hi - lo;
  if (n < 2) return undefined;
  const rangeStart = a.end - a.rangeMs;
  const rangeEnd = a.end;
  const first = vs[lo];
  let result = vs[hi - 1] - first;
  if (isCounter) {
    let prev = first;
    for (let i = lo + 1; i < hi; i++) {
      const cur = vs[i];
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  const firstT = ts[lo];
  const lastT = ts[hi - 1];
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avgBetween = sampledInterval / (n - 1);
  const threshold = avgBetween * 1.1;
  if (durationToStart >= threshold) durationToStart = avgBetween / 2;
  if (isCounter) {
    let durationToZero = durationToStart;
    if (result > 0 && first >= 0) durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avgBetween / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= a.rangeMs / 1000;
  return result * factor;
}

function instantValue(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  lo: number,
  hi: number,
  isRate: boolean,
): number | undefined {
  if (hi - lo < 2) return undefined;
  const last = vs[hi - 1];
  const prev = vs[hi - 2];
  let result = isRate && last < prev ? last : last - prev;
  const interval = ts[hi - 1] - ts[hi - 2];
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

/** Slope and intercept of the least-squares line; intercept at `interceptT`. Result in `regression`. */
export const regression = { slope: 0, intercept: 0 };
export function linearRegression(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  lo: number,
  hi: number,
  interceptT: number,
): void {
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vs[lo];
  let constY = true;
  for (let i = lo; i < hi; i++) {
    const y = vs[i];
    if (constY && i > lo && y !== initY) constY = false;
    n++;
    const x = (ts[i] - interceptT) / 1e3;
    // Four Kahan-Neumaier sums, inlined (hot loop).
    let t = sumX + x;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) cX = 0;
    else if (Math.abs(sumX) >= Math.abs(x)) cX += sumX - t + x;
    else cX += x - t + sumX;
    sumX = t;
    t = sumY + y;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) cY = 0;
    else if (Math.abs(sumY) >= Math.abs(y)) cY += sumY - t + y;
    else cY += y - t + sumY;
    sumY = t;
    const xy = x * y;
    t = sumXY + xy;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) cXY = 0;
    else if (Math.abs(sumXY) >= Math.abs(xy)) cXY += sumXY - t + xy;
    else cXY += xy - t + sumXY;
    sumXY = t;
    const xx = x * x;
    t = sumX2 + xx;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) cX2 = 0;
    else if (Math.abs(sumX2) >= Math.abs(xx)) cX2 += sumX2 - t + xx;
    else cX2 += xx - t + sumX2;
    sumX2 = t;
  }
  if (constY) {
    if (initY === Number.POSITIVE_INFINITY || initY === Number.NEGATIVE_INFINITY) {
      regression.slope = Number.NaN;
      regression.intercept = Number.NaN;
    } else {
      regression.slope = 0;
      regression.intercept = initY;
    }
    return;
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  regression.slope = covXY / varX;
  regression.intercept = sumY / n - (regression.slope * sumX) / n;
}

function sumOver(vs: ArrayLike<number>, lo: number, hi: number): number {
  // Kahan-Neumaier summation, inlined (hot loop).
  let sum = 0;
  let c = 0;
  for (let i = lo; i < hi; i++) {
    const inc = vs[i];
    const t = sum + inc;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) c = 0;
    else if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
    else c += inc - t + sum;
    sum = t;
  }
  if (sum === Number.POSITIVE_INFINITY || sum === Number.NEGATIVE_INFINITY) return sum;
  return sum + c;
}

function avgOver(vs: ArrayLike<number>, lo: number, hi: number): number {
  // Direct mean with Kahan summation while the sum is finite (inlined, hot loop);
  // incremental mean once it would overflow, as Prometheus does.
  let sum = vs[lo];
  let c = 0;
  let i = lo + 1;
  for (; i < hi; i++) {
    const inc = vs[i];
    const t = sum + inc;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) break;
    if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
    else c += inc - t + sum;
    sum = t;
  }
  if (i >= hi) {
    const count = hi - lo;
    return sum / count + c / count;
  }
  let count = i - lo;
  let mean = sum / count;
  c /= count;
  for (; i < hi; i++) {
    count = i - lo + 1;
    const q = (count - 1) / count;
    mean = kahanSumInc(vs[i] / count, q * mean, q * c);
    c = kahan.c;
  }
  return mean + c;
}

function varianceOver(vs: ArrayLike<number>, lo: number, hi: number): number {
  // Welford's algorithm with Kahan-compensated mean and sum of squares (inlined kahanSumInc).
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = lo; i < hi; i++) {
    const f = vs[i];
    count++;
    const delta = f - (mean + cMean);
    let inc = delta / count;
    let t = mean + inc;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) cMean = 0;
    else if (Math.abs(mean) >= Math.abs(inc)) cMean += mean - t + inc;
    else cMean += inc - t + mean;
    mean = t;
    inc = delta * (f - (mean + cMean));
    t = aux + inc;
    if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) cAux = 0;
    else if (Math.abs(aux) >= Math.abs(inc)) cAux += aux - t + inc;
    else cAux += inc - t + aux;
    aux = t;
  }
  return (aux + cAux) / count;
}

let quantileBuf = new Float64Array(64);

/**
 * Prometheus' quantile over vs[lo..hi): values ordered with NaN first, linear interpolation between
 * the two closest ranks. Uses selection (average O(n)) on a reused typed array instead of a sort.
 */
export function quantileOver(q: number, vs: ArrayLike<number>, lo: number, hi: number): number {
  const n = hi - lo;
  if (n === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  if (quantileBuf.length < n) quantileBuf = new Float64Array(Math.max(n, quantileBuf.length * 2));
  const buf = quantileBuf;
  // Non-NaN values go to buf[0..m); NaNs sort first in Prometheus' order, shifting the ranks.
  let m = 0;
  for (let i = lo; i < hi; i++) {
    const v = vs[i];
    if (!Number.isNaN(v)) buf[m++] = v;
  }
  const nans = n - m;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  let lv = Number.NaN;
  let uv = Number.NaN;
  if (lower >= nans) {
    const k = lower - nans;
    lv = select(buf, m, k);
    // The next order statistic is the minimum of the part right of k.
    if (upper >= nans && upper !== lower) {
      let min = Number.POSITIVE_INFINITY;
      for (let i = k + 1; i < m; i++) if (buf[i] < min) min = buf[i];
      uv = min;
    } else uv = lv;
  } else if (upper >= nans) {
    uv = select(buf, m, upper - nans);
  }
  return lv * (1 - weight) + uv * weight;
}

/** Puts the k-th smallest of a[0..n) at a[k] (smaller before, larger after); returns it. */
function select(a: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    const pivot = a[(left + right) >>> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}

export const WINDOW_FUNCTIONS: Record<string, WindowFn> = {
  rate: (ts, vs, lo, hi, a) => extrapolatedRate(ts, vs, lo, hi, a, true, true),
  increase: (ts, vs, lo, hi, a) => extrapolatedRate(ts, vs, lo, hi, a, true, false),
  delta: (ts, vs, lo, hi, a) => extrapolatedRate(ts, vs, lo, hi, a, false, false),
  irate: (ts, vs, lo, hi) => instantValue(ts, vs, lo, hi, true),
  idelta: (ts, vs, lo, hi) => instantValue(ts, vs, lo, hi, false),
  deriv: (ts, vs, lo, hi) => {
    if (hi - lo < 2) return undefined;
    linearRegression(ts, vs, lo, hi, ts[lo]);
    return regression.slope;
  },
  predict_linear: (ts, vs, lo, hi, a) => {
    if (hi - lo < 2) return undefined;
    linearRegression(ts, vs, lo, hi, a.stepT);
    return regression.slope * a.param + regression.intercept;
  },
  resets: (_ts, vs, lo, hi) => {
    let r = 0;
    for (let i = lo + 1; i < hi; i++) if (vs[i] < vs[i - 1]) r++;
    return r;
  },
  changes: (_ts, vs, lo, hi) => {
    let r = 0;
    for (let i = lo + 1; i < hi; i++) {
      const cur = vs[i];
      const prev = vs[i - 1];
      if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) r++;
    }
    return r;
  },
  avg_over_time: (_ts, vs, lo, hi) => avgOver(vs, lo, hi),
  sum_over_time: (_ts, vs, lo, hi) => sumOver(vs, lo, hi),
  count_over_time: (_ts, _vs, lo, hi) => hi - lo,
  min_over_time: (_ts, vs, lo, hi) => {
    let m = vs[lo];
    for (let i = lo + 1; i < hi; i++) if (vs[i] < m || Number.isNaN(m)) m = vs[i];
    return m;
  },
  max_over_time: (_ts, vs, lo, hi) => {
    let m = vs[lo];
    for (let i = lo + 1; i < hi; i++) if (vs[i] > m || Number.isNaN(m)) m = vs[i];
    return m;
  },
  stddev_over_time: (_ts, vs, lo, hi) => Math.sqrt(varianceOver(vs, lo, hi)),
  stdvar_over_time: (_ts, vs, lo, hi) => varianceOver(vs, lo, hi),
  last_over_time: (_ts, vs, _lo, hi) => vs[hi - 1],
  present_over_time: () => 1,
  quantile_over_time: (_ts, vs, lo, hi, a) => quantileOver(a.param, vs, lo, hi),
};

/** Range functions whose result keeps the metric name. */
export const KEEPS_NAME: ReadonlySet<string> = new Set(['last_over_time', 'first_over_time']);
