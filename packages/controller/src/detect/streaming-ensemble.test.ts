import { describe, expect, it } from 'vitest';
import { createStreamingDetector, getDetector } from './registry.js';
import { streamingEnsemble } from './streaming-ensemble.js';
import { ramp, seasonal, spikeAt, stepAt, synthetic } from './synthetic.js';
import type { Sample, StreamingResult } from './types.js';

function run(samples: Sample[], params = {}): StreamingResult[] {
  const d = createStreamingDetector('default', params);
  return samples.map((s) => d.update(s.t, s.v));
}

const detections = (r: StreamingResult[]) => r.flatMap((x, i) => (x.detection ? [i] : []));

describe('streaming-ensemble (default)', () => {
  it('is what "default" names', () => {
    expect(getDetector('default')).toBe(streamingEnsemble);
  });

  it('detects a spike once, right where it happens', () => {
    const r = run(synthetic({ n: 800, noise: 1, seed: 1 }, spikeAt(100, 700, 20)));
    expect(detections(r).filter((i) => i > 300)).toEqual([700]);
  });

  it('detects a step and then mutes the repeats for the suppression period', () => {
    const r = run(synthetic({ n: 800, noise: 1, seed: 2 }, stepAt(100, 600, 15)));
    const after = detections(r).filter((i) => i >= 600);
    expect(after[0]).toBeGreaterThanOrEqual(600);
    expect(after[0]).toBeLessThan(606);
    expect(after.filter((i) => i < 700)).toHaveLength(1);
    expect(r[after[0] + 1].evidence.suppressed).toBe(true);
  });

  it('is quiet on a flat series with noise and on a clean seasonal series', () => {
    expect(
      detections(run(synthetic({ n: 1500, noise: 1, seed: 3 }, () => 50))).filter((i) => i > 100).length,
    ).toBeLessThanOrEqual(2);
    expect(
      detections(run(synthetic({ n: 1500, noise: 0.5, seed: 4 }, seasonal(50, 10, 288)))).filter(
        (i) => i > 400,
      ),
    ).toEqual([]);
  });

  it('flags a ramp once it leaves the range it has seen', () => {
    const r = run(synthetic({ n: 900, noise: 0.5, seed: 5 }, (i) => (i < 600 ? 20 : ramp(20, 0.5)(i - 600))));
    const d = detections(r).filter((i) => i >= 600);
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]).toBeLessThan(640);
  });

  it('fit/score: judges a value against a fitted history without learning it', () => {
    const s = synthetic({ n: 500, noise: 1, seed: 6 }, () => 10);
    const m = streamingEnsemble.fit(s, streamingEnsemble.resolve({}));
    const spike = streamingEnsemble.score(m, { t: 1e13, v: 40 });
    expect(spike.score).toBeGreaterThan(1);
    expect(spike.expected).toBeCloseTo(10, 0);
    expect(streamingEnsemble.score(m, { t: 1e13, v: 10.2 }).score).toBeLessThan(1);
  });

  it('names bad parameters', () => {
    expect(() => createStreamingDetector('default', { window: 5 })).toThrow(/"window" must be >= 10/);
    expect(() => createStreamingDetector('default', { minHistory: 500, window: 100 })).toThrow(/minHistory/);
    expect(() => createStreamingDetector('nope')).toThrow(
      /unknown detector "nope"; known detectors: default, threshold/,
    );
  });
});
