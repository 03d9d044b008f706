/**
 * OpenTelemetry → Prometheus naming, per the OpenTelemetry "Prometheus and OpenMetrics
 * compatibility" specification: invalid characters become `_`, the unit becomes a suffix
 * (`s` → `_seconds`, `By` → `_bytes`, `1` on gauges → `_ratio`), monotonic sums get `_total`.
 * The OpenTelemetry Collector's Prometheus exporters do the same by default, so names are
 * identical whether Prometheus scrapes the process or the Collector.
 */
const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  bit: 'bits',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

const PER_WORDS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

export function sanitizeMetricName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

export function sanitizeLabelName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  return out;
}

/** The unit's Prometheus suffix ('' when none applies). Curly-brace annotations carry no unit. */
export function unitSuffix(unit: string, isGauge: boolean): string {
  const u = unit.replace(/\{[^}]*\}/g, '').trim();
  if (u === '') return '';
  if (u === '1') return isGauge ? 'ratio' : '';
  const slash = u.indexOf('/');
  if (slash >= 0) {
    const num = u.slice(0, slash);
    const den = u.slice(slash + 1);
    const b = PER_WORDS[den] ?? UNIT_WORDS[den] ?? sanitizeMetricName(den);
    if (num === '' || num === '1') return `per_${b}`;
    return `${UNIT_WORDS[num] ?? sanitizeMetricName(num)}_per_${b}`;
  }
  return UNIT_WORDS[u] ?? sanitizeMetricName(u);
}

export type PromType = 'counter' | 'gauge' | 'histogram';

/** The Prometheus family name (without `_bucket`/`_sum`/`_count`; with `_total` for counters). */
export function prometheusName(name: string, unit: string, type: PromType): string {
  let base = sanitizeMetricName(name);
  const suffix = unitSuffix(unit, type === 'gauge');
  if (type === 'counter' && base.endsWith('_total')) base = base.slice(0, -6);
  if (suffix && !base.endsWith(`_${suffix}`)) base = `${base}_${suffix}`;
  return type === 'counter' ? `${base}_total` : base;
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Prometheus' text form of a float. */
export function formatValue(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}
