import { describe, expect, it } from 'vitest';
import { comparativeAnalysis } from './comparative-analysis.js';
import { stepAt, synthetic } from './synthetic.js';

describe('comparative-analysis', () => {
  it('reports the slowdown ratio vs the historical baseline and alerts at 2x', () => {
    const s = synthetic({ n: 80, noise: 0.5, seed: 1 }, stepAt(20, 60, 30)); // 20 → 50: 2.5x
    const p = comparativeAnalysis.resolve({ ratio: 2, baselineWindow: '1h', recentWindow: '10m' });
    const m = comparativeAnalysis.fit(s.slice(0, 60), p);
    const r = comparativeAnalysis.score(m, s.slice(65, 75));
    expect(r.evidence.slowdownRatio).toBeCloseTo(2.5, 1);
    expect(r.score).toBeCloseTo(1.25, 1);
    expect(comparativeAnalysis.score(m, s.slice(40, 50)).score).toBeCloseTo(0.5, 1);
  });

  it('streams: a 1.5x slowdown does not alert at ratio 2, a 3x one does', () => {
    const p = comparativeAnalysis.resolve({ ratio: '2', recentWindow: '10m' });
    const run = (h: number) => {
      const d = comparativeAnalysis.createStreaming(p);
      return synthetic({ n: 120, noise: 0.2, seed: 2 }, stepAt(10, 80, h)).map((x) => d.update(x.t, x.v));
    };
    expect(run(5).some((x) => x.detection)).toBe(false);
    expect(run(20)[100].detection).toBe(true);
  });

  it('rejects a ratio that is not a slowdown', () => {
    expect(() => comparativeAnalysis.resolve({ ratio: 1 })).toThrow(/"ratio" must be > 1/);
  });
});
