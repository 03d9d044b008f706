import { describe, expect, it } from 'vitest';
import { anomalyScore, averagePathLength, fitForest } from './isolation-forest/forest.js';
import { createPrng } from './isolation-forest/prng.js';
import {
  alignSeries,
  createMultivariateStreaming,
  fitMultivariate,
  mlAnomalyDetection,
  scoreMultivariate,
} from './ml-anomaly-detection.js';
import { spikeAt, synthetic } from './synthetic.js';

describe('isolation forest', () => {
  it('uses the standard c(n) normalisation', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // c(256) = 2 (ln 255 + γ) − 2·255/256 ≈ 10.2448
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });

  it('scores an outlier near 1 and inliers near or below 0.5, reproducibly from the seed', () => {
    const rand = createPrng(11);
    const rows = Array.from({ length: 500 }, () => [rand(), rand()]);
    const f = fitForest(rows, { trees: 100, sampleSize: 256, seed: 1 });
    const inlier = anomalyScore(f, [0.5, 0.5]);
    const outlier = anomalyScore(f, [8, 8]);
    expect(outlier).toBeGreaterThan(0.6);
    expect(outlier).toBeGreaterThan(inlier + 0.15);
    expect(inlier).toBeLessThan(0.5);
    const again = fitForest(rows, { trees: 100, sampleSize: 256, seed: 1 });
    expect(anomalyScore(again, [8, 8])).toBe(outlier);
  });
});

describe('ml-anomaly-detection', () => {
  it('univariate: a spike scores above the 0.6 threshold, normal points below', () => {
    const s = synthetic({ n: 400, noise: 1, seed: 2 }, spikeAt(50, 390, 25));
    const p = mlAnomalyDetection.resolve({ seed: 3 });
    const m = mlAnomalyDetection.fit(s.slice(0, 380), p);
    const spike = mlAnomalyDetection.score(m, s.slice(385, 391));
    expect(spike.evidence.anomalyScore).toBeGreaterThan(0.6);
    expect(spike.score).toBeGreaterThan(1);
    const normal = mlAnomalyDetection.score(m, s.slice(370, 376));
    expect(normal.score).toBeLessThan(1);
  });

  it('streaming: refits on schedule and flags the spike', () => {
    const s = synthetic({ n: 600, noise: 1, seed: 4 }, spikeAt(50, 550, 30));
    const d = mlAnomalyDetection.createStreaming(mlAnomalyDetection.resolve({ refitEvery: 100, trees: 50 }));
    const r = s.map((x) => d.update(x.t, x.v));
    expect(r[550].detection).toBe(true);
    expect(r[550].evidence.trainingSize).toBeGreaterThan(400);
  });

  it('multivariate: a combination never seen together is anomalous although each value is normal', () => {
    // Two correlated series: b ≈ 2a. (a=10, b=2) is inside both ranges but off the relation.
    const rand = createPrng(5);
    const a = synthetic({ n: 500, seed: 6 }, () => 0).map((x, i) => ({
      t: x.t,
      v: 5 + (10 * ((i * 37) % 100)) / 100,
    }));
    const b = a.map((x) => ({ t: x.t, v: 2 * x.v + rand() * 0.5 }));
    const rows = alignSeries([a, b], 1).map((r) => r.values);
    expect(rows).toHaveLength(500);
    const m = fitMultivariate(rows, mlAnomalyDetection.resolve({ seed: 2 }));
    expect(scoreMultivariate(m, [10, 20.2]).score).toBeLessThan(1);
    expect(scoreMultivariate(m, [14, 10.5]).score).toBeGreaterThan(1);
    expect(() => scoreMultivariate(m, [1])).toThrow(/row 0 must be 2 finite numbers/);
  });

  it('aligns series on the first one and drops rows with gaps', () => {
    const a = [0, 10, 20, 30].map((t) => ({ t, v: t }));
    const b = [0, 9, 31].map((t) => ({ t, v: -t }));
    expect(alignSeries([a, b], 5)).toEqual([
      { t: 0, values: [0, -0] },
      { t: 10, values: [10, -9] },
    ]);
  });

  it('multivariate streaming: trains on its rows, refits on schedule, flags a broken relation', () => {
    const d = createMultivariateStreaming(
      mlAnomalyDetection.resolve({ minTraining: 50, refitEvery: 50, trees: 50 }),
    );
    const rand = createPrng(8);
    const out = [];
    for (let i = 0; i < 300; i++) {
      const a = 5 + 10 * rand();
      out.push(d.update(i * 1000, [a, 2 * a + rand() * 0.5]));
    }
    expect(out[10].evidence.warmingUp).toBe(true);
    // Edge rows of a uniform cloud reach 0.6 now and then; most rows must not.
    expect(out.slice(60).filter((r) => r.detection).length).toBeLessThan(36);
    expect(d.update(300_000, [14, 10.5]).detection).toBe(true);
    expect(() => d.update(301_000, [1, 2, 3])).toThrow(/must be 2 finite numbers/);
  });
});
