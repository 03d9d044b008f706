import { describe, expect, it } from 'vitest';
import { emptyCurrentMetrics } from './current-metrics.js';
import { generateRecommendations, RECOMMENDATION_RULES } from './recommendations.js';
import type { CurrentMetrics } from './types.js';

describe('generateRecommendations', () => {
  it('fires nothing on a healthy or empty system', () => {
    expect(generateRecommendations(metricsWith({}))).toEqual([]);
    const healthy = metricsWith({
      system: { cpu: 40, memory: 50 },
      swarm: { coordinationLatency: 20 },
      api: { responseTime: 80 },
      neural: { inferenceTime: 300, wasmAcceleration: true },
    });
    expect(
      generateRecommendations(healthy, { periodMs: 3_600_000, metrics: {}, memoryGrowthRate: 0.01 }),
    ).toEqual([]);
  });

  it('fires every row of the seed table past its threshold, sorted high → medium → low', () => {
    const m = metricsWith({
      system: { cpu: 81, memory: 86 },
      swarm: { coordinationLatency: 201 },
      api: { responseTime: 301 },
      neural: { inferenceTime: 101, wasmAcceleration: false },
    });
    const recs = generateRecommendations(m, { periodMs: 3_600_000, metrics: {}, memoryGrowthRate: 0.06 });
    expect(recs.map((r) => `${r.priority}:${r.type}`)).toEqual([
      'high:cpu-optimization',
      'high:memory-optimization',
      'medium:swarm-optimization',
      'medium:api-optimization',
      'medium:neural-optimization',
      'low:predictive-memory',
    ]);
    const swarm = recs.find((r) => r.type === 'swarm-optimization');
    expect(swarm).toMatchObject({
      category: 'swarm',
      title: 'Swarm Coordination Latency',
      expectedImpact: 'Latency reduction: 40-60%',
      effort: 'medium',
      evidence: { metric: 'swarm.coordinationLatency', value: 201, threshold: 200 },
    });
    expect(swarm?.actions).toContain('Switch to hierarchical topology for large swarms');
  });

  it('is strict at the thresholds and needs WASM known to be off for the neural row', () => {
    const at = metricsWith({
      system: { cpu: 80, memory: 85 },
      swarm: { coordinationLatency: 200 },
      api: { responseTime: 300 },
      neural: { inferenceTime: 400 }, // WASM unknown
    });
    expect(generateRecommendations(at, { periodMs: 1, metrics: {}, memoryGrowthRate: 0.05 })).toEqual([]);
  });

  it('sorts by priority whatever the table order', () => {
    const reversed = [...RECOMMENDATION_RULES].reverse();
    const m = metricsWith({ system: { cpu: 99 }, swarm: { coordinationLatency: 999 } });
    const recs = generateRecommendations(m, { periodMs: 1, metrics: {}, memoryGrowthRate: 1 }, reversed);
    expect(recs.map((r) => r.priority)).toEqual(['high', 'medium', 'low']);
  });
});

/** Hand-made CurrentMetrics: empty groups overridden by `parts`. */
function metricsWith(parts: Partial<Omit<CurrentMetrics, 'at' | 'available' | 'errors'>>): CurrentMetrics {
  return { ...emptyCurrentMetrics(1_700_000_000_000), available: true, ...parts };
}
