import { labelsKey } from '../../model/labels.js';
import { PromQLError } from '../errors.js';
import type { EvalContext } from '../eval/context.js';
import { formatFloatF, kahan, kahanSumInc, quantile } from '../eval/float.js';
import { newSeries, type ScalarValue, type StepSeries, type VectorValue } from '../eval/values.js';
import type { AggregateOp } from '../parse/ast.js';
import { goQuote, isValidUtf8 } from '../parse/lexical.js';
import { groupLabels, groupSeries } from './grouping.js';

export interface AggregateArgs {
  op: AggregateOp;
  input: VectorValue;
  grouping: string[];
  without: boolean;
  param?: ScalarValue | string;
}

/** Evaluates an aggregation over all steps. */
export function aggregate(a: AggregateArgs, ctx: EvalContext): VectorValue {
  switch (a.op) {
    case 'topk':
    case 'bottomk':
      return topk(a, ctx);
    case 'count_values':
      return countValues(a, ctx);
    default:
      return simpleAggregate(a, ctx);
  }
}

function simpleAggregate(a: AggregateArgs, ctx: EvalContext): VectorValue {
  const { steps } = ctx;
  const series = a.input.series;
  const groups = groupSeries(series, a.grouping, a.without);
  const out: StepSeries[] = [];
  const qParam = a.param as ScalarValue | undefined;
  const buf: number[] = [];
  for (const g of groups) {
    ctx.state.tick();
    const res = newSeries(g.labels, steps, g.dropName);
    let any = false;
    for (let i = 0; i < steps; i++) {
      let count = 0;
      let value = 0;
      let c = 0;
      let mean = 0;
      let incremental = false;
      buf.length = 0;
      for (const idx of g.members) {
        const s = series[idx];
        if (!s.present[i]) continue;
        const f = s.values[i];
        count++;
        if (count === 1) {
          value = f;
          mean = f;
          c = 0;
          if (a.op === 'stddev' || a.op === 'stdvar') value = Number.isFinite(f) ? 0 : Number.NaN;
          if (a.op === 'quantile') buf.push(f);
          continue;
        }
        switch (a.op) {
          case 'sum':
            value = kahanSumInc(f, value, c);
            c = kahan.c;
            break;
          case 'avg': {
            if (!incremental) {
              const nv = kahanSumInc(f, value, c);
              if (nv !== Number.POSITIVE_INFINITY && nv !== Number.NEGATIVE_INFINITY) {
                value = nv;
                c = kahan.c;
                break;
              }
              incremental = true;
              mean = value / (count - 1);
              c /= count - 1;
            }
            const q = (count - 1) / count;
            mean = kahanSumInc(f / count, q * mean, q * c);
            c = kahan.c;
            break;
          }
          case 'min':
            if (value > f || Number.isNaN(value)) value = f;
            break;
          case 'max':
            if (value < f || Number.isNaN(value)) value = f;
            break;
          case 'stddev':
          case 'stdvar': {
            const delta = f - mean;
            mean += delta / count;
            value += delta * (f - mean);
            break;
          }
          case 'quantile':
            buf.push(f);
            break;
          default:
            break;
        }
      }
      if (count === 0) continue;
      let v: number;
      switch (a.op) {
        case 'sum':
          v = value + c;
          break;
        case 'avg':
          v = incremental ? mean + c : value / count + c / count;
          break;
        case 'count':
          v = count;
          break;
        case 'group':
          v = 1;
          break;
        case 'stdvar':
          v = value / count;
          break;
        case 'stddev':
          v = Math.sqrt(value / count);
          break;
        case 'quantile':
          v = quantile(qParam!.values[i], buf);
          break;
        default:
          v = value;
      }
      res.values[i] = v;
      res.present[i] = 1;
      any = true;
    }
    if (any) out.push(res);
  }
  ctx.state.addSamples(out.length * steps);
  return { kind: 'vector', series: out };
}

/** topk/bottomk: the k largest/smallest series per group and step, keeping their labels. */
function topk(a: AggregateArgs, ctx: EvalContext): VectorValue {
  const { steps } = ctx;
  const series = a.input.series;
  const kParam = a.param as ScalarValue;
  for (let i = 0; i < steps; i++) {
    if (Number.isNaN(kParam.values[i])) throw new PromQLError('execution', 'Parameter value is NaN');
  }
  const groups = groupSeries(series, a.grouping, a.without);
  const bottom = a.op === 'bottomk';
  const outSeries = new Map<number, StepSeries>();
  const order: number[] = [];
  // Better-first comparator: NaN always last.
  const cmp = (x: number, y: number): number => {
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn && yn ? 0 : xn ? 1 : -1;
    return bottom ? x - y || 0 : y - x || 0;
  };
  const cand: number[] = [];
  for (let i = 0; i < steps; i++) {
    let kf = kParam.values[i];
    if (kf >= 9.2e18) kf = 9.2e18;
    const k = Math.trunc(kf);
    if (k < 1) continue;
    for (const g of groups) {
      ctx.state.tick();
      cand.length = 0;
      for (const idx of g.members) if (series[idx].present[i]) cand.push(idx);
      if (cand.length === 0) continue;
      cand.sort((x, y) => cmp(series[x].values[i], series[y].values[i]));
      const n = Math.min(k, cand.length);
      for (let j = 0; j < n; j++) {
        const idx = cand[j];
        let os = outSeries.get(idx);
        if (!os) {
          os = newSeries(series[idx].labels, steps, series[idx].dropName);
          outSeries.set(idx, os);
        }
        os.values[i] = series[idx].values[i];
        os.present[i] = 1;
        if (steps === 1) order.push(idx);
      }
    }
  }
  const keys = steps === 1 ? order : [...outSeries.keys()];
  const out = keys.map((k) => outSeries.get(k)!);
  ctx.state.addSamples(out.length * steps);
  return { kind: 'vector', series: out };
}

/** count_values: how many series per group have each value, as a new label. */
function countValues(a: AggregateArgs, ctx: EvalContext): VectorValue {
  const { steps } = ctx;
  const label = a.param as string;
  if (!isValidUtf8(label) || label === '')
    throw new PromQLError('execution', `invalid label name ${goQuote(label)}`);
  const series = a.input.series;
  const out = new Map<string, StepSeries>();
  const groupOf = series.map((s) => groupLabels(s.labels, a.grouping, a.without));
  for (let i = 0; i < steps; i++) {
    ctx.state.tick();
    series.forEach((s, idx) => {
      if (!s.present[i]) return;
      const labels = { ...groupOf[idx], [label]: formatFloatF(s.values[i]) };
      const key = labelsKey(labels);
      let os = out.get(key);
      if (!os) {
        os = newSeries(labels, steps);
        out.set(key, os);
      }
      if (!os.present[i]) {
        os.present[i] = 1;
        os.values[i] = 0;
      }
      os.values[i]++;
    });
  }
  ctx.state.addSamples(out.size * steps);
  return { kind: 'vector', series: [...out.values()] };
}
