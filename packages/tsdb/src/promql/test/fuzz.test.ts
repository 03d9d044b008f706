import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Head } from '../../storage/head/head.js';
import { PromQLEngine } from '../engine.js';
import { PromQLError } from '../errors.js';
import { FUNCTIONS } from '../functions/registry.js';

function head(): Head {
  const h = new Head();
  const app = h.appender();
  for (let s = 0; s < 4; s++)
    for (let i = 0; i < 40; i++) {
      app.append({ __name__: 'm', job: s % 2 ? 'a' : 'b', i: String(s) }, i * 15_000, (i * (s + 1)) % 7);
      app.append({ __name__: 'b_bucket', le: ['0.1', '1', '+Inf', 'x'][s] }, i * 15_000, i * (s + 1));
    }
  app.commit();
  return h;
}

const leaf = fc.constantFrom(
  'm',
  'm{job="a"}',
  'm{i=~"1|2"}',
  'b_bucket',
  'nope',
  '1',
  '-2.5',
  'NaN',
  'Inf',
  'time()',
  '"s"',
  'm offset 1m',
  'm @ 100',
);
const duration = fc.constantFrom('1m', '30s', '5m', '0s', '1h');
const binOp = fc.constantFrom(
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '==',
  '!=',
  '>',
  '<',
  ' and ',
  ' or ',
  ' unless ',
  ' > bool ',
  ' atan2 ',
);
const aggOp = fc.constantFrom('sum', 'avg', 'min', 'max', 'count', 'stddev', 'group');
const names = [...FUNCTIONS.keys()];

/** Random PromQL-ish expressions: mostly well-formed, often ill-typed. */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), binOp, tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(aggOp, tie('e')).map(([op, a]) => `${op} by (job) (${a})`),
    fc.tuple(fc.constantFrom('topk', 'bottomk', 'quantile'), tie('e')).map(([op, a]) => `${op}(0.5, ${a})`),
    fc.tuple(fc.constantFrom(...names), tie('e'), duration).map(([f, a, d]) => `${f}(${a}[${d}])`),
    fc.tuple(fc.constantFrom(...names), tie('e')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('e'), duration).map(([a, d]) => `(${a})[${d}:15s]`),
    tie('e').map((a) => `-(${a})`),
    tie('e').map((a) => `histogram_quantile(0.9, ${a})`),
    tie('e').map((a) => `label_replace(${a}, "x", "$1", "job", "(.*)")`),
  ),
})).e;

function expectClean(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof PromQLError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('PromQL never crashes or hangs on bad input', () => {
  const h = head();
  const engine = new PromQLEngine({ limits: { timeoutMs: 2000, maxSamples: 2_000_000 } });

  it('parses arbitrary strings with a PromQLError or an AST', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => expectClean(() => engine.parse(q))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'sum',
            '(',
            ')',
            '{',
            '}',
            '[',
            ']',
            'm',
            '5m',
            ':',
            ',',
            '"a"',
            '=~',
            'by',
            'offset',
            '@',
            '-',
            '1',
            ' ',
          ),
          {
            maxLength: 25,
          },
        ),
        (parts) => expectClean(() => engine.parse(parts.join(''))),
      ),
      { numRuns: 500 },
    );
  });

  it('evaluates random expressions as instant and range queries without non-PromQL errors', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(expr, fc.integer({ min: 0, max: 700 }), (q, t) => {
        expectClean(() => {
          engine.instantQuery(h, q, t * 1000);
          evaluated++;
        });
        expectClean(() => engine.rangeQuery(h, q, t * 1000, t * 1000 + 120_000, 15_000));
      }),
      { numRuns: 400 },
    );
    // The generator must reach the evaluator, not only the type checker.
    expect(evaluated).toBeGreaterThan(100);
  });
});
