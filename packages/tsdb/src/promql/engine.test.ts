import { describe, expect, it } from 'vitest';
import type { Labels } from '../model/labels.js';
import { STALE_NAN } from '../model/value.js';
import { Head } from '../storage/head/head.js';
import { PromQLEngine } from './engine.js';
import { PromQLError } from './errors.js';

/** Samples; 'stale' marks a staleness marker (a NaN payload does not survive JS arrays). */
function store(series: [Labels, [number, number | 'stale'][]][]): Head {
  const head = new Head();
  const app = head.appender();
  for (const [labels, samples] of series)
    for (const [t, v] of samples) app.append(labels, t, v === 'stale' ? STALE_NAN : v);
  app.commit();
  return head;
}

const engine = new PromQLEngine();

describe('PromQLEngine', () => {
  it('answers instant queries with lookback, and staleness markers end a series', () => {
    const h = store([
      [
        { __name__: 'up', job: 'a' },
        [
          [0, 1],
          [60_000, 1],
          [120_000, 'stale'],
        ],
      ],
    ]);
    const at = (t: number) => engine.instantQuery(h, 'up', t);
    expect(at(90_000)).toEqual({
      resultType: 'vector',
      result: [{ metric: { __name__: 'up', job: 'a' }, point: { t: 90_000, v: 1 } }],
    });
    expect(at(130_000)).toEqual({ resultType: 'vector', result: [] });
    // Lookback excludes its left edge: a sample exactly 5m old is not seen.
    expect(at(60_000 + 300_000).result).toEqual([]);
    expect(at(60_000 + 299_999).result).toEqual([]); // the stale marker at 120s hides it
  });

  it('excludes the left edge of range selectors and extrapolates rate like Prometheus', () => {
    const samples: [number, number][] = [];
    for (let i = 0; i <= 10; i++) samples.push([i * 60_000, i * 60]);
    const h = store([[{ __name__: 'c_total', job: 'a' }, samples]]);
    const r = engine.instantQuery(h, 'count_over_time(c_total[2m])', 120_000);
    expect(r.result).toEqual([{ metric: { job: 'a' }, point: { t: 120_000, v: 2 } }]);
    const rate = engine.instantQuery(h, 'rate(c_total[5m])', 600_000);
    expect(rate.resultType).toBe('vector');
    expect((rate.result as { point: { v: number } }[])[0].point.v).toBeCloseTo(1, 10);
  });

  it('answers range queries sorted by labels, with offset and @', () => {
    const h = store([
      [
        { __name__: 'm', i: 'b' },
        [
          [0, 1],
          [60_000, 2],
          [120_000, 3],
        ],
      ],
      [
        { __name__: 'm', i: 'a' },
        [
          [0, 10],
          [60_000, 20],
          [120_000, 30],
        ],
      ],
    ]);
    const r = engine.rangeQuery(h, 'm offset 1m', 60_000, 120_000, 60_000);
    expect(r).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'm', i: 'a' },
          points: [
            { t: 60_000, v: 10 },
            { t: 120_000, v: 20 },
          ],
        },
        {
          metric: { __name__: 'm', i: 'b' },
          points: [
            { t: 60_000, v: 1 },
            { t: 120_000, v: 2 },
          ],
        },
      ],
    });
    const at = engine.rangeQuery(h, 'm{i="a"} @ 60', 0, 120_000, 60_000);
    expect(at.result).toEqual([
      { metric: { __name__: 'm', i: 'a' }, points: [0, 60_000, 120_000].map((t) => ({ t, v: 20 })) },
    ]);
    expect(() => engine.rangeQuery(h, 'm[5m]', 0, 60_000, 60_000)).toThrow(
      /invalid expression type "range vector"/,
    );
  });

  it('evaluates aggregations, binary matching and its many-to-many error', () => {
    const h = store([
      [{ __name__: 'req', job: 'a', code: '200' }, [[0, 3]]],
      [{ __name__: 'req', job: 'a', code: '500' }, [[0, 1]]],
      [{ __name__: 'lim', job: 'a' }, [[0, 10]]],
    ]);
    expect(engine.instantQuery(h, 'sum by (job) (req) / on(job) lim', 0).result).toEqual([
      { metric: { job: 'a' }, point: { t: 0, v: 0.4 } },
    ]);
    expect(engine.instantQuery(h, 'req / on(job) group_left lim', 0).result).toHaveLength(2);
    expect(() => engine.instantQuery(h, 'lim / on(job) req', 0)).toThrow(PromQLError);
    expect(engine.instantQuery(h, '2 ^ 3 ^ 2', 0).result).toEqual({ t: 0, v: 512 });
    expect(engine.instantQuery(h, '-2 ^ 2', 0).result).toEqual({ t: 0, v: -4 });
  });

  it('returns strings and range vectors from instant queries', () => {
    const h = store([
      [
        { __name__: 'x' },
        [
          [10_000, 1],
          [20_000, 2],
        ],
      ],
    ]);
    expect(engine.instantQuery(h, '"hi"', 0)).toEqual({ resultType: 'string', result: { t: 0, v: 'hi' } });
    expect(engine.instantQuery(h, 'x[15s]', 20_000)).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'x' },
          points: [
            { t: 10_000, v: 1 },
            { t: 20_000, v: 2 },
          ],
        },
      ],
    });
  });
});

describe('query limits', () => {
  const samples: [number, number][] = [];
  for (let i = 0; i < 1000; i++) samples.push([i * 1000, i]);
  const series: [Labels, [number, number][]][] = [];
  for (let s = 0; s < 20; s++) series.push([{ __name__: 'x', s: String(s) }, samples]);
  const h = store(series);

  function failure(e: PromQLEngine, fn: (e: PromQLEngine) => unknown): PromQLError {
    try {
      fn(e);
    } catch (err) {
      expect(err).toBeInstanceOf(PromQLError);
      return err as PromQLError;
    }
    throw new Error('expected a PromQLError');
  }

  it('stops at maxSamples with the Prometheus error', () => {
    const e = new PromQLEngine({ limits: { maxSamples: 5000 } });
    const err = failure(e, (x) => x.rangeQuery(h, 'sum(rate(x[1m]))', 0, 999_000, 1000));
    expect(err.type).toBe('execution');
    expect(err.message).toBe('query processing would load too many samples into memory in query execution');
    // The same query within the limit works.
    expect(new PromQLEngine().rangeQuery(h, 'sum(rate(x[1m]))', 0, 999_000, 1000).resultType).toBe('matrix');
  });

  it('reads range selectors one series at a time, so the limit is on what is held, not on the total read', () => {
    // 20 series x 1000 samples are read, but only one series' samples are held at a time.
    const e = new PromQLEngine({ limits: { maxSamples: 5000 } });
    const r = e.instantQuery(h, 'sum(count_over_time(x[1000s]))', 999_000);
    expect(r.result).toEqual([{ metric: {}, point: { t: 999_000, v: 20_000 } }]);
  });

  it('stops at maxSeries', () => {
    const err = failure(new PromQLEngine({ limits: { maxSeries: 5 } }), (x) =>
      x.instantQuery(h, 'x', 500_000),
    );
    expect(err.type).toBe('execution');
    expect(err.message).toMatch(/too many series/);
  });

  it('times out with errorType timeout', () => {
    const err = failure(new PromQLEngine({ limits: { timeoutMs: -1 } }), (x) =>
      x.rangeQuery(h, 'max_over_time(rate(x[10s])[100s:1s])', 0, 999_000, 1000),
    );
    expect(err.type).toBe('timeout');
    expect(err.message).toBe('query timed out in query execution');
  });
});
