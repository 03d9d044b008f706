import { describe, expect, it } from 'vitest';
import { FastHistogram } from './histogram.js';

describe('FastHistogram', () => {
  it('counts values into inclusive upper-bound buckets like the SDK', () => {
    const h = new FastHistogram({ name: 'x', description: '', unit: 's' }, [10, 20, 30], 100);
    const cell = h.cell({ a: '1' });
    for (const v of [5, 30, 5, 40, 5, 15, 15, 15, 25, 10]) h.record(cell, v);
    const dp = h.toMetricData().dataPoints[0];
    expect(dp.value.buckets.counts).toEqual([4, 3, 2, 1]);
    expect(dp.value.count).toBe(10);
    expect(dp.value.sum).toBe(165);
    expect(dp.value.min).toBe(5);
    expect(dp.value.max).toBe(40);
  });
  it('folds series past the cardinality limit into the overflow series', () => {
    const h = new FastHistogram({ name: 'x', description: '', unit: 's' }, [1], 3);
    const cells = Array.from({ length: 5 }, (_, i) => h.cell({ i }));
    for (const c of cells) h.record(c, 0.5);
    const points = h.toMetricData().dataPoints;
    expect(points).toHaveLength(3);
    expect(points.at(-1)?.attributes).toEqual({ 'otel.metric.overflow': true });
    expect(points.at(-1)?.value.count).toBe(3);
    expect(h.seriesCount).toBe(3);
  });
});
