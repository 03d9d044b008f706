// What each metric page shows: stat tiles read from the live metrics, and charts drawn from PromQL
// over the metric names of the @claude-zen/otel catalogue. `band` names the default rule whose
// expected band (claude_zen_anomaly_lower/upper) and anomaly marks are drawn over the series;
// those charts plot the rule's own query so the band is in the same units.

import { bytes, ms, num, percent, perSecond, ratio } from '../format.js';

const MEAN_INFERENCE =
  'sum by (job, instance, gen_ai_request_model) (rate(claude_zen_neural_inference_duration_seconds_sum[5m])) / sum by (job, instance, gen_ai_request_model) (rate(claude_zen_neural_inference_duration_seconds_count[5m]))';
const API_P95 =
  'histogram_quantile(0.95, sum by (job, instance, le) (rate(http_server_request_duration_seconds_bucket[1m])))';
const API_ERRORS =
  'sum by (job, instance) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) / sum by (job, instance) (rate(http_server_request_duration_seconds_count[5m]))';

export const PAGES = {
  system: {
    title: 'System',
    subtitle: 'process CPU, host memory, V8 heap, garbage collection and the event loop',
    stats: [
      { label: 'Process CPU', value: (m) => percent(m.system?.cpu), detail: 'of one core' },
      { label: 'Host memory', value: (m) => percent(m.system?.memory), detail: 'in use' },
      { label: 'Disk', value: (m) => percent(m.system?.disk), detail: 'fullest filesystem' },
      {
        label: 'Heap used',
        value: (m) => bytes(m.memory?.heapUsed),
        detail: (m) => `after GC ${bytes(m.memory?.heapAfterGc)}`,
      },
      { label: 'RSS', value: (m) => bytes(m.memory?.rss) },
      {
        label: 'Heap growth',
        value: (m) => `${bytes(m.memory?.heapGrowthBytesPerSecond)}/s`,
        detail: (m) => (m.memory?.leakSuspected ? 'leak suspected' : 'no leak signal'),
        level: (m) => (m.memory?.leakSuspected ? 'critical' : 'good'),
      },
      { label: 'GC rate', value: (m) => perSecond(m.memory?.gcRate) },
      { label: 'Event-loop p99', value: (m) => ms(m.memory?.eventLoopDelay) },
    ],
    charts: [
      {
        id: 'process-cpu',
        title: 'Process CPU (share of a core)',
        unit: 'ratio',
        band: 'cpu-usage',
        queries: [{ expr: 'sum by (job, instance) (process_cpu_utilization)', legend: '{instance}' }],
      },
      {
        id: 'heap-after-gc',
        title: 'Heap after GC (live data)',
        unit: 'bytes',
        band: 'memory-leak',
        queries: [{ expr: 'claude_zen_memory_heap_used_after_gc_bytes', legend: '{instance}' }],
      },
      {
        id: 'memory',
        title: 'Heap used and RSS',
        unit: 'bytes',
        queries: [
          { expr: 'sum by (instance) (claude_zen_memory_heap_used_bytes)', legend: 'heap {instance}' },
          { expr: 'sum by (instance) (claude_zen_memory_rss_bytes)', legend: 'rss {instance}' },
        ],
      },
      {
        id: 'event-loop',
        title: 'Event-loop delay p99',
        unit: 'seconds',
        band: 'event-loop-delay',
        queries: [{ expr: 'nodejs_eventloop_delay_p99_seconds', legend: '{instance}' }],
      },
      {
        id: 'gc',
        title: 'Garbage collections per second',
        unit: 'rate',
        queries: [
          {
            expr: 'sum by (v8js_gc_type) (rate(claude_zen_memory_gc_count_total[1m]))',
            legend: '{v8js_gc_type}',
          },
        ],
      },
      {
        id: 'host',
        title: 'Host CPU and memory utilization',
        unit: 'ratio',
        queries: [
          {
            expr: 'sum by (system_cpu_state) (avg by (system_cpu_state) (system_cpu_utilization{system_cpu_state=~"user|system"}))',
            legend: 'cpu {system_cpu_state}',
          },
          { expr: 'max(system_memory_utilization{system_memory_state="used"})', legend: 'memory used' },
        ],
      },
    ],
  },
  swarm: {
    title: 'Swarm',
    subtitle: 'agents, tasks, coordination and messages between agents',
    stats: [
      { label: 'Active swarms', value: (m) => num(m.swarm?.activeSwarms, 0) },
      { label: 'Agents', value: (m) => num(m.swarm?.totalAgents, 0) },
      { label: 'Agent utilization', value: (m) => ratio(m.swarm?.agentUtilization) },
      { label: 'Efficiency', value: (m) => ratio(m.swarm?.efficiency), detail: 'worst swarm' },
      { label: 'Task throughput', value: (m) => perSecond(m.swarm?.taskThroughput) },
      { label: 'Failure rate', value: (m) => ratio(m.swarm?.failureRate) },
      { label: 'Coordination', value: (m) => ms(m.swarm?.coordinationLatency), detail: 'round trip' },
    ],
    charts: [
      {
        id: 'swarm-efficiency',
        title: 'Swarm efficiency',
        unit: 'ratio',
        band: 'swarm-degradation',
        queries: [
          {
            expr: 'claude_zen_swarm_efficiency_ratio',
            legend: '{claude_zen_swarm_id} ({claude_zen_swarm_topology})',
          },
        ],
      },
      {
        id: 'tasks',
        title: 'Tasks finished per second by status',
        unit: 'rate',
        queries: [
          {
            expr: 'sum by (claude_zen_task_status) (rate(claude_zen_swarm_tasks_total[1m]))',
            legend: '{claude_zen_task_status}',
          },
        ],
      },
      {
        id: 'utilization',
        title: 'Agent utilization',
        unit: 'ratio',
        queries: [{ expr: 'claude_zen_swarm_agent_utilization_ratio', legend: '{claude_zen_swarm_id}' }],
      },
      {
        id: 'coordination',
        title: 'Coordination latency',
        unit: 'seconds',
        queries: [{ expr: 'claude_zen_swarm_coordination_latency_seconds', legend: '{claude_zen_swarm_id}' }],
      },
      {
        id: 'task-duration',
        title: 'Task duration p95',
        unit: 'seconds',
        queries: [
          {
            expr: 'histogram_quantile(0.95, sum by (le, claude_zen_task_type) (rate(claude_zen_swarm_task_duration_seconds_bucket[1m])))',
            legend: '{claude_zen_task_type}',
          },
        ],
      },
      {
        id: 'messages',
        title: 'Messages between agents per second',
        unit: 'rate',
        queries: [
          {
            expr: 'sum by (claude_zen_swarm_id) (rate(claude_zen_swarm_messages_total[1m]))',
            legend: '{claude_zen_swarm_id}',
          },
        ],
      },
      {
        id: 'agents',
        title: 'Agents by status',
        unit: 'count',
        queries: [
          {
            expr: 'sum by (claude_zen_agent_status) (claude_zen_swarm_agents)',
            legend: '{claude_zen_agent_status}',
          },
        ],
      },
    ],
  },
  neural: {
    title: 'Neural',
    subtitle: 'inference time and throughput, backends, training and model accuracy',
    stats: [
      { label: 'Networks', value: (m) => num(m.neural?.activeNetworks, 0) },
      { label: 'Inference time', value: (m) => ms(m.neural?.inferenceTime), detail: 'p95 over 5m' },
      { label: 'Inferences', value: (m) => perSecond(m.neural?.throughput) },
      { label: 'Accuracy', value: (m) => ratio(m.neural?.accuracy) },
      { label: 'Model memory', value: (m) => bytes(m.neural?.memoryUsage) },
      {
        label: 'WASM',
        value: (m) =>
          m.neural?.wasmAcceleration === undefined ? '–' : m.neural.wasmAcceleration ? 'on' : 'off',
        level: (m) => (m.neural?.wasmAcceleration ? 'good' : 'unknown'),
      },
    ],
    charts: [
      {
        id: 'inference-time',
        title: 'Mean inference time',
        unit: 'seconds',
        band: 'neural-performance',
        queries: [{ expr: MEAN_INFERENCE, legend: '{gen_ai_request_model} {instance}' }],
      },
      {
        id: 'inferences',
        title: 'Inferences per second by backend',
        unit: 'rate',
        queries: [
          {
            expr: 'sum by (claude_zen_neural_backend) (rate(claude_zen_neural_inferences_total[1m]))',
            legend: '{claude_zen_neural_backend}',
          },
        ],
      },
      {
        id: 'accuracy',
        title: 'Model accuracy',
        unit: 'ratio',
        queries: [
          {
            expr: 'claude_zen_neural_model_accuracy_ratio',
            legend: '{gen_ai_request_model} ({claude_zen_neural_backend})',
          },
        ],
      },
      {
        id: 'training-loss',
        title: 'Training loss',
        unit: 'count',
        queries: [
          {
            expr: 'claude_zen_neural_training_loss',
            legend: '{gen_ai_request_model} ({claude_zen_neural_backend})',
          },
        ],
      },
      {
        id: 'model-memory',
        title: 'Model memory',
        unit: 'bytes',
        queries: [
          {
            expr: 'claude_zen_neural_model_memory_bytes',
            legend: '{gen_ai_request_model} ({claude_zen_neural_backend})',
          },
        ],
      },
      {
        id: 'wasm',
        title: 'WASM acceleration (1 = on)',
        unit: 'count',
        queries: [{ expr: 'max by (instance) (claude_zen_neural_wasm_enabled)', legend: '{instance}' }],
      },
    ],
  },
  api: {
    title: 'API',
    subtitle: 'HTTP response time, throughput, errors and concurrency',
    stats: [
      { label: 'Response time', value: (m) => ms(m.api?.responseTime), detail: 'p95 over 1m' },
      { label: 'Throughput', value: (m) => perSecond(m.api?.throughput) },
      {
        label: 'Error rate',
        value: (m) => ratio(m.api?.errorRate, 2),
        detail: '5xx over 5m',
        level: (m) => (m.api?.errorRate > 0.1 ? 'critical' : m.api?.errorRate > 0.05 ? 'warning' : 'good'),
      },
      { label: 'In flight', value: (m) => num(m.api?.concurrentRequests, 0) },
    ],
    charts: [
      {
        id: 'api-p95',
        title: 'Response time p95',
        unit: 'seconds',
        band: 'api-anomaly',
        queries: [{ expr: API_P95, legend: '{instance}' }],
      },
      {
        id: 'api-errors',
        title: '5xx share of requests',
        unit: 'ratio',
        band: 'error-rate',
        queries: [{ expr: API_ERRORS, legend: '{instance}' }],
      },
      {
        id: 'api-throughput',
        title: 'Requests per second',
        unit: 'rate',
        queries: [{ expr: 'claude_zen_api_throughput_per_second', legend: '{instance}' }],
      },
      {
        id: 'api-status',
        title: 'Requests per second by status',
        unit: 'rate',
        queries: [
          {
            expr: 'sum by (http_response_status_code) (rate(http_server_request_duration_seconds_count[1m]))',
            legend: '{http_response_status_code}',
          },
        ],
      },
      {
        id: 'api-routes',
        title: 'Response time p95 by route',
        unit: 'seconds',
        queries: [
          {
            expr: 'histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket[1m])))',
            legend: '{http_route}',
          },
        ],
      },
      {
        id: 'api-active',
        title: 'Requests in flight',
        unit: 'count',
        queries: [{ expr: 'sum by (instance) (http_server_active_requests)', legend: '{instance}' }],
      },
    ],
  },
};
