import { describe, expect, it } from 'vitest';
import { IntelligentAlertManager } from '../intelligent-alert-manager.js';
import { createPrng } from './isolation-forest/prng.js';
import { createStreamingDetector } from './registry.js';
import { applySensitivity, NEUTRAL_SENSITIVITY, sensitivityScale } from './sensitivity.js';
import type { RawParams } from './types.js';

/** One point a minute around 10 (uniform ±noise) for 300 points, then a ramp of `slope` per point. */
function rampSeries(noise: number, slope: number): { t: number; v: number }[] {
  const random = createPrng(7);
  return Array.from({ length: 600 }, (_, i) => ({
    t: i * 60_000,
    v: 10 + noise * (random() * 2 - 1) + (i >= 300 ? (i - 300) * slope : 0),
  }));
}

/** Index of the first detection after the ramp starts (or -1). */
function firstDetection(type: string, params: RawParams, series: { t: number; v: number }[]): number {
  const d = createStreamingDetector(type, params);
  for (const [i, p] of series.entries()) if (d.update(p.t, p.v).detection && i >= 300) return i;
  return -1;
}

describe('anomalyDetection.sensitivity', () => {
  it('keeps every default at the neutral 0.8 and scales the unset levels otherwise', () => {
    expect(sensitivityScale(NEUTRAL_SENSITIVITY)).toBe(1);
    expect(applySensitivity('dynamic-threshold', {}, 0.8)).toEqual({ warningSigma: 2, criticalSigma: 3 });
    const tight = applySensitivity('dynamic-threshold', {}, 1);
    expect(tight.warningSigma).toBeCloseTo(2 / Math.SQRT2, 6);
    const loose = applySensitivity('dynamic-threshold', { criticalSigma: 3 }, 0);
    expect(loose).toEqual({ warningSigma: 3, criticalSigma: 3 }); // the rule's own level bounds it
    expect(applySensitivity('trend-analysis', { growthThreshold: 0.05 }, 1)).toEqual({
      growthThreshold: 0.05,
    });
    expect(applySensitivity('ml-anomaly-detection', {}, 1).threshold).toBeCloseTo(0.55, 6);
    expect(applySensitivity('ml-anomaly-detection', {}, 0.4).threshold).toBeCloseTo(0.7, 6);
    expect(applySensitivity('comparative-analysis', {}, 0.4).ratio).toBeCloseTo(3, 6);
    expect(applySensitivity('predictive', { threshold: 1 }, 0.4).horizon).toBe(900_000);
    expect(applySensitivity('threshold', { warning: 1 }, 1)).toEqual({ warning: 1 });
    expect(() => applySensitivity('threshold', {}, 1.5)).toThrow('sensitivity must be a number from 0 to 1');
  });

  it('higher sensitivity detects the same slow ramp earlier (dynamic threshold, trend)', () => {
    const at = (type: string, base: RawParams, s: number, series = rampSeries(1, 0.02)) =>
      firstDetection(type, applySensitivity(type, base, s), series);
    const dyn = { baselineWindow: '2h' };
    const [high, neutral, low] = [0.95, 0.8, 0.4].map((s) => at('dynamic-threshold', dyn, s));
    expect(high).toBeGreaterThan(300);
    expect(high).toBeLessThan(neutral);
    expect(low === -1 || neutral < low).toBe(true); // the least sensitive may not fire at all
    // a leak of 3% of the level per hour: growth thresholds 1.4%/h at sensitivity 1, 4.8%/h at 0.3
    const leak = rampSeries(0.1, 0.005);
    const trend = { window: '3h', period: '1h' };
    const [th, tl] = [1, 0.3].map((s) => at('trend-analysis', { ...trend }, s, leak));
    expect(th).toBeGreaterThan(300);
    expect(tl === -1 || th < tl).toBe(true);
  });

  it("IntelligentAlertManager's sensitivity sets the levels of the rules it adds", () => {
    const sensitive = new IntelligentAlertManager({ anomalyDetection: { sensitivity: 1 } });
    const relaxed = new IntelligentAlertManager({ anomalyDetection: { sensitivity: 0.4 } });
    const def = { metric: 'system.cpu', type: 'dynamic-threshold' as const };
    expect(sensitive.addRule('cpu', def).params.warningSigma).toBeCloseTo(Math.SQRT2, 3);
    expect(relaxed.addRule('cpu', def).params).toMatchObject({ warningSigma: 4, criticalSigma: 6 });
    // levels the rule sets itself are kept
    const own = sensitive.addRule('cpu2', {
      ...def,
      thresholds: { warning: '2-sigma', critical: '3-sigma' },
    });
    expect(own.params).toMatchObject({ warningSigma: 2, criticalSigma: 3 });
    const forest = relaxed.addRule('api', { metric: 'api.responseTime', type: 'ml-anomaly-detection' });
    expect(forest.params.threshold).toBeCloseTo(0.7, 6);
  });
});
