import { describe, expect, it } from 'vitest';
import { ruleFromSeed } from './seed-rule.js';

describe("the seed's rule definitions", () => {
  it("addRule('custom-efficiency', …) as the seed's README writes it", () => {
    const r = ruleFromSeed('custom-efficiency', {
      metric: 'swarm.efficiency',
      type: 'threshold',
      warning: 0.7,
      critical: 0.5,
      actions: ['rebalance-agents', 'analyze-topology'],
    });
    expect(r).toMatchObject({
      name: 'custom-efficiency',
      query: 'claude_zen_swarm_efficiency_ratio',
      type: 'threshold',
      params: { warning: 0.7, critical: 0.5, direction: 'below' },
      actions: ['rebalance-agents', 'analyze-topology'],
    });
  });

  it('the built-in seed rules convert with their windows and thresholds', () => {
    expect(
      ruleFromSeed('cpu-usage', {
        metric: 'system.cpu',
        type: 'dynamic-threshold',
        baselineWindow: 3600000,
        thresholds: { warning: '2-sigma', critical: '3-sigma' },
        cooldown: 300000,
        actions: ['optimize-cpu-usage', 'scale-horizontally'],
      }),
    ).toMatchObject({
      params: { baselineWindow: '1h', warningSigma: 2, criticalSigma: 3 },
      cooldownMs: 300_000,
    });
    expect(
      ruleFromSeed('memory-leak', {
        metric: 'system.memory',
        type: 'trend-analysis',
        analysisWindow: 7200000,
        threshold: { growthRate: 0.02, confidence: 0.8 },
      }).params,
    ).toEqual({ window: '2h', period: '2h', growthThreshold: 0.02, minConfidence: 0.8 });
    expect(
      ruleFromSeed('swarm-degradation', {
        metric: 'swarm.efficiency',
        type: 'performance-degradation',
        baselineWindow: 1800000,
        threshold: { degradation: 0.15, duration: 300000 },
      }).params,
    ).toEqual({ baselineWindow: '30m', sustain: '5m', threshold: 0.15, direction: 'lower-is-worse' });
    expect(
      ruleFromSeed('api-anomaly', {
        metric: 'api.responseTime',
        type: 'ml-anomaly-detection',
        model: 'isolation-forest',
        threshold: { anomalyScore: 0.7, frequency: 5 },
      }),
    ).toMatchObject({ params: { threshold: 0.7 }, minOccurrences: { count: 5, withinMs: 600_000 } });
    expect(
      ruleFromSeed('neural-performance', {
        metric: 'neural.inferenceTime',
        type: 'comparative-analysis',
        comparison: 'historical-baseline',
        threshold: { slowdown: 2.0, duration: 600000 },
      }).params,
    ).toEqual({ ratio: 2, recentWindow: '10m', direction: 'higher-is-worse' });
  });

  it('a wrong definition names the rule and the field', () => {
    expect(() => ruleFromSeed('x', { metric: 'swarm.nope', type: 'threshold', warning: 1 })).toThrow(
      /^addRule\("x"\): rule "x": field "metric": "swarm.nope" is not a known alias/,
    );
    expect(() => ruleFromSeed('y', { metric: 'system.cpu', type: 'threshold' })).toThrow(
      /field "params.warning"/,
    );
  });
});
