/**
 * enrichAlert over a fake backend (pure logic: which queries it asks and how it folds the answers),
 * and the anomaly gauges checked by the real promtool.
 */
import { execFileSync } from 'node:child_process';
import type { QueryResult } from '@claude-zen/tsdb';
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../../../../test/support/binaries.js';
import type { QueryBackend } from '../../query/types.js';
import type { AlertStateChange } from '../state/types.js';
import { AnomalyGauges } from './anomaly-gauges.js';
import { DATABASE_QUERY_MS_EXPR, enrichAlert } from './enrich.js';

const AT = 1_700_000_000_000;
const STEP = 60_000;
const points = (f: (i: number) => number) =>
  Array.from({ length: 30 }, (_, i) => ({ t: AT - (29 - i) * STEP, v: f(i) }));
const wave = (i: number) => 50 + 10 * Math.sin(i / 3) + i;

function fakeBackend(): QueryBackend & { asked: string[] } {
  const asked: string[] = [];
  const matrix = (metric: Record<string, string>, f: (i: number) => number): QueryResult => ({
    resultType: 'matrix',
    result: [{ metric, points: points(f) }],
  });
  return {
    asked,
    description: 'fake',
    async instant(expr: string): Promise<QueryResult> {
      if (expr === DATABASE_QUERY_MS_EXPR)
        return { resultType: 'vector', result: [{ metric: {}, point: { t: AT, v: 150 } }] };
      if (expr.includes('coordination_latency'))
        return { resultType: 'vector', result: [{ metric: {}, point: { t: AT, v: 0.35 } }] };
      return { resultType: 'vector', result: [] };
    },
    async range(expr: string): Promise<QueryResult> {
      asked.push(expr);
      if (expr === 'cpu_load') {
        return {
          resultType: 'matrix',
          result: [
            { metric: { job: 'other' }, points: points(() => 1) },
            { metric: { job: 'svc' }, points: points(wave) },
          ],
        };
      }
      if (expr.includes('coordination_latency')) return matrix({}, (i) => wave(i) / 100);
      if (expr.includes('http_server_active_requests')) throw new Error('backend timed out');
      if (expr.includes('process_cpu_utilization')) return matrix({}, (i) => (i % 3) + 1);
      return { resultType: 'matrix', result: [] };
    },
    async health() {
      return { status: 'up', backend: 'fake', latencyMs: 0, lastError: null, checkedAt: AT };
    },
  };
}

const change: AlertStateChange = {
  rule: 'cpu-high',
  labels: { alertname: 'cpu-high', job: 'svc', category: 'system', severity: 'critical' },
  annotations: { summary: 'CPU high on svc', description: 'CPU above 80%' },
  fingerprint: 'f1',
  from: 'pending',
  to: 'firing',
  at: AT,
  activeAt: AT - 60_000,
  value: wave(29),
  severity: 'critical',
  score: 2.5,
  expected: 50,
  lower: 40,
  upper: 60,
  evidence: {},
};

describe('enrichAlert', () => {
  it('context and trend of its own series, ranked causes, impact; a failed query is a note', async () => {
    const backend = fakeBackend();
    const e = await enrichAlert(change, backend, { query: 'cpu_load', stepMs: STEP }, AT);
    expect(e.title).toBe('CPU high on svc');
    expect(e.description).toBe('CPU above 80%');
    expect(e.status).toBe('active');
    expect(e.context?.samples).toBe(30);
    const vals = points(wave).map((p) => p.v);
    expect(e.context?.percentile).toBeCloseTo((100 * vals.filter((v) => v <= change.value).length) / 30, 9);
    expect(e.trend?.direction).toBe('rising');
    // known cause (350 ms) backed by the coordination latency series (r = 1) comes first
    expect(e.rootCauses[0]).toMatchObject({ cause: 'High swarm coordination overhead', source: 'known' });
    expect(e.rootCauses[0].evidence).toMatch(/^Coordination latency: 350ms .*Pearson r = 1\.00 over 30/);
    expect(e.rootCauses[0].confidence).toBeGreaterThan(0.8);
    expect(e.impact).toMatchObject({ level: 'critical', category: 'system' });
    expect(e.notes).toEqual(['candidate active requests: backend timed out']);
    expect(backend.asked).toHaveLength(8);
  });

  it('an API alert gets the API causes: slow database from the semantic-convention histogram', async () => {
    const api = { ...change, rule: 'api-slow', labels: { ...change.labels, category: 'api' } };
    const e = await enrichAlert(api, fakeBackend(), { query: 'http_latency', stepMs: STEP }, AT);
    const known = e.rootCauses.filter((c) => c.source === 'known');
    expect(known).toEqual([
      expect.objectContaining({
        cause: 'Slow database queries',
        evidence: 'Average query time: 150ms (above 100ms)',
      }),
    ]);
    expect(e.impact.level).toBe('critical');
    expect(e.notes).toContain('history of the alert series: no data');
  });

  it('never throws: a backend that fails everything leaves empty parts with notes', async () => {
    const down: QueryBackend = {
      description: 'down',
      instant: () => Promise.reject(new Error('connection refused')),
      range: () => Promise.reject(new Error('connection refused')),
      health: () => Promise.reject(new Error('x')),
    };
    const e = await enrichAlert(change, down, { query: 'cpu_load' }, AT);
    expect(e.context).toBeNull();
    expect(e.trend).toBeNull();
    expect(e.rootCauses).toEqual([]);
    expect(e.notes).toContain('history of the alert series: connection refused');
    expect(e.notes.some((n) => n.startsWith('current metrics:'))).toBe(true);
  });
});

const promtool = findBinary('promtool');

describe.skipIf(!promtool)('anomaly gauges', () => {
  it('promtool check metrics accepts the exposition', () => {
    const g = new AnomalyGauges();
    g.record(
      'cpu "high"',
      { job: 'svc', instance: 'a:1', 'bad-label': 'x' },
      { score: 1.2, expected: 3, lower: 1, upper: 5 },
      AT,
    );
    g.record(
      'mem',
      { job: 'svc' },
      { score: Number.NaN, expected: 0, lower: 0, upper: Number.POSITIVE_INFINITY },
      AT,
    );
    const text = g.text(AT);
    expect(text).not.toContain('bad-label');
    const out = execFileSync(promtool as string, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(out).toBe('');
  });
});
