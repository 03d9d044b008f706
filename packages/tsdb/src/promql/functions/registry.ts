import type { ValueType } from '../parse/ast.js';

/** Signature of a PromQL function, used by the parser's type checks. */
export interface FunctionSignature {
  name: string;
  argTypes: ValueType[];
  /** 0: exactly argTypes; else the last arg is optional and n > 0 allows up to n of it, -1 any number (as in Prometheus). */
  variadic: number;
  returnType: ValueType;
  /** Behind a feature flag in Prometheus 3.x; this engine reports it as unsupported. */
  experimental?: boolean;
  /** Only meaningful for native histograms. */
  nativeHistogram?: boolean;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

const defs: FunctionSignature[] = [];
function def(
  name: string,
  argTypes: ValueType[],
  returnType: ValueType,
  extra: Partial<FunctionSignature> = {},
): void {
  defs.push({ name, argTypes, variadic: 0, returnType, ...extra });
}

for (const f of [
  'abs',
  'ceil',
  'floor',
  'exp',
  'sqrt',
  'ln',
  'log2',
  'log10',
  'sgn',
  'deg',
  'rad',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'cos',
  'cosh',
  'sin',
  'sinh',
  'tan',
  'tanh',
  'timestamp',
  'sort',
  'sort_desc',
  'absent',
]) {
  def(f, [V], V);
}
for (const f of [
  'histogram_count',
  'histogram_sum',
  'histogram_avg',
  'histogram_stddev',
  'histogram_stdvar',
]) {
  def(f, [V], V, { nativeHistogram: true });
}
def('histogram_fraction', [S, S, V], V, { nativeHistogram: true });
def('histogram_quantile', [S, V], V);
for (const f of [
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'resets',
  'changes',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'last_over_time',
  'present_over_time',
  'absent_over_time',
]) {
  def(f, [M], V);
}
for (const f of [
  'first_over_time',
  'mad_over_time',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
]) {
  def(f, [M], V, { experimental: true });
}
def('quantile_over_time', [S, M], V);
def('predict_linear', [M, S], V);
def('double_exponential_smoothing', [M, S, S], V, { experimental: true });
def('clamp', [V, S, S], V);
def('clamp_min', [V, S], V);
def('clamp_max', [V, S], V);
def('round', [V, S], V, { variadic: 1 });
for (const f of [
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
]) {
  def(f, [V], V, { variadic: 1 });
}
def('label_replace', [V, STR, STR, STR, STR], V);
def('label_join', [V, STR, STR, STR], V, { variadic: -1 });
def('sort_by_label', [V, STR], V, { variadic: -1, experimental: true });
def('sort_by_label_desc', [V, STR], V, { variadic: -1, experimental: true });
def('info', [V, V], V, { variadic: 1, experimental: true });
def('pi', [], S);
def('time', [], S);
def('scalar', [V], S);
def('vector', [S], V);

export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(defs.map((d) => [d.name, d]));

/** Aggregations behind a feature flag in Prometheus 3.x. */
export const EXPERIMENTAL_AGGREGATIONS: ReadonlySet<string> = new Set(['limitk', 'limit_ratio']);
