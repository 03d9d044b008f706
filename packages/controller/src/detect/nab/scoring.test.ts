import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAB_PROFILES } from './profiles.js';
import { normalizeScore, probationRows, scaledSigmoid, scoreDetections } from './scoring.js';
import { sweepThreshold } from './sweep.js';
import { parseNabTime, windowsToRows } from './windows.js';

const [standard, lowFp, lowFn] = NAB_PROFILES;
const N = 100; // probation: floor(0.15 * 100) = 15 rows
const WINDOW = [{ left: 40, right: 49 }]; // width 10

function detectAt(...rows: number[]): boolean[] {
  const d = new Array<boolean>(N).fill(false);
  for (const r of rows) d[r] = true;
  return d;
}

describe('NAB scoring (hand-computed)', () => {
  it('has the published probation period', () => {
    expect(probationRows(100)).toBe(15);
    expect(probationRows(4032)).toBe(604);
    expect(probationRows(10_000)).toBe(750);
  });

  it('scores a detection at the window start about +1 and a miss -fn', () => {
    expect(scoreDetections(detectAt(40), WINDOW, standard).score).toBeCloseTo(1, 10);
    expect(scoreDetections(detectAt(), WINDOW, standard).score).toBe(-1);
    expect(scoreDetections(detectAt(), WINDOW, lowFn).score).toBe(-2);
  });

  it('scores a detection at the window end about 0.248 (2·sigmoid(0.5) − 1) / 0.98661', () => {
    // x = -(49 - 49 + 1) / 10 = -0.1
    expect(scoreDetections(detectAt(49), WINDOW, standard).score).toBeCloseTo(
      (2 / (1 + Math.exp(-0.5)) - 1) / 0.98661,
      4,
    );
  });

  it('counts only the earliest detection in a window', () => {
    const o = scoreDetections(detectAt(40, 45, 49), WINDOW, standard);
    expect(o).toEqual({ score: expect.closeTo(1, 10), tp: 1, fp: 0, fn: 0 });
  });

  it('costs -fp for a false positive before any window, and ignores the probation period', () => {
    expect(scoreDetections(detectAt(20), WINDOW, standard).score).toBeCloseTo(-1.11, 10);
    expect(scoreDetections(detectAt(20), WINDOW, lowFp).score).toBeCloseTo(-1.22, 10);
    expect(scoreDetections(detectAt(10), WINDOW, standard).score).toBe(-1);
  });

  it('weights a false positive after a window by its distance: x = 9 / (10 − 1) = 1 costs 0.11·0.98661', () => {
    const o = scoreDetections(detectAt(40, 58), WINDOW, standard);
    expect(o.fp).toBe(1);
    expect(o.score).toBeCloseTo(1 - 0.11 * 0.986614, 5);
    // Right after the window it is almost free; beyond x = 3 it costs the full -fp.
    // x = 1 / 9: 2·sigmoid(−5/9) − 1 ≈ −0.2705
    expect(scoreDetections(detectAt(40, 50), WINDOW, standard).score).toBeCloseTo(
      1 + 0.11 * (2 / (1 + Math.exp(5 / 9)) - 1),
      10,
    );
    expect(scoreDetections(detectAt(40, 90), WINDOW, standard).score).toBeCloseTo(0.89, 10);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });

  it('normalizes: null 0, perfect 100', () => {
    expect(normalizeScore(-1, 1, standard)).toBe(0);
    expect(normalizeScore(1, 1, standard)).toBe(100);
    expect(normalizeScore(0, 1, standard)).toBe(50);
    expect(normalizeScore(-2, 1, lowFn)).toBe(0);
  });

  it('maps label times to rows', () => {
    const ts = [0, 1, 2, 3, 4, 5].map((i) => parseNabTime('2014-02-26 13:45:00.000000') + i * 300_000);
    expect(windowsToRows(ts, [[ts[2], ts[4]]])).toEqual([{ left: 2, right: 4 }]);
    expect(parseNabTime('2014-02-26 13:45:00.000000')).toBe(Date.UTC(2014, 1, 26, 13, 45));
  });
});

describe('threshold sweep', () => {
  it('picks the threshold that detects the window early and skips a lower false positive', () => {
    const scores = new Array<number>(N).fill(0);
    scores[40] = 5;
    scores[70] = 3; // a false positive with a lower score
    const r = sweepThreshold([{ scores, windows: WINDOW }], standard);
    expect(r.threshold).toBe(5);
    expect(r.raw).toBeCloseTo(1, 10);
    expect(r.normalized).toBeCloseTo(100, 10);
  });

  it('equals the best of brute-force scoring at every threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 80 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 79 }), fc.integer({ min: 1, max: 8 })), { maxLength: 3 }),
        fc.constantFrom(...NAB_PROFILES),
        (scores, rawWindows, profile) => {
          const windows = rawWindows
            .map(([l, w]) => ({
              left: Math.min(l, scores.length - 1),
              right: Math.min(l + w, scores.length - 1),
            }))
            .sort((a, b) => a.left - b.left)
            .filter((w, i, all) => i === 0 || w.left > all[i - 1].right);
          const r = sweepThreshold([{ scores, windows }], profile);
          let best = scoreDetections(
            scores.map(() => false),
            windows,
            profile,
          ).score;
          for (const th of new Set(scores)) {
            best = Math.max(
              best,
              scoreDetections(
                scores.map((s) => s >= th),
                windows,
                profile,
              ).score,
            );
          }
          expect(r.raw).toBeCloseTo(best, 9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
