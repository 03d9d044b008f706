import { describe, expect, it } from 'vitest';
import { PromQLError } from '../errors.js';
import type { BinaryExpr, Expr } from './ast.js';
import { parseExpr } from './parse.js';

function parseErr(q: string): PromQLError {
  try {
    parseExpr(q);
  } catch (e) {
    expect(e).toBeInstanceOf(PromQLError);
    return e as PromQLError;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('parseExpr', () => {
  it('names the position (1-based column in the message, 0-based offset in the field) and what was expected', () => {
    const e = parseErr('sum(rate(x[5m])');
    expect(e.type).toBe('bad_data');
    expect(e.position).toBe(15);
    expect(e.message).toBe('1:16: parse error: unexpected end of input, expected "," or ")"');
    expect(parseErr('sum(x))').message).toBe(
      "1:7: parse error: unexpected right parenthesis ')', expected end of input",
    );
    expect(parseErr('foo{a=}').message).toContain('1:7: parse error: unexpected right brace');
    expect(parseErr('1 +').message).toBe('1:4: parse error: unexpected end of input, expected expression');
    expect(parseErr('x offset').message).toContain('expected duration');
    expect(parseErr('').message).toBe('1:1: parse error: no expression found in input');
  });

  it('reports unknown functions and type errors with their position', () => {
    expect(parseErr('foo(x)').message).toBe('1:1: parse error: unknown function with name "foo"');
    const t = parseErr('sum(x) + rate(y)');
    expect(t.message).toBe(
      '1:15: parse error: expected type range vector in call to function "rate", got instant vector',
    );
    expect(t.position).toBe(14);
    expect(parseErr('x[5m] + 1').message).toContain(
      'binary expression must contain only scalar and instant vector types',
    );
    expect(parseErr('sum(x[5m])').message).toContain(
      'expected type instant vector in aggregation expression, got range vector',
    );
    expect(parseErr('1 > 2').message).toContain('comparisons between scalars must use BOOL modifier');
    expect(parseErr('x + bool y').message).toContain(
      'bool modifier can only be used on comparison operators',
    );
    expect(parseErr('1 and x').message).toContain(
      'set operator "and" not allowed in binary scalar expression',
    );
    expect(parseErr('{}').message).toContain('vector selector must contain at least one non-empty matcher');
    expect(parseErr('x offset 1m offset 2m').message).toContain('offset may not be set multiple times');
    expect(parseErr('sum(x) offset 1m').message).toContain('offset modifier must be preceded by');
    expect(parseErr('round(x, 1, 2)').message).toContain(
      'expected at most 2 argument(s) in call to "round", got 3',
    );
    expect(parseErr('label_join(x, "a")').message).toContain('expected at least 3 argument(s)');
    expect(parseErr('x + on(a) group_left(a) y').message).toContain(
      'must not occur in ON and GROUP clause at once',
    );
  });

  it('flags experimental features as unsupported', () => {
    expect(parseErr('sort_by_label(x, "a")').unsupported).toBe('experimental function sort_by_label');
    expect(parseErr('limitk(2, x)').unsupported).toBe('experimental aggregation limitk');
    expect(parseErr('x[5m+1m]').unsupported).toBe('experimental duration expression');
    expect(parseExpr('sort_by_label(x, "a")', { experimental: true }).type).toBe('Call');
  });

  it('parses literals: hex, octal, exponents, Inf/NaN, durations as numbers, signed numbers', () => {
    const num = (q: string) => {
      const e = parseExpr(q);
      expect(e.type).toBe('NumberLiteral');
      return (e as { value: number }).value;
    };
    expect(num('0x1F')).toBe(31);
    expect(num('0755')).toBe(493);
    expect(num('1e3')).toBe(1000);
    expect(num('.5')).toBe(0.5);
    expect(num('2.')).toBe(2);
    expect(num('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(num('nan')).toBeNaN();
    expect(num('5m')).toBe(300);
    expect(num('1h30m')).toBe(5400);
    expect(num('- - 1')).toBe(1);
  });

  it('decodes strings with escapes, single quotes and raw backticks', () => {
    const str = (q: string) => (parseExpr(q) as { value: string }).value;
    expect(str('"a\\nb\\t\\"c\\""')).toBe('a\nb\t"c"');
    expect(str("'it\\'s'")).toBe("it's");
    expect(str('`raw\\n`')).toBe('raw\\n');
    expect(str('"\\u00e9\\x41\\101"')).toBe('éAA');
  });

  it('applies precedence, right-associative ^, unary minus and bool', () => {
    const e = parseExpr('a + b * c ^ d ^ e') as BinaryExpr;
    expect(e.op).toBe('+');
    const mul = e.rhs as BinaryExpr;
    expect(mul.op).toBe('*');
    const pow = mul.rhs as BinaryExpr;
    expect(pow.op).toBe('^');
    expect((pow.rhs as BinaryExpr).op).toBe('^');
    const cmp = parseExpr('x > bool 1') as BinaryExpr;
    expect(cmp.returnBool).toBe(true);
    const or = parseExpr('a and b or c') as BinaryExpr;
    expect(or.op).toBe('or');
    expect((or.lhs as BinaryExpr).op).toBe('and');
  });

  it('parses selectors with offset, @, negative offsets, ranges and subqueries', () => {
    const v = parseExpr('foo{a="b", c!~"x.*"} offset -5m @ 100');
    expect(v).toMatchObject({
      type: 'VectorSelector',
      name: 'foo',
      offsetMs: -300000,
      at: { kind: 'time', ms: 100000 },
      matchers: [
        { type: '=', name: '__name__', value: 'foo' },
        { type: '=', name: 'a', value: 'b' },
        { type: '!~', name: 'c', value: 'x.*' },
      ],
    });
    expect(parseExpr('rate(x[5m] @ start())')).toMatchObject({
      args: [{ type: 'MatrixSelector', rangeMs: 300000, selector: { at: { kind: 'start' } } }],
    });
    expect(parseExpr('max_over_time(rate(x[1m])[10m:30s] offset 1m)')).toMatchObject({
      args: [{ type: 'SubqueryExpr', rangeMs: 600000, stepMs: 30000, offsetMs: 60000 }],
    });
    expect(parseExpr('x[5m:]')).toMatchObject({ type: 'SubqueryExpr', stepMs: 0 });
    // offset binds to the closest selector even after a set operator.
    const b = parseExpr('a or b offset 1m') as BinaryExpr;
    expect((b.rhs as Expr & { offsetMs: number }).offsetMs).toBe(60000);
  });

  it('parses aggregation modifiers before or after the body and vector matching', () => {
    expect(parseExpr('sum by (a, b) (x)')).toMatchObject({ op: 'sum', grouping: ['a', 'b'], without: false });
    expect(parseExpr('sum(x) without (a)')).toMatchObject({ op: 'sum', grouping: ['a'], without: true });
    expect(parseExpr('topk(3, x)')).toMatchObject({ op: 'topk', param: { type: 'NumberLiteral', value: 3 } });
    expect(parseExpr('a / on(x) group_left(y) b')).toMatchObject({
      matching: { card: 'many-to-one', on: true, labels: ['x'], include: ['y'] },
    });
    expect(parseExpr('a - ignoring(x) group_right b')).toMatchObject({
      matching: { card: 'one-to-many', on: false, labels: ['x'], include: [] },
    });
    expect(parseExpr('a unless b')).toMatchObject({ matching: { card: 'many-to-many' } });
  });
});
