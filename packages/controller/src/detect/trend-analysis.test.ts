import { describe, expect, it } from 'vitest';
import { ramp, synthetic } from './synthetic.js';
import { trendAnalysis } from './trend-analysis.js';

describe('trend-analysis', () => {
  it('finds a leak: 5% growth per hour with high confidence', () => {
    // 1-minute samples over 2h, rising 5%/h from 100 (≈ 0.0833 per minute) with little noise.
    const s = synthetic({ n: 120, noise: 0.05, seed: 1 }, ramp(100, 5 / 60));
    const p = trendAnalysis.resolve({
      window: '2h',
      period: '1h',
      growthThreshold: 0.02,
      minConfidence: 0.8,
    });
    const m = trendAnalysis.fit(s, p);
    expect(m.fit.r2).toBeGreaterThan(0.95);
    expect(m.growth).toBeGreaterThan(0.04);
    expect(m.growth).toBeLessThan(0.06);
    const r = trendAnalysis.score(m, s);
    expect(r.score).toBeGreaterThan(1);
    expect(r.evidence.confidence).toBeGreaterThan(0.95);
  });

  it('stays quiet on a flat noisy series (no confident trend)', () => {
    const s = synthetic({ n: 120, noise: 2, seed: 2 }, () => 100);
    const p = trendAnalysis.resolve({});
    expect(trendAnalysis.score(trendAnalysis.fit(s, p), s).score).toBeLessThan(1);
  });

  it('does not alert when growth is fast but the fit is not confident', () => {
    const s = synthetic({ n: 120, noise: 30, seed: 3 }, ramp(100, 5 / 60));
    const m = trendAnalysis.fit(s, trendAnalysis.resolve({ minConfidence: 0.8 }));
    expect(m.fit.r2).toBeLessThan(0.8);
    expect(trendAnalysis.score(m, s).score).toBeLessThanOrEqual(1);
  });

  it('streams: detects once the window shows the ramp', () => {
    const s = synthetic({ n: 240, noise: 0.05, seed: 4 }, (i) => (i < 120 ? 100 : 100 + (i - 120) * 0.2));
    const d = trendAnalysis.createStreaming(trendAnalysis.resolve({ window: '30m' }));
    const r = s.map((x) => d.update(x.t, x.v));
    expect(r.slice(20, 120).some((x) => x.detection)).toBe(false);
    expect(r[200].detection).toBe(true);
  });
});
