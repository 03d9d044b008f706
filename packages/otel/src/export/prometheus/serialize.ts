import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  escapeHelp,
  escapeLabelValue,
  formatValue,
  type PromType,
  prometheusName,
  sanitizeLabelName,
} from './names.js';

interface Family {
  name: string;
  type: PromType;
  help: string;
  metrics: MetricData[];
}

/** Text chunks are cut at about this size so a large scrape streams instead of piling up. */
const CHUNK_CHARS = 64 * 1024;

function promType(m: MetricData): PromType | undefined {
  switch (m.dataPointType) {
    case DataPointType.HISTOGRAM:
      return 'histogram';
    case DataPointType.SUM:
      return m.isMonotonic && m.aggregationTemporality === AggregationTemporality.CUMULATIVE
        ? 'counter'
        : 'gauge';
    case DataPointType.GAUGE:
      return 'gauge';
    default:
      return undefined; // exponential histograms are not representable in the text format
  }
}

/**
 * Serializes OpenTelemetry metric data to the Prometheus text exposition format 0.0.4.
 *
 * Built for large scrapes: label strings are cached per attribute object (the SDK keeps one
 * object per series across collections), bucket bounds are formatted once per boundary array,
 * and output is produced as a sequence of ~64 KiB chunks so the caller can yield to the event
 * loop between them.
 */
export class PrometheusSerializer {
  private labelCache = new WeakMap<Attributes, string>();
  private boundsCache = new WeakMap<number[], string[]>();
  private nameCache = new Map<string, string>();

  *serialize(rm: ResourceMetrics, extraTargetInfo: Attributes = {}): Generator<string> {
    let out = this.targetInfo(rm, extraTargetInfo);
    for (const family of this.families(rm)) {
      out += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
      for (const metric of family.metrics) {
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          for (const dp of metric.dataPoints) {
            out += this.histogramLines(family.name, this.labels(dp.attributes), dp.value);
            if (out.length >= CHUNK_CHARS) {
              yield out;
              out = '';
            }
          }
        } else if (
          metric.dataPointType === DataPointType.SUM ||
          metric.dataPointType === DataPointType.GAUGE
        ) {
          for (const dp of metric.dataPoints) {
            const labels = this.labels(dp.attributes);
            out += `${family.name}${labels ? `{${labels}}` : ''} ${formatValue(dp.value)}\n`;
            if (out.length >= CHUNK_CHARS) {
              yield out;
              out = '';
            }
          }
        }
      }
    }
    if (out) yield out;
  }

  /** Metric names of the families (used to skip duplicates when bridging prom-client). */
  familyNames(rm: ResourceMetrics): Set<string> {
    return new Set(this.families(rm).map((f) => f.name));
  }

  private families(rm: ResourceMetrics): Family[] {
    const byName = new Map<string, Family>();
    for (const scope of rm.scopeMetrics) {
      for (const metric of scope.metrics) {
        const type = promType(metric);
        if (!type || metric.dataPoints.length === 0) continue;
        const d = metric.descriptor;
        const cacheKey = `${d.name}\x00${d.unit}\x00${type}`;
        let name = this.nameCache.get(cacheKey);
        if (name === undefined) {
          name = prometheusName(d.name, d.unit, type);
          this.nameCache.set(cacheKey, name);
        }
        const existing = byName.get(name);
        if (existing) {
          if (existing.type === type) existing.metrics.push(metric);
          continue; // same name, other type: the first one wins (a conflict Prometheus would reject)
        }
        byName.set(name, { name, type, help: d.description || d.name, metrics: [metric] });
      }
    }
    return [...byName.values()];
  }

  private targetInfo(rm: ResourceMetrics, extra: Attributes): string {
    const attrs = { ...rm.resource.attributes, ...extra };
    const labels = renderLabels(attrs);
    return `# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info${labels ? `{${labels}}` : ''} 1\n`;
  }

  private labels(attributes: Attributes): string {
    let s = this.labelCache.get(attributes);
    if (s === undefined) {
      s = renderLabels(attributes);
      this.labelCache.set(attributes, s);
    }
    return s;
  }

  private histogramLines(name: string, labels: string, h: Histogram): string {
    const bounds = h.buckets.boundaries;
    let les = this.boundsCache.get(bounds);
    if (les === undefined) {
      les = bounds.map((b) => `le="${formatValue(b)}"`);
      this.boundsCache.set(bounds, les);
    }
    const prefix = labels ? `${name}_bucket{${labels},` : `${name}_bucket{`;
    const counts = h.buckets.counts;
    let cumulative = 0;
    let s = '';
    for (let i = 0; i < les.length; i++) {
      cumulative += counts[i];
      s += `${prefix}${les[i]}} ${cumulative}\n`;
    }
    const braces = labels ? `{${labels}}` : '';
    s += `${prefix}le="+Inf"} ${h.count}\n`;
    s += `${name}_sum${braces} ${formatValue(h.sum ?? 0)}\n`;
    s += `${name}_count${braces} ${h.count}\n`;
    return s;
  }
}

function renderLabels(attributes: Attributes): string {
  let s = '';
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? JSON.stringify(value) : String(value);
    s += `${s ? ',' : ''}${sanitizeLabelName(key)}="${escapeLabelValue(text)}"`;
  }
  return s;
}
