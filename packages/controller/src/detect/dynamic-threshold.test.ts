import { describe, expect, it } from 'vitest';
import { dynamicThreshold } from './dynamic-threshold.js';
import { seasonal, spikeAt, stepAt, synthetic } from './synthetic.js';
import type { Sample } from './types.js';

function stream(samples: Sample[], raw: Record<string, string | number | boolean>) {
  const d = dynamicThreshold.createStreaming(dynamicThreshold.resolve(raw));
  return samples.map((s) => d.update(s.t, s.v));
}

describe('dynamic-threshold', () => {
  it('flags a spike at 2 sigma (warning) / 3 sigma (critical) and nothing else on noise', () => {
    const s = synthetic({ n: 200, noise: 1, seed: 3 }, spikeAt(50, 150, 12));
    const r = stream(s, { baselineWindow: '1h' });
    expect(r[150].severity).toBe('critical');
    expect(r[150].evidence.baseline).toBeCloseTo(50, 0);
    const others = r.filter((x, i) => i !== 150 && x.severity === 'critical');
    expect(others.length).toBeLessThanOrEqual(1);
  });

  it('flags a step, then adapts to the new level once the baseline has moved', () => {
    const s = synthetic({ n: 300, noise: 0.5, seed: 4 }, stepAt(10, 150, 10));
    const r = stream(s, { baselineWindow: '1h', robust: true });
    expect(r[150].detection).toBe(true);
    expect(r[290].detection).toBe(false);
  });

  it('does not alert on tiny noise of a flat series when minDeviation is set', () => {
    const s = synthetic({ n: 200, noise: 0.001, seed: 5 }, () => 5);
    expect(stream(s, { minDeviation: 0.5 }).some((x) => x.detection)).toBe(false);
    expect(stream(s, { minDeviation: 0 }).some((x) => x.detection)).toBe(true);
  });

  it('with a daily seasonal baseline, a normal daily peak is fine and an off-season value is not', () => {
    const day = 1440; // samples of 1 minute
    const s = synthetic({ n: 2 * day + 10, noise: 0.2, seed: 6 }, seasonal(50, 20, day));
    const p = dynamicThreshold.resolve({ seasonal: 'day', baselineWindow: '30m' });
    const model = dynamicThreshold.fit(s.slice(0, day + 5), p);
    const peak = s[day + day / 4]; // the next day's peak (≈ 70)
    expect(dynamicThreshold.score(model, peak).score).toBeLessThan(1);
    expect(dynamicThreshold.score(model, { t: peak.t, v: 30 }).score).toBeGreaterThan(1);
    // The expectation is the level a day earlier at the same time, not the recent one.
    expect(dynamicThreshold.score(model, peak).expected).toBeCloseTo(70, 0);
  });

  it('robust (median/MAD) keeps a tight band when the baseline holds an outlier; mean/stddev widens', () => {
    const base = synthetic({ n: 60, noise: 1, seed: 8 }, spikeAt(50, 20, 500));
    const probe = { t: base[59].t + 60_000, v: 56 };
    const plain = dynamicThreshold.fit(base, dynamicThreshold.resolve({ baselineWindow: '2h' }));
    const robust = dynamicThreshold.fit(
      base,
      dynamicThreshold.resolve({ baselineWindow: '2h', robust: true }),
    );
    expect(dynamicThreshold.score(plain, probe).score).toBeLessThan(1);
    expect(dynamicThreshold.score(robust, probe).severity).toBe('critical');
  });

  it('rejects criticalSigma below warningSigma', () => {
    expect(() => dynamicThreshold.resolve({ warningSigma: 3, criticalSigma: 2 })).toThrow(/criticalSigma/);
    expect(() => dynamicThreshold.resolve({ baselineWindow: 'soon' })).toThrow(
      /"baselineWindow" must be a duration/,
    );
  });
});
