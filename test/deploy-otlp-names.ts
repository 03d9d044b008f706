/**
 * The OpenTelemetry Collector's OTLP → Prometheus name translation, as documented for its
 * `prometheus` and `prometheus_remote_write` exporters with
 * `translation_strategy: UnderscoreEscapingWithSuffixes` (the Prometheus "otlptranslator" rules and
 * the OpenTelemetry "Prometheus and OpenMetrics compatibility" spec), written from those rules:
 *
 * - the name is split into tokens at every character outside [a-zA-Z0-9:] (so `.`, `_`, `-` and
 *   runs of them become one `_`);
 * - the unit is split at the first `/`; a part that is empty or contains `{}` (an annotation such as
 *   `{request}`) adds nothing; otherwise the main unit maps through UNIT (`s` → `seconds`, `By` →
 *   `bytes`, `1` → nothing, unknown units as written) and the "per" unit through PER_UNIT (`s` →
 *   `per_second`); a main unit already present as a token of the name is not added again;
 * - a monotonic sum gets `_total` (moved to the end if the name already has a `total` token);
 * - a gauge with unit `1` gets `_ratio` (likewise moved to the end);
 * - a name starting with a digit gets a leading `_`.
 *
 * Attribute keys become label names by replacing every character outside [a-zA-Z0-9_] with `_`,
 * prefixing `key_` to one starting with a digit and `key` to one starting with a single `_`.
 */

const UNIT: Record<string, string> = {
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
  TiBy: 'tebibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

const PER_UNIT: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** The OTLP data kinds that matter for naming. */
export type OtlpKind =
  | 'gauge'
  | 'counter'
  | 'updowncounter'
  | 'histogram'
  | 'exponentialhistogram'
  | 'summary';

export interface OtlpMetric {
  name: string;
  unit: string;
  kind: OtlpKind;
}

function tokens(text: string): string[] {
  return text.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
}

/** The unit's suffix tokens (main, then "per" + unit), empty when the unit adds none. */
export function unitTokens(unit: string): { main: string[]; per: string[] } {
  const slash = unit.indexOf('/');
  const mainOtel = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perOtel = slash < 0 ? '' : unit.slice(slash + 1).trim();
  const main = mainOtel === '' || /[{}]/.test(mainOtel) ? [] : tokens(UNIT[mainOtel] ?? mainOtel);
  const per = perOtel === '' || /[{}]/.test(perOtel) ? [] : tokens(PER_UNIT[perOtel] ?? perOtel);
  return { main, per: per.length ? ['per', ...per] : [] };
}

/** The Prometheus metric family name the Collector gives an OTLP metric. */
export function prometheusName(m: OtlpMetric): string {
  let out = tokens(m.name);
  const { main, per } = unitTokens(m.unit);
  const mainText = main.join('_');
  if (mainText !== '' && !out.includes(mainText)) out.push(...main);
  out.push(...per);
  if (m.kind === 'counter') out = [...out.filter((t) => t !== 'total'), 'total'];
  if (m.unit === '1' && m.kind === 'gauge') out = [...out.filter((t) => t !== 'ratio'), 'ratio'];
  const name = out.join('_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The Prometheus label name the Collector gives an attribute key. */
export function prometheusLabel(key: string): string {
  if (key === '') return key;
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(name)) return `key_${name}`;
  if (name.startsWith('_') && !name.startsWith('__')) return `key${name}`;
  return name;
}

interface JsonAttr {
  key: string;
}
interface JsonPoint {
  attributes?: JsonAttr[];
}
interface JsonMetric {
  name: string;
  unit?: string;
  gauge?: { dataPoints?: JsonPoint[] };
  sum?: { isMonotonic?: boolean; aggregationTemporality?: number; dataPoints?: JsonPoint[] };
  histogram?: { aggregationTemporality?: number; dataPoints?: JsonPoint[] };
  exponentialHistogram?: { dataPoints?: JsonPoint[] };
  summary?: { dataPoints?: JsonPoint[] };
}
export interface OtlpJsonExport {
  resourceMetrics?: {
    resource?: { attributes?: JsonAttr[] };
    scopeMetrics?: { metrics?: JsonMetric[] }[];
  }[];
}

/** One metric of an OTLP/JSON export with the attribute keys seen on its points. */
export interface ExportedMetric extends OtlpMetric {
  attributeKeys: Set<string>;
  /** OTLP AggregationTemporality of sums and histograms: 1 delta, 2 cumulative; undefined for gauges. */
  temporality?: number;
}

function kindOf(m: JsonMetric): { kind: OtlpKind; points: JsonPoint[] } {
  if (m.gauge) return { kind: 'gauge', points: m.gauge.dataPoints ?? [] };
  if (m.sum) return { kind: m.sum.isMonotonic ? 'counter' : 'updowncounter', points: m.sum.dataPoints ?? [] };
  if (m.histogram) return { kind: 'histogram', points: m.histogram.dataPoints ?? [] };
  if (m.exponentialHistogram)
    return { kind: 'exponentialhistogram', points: m.exponentialHistogram.dataPoints ?? [] };
  if (m.summary) return { kind: 'summary', points: m.summary.dataPoints ?? [] };
  throw new Error(`metric ${m.name} has no data of a known kind`);
}

/** The metrics (with at least one point) and resource attribute keys of OTLP/JSON exports. */
export function readOtlpExports(exports: OtlpJsonExport[]): {
  metrics: Map<string, ExportedMetric>;
  resourceKeys: Set<string>;
} {
  const metrics = new Map<string, ExportedMetric>();
  const resourceKeys = new Set<string>();
  for (const e of exports)
    for (const rm of e.resourceMetrics ?? []) {
      for (const a of rm.resource?.attributes ?? []) resourceKeys.add(a.key);
      for (const sm of rm.scopeMetrics ?? [])
        for (const m of sm.metrics ?? []) {
          const { kind, points } = kindOf(m);
          if (points.length === 0) continue;
          const entry = metrics.get(m.name) ?? {
            name: m.name,
            unit: m.unit ?? '',
            kind,
            attributeKeys: new Set<string>(),
            temporality: (m.sum ?? m.histogram)?.aggregationTemporality,
          };
          for (const p of points) for (const a of p.attributes ?? []) entry.attributeKeys.add(a.key);
          metrics.set(m.name, entry);
        }
    }
  return { metrics, resourceKeys };
}

/** Metric families of a Prometheus text exposition: name → type and the label names seen. */
export function readExposition(text: string): Map<string, { type: string; labels: Set<string> }> {
  const families = new Map<string, { type: string; labels: Set<string> }>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)/.exec(line);
    if (t) families.set(t[1], { type: t[2], labels: new Set() });
  }
  const suffixes = ['_bucket', '_sum', '_count', ''];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s/.exec(line);
    if (!m) continue;
    const family = suffixes
      .map((s) => (s && m[1].endsWith(s) ? m[1].slice(0, -s.length) : m[1]))
      .find((n) => families.has(n));
    if (!family) continue;
    const labels = families.get(family)!.labels;
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g))
      if (l[1] !== 'le' && l[1] !== 'quantile') labels.add(l[1]);
  }
  return families;
}
