import { describe, expect, it } from 'vitest';
import { emptyCurrentMetrics } from './current-metrics.js';
import {
  calculateAvailability,
  calculateEfficiency,
  calculatePerformanceScore,
  calculateSystemHealth,
  HEALTH_THRESHOLDS,
  levelOf,
  scoreMetric,
} from './scores.js';
import type { CurrentMetrics } from './types.js';

describe('scoreMetric', () => {
  it('is 100 up to good, 70 at warning, 40 at critical, 0 one step past critical (lower is better)', () => {
    const t = HEALTH_THRESHOLDS.cpu; // 70 / 85 / 95
    expect(scoreMetric(10, t)).toBe(100);
    expect(scoreMetric(70, t)).toBe(100);
    expect(scoreMetric(77.5, t)).toBe(85);
    expect(scoreMetric(85, t)).toBe(70);
    expect(scoreMetric(90, t)).toBe(55);
    expect(scoreMetric(95, t)).toBe(40);
    expect(scoreMetric(100, t)).toBe(20);
    expect(scoreMetric(105, t)).toBe(0);
    expect(scoreMetric(500, t)).toBe(0);
  });

  it('mirrors for higher-is-better thresholds (swarm efficiency)', () => {
    const t = HEALTH_THRESHOLDS.swarm; // 0.9 / 0.7 / 0.5
    expect(scoreMetric(1, t)).toBe(100);
    expect(scoreMetric(0.9, t)).toBe(100);
    expect(scoreMetric(0.8, t)).toBe(85);
    expect(scoreMetric(0.7, t)).toBe(70);
    expect(scoreMetric(0.5, t)).toBe(40);
    expect(scoreMetric(0.3, t)).toBe(0);
  });

  it('gives the seed levels', () => {
    expect(levelOf(84, HEALTH_THRESHOLDS.cpu)).toBe('good');
    expect(levelOf(85, HEALTH_THRESHOLDS.cpu)).toBe('warning');
    expect(levelOf(95, HEALTH_THRESHOLDS.cpu)).toBe('critical');
    expect(levelOf(0.75, HEALTH_THRESHOLDS.swarm)).toBe('good');
    expect(levelOf(0.6, HEALTH_THRESHOLDS.swarm)).toBe('warning');
    expect(levelOf(0.5, HEALTH_THRESHOLDS.swarm)).toBe('critical');
  });
});

describe('calculateSystemHealth', () => {
  it('weights cpu .25, memory .25, swarm .25, api .15, neural .10', () => {
    const h = calculateSystemHealth(
      metricsWith({
        system: { cpu: 85, memory: 50 }, // 70, 100
        swarm: { efficiency: 0.5 }, // 40
        api: { responseTime: 100 }, // 100
        neural: { inferenceTime: 500 }, // 40
      }),
    );
    // 0.25*70 + 0.25*100 + 0.25*40 + 0.15*100 + 0.10*40 = 17.5 + 25 + 10 + 15 + 4 = 71.5
    expect(h.overall).toBe(72);
    expect(h.status).toBe('good');
    expect(h.renormalised).toBe(false);
    expect(h.missing).toEqual([]);
    expect(h.components.cpu).toEqual({ score: 70, level: 'warning', value: 85, weight: 0.25 });
    expect(h.components.swarm?.level).toBe('critical');
  });

  it('leaves out components without data and renormalises the weights', () => {
    const h = calculateSystemHealth(metricsWith({ system: { cpu: 95, memory: 95 } }));
    expect(h.missing).toEqual(['swarm', 'api', 'neural']);
    expect(h.renormalised).toBe(true);
    expect(h.components.cpu?.weight).toBe(0.5);
    expect(h.overall).toBe(40);
    expect(h.status).toBe('warning');
  });

  it('is critical when everything is past critical, unknown without data', () => {
    const bad = calculateSystemHealth(
      metricsWith({
        system: { cpu: 120, memory: 99 },
        swarm: { efficiency: 0.1 },
        api: { responseTime: 3000 },
        neural: { inferenceTime: 2000 },
      }),
    );
    expect(bad.status).toBe('critical');
    expect(bad.overall).toBeLessThan(40);
    const none = calculateSystemHealth(metricsWith({}));
    expect(none).toMatchObject({ overall: undefined, status: 'unknown', renormalised: false });
    expect(none.missing).toHaveLength(5);
  });
});

describe('performance, availability, efficiency', () => {
  it('averages the parts with data', () => {
    const m = metricsWith({
      api: { responseTime: 500, errorRate: 0.02 },
      swarm: { coordinationLatency: 50, failureRate: 0.1, efficiency: 0.8, agentUtilization: 0.6 },
    });
    const p = calculatePerformanceScore(m);
    expect(p.parts).toEqual({ apiResponseTime: 70, coordinationLatency: 100 });
    expect(p.score).toBe(85);
    expect(p.missing).toEqual(['neuralInferenceTime', 'eventLoopDelay']);
    const a = calculateAvailability(m);
    expect(a.parts).toEqual({ requests: 98, tasks: 90 });
    expect(a.score).toBe(94);
    const e = calculateEfficiency(m);
    expect(e.score).toBe(70);
  });

  it('is undefined without data', () => {
    const m = metricsWith({});
    expect(calculatePerformanceScore(m).score).toBeUndefined();
    expect(calculateAvailability(m).score).toBeUndefined();
    expect(calculateEfficiency(m).score).toBeUndefined();
  });
});

/** Hand-made CurrentMetrics: empty groups overridden by `parts`. */
function metricsWith(parts: Partial<Omit<CurrentMetrics, 'at' | 'available' | 'errors'>>): CurrentMetrics {
  return { ...emptyCurrentMetrics(1_700_000_000_000), available: true, ...parts };
}
