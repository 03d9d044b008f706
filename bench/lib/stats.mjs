/** Small statistics helpers for benchmark results. */

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** The q-quantile (0..1) of a numeric array, nearest-rank. */
export function quantile(values, q) {
  const v = Float64Array.from(values).sort();
  if (v.length === 0) return Number.NaN;
  const rank = Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1));
  return v[rank];
}
