import { aggregate } from '../aggregations/aggregate.js';
import { evalCall } from '../functions/call.js';
import type { Expr, SubqueryExpr } from '../parse/ast.js';
import { isSetOp } from '../parse/ast.js';
import { scalarBinary, setBinary, vectorBinary, vectorScalarBinary } from './binary.js';
import { type EvalContext, makeContext } from './context.js';
import { evalMatrixSelector, evalVectorSelector, resolveAt, selectorTimes } from './selectors.js';
import type { MatrixValue, RangeSeries, ScalarValue, StepSeries, Value, VectorValue } from './values.js';

function unwrap(e: Expr): Expr {
  while (e.type === 'ParenExpr') e = e.expr;
  return e;
}

/** Evaluates a subquery: the inner expression on its own aligned step grid, as raw samples. */
function evalSubquery(sq: SubqueryExpr, ctx: EvalContext): MatrixValue {
  const state = ctx.state;
  const step = sq.stepMs || state.defaultStepMs;
  const { ends, fixed } = selectorTimes(ctx, sq.offsetMs, sq.at);
  const series: RangeSeries[] = [];
  const result: MatrixValue = { kind: 'matrix', series, rangeMs: sq.rangeMs, ends, fixed };
  if (ctx.steps === 0) return result;
  const innerEnd = sq.at ? resolveAt(state, sq.at) - sq.offsetMs : ctx.end - sq.offsetMs;
  const lowest = (sq.at ? innerEnd : ctx.start - sq.offsetMs) - sq.rangeMs;
  let innerStart = step * Math.trunc(lowest / step);
  if (innerStart <= lowest) innerStart += step;
  const inner = makeContext(state, innerStart, innerEnd, step);
  if (inner.steps === 0) return result;
  const v = evaluate(sq.expr, inner) as VectorValue;
  for (const s of v.series) {
    let n = 0;
    for (let i = 0; i < inner.steps; i++) n += s.present[i];
    const ts = new Float64Array(n);
    const vs = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < inner.steps; i++) {
      if (!s.present[i]) continue;
      ts[k] = innerStart + i * step;
      vs[k++] = s.values[i];
    }
    series.push({ labels: s.labels, dropName: s.dropName, ts, vs });
  }
  return result;
}

const callEvaluator = {
  eval: (e: Expr, ctx: EvalContext) => evaluate(e, ctx),
  evalTimestamps: (e: Expr, ctx: EvalContext): VectorValue | undefined => {
    const u = unwrap(e);
    return u.type === 'VectorSelector' ? evalVectorSelector(u, ctx, true) : undefined;
  },
};

/** Evaluates an expression for every step of `ctx`. */
export function evaluate(e: Expr, ctx: EvalContext): Value {
  ctx.state.tick();
  switch (e.type) {
    case 'NumberLiteral':
      return { kind: 'scalar', values: new Float64Array(ctx.steps).fill(e.value) };
    case 'StringLiteral':
      return { kind: 'string', value: e.value };
    case 'ParenExpr':
      return evaluate(e.expr, ctx);
    case 'VectorSelector':
      return evalVectorSelector(e, ctx);
    case 'MatrixSelector':
      return evalMatrixSelector(e, ctx);
    case 'SubqueryExpr':
      return evalSubquery(e, ctx);
    case 'UnaryExpr': {
      const v = evaluate(e.expr, ctx);
      if (e.op === '+') return v;
      if (v.kind === 'scalar') return { kind: 'scalar', values: v.values.map((x) => -x) };
      const vv = v as VectorValue;
      const series: StepSeries[] = vv.series.map((s) => ({
        labels: s.labels,
        dropName: true,
        present: s.present,
        values: s.values.map((x) => -x),
      }));
      return { kind: 'vector', series };
    }
    case 'Call':
      return evalCall(e, ctx, callEvaluator);
    case 'AggregateExpr': {
      const param = e.param ? evaluate(e.param, ctx) : undefined;
      const input = evaluate(e.expr, ctx) as VectorValue;
      return aggregate(
        {
          op: e.op,
          input,
          grouping: e.grouping,
          without: e.without,
          param: param ? (param.kind === 'string' ? param.value : (param as ScalarValue)) : undefined,
        },
        ctx,
      );
    }
    case 'BinaryExpr': {
      const l = evaluate(e.lhs, ctx);
      const r = evaluate(e.rhs, ctx);
      if (l.kind === 'scalar' && r.kind === 'scalar') return scalarBinary(e.op, l, r);
      if (l.kind === 'vector' && r.kind === 'scalar')
        return vectorScalarBinary(e.op, l, r, false, e.returnBool, ctx);
      if (l.kind === 'scalar' && r.kind === 'vector')
        return vectorScalarBinary(e.op, r, l, true, e.returnBool, ctx);
      const lv = l as VectorValue;
      const rv = r as VectorValue;
      if (isSetOp(e.op)) return setBinary(e.op as 'and' | 'or' | 'unless', lv, rv, e.matching!, ctx);
      return vectorBinary(e.op, lv, rv, e.matching!, e.returnBool, ctx);
    }
  }
}
