import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anomalyScore, fitForest } from './isolation-forest/forest.js';
import { DETECTORS } from './registry.js';
import type { RawParams, Sample, ScoreResult } from './types.js';

/** Parameters that make every detector judge short series. */
const PARAMS: Record<string, RawParams> = {
  threshold: { warning: 0, critical: 10 },
  'dynamic-threshold': { baselineWindow: '10m', minSamples: 3 },
  'trend-analysis': { window: '10m', minSamples: 3 },
  'performance-degradation': { baselineWindow: '10m', sustain: '2m', minSamples: 2 },
  'ml-anomaly-detection': { trees: 10, sampleSize: 16, minTraining: 8, refitEvery: 10 },
  'comparative-analysis': { baselineWindow: '10m', recentWindow: '2m', minSamples: 2 },
  predictive: { threshold: 0, minSamples: 3 },
  'streaming-ensemble': { minHistory: 5, window: 30, forestWeight: 1, refitEvery: 10 },
};

const value = fc.oneof(
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.constantFrom(0, 1, -1, 1e-12, 5e8),
  fc.integer({ min: -3, max: 3 }),
);

const series = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 120_000 }), value), { minLength: 1, maxLength: 60 })
  .map((xs) => {
    let t = Date.UTC(2024, 0, 1);
    return xs.map(([dt, v]): Sample => {
      t += dt;
      return { t, v };
    });
  });

function checkBounds(r: ScoreResult): void {
  expect(Number.isFinite(r.score)).toBe(true);
  expect(r.score).toBeGreaterThanOrEqual(0);
  for (const x of [r.expected, r.lower, r.upper]) expect(Number.isFinite(x)).toBe(true);
  expect(r.lower).toBeLessThanOrEqual(r.expected);
  expect(r.expected).toBeLessThanOrEqual(r.upper);
}

describe('bounds of every detector (property)', () => {
  for (const [name, detector] of Object.entries(DETECTORS)) {
    it(`${name}: streaming scores are finite, >= 0, with expected inside [lower, upper]`, () => {
      const params = detector.resolve(PARAMS[name]);
      fc.assert(
        fc.property(series, (s) => {
          const d = detector.createStreaming(params);
          for (const x of s) checkBounds(d.update(x.t, x.v));
        }),
        { numRuns: 60 },
      );
    });

    it(`${name}: fit then score keeps the same bounds`, () => {
      const params = detector.resolve(PARAMS[name]);
      fc.assert(
        fc.property(series, series, (history, recent) => {
          if (name === 'ml-anomaly-detection' && history.length < 2) return;
          const model = detector.fit(history, params);
          checkBounds(detector.score(model, recent));
          checkBounds(detector.score(model, recent[recent.length - 1]));
        }),
        { numRuns: 40 },
      );
    });
  }

  it('isolation-forest scores stay in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 80 }),
        fc.array(value, { minLength: 2, maxLength: 2 }),
        fc.integer(),
        (rows, probe, seed) => {
          const s = anomalyScore(fitForest(rows, { trees: 10, sampleSize: 32, seed }), probe);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 100 },
    );
  });
});
