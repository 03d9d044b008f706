import { resolveMetricAlias } from '../rules/aliases.js';

/** How the series of one query (one per target, swarm or model) fold into one number. */
export type Reduce = 'sum' | 'max' | 'min' | 'mean';

/** One field of CurrentMetrics: its PromQL, the scale to the seed's unit, and its fold. */
export interface CurrentMetricQuery {
  /** Dotted path into CurrentMetrics, e.g. `swarm.coordinationLatency`. */
  field: string;
  expr: string;
  /** The alias the PromQL comes from, when there is one. */
  alias?: string;
  /** Multiplier to the seed's unit (seconds → ms: 1000; ratio → percent: 100). */
  scale: number;
  reduce: Reduce;
  /** Read as a boolean (> 0). */
  boolean?: boolean;
}

function alias(name: string): string {
  const expr = resolveMetricAlias(name);
  if (!expr) throw new Error(`health: metric alias "${name}" is not defined in rules/aliases.ts`);
  return expr;
}

function fromAlias(field: string, name: string, scale: number, reduce: Reduce): CurrentMetricQuery {
  return { field, expr: alias(name), alias: name, scale, reduce };
}

function fromExpr(
  field: string,
  expr: string,
  scale: number,
  reduce: Reduce,
  boolean = false,
): CurrentMetricQuery {
  return boolean ? { field, expr, scale, reduce, boolean } : { field, expr, scale, reduce };
}

/**
 * The share of `counter` matching `failed` over 5m by job and instance: 0 (not absent) when
 * nothing failed, absent when nothing happened at all.
 */
function failedShare(counter: string, failed: string): string {
  const all = `sum by (job, instance) (rate(${counter}[5m]))`;
  return `(sum by (job, instance) (rate(${counter}{${failed}}[5m])) or 0 * ${all}) / ${all}`;
}

/**
 * The PromQL behind every CurrentMetrics field, over the preload's metric names
 * (packages/otel/src/catalogue.ts). Dotted aliases are used where one exists. Several series
 * (targets, swarms, models) fold with `reduce`: worst case for usage and latency (`max`),
 * worst swarm for efficiency (`min`), totals for counts and throughputs (`sum`).
 */
export const CURRENT_METRIC_QUERIES: readonly CurrentMetricQuery[] = [
  fromAlias('system.cpu', 'system.cpu', 100, 'max'),
  fromExpr(
    'system.memory',
    'sum by (job, instance) (system_memory_utilization{system_memory_state="used"})',
    100,
    'max',
  ),
  fromExpr('system.disk', 'max by (job, instance) (system_filesystem_utilization_ratio)', 100, 'max'),
  fromAlias('api.responseTime', 'api.responseTime', 1000, 'max'),
  fromAlias('api.throughput', 'api.throughput', 1, 'sum'),
  // Not the `api.errorRate` alias: that one has no value (rather than 0) while no request fails.
  fromExpr(
    'api.errorRate',
    failedShare('http_server_request_duration_seconds_count', 'http_response_status_code=~"5.."'),
    1,
    'max',
  ),
  fromExpr('api.concurrentRequests', 'sum by (job, instance) (http_server_active_requests)', 1, 'sum'),
  fromAlias('memory.heapUsed', 'system.heap', 1, 'sum'),
  fromAlias('memory.heapAfterGc', 'system.memory', 1, 'sum'),
  fromAlias('memory.rss', 'system.rss', 1, 'sum'),
  fromExpr('memory.leakSuspected', 'claude_zen_memory_leak_suspected', 1, 'max', true),
  fromExpr('memory.heapGrowthBytesPerSecond', 'claude_zen_memory_heap_growth_bytes_per_second', 1, 'max'),
  fromExpr('memory.gcRate', 'sum by (job, instance) (rate(claude_zen_memory_gc_count_total[5m]))', 1, 'sum'),
  fromAlias('memory.eventLoopDelay', 'system.eventLoopDelay', 1000, 'max'),
  fromExpr('swarm.activeSwarms', 'claude_zen_swarm_active', 1, 'sum'),
  fromExpr('swarm.totalAgents', 'sum by (job, instance) (claude_zen_swarm_agents)', 1, 'sum'),
  fromAlias('swarm.agentUtilization', 'swarm.utilization', 1, 'mean'),
  fromAlias('swarm.coordinationLatency', 'swarm.latency', 1000, 'max'),
  fromAlias('swarm.efficiency', 'swarm.efficiency', 1, 'min'),
  fromAlias('swarm.taskThroughput', 'swarm.throughput', 1, 'sum'),
  fromExpr(
    'swarm.failureRate',
    failedShare('claude_zen_swarm_tasks_total', 'claude_zen_task_status="failed"'),
    1,
    'max',
  ),
  fromExpr('neural.activeNetworks', 'claude_zen_neural_networks_active', 1, 'sum'),
  fromExpr(
    'neural.inferenceTime',
    'histogram_quantile(0.95, sum by (job, instance, le) (rate(claude_zen_neural_inference_duration_seconds_bucket[5m])))',
    1000,
    'max',
  ),
  fromExpr(
    'neural.throughput',
    'sum by (job, instance) (rate(claude_zen_neural_inferences_total[5m]))',
    1,
    'sum',
  ),
  fromAlias('neural.accuracy', 'neural.accuracy', 1, 'mean'),
  fromAlias('neural.memoryUsage', 'neural.memory', 1, 'sum'),
  fromExpr('neural.wasmAcceleration', 'claude_zen_neural_wasm_enabled', 1, 'max', true),
];

/** The query of one field; throws for a field that has none. */
export function currentMetricQuery(field: string): CurrentMetricQuery {
  const q = CURRENT_METRIC_QUERIES.find((m) => m.field === field);
  if (!q) throw new Error(`health: no query for field "${field}"`);
  return q;
}

/** Folds values with a reducer, ignoring non-finite ones; undefined when none is left. */
export function reduceValues(values: readonly number[], reduce: Reduce): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  switch (reduce) {
    case 'sum':
      return finite.reduce((a, b) => a + b, 0);
    case 'max':
      return Math.max(...finite);
    case 'min':
      return Math.min(...finite);
    case 'mean':
      return finite.reduce((a, b) => a + b, 0) / finite.length;
  }
}
