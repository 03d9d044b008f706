import type { Labels } from '../../model/labels.js';
import { labelsKey } from '../../model/labels.js';
import { PromQLError } from '../errors.js';
import type { BinaryOp, VectorMatching } from '../parse/ast.js';
import { isComparisonOp } from '../parse/ast.js';
import type { EvalContext } from './context.js';
import { goPow } from './float.js';
import { matchSignature, resultLabels } from './labels-ops.js';
import { newSeries, type ScalarValue, type StepSeries, type VectorValue } from './values.js';

/** Arithmetic on two floats; comparisons return 1 (true) / 0 (false). */
export function arith(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
    case '==':
      return l === r ? 1 : 0;
    case '!=':
      return l !== r ? 1 : 0;
    case '>':
      return l > r ? 1 : 0;
    case '<':
      return l < r ? 1 : 0;
    case '>=':
      return l >= r ? 1 : 0;
    case '<=':
      return l <= r ? 1 : 0;
    default:
      throw new PromQLError('internal', `operator ${op} not allowed for scalar operations`);
  }
}

export function scalarBinary(op: BinaryOp, l: ScalarValue, r: ScalarValue): ScalarValue {
  const out = new Float64Array(l.values.length);
  for (let i = 0; i < out.length; i++) out[i] = arith(op, l.values[i], r.values[i]);
  return { kind: 'scalar', values: out };
}

/** vector op scalar (or scalar op vector when `swap`). */
export function vectorScalarBinary(
  op: BinaryOp,
  vec: VectorValue,
  sc: ScalarValue,
  swap: boolean,
  returnBool: boolean,
  ctx: EvalContext,
): VectorValue {
  const cmp = isComparisonOp(op);
  const out: StepSeries[] = [];
  for (const s of vec.series) {
    ctx.state.tick();
    const r = newSeries(s.labels, ctx.steps, s.dropName || !cmp || returnBool);
    let any = false;
    for (let i = 0; i < ctx.steps; i++) {
      if (!s.present[i]) continue;
      const vv = s.values[i];
      const svv = sc.values[i];
      const res = swap ? arith(op, svv, vv) : arith(op, vv, svv);
      if (cmp) {
        if (returnBool) r.values[i] = res;
        else if (res === 1) r.values[i] = vv;
        else continue;
      } else r.values[i] = res;
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  ctx.state.addSamples(out.length * ctx.steps);
  return { kind: 'vector', series: out };
}

function groupBySig(
  series: StepSeries[],
  m: VectorMatching,
): { sigs: string[]; groups: Map<string, number[]> } {
  const sigs: string[] = [];
  const groups = new Map<string, number[]>();
  for (let i = 0; i < series.length; i++) {
    const sig = matchSignature(series[i].labels, m.on, m.labels);
    sigs.push(sig);
    const g = groups.get(sig);
    if (g) g.push(i);
    else groups.set(sig, [i]);
  }
  return { sigs, groups };
}

function formatLabelsForError(l: Labels): string {
  const parts = Object.keys(l)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`);
  return `{${parts.join(', ')}}`;
}

function matchedLabels(l: Labels, m: VectorMatching): Labels {
  const out: Record<string, string> = {};
  if (m.on) {
    for (const n of m.labels) if (l[n] !== undefined) out[n] = l[n];
  } else {
    for (const n of Object.keys(l)) if (n !== '__name__' && !m.labels.includes(n)) out[n] = l[n];
  }
  return out;
}

/** Set operators and/or/unless, evaluated per step. */
export function setBinary(
  op: 'and' | 'or' | 'unless',
  lhs: VectorValue,
  rhs: VectorValue,
  m: VectorMatching,
  ctx: EvalContext,
): VectorValue {
  const steps = ctx.steps;
  const l = groupBySig(lhs.series, m);
  const r = groupBySig(rhs.series, m);
  const anyPresent = (idxs: number[] | undefined, series: StepSeries[], i: number): boolean => {
    if (!idxs) return false;
    for (const k of idxs) if (series[k].present[i]) return true;
    return false;
  };
  const out: StepSeries[] = [];
  if (op === 'and' || op === 'unless') {
    lhs.series.forEach((s, li) => {
      const others = r.groups.get(l.sigs[li]);
      const res = newSeries(s.labels, steps, s.dropName);
      let any = false;
      for (let i = 0; i < steps; i++) {
        if (!s.present[i]) continue;
        const has = anyPresent(others, rhs.series, i);
        if (has === (op === 'and')) {
          res.values[i] = s.values[i];
          res.present[i] = 1;
          any = true;
        }
      }
      if (any) out.push(res);
    });
    return { kind: 'vector', series: out };
  }
  for (const s of lhs.series) out.push(s);
  rhs.series.forEach((s, ri) => {
    const others = l.groups.get(r.sigs[ri]);
    const res = newSeries(s.labels, steps, s.dropName);
    let any = false;
    for (let i = 0; i < steps; i++) {
      if (!s.present[i]) continue;
      if (anyPresent(others, lhs.series, i)) continue;
      res.values[i] = s.values[i];
      res.present[i] = 1;
      any = true;
    }
    if (any) out.push(res);
  });
  return { kind: 'vector', series: out };
}

/** Arithmetic/comparison between two instant vectors with one-to-one or many-to-one/one-to-many matching. */
export function vectorBinary(
  op: BinaryOp,
  lhsIn: VectorValue,
  rhsIn: VectorValue,
  m: VectorMatching,
  returnBool: boolean,
  ctx: EvalContext,
): VectorValue {
  const steps = ctx.steps;
  const swapped = m.card === 'one-to-many';
  const many = swapped ? rhsIn.series : lhsIn.series;
  const one = swapped ? lhsIn.series : rhsIn.series;
  const cmp = isComparisonOp(op);
  const dropName = !cmp || returnBool;
  const manyG = groupBySig(many, m);
  const oneG = groupBySig(one, m);
  const outByKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  const pairLabels = new Map<string, { labels: Labels; key: string }>();

  // Duplicate series on the "one" side are an error whenever the other side has any sample at that step.
  const manyAny = new Uint8Array(steps);
  for (const s of many) for (let i = 0; i < steps; i++) manyAny[i] |= s.present[i];
  for (const oneIdx of oneG.groups.values()) {
    if (oneIdx.length < 2) continue;
    for (let i = 0; i < steps; i++) {
      if (!manyAny[i]) continue;
      let first = -1;
      for (const k of oneIdx) {
        if (!one[k].present[i]) continue;
        if (first < 0) {
          first = k;
          continue;
        }
        const side = swapped ? 'left' : 'right';
        throw new PromQLError(
          'execution',
          `found duplicate series for the match group ${formatLabelsForError(matchedLabels(one[k].labels, m))} on the ${side} hand-side of the operation: [${formatLabelsForError(one[k].labels)}, ${formatLabelsForError(one[first].labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
    }
  }

  for (const [sig, manyIdx] of manyG.groups) {
    const oneIdx = oneG.groups.get(sig);
    if (!oneIdx) continue;
    for (let i = 0; i < steps; i++) {
      ctx.state.tick();
      let ri = -1;
      for (const k of oneIdx) {
        if (!one[k].present[i]) continue;
        if (ri >= 0) {
          const side = swapped ? 'left' : 'right';
          throw new PromQLError(
            'execution',
            `found duplicate series for the match group ${formatLabelsForError(matchedLabels(one[k].labels, m))} on the ${side} hand-side of the operation: [${formatLabelsForError(one[k].labels)}, ${formatLabelsForError(one[ri].labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
          );
        }
        ri = k;
      }
      if (ri < 0) continue;
      const rs = one[ri];
      let matched = 0;
      const seen = m.card === 'one-to-one' ? undefined : new Set<string>();
      for (const li of manyIdx) {
        const ls = many[li];
        if (!ls.present[i]) continue;
        matched++;
        if (m.card === 'one-to-one' && matched > 1)
          throw new PromQLError(
            'execution',
            'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
          );
        const fl = swapped ? rs.values[i] : ls.values[i];
        const fr = swapped ? ls.values[i] : rs.values[i];
        const res = arith(op, fl, fr);
        let v: number;
        if (cmp) {
          if (returnBool) v = res;
          else if (res === 1) v = fl;
          else {
            if (seen) {
              const pk = `${li}/${ri}`;
              let pl = pairLabels.get(pk);
              if (!pl) {
                const labels = resultLabels(ls.labels, rs.labels, dropName, m);
                pl = { labels, key: labelsKey(labels) };
                pairLabels.set(pk, pl);
              }
              if (seen.has(pl.key))
                throw new PromQLError(
                  'execution',
                  'multiple matches for labels: grouping labels must ensure unique matches',
                );
              seen.add(pl.key);
            }
            continue;
          }
        } else v = res;
        const pk = `${li}/${ri}`;
        let pl = pairLabels.get(pk);
        if (!pl) {
          const labels = resultLabels(ls.labels, rs.labels, dropName, m);
          pl = { labels, key: labelsKey(labels) };
          pairLabels.set(pk, pl);
        }
        if (seen) {
          if (seen.has(pl.key))
            throw new PromQLError(
              'execution',
              'multiple matches for labels: grouping labels must ensure unique matches',
            );
          seen.add(pl.key);
        }
        let os = outByKey.get(pl.key);
        if (!os) {
          os = newSeries(pl.labels, steps, returnBool && !dropName);
          outByKey.set(pl.key, os);
          out.push(os);
        }
        os.values[i] = v;
        os.present[i] = 1;
      }
    }
  }
  ctx.state.addSamples(out.length * steps);
  return { kind: 'vector', series: out };
}
