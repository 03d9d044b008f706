/**
 * The seed's dotted metric names and the PromQL they stand for, over the metric names the
 * `@claude-zen/otel` preload exports (packages/otel/src/catalogue.ts, README "Metric catalogue").
 * Each keeps `job` and `instance` (or the swarm / model) so every target is judged on its own.
 *
 * | alias                  | PromQL                                                                                   |
 * | ---------------------- | ---------------------------------------------------------------------------------------- |
 * | system.cpu             | sum by (job, instance) (process_cpu_utilization)                                         |
 * | system.memory          | claude_zen_memory_heap_used_after_gc_bytes (heap after the last major GC: live data)     |
 * | system.heap            | claude_zen_memory_heap_used_bytes                                                        |
 * | system.rss             | claude_zen_memory_rss_bytes                                                              |
 * | system.eventLoopDelay  | nodejs_eventloop_delay_p99_seconds                                                       |
 * | swarm.efficiency       | claude_zen_swarm_efficiency_ratio                                                        |
 * | swarm.utilization      | claude_zen_swarm_agent_utilization_ratio                                                 |
 * | swarm.latency          | claude_zen_swarm_coordination_latency_seconds                                            |
 * | swarm.throughput       | claude_zen_swarm_task_throughput_per_second                                              |
 * | api.responseTime       | histogram_quantile(0.95, sum by (job, instance, le) (rate(http_server_request_duration_seconds_bucket[1m]))) |
 * | api.throughput         | claude_zen_api_throughput_per_second                                                     |
 * | api.errorRate          | 5xx share of requests over 5m, by job and instance                                       |
 * | neural.inferenceTime   | mean inference duration over 5m by job, instance and model                               |
 * | neural.accuracy        | claude_zen_neural_model_accuracy_ratio                                                   |
 * | neural.memory          | claude_zen_neural_model_memory_bytes                                                     |
 */
export const METRIC_ALIASES: Readonly<Record<string, string>> = {
  'system.cpu': 'sum by (job, instance) (process_cpu_utilization)',
  'system.memory': 'claude_zen_memory_heap_used_after_gc_bytes',
  'system.heap': 'claude_zen_memory_heap_used_bytes',
  'system.rss': 'claude_zen_memory_rss_bytes',
  'system.eventLoopDelay': 'nodejs_eventloop_delay_p99_seconds',
  'swarm.efficiency': 'claude_zen_swarm_efficiency_ratio',
  'swarm.utilization': 'claude_zen_swarm_agent_utilization_ratio',
  'swarm.latency': 'claude_zen_swarm_coordination_latency_seconds',
  'swarm.throughput': 'claude_zen_swarm_task_throughput_per_second',
  'api.responseTime':
    'histogram_quantile(0.95, sum by (job, instance, le) (rate(http_server_request_duration_seconds_bucket[1m])))',
  'api.throughput': 'claude_zen_api_throughput_per_second',
  'api.errorRate':
    'sum by (job, instance) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) / sum by (job, instance) (rate(http_server_request_duration_seconds_count[5m]))',
  'neural.inferenceTime':
    'sum by (job, instance, gen_ai_request_model) (rate(claude_zen_neural_inference_duration_seconds_sum[5m])) / sum by (job, instance, gen_ai_request_model) (rate(claude_zen_neural_inference_duration_seconds_count[5m]))',
  'neural.accuracy': 'claude_zen_neural_model_accuracy_ratio',
  'neural.memory': 'claude_zen_neural_model_memory_bytes',
};

/** The PromQL of a dotted alias, or undefined for a name that is not one. */
export function resolveMetricAlias(name: string): string | undefined {
  return Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : undefined;
}
