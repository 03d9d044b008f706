import { describe, expect, it } from 'vitest';
import { predictive } from './predictive.js';
import { ramp, synthetic } from './synthetic.js';

describe('predictive', () => {
  it('predicts the time until a rising line crosses the threshold (linear and Holt agree)', () => {
    // 1 per minute from 0: at sample 59 the value is 59, the threshold 80 is 21 minutes away.
    const s = synthetic({ n: 60 }, ramp(0, 1));
    const p = predictive.resolve({ threshold: 80, horizon: '30m' });
    const r = predictive.score(predictive.fit(s, p), s);
    expect(r.evidence.linearSecondsToThreshold).toBeCloseTo(21 * 60, 0);
    expect(r.evidence.holtSecondsToThreshold as number).toBeCloseTo(21 * 60, -1);
    expect(r.score).toBeCloseTo(30 / 21, 1);
    expect(r.evidence.confidence).toBeCloseTo(1, 5);
    expect(r.expected).toBeCloseTo(89, 0);
  });

  it('no alert when the crossing is beyond the horizon or the series goes the other way', () => {
    const s = synthetic({ n: 60 }, ramp(0, 1));
    expect(predictive.score(predictive.fit(s, predictive.resolve({ threshold: 200 })), s).score).toBeLessThan(
      1,
    );
    const down = synthetic({ n: 60 }, ramp(100, -1));
    const r = predictive.score(predictive.fit(down, predictive.resolve({ threshold: 150 })), down);
    expect(r.score).toBe(0);
    expect(r.evidence.secondsToThreshold).toBeNull();
  });

  it('holds back when the fit is poor (confidence below minConfidence)', () => {
    // A zigzag of ±30 around a line rising 0.5/min: the crossing of 80 is ~41 min away but R² is tiny.
    const s = synthetic({ n: 60 }, (i) => (i % 2 ? 0 : 60) + i * 0.5);
    const m = predictive.fit(s, predictive.resolve({ threshold: 80, method: 'linear', horizon: '1h' }));
    expect(m.linear.r2).toBeLessThan(0.8);
    const r = predictive.score(m, s);
    expect(r.evidence.secondsToThreshold as number).toBeLessThan(3600);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('needs a threshold', () => {
    expect(() => predictive.resolve({})).toThrow(/parameter "threshold" is required/);
  });
});
