import type { Queryable } from '../storage/types.js';
import { PromQLError } from './errors.js';
import { DEFAULT_LIMITS, makeContext, QueryState } from './eval/context.js';
import { evaluate } from './eval/evaluator.js';
import { compareLabels } from './eval/labels-ops.js';
import { mergeSameLabels } from './eval/merge.js';
import { forEachWindow } from './eval/selectors.js';
import type { MatrixValue } from './eval/values.js';
import type { Expr } from './parse/ast.js';
import { exprType, parseExpr, typeName } from './parse/parse.js';
import type { EngineOptions, MatrixSeries, Point, QueryLimits, QueryResult, VectorSample } from './types.js';

const DEFAULT_LOOKBACK_MS = 5 * 60 * 1000;
const DEFAULT_STEP_MS = 60 * 1000;

/** Evaluates PromQL with Prometheus 3.x semantics over any Queryable. */
export class PromQLEngine {
  private readonly lookbackMs: number;
  private readonly limits: QueryLimits;

  constructor(opts: EngineOptions = {}) {
    this.lookbackMs = opts.lookbackDeltaMs ?? DEFAULT_LOOKBACK_MS;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  /** Parses and type-checks an expression; throws PromQLError (bad_data) with the position. */
  parse(expr: string): Expr {
    return parseExpr(expr);
  }

  instantQuery(q: Queryable, expr: string, timeMs: number): QueryResult {
    const ast = this.parse(expr);
    // Timestamps are integer milliseconds, as in Prometheus (sub-ms parts are dropped).
    timeMs = Math.floor(timeMs);
    checkTime('time', timeMs);
    const state = new QueryState(q, this.limits, this.lookbackMs, timeMs, timeMs, DEFAULT_STEP_MS);
    const ctx = makeContext(state, timeMs, timeMs, 1);
    const v = run(() => evaluate(ast, ctx));
    switch (v.kind) {
      case 'scalar':
        return { resultType: 'scalar', result: { t: timeMs, v: v.values[0] } };
      case 'string':
        return { resultType: 'string', result: { t: timeMs, v: v.value } };
      case 'matrix':
        return { resultType: 'matrix', result: matrixAt(v) };
      case 'vector': {
        const series = run(() => mergeSameLabels(v.series, true));
        const result: VectorSample[] = [];
        for (const s of series)
          if (s.present[0]) result.push({ metric: s.labels, point: { t: timeMs, v: s.values[0] } });
        return { resultType: 'vector', result };
      }
    }
  }

  rangeQuery(q: Queryable, expr: string, startMs: number, endMs: number, stepMs: number): QueryResult {
    const ast = this.parse(expr);
    startMs = Math.floor(startMs);
    endMs = Math.floor(endMs);
    stepMs = Math.trunc(stepMs);
    checkTime('start', startMs);
    checkTime('end', endMs);
    const t = exprType(ast);
    if (t !== 'scalar' && t !== 'vector')
      throw new PromQLError(
        'bad_data',
        `invalid expression type "${typeName(t)}" for range query, must be Scalar or instant Vector`,
      );
    if (!(stepMs > 0))
      throw new PromQLError(
        'bad_data',
        'zero or negative query resolution step widths are not accepted. Try a positive integer',
      );
    if (endMs < startMs) throw new PromQLError('bad_data', 'end timestamp must not be before start time');
    const state = new QueryState(q, this.limits, this.lookbackMs, startMs, endMs, DEFAULT_STEP_MS);
    const ctx = makeContext(state, startMs, endMs, stepMs);
    const v = run(() => evaluate(ast, ctx));
    const result: MatrixSeries[] = [];
    if (v.kind === 'scalar') {
      const points: Point[] = [];
      for (let i = 0; i < ctx.steps; i++) points.push({ t: startMs + i * stepMs, v: v.values[i] });
      result.push({ metric: {}, points });
    } else if (v.kind === 'vector') {
      const series = run(() => mergeSameLabels(v.series, true));
      for (const s of series) {
        const points: Point[] = [];
        for (let i = 0; i < ctx.steps; i++)
          if (s.present[i]) points.push({ t: startMs + i * stepMs, v: s.values[i] });
        if (points.length) result.push({ metric: s.labels, points });
      }
      result.sort((a, b) => compareLabels(a.metric, b.metric));
    }
    return { resultType: 'matrix', result };
  }
}

function checkTime(name: string, ms: number): void {
  if (!Number.isFinite(ms))
    throw new PromQLError('bad_data', `invalid ${name}: must be a finite timestamp in milliseconds`);
}

/** Runs evaluation, turning engine-internal failures into PromQLErrors (stack overflow, bad allocation). */
function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PromQLError) throw e;
    if (e instanceof RangeError)
      throw new PromQLError('execution', `query too complex to evaluate: ${e.message}`);
    throw e;
  }
}

/** The samples of a range value at an instant query's time. */
function matrixAt(m: MatrixValue): MatrixSeries[] {
  const out: MatrixSeries[] = [];
  for (const s of m.series) {
    forEachWindow(m, s, 1, (lo, hi) => {
      const points: Point[] = [];
      for (let i = lo; i < hi; i++) points.push({ t: s.ts[i], v: s.vs[i] });
      const labels = s.dropName
        ? Object.fromEntries(Object.entries(s.labels).filter(([k]) => k !== '__name__'))
        : s.labels;
      out.push({ metric: labels, points });
    });
  }
  out.sort((a, b) => compareLabels(a.metric, b.metric));
  return out;
}
