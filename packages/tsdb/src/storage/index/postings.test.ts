import { describe, expect, it } from 'vitest';
import type { Labels } from '../../model/labels.js';
import { TsdbError } from '../errors.js';
import type { Matcher } from '../types.js';
import { compileMatcher, compileMatchers } from './matchers.js';
import { intersect, PostingsIndex, subtract, union } from './postings.js';

describe('postings operations', () => {
  it('intersects, subtracts and unites sorted lists', () => {
    expect(intersect([1, 3, 5, 7], [2, 3, 4, 7, 9])).toEqual([3, 7]);
    expect(subtract([1, 3, 5, 7], [3, 4, 7])).toEqual([1, 5]);
    expect(union([[1, 5], [2, 5, 9], [], [0]])).toEqual([0, 1, 2, 5, 9]);
  });
});

describe('matchers', () => {
  it('anchors regexes like Prometheus', () => {
    const m = compileMatcher({ type: '=~', name: 'job', value: 'api|web' });
    expect(m.matches('api')).toBe(true);
    expect(m.matches('xapi')).toBe(false);
    expect(m.matches('api-1')).toBe(false);
    expect(compileMatcher({ type: '=~', name: 'a', value: 'a.b' }).matches('a\nb')).toBe(true);
    expect(compileMatcher({ type: '!~', name: 'a', value: 'x.*' }).matches('xyz')).toBe(false);
    expect(compileMatcher({ type: '=~', name: 'a', value: '.*' }).matchesEmpty).toBe(true);
  });

  it('rejects a bad regex with an error naming the label', () => {
    expect(() => compileMatcher({ type: '=~', name: 'job', value: '(' })).toThrow(/label "job"/);
    try {
      compileMatcher({ type: '=~', name: 'job', value: '[' });
    } catch (e) {
      expect(e).toBeInstanceOf(TsdbError);
      expect((e as TsdbError).code).toBe('bad_matcher');
    }
  });
});

describe('PostingsIndex.select', () => {
  const series: Labels[] = [];
  const idx = new PostingsIndex();
  for (let i = 0; i < 1000; i++) {
    const l: Record<string, string> = {
      __name__: i % 2 ? 'up' : 'http_requests_total',
      job: `job${i % 10}`,
      i: `${i}`,
    };
    if (i % 3 === 0) l.env = 'prod';
    series.push(l);
    idx.add(i + 1, l);
  }
  function brute(ms: Matcher[]): number[] {
    const cs = compileMatchers(ms);
    const out: number[] = [];
    series.forEach((l, i) => {
      if (cs.every((m) => m.matches(l[m.name] ?? ''))) out.push(i + 1);
    });
    return out;
  }
  const cases: Matcher[][] = [
    [{ type: '=', name: '__name__', value: 'up' }],
    [
      { type: '=', name: '__name__', value: 'up' },
      { type: '=', name: 'job', value: 'job3' },
    ],
    [
      { type: '=', name: '__name__', value: 'up' },
      { type: '!=', name: 'job', value: 'job3' },
    ],
    [{ type: '=~', name: 'job', value: 'job[1-3]' }],
    [
      { type: '!~', name: 'job', value: 'job[1-3]' },
      { type: '=', name: 'env', value: 'prod' },
    ],
    [{ type: '=', name: 'env', value: '' }],
    [{ type: '!=', name: 'env', value: '' }],
    [
      { type: '=~', name: 'env', value: 'prod|' },
      { type: '=', name: 'job', value: 'job1' },
    ],
    [{ type: '=~', name: 'i', value: '1.*' }],
    [{ type: '=', name: 'nope', value: 'x' }],
    [{ type: '!=', name: 'nope', value: 'x' }],
    [{ type: '=~', name: 'job', value: '.*' }],
  ];
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))(
    'matches like a brute-force scan: %s',
    (_n, ms) => {
      expect(idx.select(compileMatchers(ms))).toEqual(brute(ms));
    },
  );

  it('lists label names and values and removes series', () => {
    expect(idx.labelNames()).toEqual(['__name__', 'env', 'i', 'job']);
    expect(idx.labelValues('__name__')).toEqual(['http_requests_total', 'up']);
    const removed = [1, 4, 7];
    idx.remove(removed, (ref) => series[ref - 1]);
    expect(idx.allPostings().length).toBe(997);
    expect(idx.get('env', 'prod')).not.toContain(4);
    expect(idx.get('i', '0')).toEqual([]);
    expect(idx.labelValues('i')).not.toContain('0');
  });
});
