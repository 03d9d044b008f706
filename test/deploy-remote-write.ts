/**
 * What the Collector of otel-collector-config.yaml sends to Prometheus for one OTLP export, for
 * tests that have no collector binary: the `transform` step's instance fallback, the
 * `prometheus_remote_write` exporter's documented mapping (metric names by
 * test/deploy-otlp-names.ts; `job` = service.namespace/service.name, `instance` =
 * service.instance.id; histograms as cumulative `_bucket{le}` / `_sum` / `_count`; the other
 * resource attributes on `target_info`; no scope labels), encoded as a Prometheus remote-write 1.0
 * request: a protobuf WriteRequest, snappy block-compressed (literal runs only, which every
 * snappy decoder accepts).
 */
import { type OtlpJsonExport, prometheusLabel, prometheusName } from './deploy-otlp-names.js';

interface JsonValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface JsonAttr {
  key: string;
  value: JsonValue;
}
interface JsonPoint {
  attributes?: JsonAttr[];
  timeUnixNano?: string;
  asDouble?: number;
  asInt?: string | number;
  count?: string | number;
  sum?: number;
  bucketCounts?: (string | number)[];
  explicitBounds?: number[];
}

interface JsonMetric {
  name: string;
  unit?: string;
  gauge?: { dataPoints?: JsonPoint[] };
  sum?: { isMonotonic?: boolean; dataPoints?: JsonPoint[] };
  histogram?: { dataPoints?: JsonPoint[] };
}

export interface Series {
  labels: Record<string, string>;
  value: number;
  timestampMs: number;
}

function text(v: JsonValue): string {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.boolValue !== undefined) return String(v.boolValue);
  return '';
}

function attrs(list: JsonAttr[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list ?? []) out[prometheusLabel(a.key)] = text(a.value);
  return out;
}

/** Prometheus' float formatting of `le` (Go strconv 'g'-like for the usual bounds). */
function le(bound: number): string {
  return Number.isFinite(bound) ? String(bound) : '+Inf';
}

/** The series the Collector writes for one OTLP/JSON export. */
export function collectorSeries(exp: OtlpJsonExport): Series[] {
  const out: Series[] = [];
  for (const rm of exp.resourceMetrics ?? []) {
    const resource: Record<string, string> = {};
    for (const a of (rm.resource?.attributes ?? []) as JsonAttr[]) resource[a.key] = text(a.value);
    // transform: instance from host.name:process.pid when the service set no service.instance.id
    if (resource['service.instance.id'] === undefined && resource['host.name'] && resource['process.pid'])
      resource['service.instance.id'] = `${resource['host.name']}:${resource['process.pid']}`;
    // transform: argv is dropped from the resource
    delete resource['process.command_args'];
    delete resource['process.command_line'];
    const ns = resource['service.namespace'];
    const job = ns ? `${ns}/${resource['service.name']}` : (resource['service.name'] ?? '');
    const target = { job, instance: resource['service.instance.id'] ?? '' };
    let newest = 0;
    for (const sm of rm.scopeMetrics ?? [])
      for (const m of (sm.metrics ?? []) as unknown as JsonMetric[]) {
        const data = m.gauge ?? m.sum ?? m.histogram;
        if (!data) continue;
        const kind = m.gauge
          ? 'gauge'
          : m.sum
            ? m.sum.isMonotonic
              ? 'counter'
              : 'updowncounter'
            : 'histogram';
        const name = prometheusName({ name: m.name, unit: m.unit ?? '', kind });
        for (const p of (data.dataPoints ?? []) as JsonPoint[]) {
          const ts = Math.floor(Number(BigInt(p.timeUnixNano ?? '0') / 1_000_000n));
          newest = Math.max(newest, ts);
          const labels = { ...attrs(p.attributes), ...target };
          if (kind !== 'histogram') {
            const value = p.asDouble ?? Number(p.asInt ?? Number.NaN);
            out.push({ labels: { ...labels, __name__: name }, value, timestampMs: ts });
            continue;
          }
          let cumulative = 0;
          const counts = (p.bucketCounts ?? []).map(Number);
          const bounds = [...(p.explicitBounds ?? []), Number.POSITIVE_INFINITY];
          bounds.forEach((b, i) => {
            cumulative += counts[i] ?? 0;
            out.push({
              labels: { ...labels, le: le(b), __name__: `${name}_bucket` },
              value: cumulative,
              timestampMs: ts,
            });
          });
          out.push({ labels: { ...labels, __name__: `${name}_sum` }, value: p.sum ?? 0, timestampMs: ts });
          out.push({
            labels: { ...labels, __name__: `${name}_count` },
            value: Number(p.count ?? 0),
            timestampMs: ts,
          });
        }
      }
    const info: Record<string, string> = { __name__: 'target_info', ...target };
    for (const [k, v] of Object.entries(resource))
      if (!['service.name', 'service.namespace', 'service.instance.id'].includes(k))
        info[prometheusLabel(k)] = v;
    out.push({ labels: info, value: 1, timestampMs: newest || Date.now() });
  }
  return out;
}

// --- protobuf (prometheus.WriteRequest) ---

function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function field(num: number, payload: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint((num << 3) | 2), ...varint(payload.length), ...payload]);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A WriteRequest with one TimeSeries (labels sorted by name, one sample) per series. */
export function encodeWriteRequest(series: Series[]): Uint8Array {
  const ts = series.map((s) => {
    const labels = Object.entries(s.labels)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => field(1, concat([field(1, utf8(k)), field(2, utf8(v))])));
    const value = new Uint8Array(9);
    value[0] = 0x09; // field 1, 64-bit
    new DataView(value.buffer).setFloat64(1, s.value, true);
    const sample = concat([value, Uint8Array.from([0x10, ...varint(s.timestampMs)])]);
    return field(1, concat([...labels, field(2, sample)]));
  });
  return concat(ts);
}

/** Snappy block format with literal runs only (valid input for any snappy decoder). */
export function snappyLiteral(data: Uint8Array): Uint8Array {
  const parts: number[] = [...varint(data.length)];
  for (let at = 0; at < data.length; at += 65536) {
    const chunk = data.subarray(at, Math.min(at + 65536, data.length));
    const n = chunk.length - 1;
    if (n < 60) parts.push(n << 2);
    else if (n < 256) parts.push(60 << 2, n);
    else parts.push(61 << 2, n & 0xff, n >> 8);
    for (const b of chunk) parts.push(b);
  }
  return Uint8Array.from(parts);
}

/** POSTs the series to a remote-write receiver (e.g. Prometheus' /api/v1/write). */
export async function remoteWrite(url: string, series: Series[]): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
    body: Buffer.from(snappyLiteral(encodeWriteRequest(series))),
  });
  if (res.status >= 300) throw new Error(`remote write to ${url}: ${res.status} ${await res.text()}`);
}
