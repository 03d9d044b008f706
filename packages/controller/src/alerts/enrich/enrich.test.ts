import { describe, expect, it } from 'vitest';
import { emptyCurrentMetrics } from '../../health/current-metrics.js';
import { AnomalyGauges } from './anomaly-gauges.js';
import { historicalContext, trendOf } from './context.js';
import { correlate, pearson } from './correlate.js';
import { knownCauses } from './known-causes.js';
import { rankRootCauses } from './rank.js';
import type { Sample } from './types.js';

const series = (vals: number[], step = 60_000): Sample[] => vals.map((v, i) => ({ t: i * step, v }));

describe('historicalContext', () => {
  it('baseline is the median, band ± 3 scaled MADs, percentile of the current value', () => {
    const c = historicalContext(series([1, 2, 3, 4, 5]), 5);
    expect(c?.baseline).toBe(3);
    // MAD of |[-2,-1,0,1,2]| = 1 → 1.4826
    expect(c?.band.lower).toBeCloseTo(3 - 3 * 1.4826, 6);
    expect(c?.band.upper).toBeCloseTo(3 + 3 * 1.4826, 6);
    expect(c?.percentile).toBe(100);
    expect(historicalContext(series([1, 2, 3, 4]), 2)?.percentile).toBe(50);
    expect(historicalContext([], 1)).toBeNull();
  });
});

describe('trendOf', () => {
  it('a line rising 1 per minute: slope 60/h, rising, change from the fitted start', () => {
    const t = trendOf(series([10, 11, 12, 13, 14]));
    expect(t?.direction).toBe('rising');
    expect(t?.slopePerHour).toBeCloseTo(60, 9);
    expect(t?.changePct).toBeCloseTo(40, 9);
    expect(trendOf(series([5, 5, 5, 5]))?.direction).toBe('stable');
    expect(trendOf(series([20, 15, 10]))?.direction).toBe('falling');
    expect(trendOf(series([1, 2]))).toBeNull();
  });
});

describe('correlate', () => {
  const alert = series([1, 3, 2, 5, 4, 7, 6, 9, 8, 10]);
  it('a series perfectly correlated with the alert series ranks first, r = 1', () => {
    const ranked = correlate(alert, [
      { name: 'noise', samples: series([2, 2, 4, 1, 3, 3, 1, 4, 2, 2]) },
      { name: 'half', samples: series([3, 2, 4, 3, 5, 4, 6, 5, 7, 6]) },
      { name: 'double', samples: alert.map((s) => ({ t: s.t, v: 2 * s.v + 7 })) },
    ]);
    expect(ranked[0].cause).toBe('double moved with the alert series');
    expect(ranked[0].r).toBeCloseTo(1, 12);
    expect(ranked[0].evidence).toBe('double: Pearson r = 1.00 over 10 aligned samples');
    expect(ranked[0].confidence).toBeCloseTo(10 / 15, 3);
    expect(ranked.map((r) => r.cause)).not.toContain('noise moved with the alert series');
  });
  it('aligns on timestamps: samples the other series lacks are left out; a constant series is no cause', () => {
    const partial = alert.filter((_, i) => i % 2 === 0).map((s) => ({ t: s.t, v: -s.v }));
    const [r] = correlate(alert, [{ name: 'neg', samples: partial }]);
    expect(r.samples).toBe(5);
    expect(r.r).toBeCloseTo(-1, 12);
    expect(correlate(alert, [{ name: 'flat', samples: series(Array(10).fill(3)) }])).toEqual([]);
    expect(pearson([1, 2], [1, 2])).toBeNaN();
  });
});

describe('knownCauses', () => {
  it('coordination latency 350 ms gives the seed cause with its confidence and evidence', () => {
    const m = emptyCurrentMetrics(0);
    m.swarm.coordinationLatency = 350;
    expect(knownCauses(m)).toEqual([
      {
        cause: 'High swarm coordination overhead',
        confidence: 0.8,
        evidence: 'Coordination latency: 350ms (above 200ms)',
        remediation: 'Optimize swarm topology or reduce agent count',
        source: 'known',
      },
    ]);
    m.swarm.coordinationLatency = 150;
    expect(knownCauses(m)).toEqual([]);
  });
  it('all six, sorted by confidence; the areas select as the seed does; missing data is no cause', () => {
    const m = emptyCurrentMetrics(0);
    m.swarm.coordinationLatency = 250;
    m.neural.activeNetworks = 6;
    m.neural.memoryUsage = 500 * 1024 * 1024;
    m.memory.rss = 1000 * 1024 * 1024;
    m.memory.heapUsed = 100 * 1024 * 1024;
    m.memory.heapGrowthBytesPerSecond = 1024; // 3.6 MB/h of 100 MB: 3.5 %/h
    m.api.concurrentRequests = 150;
    const all = knownCauses(m, ['cpu', 'memory', 'api'], { databaseQueryMs: 120 });
    expect(all.map((c) => c.confidence)).toEqual([0.9, 0.85, 0.8, 0.8, 0.75, 0.7]);
    expect(all.find((c) => c.cause === 'Potential memory leak')?.evidence).toBe(
      'Memory growing at 3.5% per hour',
    );
    expect(knownCauses(m, ['api']).map((c) => c.cause)).toEqual(['High concurrent request load']);
    expect(knownCauses(emptyCurrentMetrics(0))).toEqual([]);
  });
});

describe('rankRootCauses', () => {
  it('a correlation backing a known cause raises its confidence and joins the evidence', () => {
    const m = emptyCurrentMetrics(0);
    m.swarm.coordinationLatency = 350;
    const alert = series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const corr = correlate(alert, [
      { name: 'coordination latency', samples: alert.map((s) => ({ t: s.t, v: s.v * 100 })) },
      { name: 'cpu', samples: series([1, 3, 2, 4, 3, 5, 4, 6, 5, 7]) },
    ]);
    const ranked = rankRootCauses(knownCauses(m), corr);
    expect(ranked[0].cause).toBe('High swarm coordination overhead');
    expect(ranked[0].confidence).toBeCloseTo(1 - 0.2 * (1 - 10 / 15), 3);
    expect(ranked[0].evidence).toMatch(/350ms.*coordination latency: Pearson r = 1\.00/);
    expect(ranked[1].cause).toBe('cpu moved with the alert series');
  });
});

describe('AnomalyGauges', () => {
  it('exports score, expected and band per rule and series; bounded and pruned', () => {
    const g = new AnomalyGauges({ maxSeries: 2, staleMs: 1000 });
    g.record(
      'cpu',
      { alertname: 'cpu', job: 'a', severity: 'warning' },
      { score: 1.5, expected: 2, lower: 1, upper: 3 },
      0,
    );
    g.record('cpu', { job: 'b' }, { score: 0.2, expected: 2, lower: 1, upper: 3 }, 100);
    g.record(
      'cpu',
      { job: 'c' },
      { score: Number.NaN, expected: 2, lower: 1, upper: Number.POSITIVE_INFINITY },
      200,
    );
    expect(g.size).toBe(2);
    const text = g.text(500);
    expect(text).not.toContain('job="a"');
    expect(text).toContain('claude_zen_anomaly_score{rule="cpu",job="b"} 0.2');
    expect(text).toContain('claude_zen_anomaly_score{rule="cpu",job="c"} NaN');
    expect(text).toContain('claude_zen_anomaly_upper{rule="cpu",job="c"} +Inf');
    expect(text).toContain('# TYPE claude_zen_anomaly_lower gauge');
    expect(g.text(1150)).not.toContain('job="b"');
    expect(g.text(10_000)).toBe('');
  });
});
