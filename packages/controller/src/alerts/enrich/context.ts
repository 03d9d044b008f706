import type { AlertTrend, HistoricalContext, Sample } from './types.js';

const HOUR_MS = 3_600_000;

function finite(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => Number.isFinite(s.v) && Number.isFinite(s.t));
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Where `current` stands against the window: the median as baseline, median ± 3 scaled MADs as
 * the band, and the share of samples at or below it as percentile. Null without samples.
 */
export function historicalContext(samples: readonly Sample[], current: number): HistoricalContext | null {
  const values = finite(samples)
    .map((s) => s.v)
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const baseline = median(values);
  const mad = median(values.map((v) => Math.abs(v - baseline)).sort((a, b) => a - b)) * 1.4826;
  const below = Number.isFinite(current) ? values.filter((v) => v <= current).length : 0;
  return {
    baseline,
    band: { lower: baseline - 3 * mad, upper: baseline + 3 * mad },
    percentile: Number.isFinite(current) ? (100 * below) / values.length : Number.NaN,
    samples: values.length,
  };
}

/**
 * The least-squares trend of the samples: slope per hour and change over the window in percent
 * of the fitted start; `stable` below `stablePct` (default 5 %). Null with fewer than 3 samples.
 */
export function trendOf(samples: readonly Sample[], stablePct = 5): AlertTrend | null {
  const s = finite(samples);
  if (s.length < 3) return null;
  const n = s.length;
  const mt = s.reduce((a, p) => a + p.t, 0) / n;
  const mv = s.reduce((a, p) => a + p.v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of s) {
    sxy += (p.t - mt) * (p.v - mv);
    sxx += (p.t - mt) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const start = mv + slope * (s[0].t - mt);
  const end = mv + slope * (s[n - 1].t - mt);
  const changePct = start === 0 ? 0 : (100 * (end - start)) / Math.abs(start);
  const direction = Math.abs(changePct) < stablePct ? 'stable' : changePct > 0 ? 'rising' : 'falling';
  return { direction, slopePerHour: slope * HOUR_MS, changePct };
}
