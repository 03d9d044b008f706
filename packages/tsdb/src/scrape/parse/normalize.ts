/**
 * Prometheus 3 normalizes the `le` of classic histogram buckets and the `quantile` of summaries
 * to one float spelling (OpenMetrics' canonical form), so `le="1"` and `le="1.0"` are the same
 * series: integers gain ".0", others use Go's shortest %g form ("0.25", "1e+06", "+Inf").
 */
export function formatOpenMetricsFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const g = formatGoShortestG(f);
  return g.includes('.') || g.includes('e') ? g : `${g}.0`;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form when exp < -4 or exp >= 6. */
function formatGoShortestG(f: number): string {
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const e = f.toExponential(); // shortest round-trip digits, e.g. "1.5e-7"
  const at = e.indexOf('e');
  const exp = Number(e.slice(at + 1));
  // With the shortest precision Go decides with eprec = 6.
  if (exp < -4 || exp >= 6) {
    const mantissa = e.slice(0, at);
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}

const HISTOGRAM_TYPES: ReadonlySet<string> = new Set(['histogram', 'gaugehistogram']);

/** Normalizes `le`/`quantile` in place when the family's type says they are bucket/quantile bounds. */
export function normalizeBoundLabels(
  labels: Record<string, string>,
  name: string,
  types: ReadonlyMap<string, string>,
): void {
  const le = labels.le;
  if (le !== undefined && name.endsWith('_bucket')) {
    const type = types.get(name.slice(0, -7));
    if (type !== undefined && HISTOGRAM_TYPES.has(type)) labels.le = normalized(le);
  }
  const q = labels.quantile;
  if (q !== undefined && types.get(name) === 'summary') labels.quantile = normalized(q);
}

function normalized(v: string): string {
  const f = Number(v === '+Inf' ? 'Infinity' : v === '-Inf' ? '-Infinity' : v);
  return v.trim() === '' || Number.isNaN(f) ? v : formatOpenMetricsFloat(f);
}
