import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planFor } from './detection.js';
import { formatProblem } from './errors.js';
import { checkRuleFiles } from './loader.js';

const DEFAULT_RULES = fileURLToPath(new URL('../../rules/default.yml', import.meta.url));

describe('the default rule set', () => {
  const { rules, problems } = checkRuleFiles([DEFAULT_RULES]);

  it('is valid', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("covers the seed's rules plus error rate and event-loop delay, with the seed's types and actions", () => {
    const byName = Object.fromEntries(rules.map((r) => [r.name, r]));
    expect(Object.keys(byName)).toEqual([
      'cpu-usage',
      'memory-leak',
      'swarm-degradation',
      'api-anomaly',
      'neural-performance',
      'error-rate',
      'event-loop-delay',
    ]);
    expect(byName['cpu-usage']).toMatchObject({
      type: 'dynamic-threshold',
      query: 'sum by (job, instance) (process_cpu_utilization)',
      cooldownMs: 300_000,
    });
    expect(byName['cpu-usage'].params).toMatchObject({
      baselineWindow: '1h',
      warningSigma: 2,
      criticalSigma: 3,
    });
    expect(byName['memory-leak']).toMatchObject({
      type: 'trend-analysis',
      query: 'claude_zen_memory_heap_used_after_gc_bytes',
    });
    expect(byName['memory-leak'].params).toMatchObject({
      window: '2h',
      growthThreshold: 0.02,
      minConfidence: 0.8,
    });
    expect(byName['memory-leak'].actions).toContain('trigger-gc');
    expect(byName['swarm-degradation']).toMatchObject({
      type: 'performance-degradation',
      query: 'claude_zen_swarm_efficiency_ratio',
    });
    expect(byName['swarm-degradation'].params).toMatchObject({
      baselineWindow: '30m',
      sustain: '5m',
      threshold: 0.15,
    });
    expect(byName['swarm-degradation'].actions).toEqual(
      expect.arrayContaining(['rebalance-agents', 'switch-topology']),
    );
    expect(byName['api-anomaly']).toMatchObject({
      type: 'ml-anomaly-detection',
      minOccurrences: { count: 5, withinMs: 600_000 },
    });
    expect(byName['api-anomaly'].query).toContain('http_server_request_duration_seconds_bucket');
    expect(byName['api-anomaly'].params.threshold).toBe(0.6);
    expect(byName['api-anomaly'].actions).toContain('tune-http-agents');
    expect(byName['neural-performance']).toMatchObject({ type: 'comparative-analysis' });
    expect(byName['neural-performance'].params).toMatchObject({ ratio: 2, recentWindow: '10m' });
    expect(byName['neural-performance'].actions).toEqual(
      expect.arrayContaining(['enable-wasm', 'batch-inference']),
    );
    expect(byName['error-rate']).toMatchObject({ type: 'threshold' });
    expect(byName['error-rate'].query).toContain('http_response_status_code=~"5.."');
    expect(byName['event-loop-delay']).toMatchObject({
      type: 'threshold',
      query: 'nodejs_eventloop_delay_p99_seconds',
    });
  });

  it('every rule has a detection plan with the history its detector needs', () => {
    const lookback = Object.fromEntries(rules.map((r) => [r.name, planFor(r).lookbackMs]));
    expect(lookback['cpu-usage']).toBe(3_600_000);
    expect(lookback['memory-leak']).toBe(7_200_000);
    expect(lookback['swarm-degradation']).toBe(2_100_000);
    expect(lookback['neural-performance']).toBe(4_200_000);
    expect(lookback['event-loop-delay']).toBe(0);
  });
});
