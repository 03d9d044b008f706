import { describe, expect, it } from 'vitest';
import { performanceDegradation } from './performance-degradation.js';
import { spikeAt, stepAt, synthetic } from './synthetic.js';

describe('performance-degradation', () => {
  const p = performanceDegradation.resolve({ baselineWindow: '30m', sustain: '5m', threshold: 0.15 });

  it('detects a sustained 30% slowdown and reports the change', () => {
    const s = synthetic({ n: 60, noise: 1, seed: 1 }, stepAt(100, 30, 30));
    const m = performanceDegradation.fit(s.slice(0, 30), p);
    const r = performanceDegradation.score(m, s.slice(50, 55));
    expect(r.score).toBeGreaterThan(1.5);
    expect(r.evidence.change).toBeCloseTo(0.3, 1);
    expect(r.expected).toBeCloseTo(100, 0);
  });

  it('ignores a single spike inside the sustain window', () => {
    const s = synthetic({ n: 60, noise: 1, seed: 2 }, spikeAt(100, 52, 200));
    const m = performanceDegradation.fit(s.slice(0, 30), p);
    expect(performanceDegradation.score(m, s.slice(50, 55)).score).toBeLessThan(1);
  });

  it('lower-is-worse: a 20% throughput drop is a degradation, a rise is not', () => {
    const q = performanceDegradation.resolve({ direction: 'lower-is-worse' });
    const down = synthetic({ n: 60, noise: 0.5, seed: 3 }, stepAt(50, 40, -10));
    const d = performanceDegradation.createStreaming(q);
    const r = down.map((x) => d.update(x.t, x.v));
    expect(r.slice(0, 40).some((x) => x.detection)).toBe(false);
    expect(r[50].detection).toBe(true);
    const up = synthetic({ n: 60, noise: 0.5, seed: 3 }, stepAt(50, 40, 10));
    const d2 = performanceDegradation.createStreaming(q);
    expect(up.map((x) => d2.update(x.t, x.v)).some((x) => x.detection)).toBe(false);
  });

  it('names a bad threshold', () => {
    expect(() => performanceDegradation.resolve({ threshold: 0 })).toThrow(/"threshold" must be > 0/);
  });
});
