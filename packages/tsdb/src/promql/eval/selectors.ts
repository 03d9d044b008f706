import { isStaleNaN } from '../../model/value.js';
import type { Matcher } from '../../storage/types.js';
import { goRegexToJs } from '../functions/regex.js';
import type { AtModifier, MatrixSelector, VectorSelector } from '../parse/ast.js';
import { type EvalContext, type QueryState, stepTime } from './context.js';
import {
  type MatrixValue,
  newSeries,
  type RangeSeries,
  type StepSeries,
  type VectorValue,
} from './values.js';

export function resolveAt(state: QueryState, at: AtModifier): number {
  return at.kind === 'time' ? at.ms : at.kind === 'start' ? state.queryStart : state.queryEnd;
}

/** The time every step of a selector looks at: `(@ or step time) - offset`. */
export function selectorTimes(
  ctx: EvalContext,
  offsetMs: number,
  at: AtModifier | undefined,
): { ends: Float64Array; fixed: boolean } {
  const ends = new Float64Array(ctx.steps);
  if (at) {
    ends.fill(resolveAt(ctx.state, at) - offsetMs);
    return { ends, fixed: true };
  }
  for (let i = 0; i < ctx.steps; i++) ends[i] = stepTime(ctx, i) - offsetMs;
  return { ends, fixed: false };
}

/**
 * Index of the last sample with ts <= t, searching forward from `from` (-1 for none):
 * a short linear probe, then binary search for long jumps.
 */
function lastAtOrBefore(ts: ArrayLike<number>, from: number, n: number, t: number): number {
  let j = from;
  for (let k = 0; k < 8; k++) {
    if (j + 1 >= n || ts[j + 1] > t) return j;
    j++;
  }
  let lo = j + 1;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** First index >= from with ts > t (n if none). */
function firstAfter(ts: ArrayLike<number>, from: number, n: number, t: number): number {
  return lastAtOrBefore(ts, from - 1, n, t) + 1;
}

/** Matchers as the storage expects them: regexes translated from RE2 to JS syntax. */
function storageMatchers(matchers: Matcher[]): Matcher[] {
  return matchers.map((m) =>
    m.type === '=~' || m.type === '!~' ? { ...m, value: goRegexToJs(m.value) } : m,
  );
}

function isStale(v: number): boolean {
  return isStaleNaN(v);
}

/**
 * Evaluates an instant vector selector: for each step, the newest sample in (t - lookback, t],
 * unless it is a staleness marker. With `timestamps`, the value is the sample's timestamp in seconds.
 */
export function evalVectorSelector(sel: VectorSelector, ctx: EvalContext, timestamps = false): VectorValue {
  const { state, steps } = ctx;
  const out: StepSeries[] = [];
  if (steps === 0) return { kind: 'vector', series: out };
  const { ends, fixed } = selectorTimes(ctx, sel.offsetMs, sel.at);
  const lookback = state.lookbackMs;
  let minEnd = ends[0];
  let maxEnd = ends[0];
  for (let i = 1; i < steps; i++) {
    if (ends[i] < minEnd) minEnd = ends[i];
    if (ends[i] > maxEnd) maxEnd = ends[i];
  }
  const mint = minEnd - lookback + 1;
  const querier = state.queryable.querier(mint, maxEnd);
  let nSeries = 0;
  for (const s of querier.select(storageMatchers(sel.matchers), mint, maxEnd)) {
    state.checkSeries(++nSeries);
    state.tick();
    const ts = s.timestamps;
    const vs = s.values;
    const n = ts.length;
    // Account the output before allocating it.
    state.addSamples(n + steps);
    const series = newSeries(s.labels, steps);
    const values = series.values;
    const present = series.present;
    let any = false;
    let j = -1;
    const count = fixed ? 1 : steps;
    for (let i = 0; i < count; i++) {
      const te = ends[i];
      j = lastAtOrBefore(ts, j, n, te);
      if (j >= 0 && ts[j] > te - lookback) {
        const v = vs[j];
        if (!isStale(v)) {
          values[i] = timestamps ? ts[j] / 1000 : v;
          present[i] = 1;
          any = true;
        }
      }
    }
    state.releaseSamples(n);
    if (!any) {
      state.releaseSamples(steps);
      continue;
    }
    if (fixed) {
      values.fill(values[0]);
      present.fill(1);
    }
    out.push(series);
  }
  return { kind: 'vector', series: out };
}

/**
 * Selects the raw samples of a range selector (stale markers removed) and the window of each step.
 * Series are read lazily, one at a time, so that a function over a long range holds one series'
 * samples in memory, not all of them (their samples are released when the next one is read).
 */
export function evalMatrixSelector(ms: MatrixSelector, ctx: EvalContext): MatrixValue {
  const { steps } = ctx;
  const sel = ms.selector;
  const { ends, fixed } = selectorTimes(ctx, sel.offsetMs, sel.at);
  if (steps === 0) return { kind: 'matrix', series: [], rangeMs: ms.rangeMs, ends, fixed };
  let minEnd = ends[0];
  let maxEnd = ends[0];
  for (let i = 1; i < steps; i++) {
    if (ends[i] < minEnd) minEnd = ends[i];
    if (ends[i] > maxEnd) maxEnd = ends[i];
  }
  const mint = minEnd - ms.rangeMs + 1;
  return {
    kind: 'matrix',
    series: readRangeSeries(sel, ctx.state, mint, maxEnd),
    rangeMs: ms.rangeMs,
    ends,
    fixed,
  };
}

function* readRangeSeries(
  sel: VectorSelector,
  state: QueryState,
  mint: number,
  maxt: number,
): Iterable<RangeSeries> {
  const querier = state.queryable.querier(mint, maxt);
  let nSeries = 0;
  for (const s of querier.select(storageMatchers(sel.matchers), mint, maxt)) {
    state.checkSeries(++nSeries);
    state.tick();
    let ts = s.timestamps;
    let vs = s.values;
    const n = ts.length;
    state.addSamples(n);
    let stale = 0;
    for (let i = 0; i < n; i++) {
      const v = vs[i];
      if (Number.isNaN(v) && isStale(v)) stale++;
    }
    if (stale > 0) {
      const nts = new Float64Array(n - stale);
      const nvs = new Float64Array(n - stale);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (isStale(vs[i])) continue;
        nts[k] = ts[i];
        nvs[k++] = vs[i];
      }
      ts = nts;
      vs = nvs;
    }
    if (ts.length > 0) yield { labels: s.labels, dropName: false, ts, vs };
    state.releaseSamples(n);
  }
}

/**
 * Iterates the windows of a range value: calls `fn(series, lo, hi, step)` with [lo, hi) the indices
 * of the samples in `(end - range, end]`, for each step with at least one sample.
 */
export function forEachWindow(
  m: MatrixValue,
  s: RangeSeries,
  steps: number,
  fn: (lo: number, hi: number, step: number) => void,
  state?: QueryState,
  everyStep = false,
): void {
  const ts = s.ts;
  const n = ts.length;
  let lo = 0;
  let hi = 0;
  const count = m.fixed && !everyStep ? Math.min(1, steps) : steps;
  for (let i = 0; i < count; i++) {
    state?.tick();
    const end = m.ends[i];
    const start = end - m.rangeMs;
    lo = firstAfter(ts, lo, n, start);
    if (hi < lo) hi = lo;
    hi = firstAfter(ts, hi, n, end);
    if (hi > lo) fn(lo, hi, i);
  }
}
