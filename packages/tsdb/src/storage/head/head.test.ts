import { describe, expect, it } from 'vitest';
import { isStaleNaN, STALE_NAN } from '../../model/value.js';
import { TsdbError } from '../errors.js';
import type { Matcher, SeriesData } from '../types.js';
import { Head } from './head.js';

const T0 = 1_700_000_000_000;

function all(head: Head, matchers: Matcher[], mint = -Infinity, maxt = Infinity): SeriesData[] {
  return [...head.querier(mint, maxt).select(matchers, mint, maxt)];
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TsdbError);
    return (e as TsdbError).code;
  }
  return undefined;
}

describe('Head', () => {
  it('makes samples visible on commit only, and drops them on rollback', () => {
    const head = new Head();
    const app = head.appender();
    app.append({ __name__: 'up', job: 'a' }, T0, 1);
    expect(all(head, [{ type: '=', name: '__name__', value: 'up' }])).toEqual([]);
    app.commit();
    const got = all(head, [{ type: '=', name: '__name__', value: 'up' }]);
    expect(got).toHaveLength(1);
    expect(Array.from(got[0].timestamps)).toEqual([T0]);
    const app2 = head.appender();
    app2.append({ __name__: 'up', job: 'a' }, T0 + 1000, 2);
    app2.rollback();
    app2.append({ __name__: 'up', job: 'a' }, T0 + 2000, 3);
    app2.commit();
    const got2 = all(head, [{ type: '=', name: 'job', value: 'a' }]);
    expect(Array.from(got2[0].values)).toEqual([1, 3]);
  });

  it('stores many series across chunks and answers range queries', () => {
    const head = new Head({ chunkRange: 3_600_000 });
    const app = head.appender();
    const refs = [];
    for (let s = 0; s < 50; s++) refs.push(app.ref({ __name__: 'm', series: `${s}`, parity: `${s % 2}` }));
    for (let i = 0; i < 1000; i++)
      for (let s = 0; s < 50; s++) app.appendRef(refs[s], T0 + i * 15_000, s * 1000 + i);
    app.commit();
    expect(head.stats().numSamples).toBe(50_000);
    expect(head.stats().numChunks).toBeGreaterThan(50 * (1000 / 120));
    const res = all(head, [{ type: '=', name: 'parity', value: '1' }], T0 + 15_000 * 100, T0 + 15_000 * 199);
    expect(res).toHaveLength(25);
    for (const r of res) {
      expect(r.timestamps.length).toBe(100);
      const s = Number(r.labels.series);
      expect(r.values[0]).toBe(s * 1000 + 100);
      expect(r.values[99]).toBe(s * 1000 + 199);
      expect(r.timestamps[99] - r.timestamps[0]).toBe(99 * 15_000);
    }
    // Chunks never straddle a multiple of the chunk range.
    for (const s of head.allSeries()) {
      for (const c of s.closed) {
        expect(Math.floor(c.mint / 3_600_000)).toBe(Math.floor(c.maxt / 3_600_000));
        expect(c.numSamples).toBeLessThanOrEqual(120);
      }
    }
  });

  it('rejects out-of-order and conflicting duplicate samples without losing accepted data', () => {
    const head = new Head();
    const app = head.appender();
    const l = { __name__: 'x' };
    app.append(l, T0 + 1000, 1);
    app.append(l, T0 + 2000, 2);
    expect(codeOf(() => app.append(l, T0 + 1500, 9))).toBe('out_of_order');
    expect(codeOf(() => app.append(l, T0 + 2000, 9))).toBe('duplicate_sample');
    app.append(l, T0 + 2000, 2); // identical duplicate: accepted as a no-op
    app.append(l, T0 + 3000, 3);
    app.commit();
    const app2 = head.appender();
    expect(codeOf(() => app2.append(l, T0 + 500, 9))).toBe('out_of_order');
    expect(codeOf(() => app2.append(l, 1.5, 9))).toBe('invalid_sample');
    expect(codeOf(() => app2.appendRef(12345, T0, 9))).toBe('unknown_series_ref');
    app2.commit();
    const got = all(head, [{ type: '=', name: '__name__', value: 'x' }]);
    expect(Array.from(got[0].values)).toEqual([1, 2, 3]);
    expect(
      (() => {
        try {
          head.appender().append(l, T0, 1);
        } catch (e) {
          return (e as Error).message;
        }
      })(),
    ).toMatch(/out of order sample.*__name__="x"/);
  });

  it('drops commits that lost a race between two appenders and counts them', () => {
    const head = new Head();
    const a = head.appender();
    const b = head.appender();
    a.append({ __name__: 'r' }, T0 + 2000, 2);
    b.append({ __name__: 'r' }, T0 + 1000, 1);
    a.commit();
    b.commit();
    expect(head.outOfOrderAtCommit).toBe(1);
    expect(Array.from(all(head, [{ type: '=', name: '__name__', value: 'r' }])[0].values)).toEqual([2]);
  });

  it('keeps staleness markers bit-exact and validates labels', () => {
    const head = new Head();
    const app = head.appender();
    app.append({ __name__: 's', empty: '' }, T0, 1);
    for (let i = 1; i < 300; i++) app.append({ __name__: 's' }, T0 + i, i % 7 === 0 ? STALE_NAN : i);
    app.commit();
    const [r] = all(head, [{ type: '=', name: '__name__', value: 's' }]);
    expect(r.labels).toEqual({ __name__: 's' });
    expect(r.values.length).toBe(300);
    for (let i = 1; i < 300; i++) expect(isStaleNaN(r.values[i])).toBe(i % 7 === 0);
    expect(codeOf(() => app.append({ '': 'x', a: 'b' }, T0, 1))).toBe('invalid_labels');
    expect(codeOf(() => app.append({ a: 1 as unknown as string }, T0, 1))).toBe('invalid_labels');
    app.append({ __name__: 'utf8', 'http.route': '/x' }, T0, 1); // UTF-8 names, as in Prometheus 3
    expect(codeOf(() => app.append({}, T0, 1))).toBe('invalid_labels');
  });

  it('answers label names and values with and without matchers', () => {
    const head = new Head();
    const app = head.appender();
    app.append({ __name__: 'a', job: 'x', zone: 'eu' }, T0, 1);
    app.append({ __name__: 'b', job: 'y' }, T0, 1);
    app.commit();
    const q = head.querier(T0, T0);
    expect(q.labelNames()).toEqual(['__name__', 'job', 'zone']);
    expect(q.labelNames([{ type: '=', name: '__name__', value: 'b' }])).toEqual(['__name__', 'job']);
    expect(q.labelValues('job')).toEqual(['x', 'y']);
    expect(q.labelValues('job', [{ type: '=~', name: 'zone', value: 'e.' }])).toEqual(['x']);
  });

  it('truncates persisted chunks, rejects samples before the valid time and drops empty series', () => {
    const range = 7_200_000;
    const head = new Head({ chunkRange: range });
    const base = Math.ceil(T0 / range) * range;
    const app = head.appender();
    for (let i = 0; i < 3 * 3600; i += 10) {
      app.append({ __name__: 'long' }, base + i * 1000, i);
      if (i < 600) app.append({ __name__: 'short' }, base + i * 1000, i);
    }
    app.commit();
    const taken = head.truncateBefore(base + range);
    expect([...taken.values()].flat().reduce((n, c) => n + c.numSamples, 0)).toBe(720 + 60);
    expect(head.numSeries).toBe(1);
    expect(head.postings.labelValues('__name__')).toEqual(['long']);
    expect(codeOf(() => head.appender().append({ __name__: 'long' }, base + range - 1, 1))).toBe(
      'out_of_order',
    );
    expect(codeOf(() => head.appender().append({ __name__: 'new' }, base + range - 1, 1))).toBe(
      'out_of_bounds',
    );
    const [r] = all(head, [{ type: '=', name: '__name__', value: 'long' }]);
    expect(r.timestamps[0]).toBe(base + range);
    expect(head.mint).toBe(base + range);
  });
});
