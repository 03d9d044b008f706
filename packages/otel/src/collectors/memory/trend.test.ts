import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leakSuspected, linearTrend } from './trend.js';

describe('heap trend', () => {
  it('finds the slope and a perfect fit of a straight line', () => {
    const ts = Array.from({ length: 30 }, (_, i) => i * 3);
    const t = linearTrend(
      ts,
      ts.map((x) => 50e6 + 1e5 * x),
    );
    expect(t?.slope).toBeCloseTo(1e5, 6);
    expect(t?.r2).toBeCloseTo(1, 9);
    expect(leakSuspected(t)).toBe(true);
  });
  it('does not suspect a flat or sawtooth heap', () => {
    const ts = Array.from({ length: 60 }, (_, i) => i * 3);
    expect(
      leakSuspected(
        linearTrend(
          ts,
          ts.map(() => 40e6),
        ),
      ),
    ).toBe(false);
    expect(
      leakSuspected(
        linearTrend(
          ts,
          ts.map((_, i) => 40e6 + (i % 10) * 1e6),
        ),
      ),
    ).toBe(false);
  });
  it('needs enough samples', () => {
    const ts = [0, 3, 6, 9];
    expect(leakSuspected(linearTrend(ts, [1e6, 2e6, 3e6, 4e6]))).toBe(false);
  });
  it('keeps r2 within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 3, maxLength: 50 }),
        (vs) => {
          const t = linearTrend(
            vs.map((_, i) => i),
            vs,
          );
          if (t) {
            expect(t.r2).toBeGreaterThanOrEqual(0);
            expect(t.r2).toBeLessThanOrEqual(1 + 1e-9);
          }
        },
      ),
    );
  });
});
