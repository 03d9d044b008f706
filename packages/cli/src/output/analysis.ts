import { bytes, level, millis, num, percent, type Styles, tree } from './format.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** How to print a value of a metric field (health/ units: percent, bytes, ms), by its name. */
export function unitOf(field: unknown): (v: unknown, signed?: boolean) => string {
  const f = String(field ?? '');
  const sign = (text: string, v: unknown, signed?: boolean) =>
    signed && typeof v === 'number' && v > 0 ? `+${text}` : text;
  if (/^system\./.test(f)) return (v, signed) => sign(percent(v), v, signed);
  if (/heap|rss|memoryUsage|Bytes/i.test(f)) return (v, signed) => bytes(v, signed);
  if (/Time$|Latency$|Delay$/.test(f)) return (v, signed) => sign(millis(v), v, signed);
  return (v, signed) => sign(num(v, 2), v, signed);
}

/** A number, or an object of numbers, on one line. */
function compact(v: unknown, unit: (v: unknown) => string = (x) => num(x, 2)): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')
    return typeof v === 'number' ? unit(v) : String(v);
  if (v === null || v === undefined) return '–';
  const o = obj(v);
  const parts = Object.entries(o)
    .filter(([, x]) => x !== undefined && (typeof x !== 'object' || x === null))
    .map(([k, x]) => `${k} ${typeof x === 'number' ? num(x, 2) : String(x)}`);
  return parts.length ? parts.join(', ') : '–';
}

/** GET /api/analyze/:area as lines: current vs baseline, trend, prediction, anomalies, recommendations. */
export function renderAnalysis(body: unknown, s: Styles, detailed = false): string[] {
  const b = obj(body);
  const lines = [
    `${s.bold(String(b.area ?? 'analysis'))}${b.field ? ` (${String(b.field)})` : ''} over ${String(b.timeframe ?? '?')}`,
  ];
  const unit = unitOf(b.field);
  lines.push(`  current     ${compact(b.current, unit)}`);
  lines.push(`  baseline    ${compact(b.baseline, unit)}`);
  const trend = obj(b.trend);
  if (Object.keys(trend).length) {
    const perHour = trend.perHour ?? trend.slopePerHour;
    lines.push(
      `  trend       ${unit(perHour, true)}/h${trend.r2 !== undefined ? ` (r² ${num(trend.r2, 2)})` : ''}${trend.direction ? ` ${String(trend.direction)}` : ''}`,
    );
  }
  const p = obj(b.prediction);
  if (typeof p.value === 'number') {
    const ahead = typeof p.at === 'number' ? Math.max(0, Math.round((p.at - Date.now()) / 60_000)) : 30;
    const issue =
      typeof p.timeToIssueMs === 'number'
        ? s.yellow(
            `  reaches ${num(obj(p.threshold).value, 2)} in ${Math.round(p.timeToIssueMs / 60_000)} min`,
          )
        : '';
    lines.push(
      `  prediction  ${unit(p.value)} in ${ahead} min (${unit(p.lower)}..${unit(p.upper)}, confidence ${num(p.confidence, 2)})${issue}`,
    );
  } else if (b.prediction !== undefined) lines.push(`  prediction  ${compact(b.prediction)}`);
  const anomalies = Array.isArray(b.anomalies) ? b.anomalies : [];
  lines.push(`  anomalies   ${anomalies.length}`);
  for (const a of anomalies.slice(0, detailed ? 50 : 5)) {
    const x = obj(a);
    const sev = x.severity ?? obj(x.labels).severity;
    lines.push(
      `    ${level(s, String(sev ?? '?'), sev)} ${String(x.rule ?? x.name ?? '?')} ${String(x.title ?? obj(x.annotations).summary ?? '')}`.trimEnd(),
    );
  }
  const recs = Array.isArray(b.recommendations) ? b.recommendations : [];
  lines.push(`  recommendations ${recs.length}`);
  for (const r of recs.slice(0, detailed ? 50 : 5)) {
    const x = obj(r);
    lines.push(
      `    ${level(s, String(x.priority ?? '?').padEnd(6), x.priority)} ${String(x.title ?? x.type ?? '')}`,
    );
    if (detailed && Array.isArray(x.actions))
      for (const act of x.actions) lines.push(s.dim(`           - ${String(act)}`));
  }
  if (detailed) {
    const known = [
      'area',
      'timeframe',
      'current',
      'baseline',
      'trend',
      'prediction',
      'anomalies',
      'recommendations',
    ];
    const rest = Object.fromEntries(Object.entries(b).filter(([k]) => !known.includes(k)));
    if (Object.keys(rest).length) lines.push(...tree(rest, '  '));
    for (const k of ['current', 'baseline', 'prediction'] as const)
      if (b[k] && typeof b[k] === 'object') lines.push(`  ${k}:`, ...tree(b[k], '    '));
  }
  return lines;
}
