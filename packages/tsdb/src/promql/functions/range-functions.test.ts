import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile } from '../eval/float.js';
import { linearRegression, quantileOver, regression, WINDOW_FUNCTIONS } from './range-functions.js';

describe('window functions', () => {
  it('quantileOver (selection) equals the sort-based Prometheus quantile, NaN first', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
      fc.constant(Number.NaN),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 40 }),
        fc.double({ min: -0.1, max: 1.1, noNaN: true }),
        (vs, q) => {
          const got = quantileOver(q, vs, 0, vs.length);
          const want = quantile(q, [...vs]);
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(got).toBeCloseTo(want, 9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('extrapolates rate to the window edges and handles counter resets', () => {
    const ts = [10_000, 20_000, 30_000, 40_000, 50_000, 60_000];
    const vs = [1, 2, 3, 0, 1, 2]; // reset after 3
    const args = { end: 60_000, rangeMs: 60_000, stepT: 60_000, param: 0 };
    // increase = (2 - 1) + 3 = 4 over 50s sampled, extrapolated to the start (10s left, within 1.1 * 10s).
    expect(WINDOW_FUNCTIONS.increase(ts, vs, 0, 6, args)).toBeCloseTo(4 * (60 / 50), 12);
    expect(WINDOW_FUNCTIONS.rate(ts, vs, 0, 6, args)).toBeCloseTo((4 * (60 / 50)) / 60, 12);
    expect(WINDOW_FUNCTIONS.resets(ts, vs, 0, 6, args)).toBe(1);
    expect(WINDOW_FUNCTIONS.irate(ts, vs, 0, 6, args)).toBeCloseTo(0.1, 12);
    expect(WINDOW_FUNCTIONS.rate(ts, vs, 5, 6, args)).toBeUndefined();
  });

  it('fits a least-squares line (deriv, predict_linear)', () => {
    const ts = [0, 1000, 2000, 3000];
    const vs = [1, 3, 5, 7];
    linearRegression(ts, vs, 0, 4, 3000);
    expect(regression.slope).toBeCloseTo(2, 12);
    expect(regression.intercept).toBeCloseTo(7, 12);
    expect(
      WINDOW_FUNCTIONS.predict_linear(ts, vs, 0, 4, { end: 3000, rangeMs: 5000, stepT: 3000, param: 10 }),
    ).toBeCloseTo(27, 12);
  });
});
