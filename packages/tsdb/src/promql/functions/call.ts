import { type Labels, METRIC_NAME } from '../../model/labels.js';
import { type EvalContext, stepTime } from '../eval/context.js';
import { parseGoFloat } from '../eval/float.js';
import { withoutName } from '../eval/labels-ops.js';
import { mergeSameLabels } from '../eval/merge.js';
import { forEachWindow } from '../eval/selectors.js';
import {
  type MatrixValue,
  newSeries,
  type ScalarValue,
  type StepSeries,
  type Value,
  type VectorValue,
} from '../eval/values.js';
import type { Call, Expr } from '../parse/ast.js';
import { bucketQuantile } from './histogram-quantile.js';
import { labelJoin, labelReplace } from './label-functions.js';
import { DATE_FUNCTIONS, MATH_FUNCTIONS } from './math.js';
import { KEEPS_NAME, WINDOW_FUNCTIONS, type WindowArgs } from './range-functions.js';

/** What a function needs from the evaluator. */
export interface CallEvaluator {
  eval(e: Expr, ctx: EvalContext): Value;
  /** Evaluates a vector selector returning sample timestamps (for timestamp()). */
  evalTimestamps(e: Expr, ctx: EvalContext): VectorValue | undefined;
}

function unwrap(e: Expr): Expr {
  while (e.type === 'ParenExpr') e = e.expr;
  return e;
}

function mapValues(
  v: VectorValue,
  ctx: EvalContext,
  f: (x: number, i: number) => number,
  dropName = true,
): VectorValue {
  const out: StepSeries[] = v.series.map((s) => {
    const r = newSeries(s.labels, ctx.steps, s.dropName || dropName);
    r.present.set(s.present);
    for (let i = 0; i < ctx.steps; i++) if (s.present[i]) r.values[i] = f(s.values[i], i);
    return r;
  });
  ctx.state.addSamples(out.length * ctx.steps);
  return { kind: 'vector', series: out };
}

function scalarOf(values: Float64Array): ScalarValue {
  return { kind: 'scalar', values };
}

function absentLabels(e: Expr): Labels {
  const u = unwrap(e);
  const sel = u.type === 'VectorSelector' ? u : u.type === 'MatrixSelector' ? u.selector : undefined;
  const out: Record<string, string> = {};
  if (!sel) return out;
  const has = new Set<string>();
  for (const m of sel.matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !has.has(m.name)) {
      if (m.value === '') delete out[m.name];
      else out[m.name] = m.value;
      has.add(m.name);
    } else delete out[m.name];
  }
  return out;
}

function applyWindowFunction(
  name: string,
  m: MatrixValue,
  param: ScalarValue | undefined,
  ctx: EvalContext,
): VectorValue {
  const fn = WINDOW_FUNCTIONS[name];
  const keep = KEEPS_NAME.has(name);
  // predict_linear depends on the step time even when its window is fixed by `@`
  // (one of Prometheus' "@-unsafe" functions).
  const everyStep = name === 'predict_linear';
  const fixed = m.fixed && !everyStep;
  const steps = ctx.steps;
  const out: StepSeries[] = [];
  const args: WindowArgs = { end: 0, rangeMs: m.rangeMs, stepT: 0, param: 0 };
  for (const s of m.series) {
    ctx.state.tick();
    const r = newSeries(s.labels, steps, s.dropName || !keep);
    let any = false;
    const ts = s.ts;
    const vs = s.vs;
    forEachWindow(
      m,
      s,
      steps,
      (lo, hi, i) => {
        args.end = m.ends[i];
        args.stepT = stepTime(ctx, i);
        args.param = param ? param.values[i] : 0;
        const v = fn(ts, vs, lo, hi, args);
        if (v === undefined) return;
        r.values[i] = v;
        r.present[i] = 1;
        any = true;
      },
      ctx.state,
      everyStep,
    );
    if (!any) continue;
    if (fixed) {
      r.values.fill(r.values[0]);
      r.present.fill(1);
    }
    out.push(r);
  }
  ctx.state.addSamples(out.length * steps);
  return { kind: 'vector', series: out };
}

function absentOverTime(m: MatrixValue, labels: Labels, ctx: EvalContext): VectorValue {
  const r = newSeries(labels, ctx.steps);
  r.present.fill(1);
  r.values.fill(1);
  for (const s of m.series) forEachWindow(m, s, ctx.steps, (_lo, _hi, i) => (r.present[i] = 0));
  if (m.fixed && !r.present[0]) r.present.fill(0);
  return { kind: 'vector', series: r.present.some((p) => p === 1) ? [r] : [] };
}

function histogramQuantile(q: ScalarValue, v: VectorValue, ctx: EvalContext): VectorValue {
  const groups = new Map<string, { labels: Labels; members: { upper: number; s: StepSeries }[] }>();
  for (const s of v.series) {
    const le = s.labels.le;
    const upper = le === undefined ? undefined : parseGoFloat(le);
    if (upper === undefined) continue;
    const rest: Record<string, string> = {};
    for (const k of Object.keys(s.labels)) if (k !== 'le') rest[k] = s.labels[k];
    const key = Object.keys(rest)
      .sort()
      .map((k) => `${k}\xff${rest[k]}`)
      .join('\xfe');
    let g = groups.get(key);
    if (!g) {
      g = { labels: withoutName(rest), members: [] };
      groups.set(key, g);
    }
    g.members.push({ upper, s });
  }
  const out: StepSeries[] = [];
  const buckets: { upper: number; count: number }[] = [];
  for (const g of groups.values()) {
    const r = newSeries(g.labels, ctx.steps, true);
    let any = false;
    for (let i = 0; i < ctx.steps; i++) {
      buckets.length = 0;
      for (const m of g.members) if (m.s.present[i]) buckets.push({ upper: m.upper, count: m.s.values[i] });
      if (buckets.length === 0) continue;
      r.values[i] = bucketQuantile(q.values[i], buckets);
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  return { kind: 'vector', series: out };
}

function sortInstant(v: VectorValue, ctx: EvalContext, desc: boolean): VectorValue {
  if (ctx.steps !== 1) return v;
  const series = [...v.series];
  series.sort((a, b) => {
    const x = a.values[0];
    const y = b.values[0];
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn && yn ? 0 : xn ? 1 : -1;
    return desc ? y - x : x - y;
  });
  return { kind: 'vector', series };
}

/** Evaluates a function call over all steps. */
export function evalCall(call: Call, ctx: EvalContext, ev: CallEvaluator): Value {
  const name = call.func;
  const args = call.args;
  const steps = ctx.steps;
  const vec = (i: number) => ev.eval(args[i], ctx) as VectorValue;
  const sc = (i: number) => ev.eval(args[i], ctx) as ScalarValue;
  const str = (i: number) => (ev.eval(args[i], ctx) as { value: string }).value;

  if (name in WINDOW_FUNCTIONS) {
    const mi = name === 'quantile_over_time' ? 1 : 0;
    const pi = name === 'quantile_over_time' ? 0 : name === 'predict_linear' ? 1 : -1;
    const param = pi >= 0 ? sc(pi) : undefined;
    const m = ev.eval(args[mi], ctx) as MatrixValue;
    return applyWindowFunction(name, m, param, ctx);
  }
  if (name in MATH_FUNCTIONS) {
    const f = MATH_FUNCTIONS[name];
    return mapValues(vec(0), ctx, (x) => f(x));
  }
  if (name in DATE_FUNCTIONS) {
    const f = DATE_FUNCTIONS[name];
    if (args.length === 0) {
      const r = newSeries({}, steps);
      for (let i = 0; i < steps; i++) r.values[i] = f(stepTime(ctx, i) / 1000);
      r.present.fill(1);
      return { kind: 'vector', series: [r] };
    }
    return mapValues(vec(0), ctx, (x) => f(x));
  }
  switch (name) {
    case 'absent_over_time':
      return absentOverTime(ev.eval(args[0], ctx) as MatrixValue, absentLabels(args[0]), ctx);
    case 'absent': {
      const v = vec(0);
      const r = newSeries(absentLabels(args[0]), steps);
      for (let i = 0; i < steps; i++) {
        r.present[i] = 1;
        r.values[i] = 1;
      }
      for (const s of v.series) for (let i = 0; i < steps; i++) if (s.present[i]) r.present[i] = 0;
      return { kind: 'vector', series: r.present.some((p) => p === 1) ? [r] : [] };
    }
    case 'clamp': {
      const v = vec(0);
      const lo = sc(1);
      const hi = sc(2);
      const out = mapValues(v, ctx, (x, i) => Math.max(lo.values[i], Math.min(hi.values[i], x)));
      for (const s of out.series)
        for (let i = 0; i < steps; i++) if (hi.values[i] < lo.values[i]) s.present[i] = 0;
      out.series = out.series.filter((s) => s.present.some((p) => p === 1));
      return out;
    }
    case 'clamp_min': {
      const lo = sc(1);
      return mapValues(vec(0), ctx, (x, i) => Math.max(lo.values[i], x));
    }
    case 'clamp_max': {
      const hi = sc(1);
      return mapValues(vec(0), ctx, (x, i) => Math.min(hi.values[i], x));
    }
    case 'round': {
      const to = args.length > 1 ? sc(1) : undefined;
      return mapValues(vec(0), ctx, (x, i) => {
        const inv = 1 / (to ? to.values[i] : 1);
        return Math.floor(x * inv + 0.5) / inv;
      });
    }
    case 'timestamp': {
      const t = ev.evalTimestamps(args[0], ctx);
      if (t) {
        for (const s of t.series) s.dropName = true;
        return t;
      }
      return mapValues(vec(0), ctx, (_x, i) => stepTime(ctx, i) / 1000);
    }
    case 'sort':
      return sortInstant(vec(0), ctx, false);
    case 'sort_desc':
      return sortInstant(vec(0), ctx, true);
    case 'histogram_quantile': {
      const q = sc(0);
      return histogramQuantile(q, vec(1), ctx);
    }
    case 'histogram_count':
    case 'histogram_sum':
    case 'histogram_avg':
    case 'histogram_stddev':
    case 'histogram_stdvar':
      vec(0);
      return { kind: 'vector', series: [] };
    case 'histogram_fraction':
      vec(2);
      return { kind: 'vector', series: [] };
    case 'label_replace': {
      const v = labelReplace(vec(0), str(1), str(2), str(3), str(4));
      return { kind: 'vector', series: mergeSameLabels(v.series, false) };
    }
    case 'label_join': {
      const srcs: string[] = [];
      for (let i = 3; i < args.length; i++) srcs.push(str(i));
      const v = labelJoin(vec(0), str(1), str(2), srcs);
      return { kind: 'vector', series: mergeSameLabels(v.series, false) };
    }
    case 'pi':
      return scalarOf(new Float64Array(steps).fill(Math.PI));
    case 'time': {
      const out = new Float64Array(steps);
      for (let i = 0; i < steps; i++) out[i] = stepTime(ctx, i) / 1000;
      return scalarOf(out);
    }
    case 'scalar': {
      const v = vec(0);
      const out = new Float64Array(steps).fill(Number.NaN);
      const counts = new Uint32Array(steps);
      for (const s of v.series)
        for (let i = 0; i < steps; i++)
          if (s.present[i]) {
            counts[i]++;
            out[i] = s.values[i];
          }
      for (let i = 0; i < steps; i++) if (counts[i] !== 1) out[i] = Number.NaN;
      return scalarOf(out);
    }
    case 'vector': {
      const s = sc(0);
      const r = newSeries({}, steps);
      r.values.set(s.values);
      r.present.fill(1);
      return { kind: 'vector', series: [r] };
    }
    default:
      throw new Error(`function ${name} not implemented`);
  }
}
