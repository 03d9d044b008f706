/** Median of the values (does not modify its argument); NaN for none. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = Float64Array.from(values as ArrayLike<number>).sort();
  return n % 2 === 1 ? a[(n - 1) >> 1] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/** Median absolute deviation from `center`, scaled by 1.4826 to estimate a normal sigma. */
export function madSigma(values: ArrayLike<number>, center: number): number {
  const d = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) d[i] = Math.abs(values[i] - center);
  return 1.4826 * median(d);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : Number.NaN;
}

/** Population standard deviation around `m`. */
export function stddev(values: ArrayLike<number>, m: number = mean(values)): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return values.length ? Math.sqrt(s / values.length) : Number.NaN;
}

/** Centre and spread of values: mean/stddev, or median/MAD when `robust`. */
export function location(values: ArrayLike<number>, robust: boolean): { center: number; spread: number } {
  if (robust) {
    const center = median(values);
    return { center, spread: madSigma(values, center) };
  }
  const center = mean(values);
  return { center, spread: stddev(values, center) };
}
