import { describe, expect, it, vi } from 'vitest';
import { getDetector } from '../detect/registry.js';
import type { Sample } from '../detect/types.js';
import { planFor } from './detection.js';

const S = 30_000;
const M = 60_000;

function series(n: number, f: (i: number) => number): Sample[] {
  return Array.from({ length: n }, (_, i) => ({ t: 1_700_000_000_000 + i * S, v: f(i) }));
}

const noise = (i: number) => ((i * 7919) % 17) / 170; // deterministic, within [0, 0.1)

function lastScore(
  type: Parameters<typeof planFor>[0]['type'],
  params: Record<string, string | number>,
  h: Sample[],
) {
  const r = planFor({ type, params, stepMs: S }).judge(h, h.length - 1);
  expect(r).toHaveLength(1);
  return r[0];
}

describe('detection plans feed each detector the history it needs', () => {
  it('trend-analysis: a steady 5%/h climb is a leak, a flat series is not', () => {
    const p = { window: '2h', period: '1h', growthThreshold: 0.02, minConfidence: 0.8 };
    expect(planFor({ type: 'trend-analysis', params: p, stepMs: S }).lookbackMs).toBe(2 * 60 * M);
    const leak = series(240, (i) => 100 * (1 + (0.05 * i * S) / 3_600_000) + noise(i));
    expect(lastScore('trend-analysis', p, leak)?.score).toBeGreaterThan(1);
    expect(
      lastScore(
        'trend-analysis',
        p,
        series(240, (i) => 100 + noise(i)),
      )?.score,
    ).toBeLessThan(1);
  });

  it('performance-degradation: 30% lower for the last 5m vs the 30m before', () => {
    const p = { baselineWindow: '30m', sustain: '5m', threshold: 0.15, direction: 'lower-is-worse' };
    const down = series(70, (i) => (i >= 59 ? 0.6 : 0.9) + noise(i) / 10);
    expect(lastScore('performance-degradation', p, down)?.score).toBeGreaterThan(1);
    const brief = series(70, (i) => (i === 69 ? 0.6 : 0.9) + noise(i) / 10); // one bad point is not sustained
    expect(lastScore('performance-degradation', p, brief)?.score).toBeLessThan(1);
  });

  it('comparative-analysis: the recent 10m median 3x the baseline is a slowdown', () => {
    const p = { ratio: 2, baselineWindow: '1h', recentWindow: '10m' };
    const slow = series(140, (i) => (i >= 120 ? 0.3 : 0.1) + noise(i) / 100);
    expect(lastScore('comparative-analysis', p, slow)?.score).toBeGreaterThan(1);
    expect(
      lastScore(
        'comparative-analysis',
        p,
        series(140, (i) => 0.1 + noise(i) / 100),
      )?.score,
    ).toBeLessThan(1);
  });

  it('predictive: crossing the threshold within the horizon', () => {
    const p = { threshold: 100, horizon: '30m', window: '1h' };
    const rising = series(120, (i) => 50 + i * 0.4 + noise(i)); // reaches 100 about 5m after the window
    expect(lastScore('predictive', p, rising)?.score).toBeGreaterThan(1);
    expect(
      lastScore(
        'predictive',
        p,
        series(120, (i) => 50 + noise(i)),
      )?.score,
    ).toBeLessThan(1);
  });

  it('ml-anomaly-detection: one forest on the history before, each recent point scored', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const h = series(220, (i) => (i >= 214 ? 5 : 1 + rnd() / 10));
    const plan = planFor({
      type: 'ml-anomaly-detection',
      params: { threshold: 0.54, trainingSize: 200 },
      stepMs: S,
    });
    expect(plan.lookbackMs).toBe(200 * S);
    const verdicts = plan.judge(h, 210);
    expect(verdicts).toHaveLength(10);
    const forest = verdicts.map((v) => Number(v?.evidence.anomalyScore));
    expect(Math.min(...forest.slice(4))).toBeGreaterThan(Math.max(...forest.slice(0, 4)));
    expect(verdicts.map((v) => (v?.score ?? 0) > 1)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    // Too little history: no decision rather than a guess.
    expect(
      plan.judge(
        series(10, () => 1),
        9,
      ),
    ).toEqual([null]);
  });

  it('threshold needs no history; dynamic-threshold warms up before deciding', () => {
    expect(
      lastScore(
        'threshold',
        { warning: 1 },
        series(1, () => 2),
      )?.score,
    ).toBeGreaterThan(1);
    const r = lastScore(
      'dynamic-threshold',
      { baselineWindow: '1h' },
      series(3, () => 5),
    );
    expect(r === null || r.score <= 1).toBe(true);
  });
});

describe('ml-anomaly-detection plan', () => {
  it('keeps a fitted forest per series and refits on the schedule, not on every evaluation', () => {
    const detector = getDetector('ml-anomaly-detection');
    const fit = vi.spyOn(detector, 'fit');
    try {
      const plan = planFor({
        type: 'ml-anomaly-detection',
        params: { trainingSize: 60, minTraining: 30, refitEvery: 10, trees: 10 },
        stepMs: 1000,
      });
      const history = Array.from({ length: 120 }, (_, i) => ({ t: i * 1000, v: 1 + (i % 7) / 10 }));
      plan.judge(history.slice(0, 80), 79, 'a'); // fits
      plan.judge(history.slice(0, 82), 81, 'a'); // 2 steps later: reuses
      plan.judge(history.slice(0, 82), 81, 'b'); // another series: fits its own
      expect(fit).toHaveBeenCalledTimes(2);
      plan.judge(history.slice(0, 95), 94, 'a'); // 15 steps after the fit: refits
      expect(fit).toHaveBeenCalledTimes(3);
    } finally {
      fit.mockRestore();
    }
  });
});
