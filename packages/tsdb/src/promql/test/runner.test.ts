import { describe, expect, it } from 'vitest';
import { Head } from '../../storage/head/head.js';
import { runScript } from './runner.js';
import { parseValues } from './series-notation.js';

const run = (text: string) => runScript(text, () => new Head());

describe('series notation', () => {
  it('expands promtool series values', () => {
    const f = (s: string) => parseValues(s).map((p) => (p.kind === 'float' ? p.v : p.kind));
    expect(f('1 2 _ stale')).toEqual([1, 2, 'none', 'stale']);
    expect(f('1+2x3')).toEqual([1, 3, 5, 7]);
    expect(f('10-1x2')).toEqual([10, 9, 8]);
    expect(f('_x3 5x2')).toEqual(['none', 'none', 'none', 5, 5, 5]);
    expect(f('-Inf NaN 1e3 0x2')).toEqual([Number.NEGATIVE_INFINITY, Number.NaN, 1000, 0, 0, 0]);
    expect(f('{{schema:0 sum:1 count:1}}x2 3')).toEqual(['histogram', 'histogram', 'histogram', 3]);
  });
});

describe('runScript', () => {
  it('passes matching evals and reports mismatches with their line', () => {
    const r = run(`
load 1m
  m{a="x"} 1+1x10

eval instant at 2m m
  m{a="x"} 3

eval instant at 2m m
  m{a="x"} 4

eval range from 0 to 2m step 1m m * 2
  {a="x"} 2 4 6

eval instant at 0 "s"
  expect string "s"
`);
    expect(r.passed).toBe(3);
    expect(r.failed).toBe(1);
    expect(r.failures[0].line).toBe(8);
    expect(r.failures[0].message).toContain('expected 4, got 3');
  });

  it('checks expected failures and their messages', () => {
    const r = run(`
load 1m
  a{x="1"} 1
  b{x="1"} 1
  b{x="1", y="2"} 1

eval instant at 0 a + on(x) b
  expect fail msg: something else

eval instant at 0 a + on(x) b
  expect fail regex: many-to-many matching not allowed

eval_fail instant at 0 a
`);
    expect(r.passed).toBe(1);
    expect(r.failed).toBe(2);
    expect(r.failures.map((f) => f.line)).toEqual([7, 13]);
  });

  it('counts native histogram and experimental evals as unsupported, never passed', () => {
    const r = run(`
load 1m
  h {{schema:0 sum:1 count:1}}
  f 1

eval instant at 0 h
  h {{schema:0 sum:1 count:1}}

eval instant at 0 count(h)
  {} 1

eval instant at 0 sort_by_label(f, "a")
  f 1

eval instant at 0 f
  f 1
`);
    expect(r.passed).toBe(1);
    expect(r.unsupported).toBe(3);
    expect(r.unsupportedList.map((u) => u.reason)).toEqual([
      'native histogram in expected result',
      'query reads native histogram series',
      'experimental function sort_by_label',
    ]);
  });

  it('records malformed commands as failures and goes on', () => {
    const r = run(`
load 1m
  m{a="x" 1

frobnicate

eval instant at 0 vector(1)
  {} 1
`);
    expect(r.failed).toBe(2);
    expect(r.passed).toBe(1);
    expect(r.failures[1].message).toContain('unknown command');
  });
});
