import type { CandidateSeries, RootCause, Sample } from './types.js';

/** Pearson r of two equally long lists; NaN when either is constant or shorter than 3. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 3) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Pairs of values at the timestamps both series have (finite values only). */
export function alignSamples(a: readonly Sample[], b: readonly Sample[]): { x: number[]; y: number[] } {
  const byT = new Map<number, number>();
  for (const s of b) if (Number.isFinite(s.v)) byT.set(s.t, s.v);
  const x: number[] = [];
  const y: number[] = [];
  for (const s of a) {
    const v = byT.get(s.t);
    if (v !== undefined && Number.isFinite(s.v)) {
      x.push(s.v);
      y.push(v);
    }
  }
  return { x, y };
}

/**
 * Candidates ranked by |r| with the alert series on aligned samples. Confidence is |r| shrunk
 * for few samples (n/(n+5)); candidates with fewer than `minSamples` aligned points or a constant
 * series are left out; so are those with |r| below `minAbsR` (default 0.3).
 */
export function correlate(
  alertSeries: readonly Sample[],
  candidates: readonly CandidateSeries[],
  opts: { minSamples?: number; minAbsR?: number } = {},
): RootCause[] {
  const minSamples = opts.minSamples ?? 5;
  const minAbsR = opts.minAbsR ?? 0.3;
  const out: RootCause[] = [];
  for (const c of candidates) {
    const { x, y } = alignSamples(alertSeries, c.samples);
    if (x.length < minSamples) continue;
    const r = pearson(x, y);
    if (!Number.isFinite(r) || Math.abs(r) < minAbsR) continue;
    const confidence = Math.abs(r) * (x.length / (x.length + 5));
    out.push({
      cause: `${c.name} moved with the alert series`,
      confidence: Math.round(confidence * 1000) / 1000,
      evidence: `${c.name}: Pearson r = ${r.toFixed(2)} over ${x.length} aligned samples`,
      source: 'correlation',
      r,
      samples: x.length,
    });
  }
  return out.sort((a, b) => Math.abs(b.r ?? 0) - Math.abs(a.r ?? 0));
}
