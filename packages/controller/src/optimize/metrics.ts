import type { QueryBackend } from '../query/types.js';
import type { MetricName, MetricSnapshot, OptimizationTarget } from './types.js';

/** When and over how long a metric is read: the window (atMs − windowMs, atMs]. */
export interface ReadWindow {
  atMs: number;
  windowMs: number;
}

/** Where the optimizer reads one number per metric and target; undefined means no data. */
export interface MetricsReader {
  read(metric: MetricName, target: OptimizationTarget, window: ReadWindow): Promise<number | undefined>;
}

/**
 * PromQL of each metric; `SEL` is replaced by the target's label matchers and `WINDOW` by the
 * window (e.g. `2000ms`). Rates and averages cover only the window, so a reading after a change
 * sees only data from after it when the window is no longer than the wait.
 */
export const METRIC_QUERIES: Readonly<Record<MetricName, string>> = {
  cpu: 'sum(rate(process_cpu_time_seconds_total{SEL}[WINDOW]))',
  // live data: the heap after the last major GC (the rules' `system.memory`), not the GC saw-tooth
  memory: 'sum(max_over_time(claude_zen_memory_heap_used_after_gc_bytes{SEL}[WINDOW]))',
  // reported, not limited: it includes memory an action may legitimately take (WASM linear memory)
  rss: 'sum(avg_over_time(claude_zen_memory_rss_bytes{SEL}[WINDOW]))',
  responseTime:
    'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{SEL}[WINDOW])))',
  accuracy: 'min(min_over_time(claude_zen_neural_model_accuracy_ratio{SEL}[WINDOW]))',
  inferenceTime:
    'histogram_quantile(0.95, sum by (le) (rate(claude_zen_neural_inference_duration_seconds_bucket{SEL}[WINDOW])))',
  coordinationLatency: 'max(avg_over_time(claude_zen_swarm_coordination_latency_seconds{SEL}[WINDOW]))',
};

/** All metrics a verification looks at. */
export const ALL_METRICS = Object.keys(METRIC_QUERIES) as MetricName[];

/** `{a="x",b="y"}` with values escaped as PromQL strings. */
export function selectorText(selector: Record<string, string>): string {
  const parts = Object.entries(selector).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.join(',');
}

/** The PromQL of one metric for one target over a window. */
export function metricQuery(
  metric: MetricName,
  selector: Record<string, string>,
  windowMs: number,
  queries: Readonly<Record<MetricName, string>> = METRIC_QUERIES,
): string {
  const window = `${Math.max(1, Math.round(windowMs))}ms`;
  return queries[metric].replaceAll('SEL', selectorText(selector)).replaceAll('WINDOW', window);
}

/** Reads metrics through a QueryBackend (the embedded store or a Prometheus HTTP API). */
export class QueryMetricsReader implements MetricsReader {
  constructor(
    private readonly backend: QueryBackend,
    private readonly queries: Readonly<Record<MetricName, string>> = METRIC_QUERIES,
  ) {}

  async read(metric: MetricName, target: OptimizationTarget, w: ReadWindow): Promise<number | undefined> {
    const res = await this.backend.instant(
      metricQuery(metric, target.selector, w.windowMs, this.queries),
      w.atMs,
    );
    let v: number | undefined;
    if (res.resultType === 'vector') v = res.result[0]?.point.v;
    else if (res.resultType === 'scalar') v = res.result.v;
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  }
}

/** Reads several metrics at once; a metric whose read fails or has no data is left out. */
export async function readSnapshot(
  reader: MetricsReader,
  target: OptimizationTarget,
  metrics: readonly MetricName[],
  window: ReadWindow,
): Promise<MetricSnapshot> {
  const values = await Promise.all(metrics.map((m) => reader.read(m, target, window).catch(() => undefined)));
  const snapshot: MetricSnapshot = {};
  metrics.forEach((m, i) => {
    const v = values[i];
    if (v !== undefined) snapshot[m] = v;
  });
  return snapshot;
}
