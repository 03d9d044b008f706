import { describe, expect, it } from 'vitest';
import type { Sample } from '../detect/types.js';
import { predictSeries } from './predictions.js';
import { analyseTrend, analyseTrends } from './trends.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function series(n: number, f: (i: number) => number, stepMs = MIN): Sample[] {
  return Array.from({ length: n }, (_, i) => ({ t: T0 + i * stepMs, v: f(i) }));
}

describe('analyseTrend', () => {
  it('finds a rising line: +60 % over an hour, slope 30/h', () => {
    const t = analyseTrend(series(61, (i) => 50 + 0.5 * i)); // 50 → 80 over 60 min
    expect(t?.direction).toBe('rising');
    expect(t?.changePercent).toBeCloseTo(60, 6);
    expect(t?.slopePerHour).toBeCloseTo(30, 6);
    expect(t?.r2).toBeCloseTo(1, 6);
    expect(t?.first).toBe(50);
    expect(t?.last).toBe(80);
  });

  it('finds a falling line and calls small changes stable', () => {
    expect(analyseTrend(series(31, (i) => 100 - i))?.direction).toBe('falling');
    const flat = analyseTrend(series(31, (i) => 100 + (i % 2 ? 1 : -1)));
    expect(flat?.direction).toBe('stable');
    expect(Math.abs(flat?.changePercent ?? 99)).toBeLessThan(5);
    expect(
      analyseTrend(
        series(31, (i) => 100 + i * 0.1),
        { stableBelowPercent: 1 },
      )?.direction,
    ).toBe('rising');
  });

  it('needs enough finite samples', () => {
    expect(analyseTrend(series(2, (i) => i))).toBeUndefined();
    expect(analyseTrend(series(5, () => Number.NaN))).toBeUndefined();
    expect(analyseTrend(series(3, () => 0))).toMatchObject({ direction: 'stable', changePercent: 0 });
  });

  it('derives the seed memory growth rate from the heap trend', () => {
    const heap = series(61, (i) => 1e8 * (1 + i / 600)); // +10 % over the hour
    const a = analyseTrends({ 'memory.heapUsed': heap }, 3_600_000);
    expect(a.memoryGrowthRate).toBeCloseTo(0.1, 6);
    expect(a.metrics['memory.heapUsed']?.direction).toBe('rising');
    expect(analyseTrends({}, 3_600_000).memoryGrowthRate).toBeUndefined();
  });
});

describe('predictSeries', () => {
  it('extends a straight line 30 minutes with full confidence', () => {
    const p = predictSeries(series(61, (i) => 10 + i)); // +1 per minute
    expect(p?.at).toBe(T0 + 90 * MIN);
    expect(p?.linear).toBeCloseTo(100, 6);
    expect(p?.holt).toBeCloseTo(100, 3);
    expect(p?.value).toBeCloseTo(100, 3);
    expect(p?.confidence).toBeCloseTo(1, 6);
    expect(p?.lower).toBeLessThanOrEqual(p?.value as number);
    expect(p?.upper).toBeGreaterThanOrEqual(p?.value as number);
  });

  it('has low confidence and a wide band on noise', () => {
    const noise = series(61, (i) => 50 + ((i * 7919) % 13) - 6);
    const p = predictSeries(noise);
    expect(p?.confidence).toBeLessThan(0.3);
    expect((p?.upper ?? 0) - (p?.lower ?? 0)).toBeGreaterThan(5);
  });

  it('tells the time until a threshold, 0 when past it, none when heading away', () => {
    const rising = series(61, (i) => 10 + i); // 70 at the end, +1 per minute
    const p = predictSeries(rising, { threshold: { value: 85, direction: 'above' } });
    expect(p?.threshold).toEqual({ value: 85, direction: 'above' });
    expect(p?.timeToIssueMs).toBeCloseTo(15 * MIN, -3);
    expect(predictSeries(rising, { threshold: { value: 50, direction: 'above' } })?.timeToIssueMs).toBe(0);
    expect(
      predictSeries(rising, { threshold: { value: 5, direction: 'below' } })?.timeToIssueMs,
    ).toBeUndefined();
    expect(predictSeries(rising)?.timeToIssueMs).toBeUndefined();
  });

  it('honours the horizon and needs samples', () => {
    expect(
      predictSeries(
        series(10, (i) => i),
        { horizonMs: MIN },
      )?.linear,
    ).toBeCloseTo(10, 6);
    expect(predictSeries(series(2, (i) => i))).toBeUndefined();
  });
});
