#!/usr/bin/env node
// Writes grafana/dashboards/*.json (Grafana dashboard JSON, schemaVersion 39) from the panel lists
// below: `node grafana/generate-dashboards.mjs` (`--out DIR` writes them elsewhere). Metric names are the README catalogue's
// (packages/otel/src/catalogue.ts) and the controller's (claude_zen_controller_*,
// claude_zen_anomaly_*). Thresholds come from the seed: CPU 70/85/95 %, memory 75/85/95 %, swarm
// efficiency 0.9/0.7/0.5, API response time 100/500/1000 ms, inference time 50/200/500 ms, and from
// the default rules (5xx share 5/10 %, event-loop delay 100/500 ms, leak confidence 0.8).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
const DS = { type: 'prometheus', uid: '${datasource}' };
const SEL = 'job=~"$job",instance=~"$instance"';
const W = '$__rate_interval';

/** Threshold steps: [base color, [value, color], ...]. */
function steps(base, ...rest) {
  return {
    mode: 'absolute',
    steps: [{ color: base, value: null }, ...rest.map(([value, color]) => ({ color, value }))],
  };
}
const ABOVE = (warn, high, crit) =>
  steps('green', [warn, 'yellow'], [high, 'orange'], ...(crit === undefined ? [] : [[crit, 'red']]));
const T = {
  cpu: ABOVE(0.7, 0.85, 0.95),
  memory: ABOVE(0.75, 0.85, 0.95),
  efficiency: steps('red', [0.5, 'orange'], [0.7, 'yellow'], [0.9, 'green']),
  apiTime: ABOVE(0.1, 0.5, 1),
  inference: ABOVE(0.05, 0.2, 0.5),
  errorShare: steps('green', [0.05, 'orange'], [0.1, 'red']),
  eventLoop: steps('green', [0.1, 'orange'], [0.5, 'red']),
  anomaly: steps('green', [0.8, 'yellow'], [1, 'red']),
  confidence: steps('green', [0.8, 'orange']),
  leak: steps('green', [1, 'red']),
  disk: ABOVE(0.8, 0.9, 0.95),
};

const target = (expr, legendFormat = '', refId = 'A') => ({
  refId,
  expr,
  legendFormat,
  range: true,
  datasource: DS,
});

/** The controller's expected value and band for a rule, drawn over a panel's own series (refIds B-D). */
function band(rule) {
  const s = `rule="${rule}",${SEL}`;
  return [
    target(`claude_zen_anomaly_expected{${s}}`, `expected ({{rule}}) {{instance}}`, 'B'),
    target(`claude_zen_anomaly_lower{${s}}`, `lower ({{rule}}) {{instance}}`, 'C'),
    target(`claude_zen_anomaly_upper{${s}}`, `upper ({{rule}}) {{instance}}`, 'D'),
  ];
}
/** Overrides drawing the expected value dashed and the band edges dotted (by query refId). */
function bandOverrides(expected, lower, upper) {
  return [
    {
      matcher: { id: 'byFrameRefID', options: expected },
      properties: [
        { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
        { id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } },
      ],
    },
    ...[lower, upper].map((ref) => ({
      matcher: { id: 'byFrameRefID', options: ref },
      properties: [
        { id: 'custom.lineStyle', value: { fill: 'dot', dash: [2, 6] } },
        { id: 'custom.fillOpacity', value: 0 },
        { id: 'color', value: { mode: 'fixed', fixedColor: 'light-purple' } },
      ],
    })),
  ];
}
const BAND_OVERRIDES = bandOverrides('B', 'C', 'D');

function timeseries(
  title,
  description,
  targets,
  { unit = 'short', thresholds, min, max, overrides = [] } = {},
) {
  return {
    type: 'timeseries',
    title,
    description,
    datasource: DS,
    targets: targets.map((t, i) => (typeof t === 'string' ? target(t, '', String.fromCharCode(65 + i)) : t)),
    fieldConfig: {
      defaults: {
        unit,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        color: { mode: 'palette-classic' },
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: 10,
          showPoints: 'never',
          spanNulls: true,
          thresholdsStyle: { mode: thresholds ? 'dashed' : 'off' },
        },
        thresholds: thresholds ?? steps('green'),
      },
      overrides,
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

function stat(title, description, expr, { unit = 'short', thresholds, mappings = [], legend = '' } = {}) {
  return {
    type: 'stat',
    title,
    description,
    datasource: DS,
    targets: [target(expr, legend)],
    fieldConfig: {
      defaults: { unit, mappings, thresholds: thresholds ?? steps('green'), color: { mode: 'thresholds' } },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'area',
      textMode: 'auto',
      orientation: 'auto',
    },
  };
}

/** A time series panel of one query. */
const line = (title, description, expr, legend, options) =>
  timeseries(title, description, [target(expr, legend)], options);

/** [ts expr, legend] pairs → targets A, B, ... */
const many = (...pairs) =>
  pairs.map(([expr, legend], i) => target(expr, legend, String.fromCharCode(65 + i)));

const q = (quantile, by, metric) =>
  `histogram_quantile(${quantile}, sum by (${by}) (rate(${metric}_bucket{${SEL}}[${W}])))`;

const DASHBOARDS = {
  system: {
    title: 'System',
    description: 'Host and process resources of the services under the preload (system collector).',
    panels: [
      stat(
        'Process CPU (share of one core)',
        'process_cpu_utilization summed over user and system; seed thresholds 70/85/95 %.',
        `max(sum by (instance) (process_cpu_utilization{${SEL}}))`,
        { unit: 'percentunit', thresholds: T.cpu },
      ),
      stat(
        'Host memory in use',
        'system_memory_utilization of state used; seed thresholds 75/85/95 %.',
        `max(sum by (instance) (system_memory_utilization{system_memory_state="used",${SEL}}))`,
        { unit: 'percentunit', thresholds: T.memory },
      ),
      stat(
        'Filesystem in use',
        'system_filesystem_utilization_ratio of the working directory filesystem.',
        `max(system_filesystem_utilization_ratio{${SEL}})`,
        { unit: 'percentunit', thresholds: T.disk },
      ),
      stat(
        'Process memory (resident)',
        'process_memory_usage (bytes) of the largest process.',
        `max(process_memory_usage{${SEL}})`,
        { unit: 'bytes' },
      ),
      timeseries(
        'Process CPU and the cpu-usage band',
        'The controller’s cpu-usage rule (dynamic threshold over a 1h baseline) draws its expected value and band (claude_zen_anomaly_expected / _lower / _upper) over the series it judges.',
        [
          target(`sum by (job, instance) (process_cpu_utilization{${SEL}})`, '{{instance}}'),
          ...band('cpu-usage'),
        ],
        { unit: 'percentunit', thresholds: T.cpu, min: 0, overrides: BAND_OVERRIDES },
      ),
      line(
        'Host CPU utilization',
        '1 - idle share, averaged over logical CPUs (system_cpu_utilization).',
        `1 - avg by (instance) (system_cpu_utilization{system_cpu_state="idle",${SEL}})`,
        '{{instance}}',
        { unit: 'percentunit', thresholds: T.cpu, min: 0, max: 1 },
      ),
      line(
        'Host CPU time by state',
        'rate(system_cpu_time_seconds_total): CPU seconds per second by state.',
        `sum by (instance, system_cpu_state) (rate(system_cpu_time_seconds_total{${SEL}}[${W}]))`,
        '{{instance}} {{system_cpu_state}}',
        { unit: 'short', min: 0 },
      ),
      line(
        'Host memory utilization',
        'system_memory_utilization by state; seed thresholds 75/85/95 %.',
        `sum by (instance, system_memory_state) (system_memory_utilization{${SEL}})`,
        '{{instance}} {{system_memory_state}}',
        { unit: 'percentunit', thresholds: T.memory, min: 0, max: 1 },
      ),
      line(
        'Host memory in bytes',
        'system_memory_usage by state.',
        `sum by (instance, system_memory_state) (system_memory_usage{${SEL}})`,
        '{{instance}} {{system_memory_state}}',
        { unit: 'bytes', min: 0 },
      ),
      line(
        'Network I/O',
        'rate(system_network_io_bytes_total) by direction.',
        `sum by (instance, network_io_direction) (rate(system_network_io_bytes_total{${SEL}}[${W}]))`,
        '{{instance}} {{network_io_direction}}',
        { unit: 'Bps', min: 0 },
      ),
      timeseries(
        'Network errors and drops',
        'rate(system_network_errors_total) and rate(system_network_dropped_total).',
        many(
          [`sum by (instance) (rate(system_network_errors_total{${SEL}}[${W}]))`, 'errors {{instance}}'],
          [`sum by (instance) (rate(system_network_dropped_total{${SEL}}[${W}]))`, 'dropped {{instance}}'],
        ),
        { unit: 'pps', min: 0 },
      ),
      timeseries(
        'Disk I/O',
        'rate(system_disk_io_bytes_total) by direction, and operations per second.',
        many([
          `sum by (instance, disk_io_direction) (rate(system_disk_io_bytes_total{${SEL}}[${W}]))`,
          '{{instance}} {{disk_io_direction}}',
        ]),
        { unit: 'Bps', min: 0 },
      ),
      line(
        'Disk operations',
        'rate(system_disk_operations_total) by direction.',
        `sum by (instance, disk_io_direction) (rate(system_disk_operations_total{${SEL}}[${W}]))`,
        '{{instance}} {{disk_io_direction}}',
        { unit: 'iops', min: 0 },
      ),
      line(
        'Filesystem usage',
        'system_filesystem_usage_bytes by state (used, free).',
        `sum by (instance, system_filesystem_state) (system_filesystem_usage_bytes{${SEL}})`,
        '{{instance}} {{system_filesystem_state}}',
        { unit: 'bytes', min: 0 },
      ),
    ],
  },

  api: {
    title: 'API',
    description: 'HTTP server requests: rate, response time, errors (api collector).',
    panels: [
      stat(
        'Requests per second',
        'rate(http_server_request_duration_seconds_count), all routes.',
        `sum(rate(http_server_request_duration_seconds_count{${SEL}}[${W}]))`,
        { unit: 'reqps' },
      ),
      stat(
        'Response time p95',
        'Seed thresholds 100/500/1000 ms.',
        q(0.95, 'le', 'http_server_request_duration_seconds'),
        { unit: 's', thresholds: T.apiTime },
      ),
      stat(
        '5xx share (last 10 s)',
        'claude_zen_api_error_ratio of class 5xx; the error-rate rule warns at 5 % and is critical at 10 %.',
        `max(claude_zen_api_error_ratio{http_response_status_class="5xx",${SEL}})`,
        { unit: 'percentunit', thresholds: T.errorShare },
      ),
      stat('Requests in flight', 'http_server_active_requests.', `sum(http_server_active_requests{${SEL}})`),
      line(
        'Requests by route and status',
        'rate(http_server_request_duration_seconds_count) by route and status code.',
        `sum by (http_route, http_response_status_code) (rate(http_server_request_duration_seconds_count{${SEL}}[${W}]))`,
        '{{http_route}} {{http_response_status_code}}',
        { unit: 'reqps', min: 0 },
      ),
      timeseries(
        'Response time p50 / p95 / p99',
        'histogram_quantile over http_server_request_duration_seconds_bucket; seed thresholds 100/500/1000 ms.',
        many(
          [q(0.5, 'instance, le', 'http_server_request_duration_seconds'), 'p50 {{instance}}'],
          [q(0.95, 'instance, le', 'http_server_request_duration_seconds'), 'p95 {{instance}}'],
          [q(0.99, 'instance, le', 'http_server_request_duration_seconds'), 'p99 {{instance}}'],
        ),
        { unit: 's', thresholds: T.apiTime, min: 0 },
      ),
      timeseries(
        'Response time p95 and the api-anomaly band',
        'p95 as the api-anomaly rule computes it (by job and instance), with the controller’s expected value and band.',
        [
          target(q(0.95, 'job, instance, le', 'http_server_request_duration_seconds'), 'p95 {{instance}}'),
          ...band('api-anomaly'),
        ],
        { unit: 's', thresholds: T.apiTime, min: 0, overrides: BAND_OVERRIDES },
      ),
      line(
        'Response time p95 by route',
        'Slowest routes first.',
        q(0.95, 'http_route, le', 'http_server_request_duration_seconds'),
        '{{http_route}}',
        { unit: 's', thresholds: T.apiTime, min: 0 },
      ),
      line(
        'Error share by class (last 10 s)',
        'claude_zen_api_error_ratio: share of requests ending 4xx and 5xx.',
        `max by (instance, http_response_status_class) (claude_zen_api_error_ratio{${SEL}})`,
        '{{instance}} {{http_response_status_class}}',
        { unit: 'percentunit', thresholds: T.errorShare, min: 0 },
      ),
      line(
        'Throughput (last 10 s)',
        'claude_zen_api_throughput_per_second: completed requests per second.',
        `sum by (instance) (claude_zen_api_throughput_per_second{${SEL}})`,
        '{{instance}}',
        { unit: 'reqps', min: 0 },
      ),
    ],
  },

  swarm: {
    title: 'Swarm',
    description: 'Agent swarms: agents, tasks, coordination, efficiency (swarm collector).',
    panels: [
      stat('Active swarms', 'claude_zen_swarm_active.', `sum(claude_zen_swarm_active{${SEL}})`),
      stat('Agents', 'claude_zen_swarm_agents, all states.', `sum(claude_zen_swarm_agents{${SEL}})`),
      stat(
        'Lowest swarm efficiency',
        'claude_zen_swarm_efficiency_ratio; seed: good ≥ 0.9, warning below 0.7, critical below 0.5.',
        `min(claude_zen_swarm_efficiency_ratio{${SEL}})`,
        { unit: 'percentunit', thresholds: T.efficiency },
      ),
      stat(
        'Tasks per second',
        'rate(claude_zen_swarm_tasks_total), all statuses.',
        `sum(rate(claude_zen_swarm_tasks_total{${SEL}}[${W}]))`,
        { unit: 'ops' },
      ),
      timeseries(
        'Efficiency and the swarm-degradation band',
        'claude_zen_swarm_efficiency_ratio with the controller’s swarm-degradation baseline (expected) and band.',
        [
          target(`claude_zen_swarm_efficiency_ratio{${SEL}}`, '{{instance}} {{claude_zen_swarm_id}}'),
          ...band('swarm-degradation'),
        ],
        { unit: 'percentunit', thresholds: T.efficiency, min: 0, max: 1, overrides: BAND_OVERRIDES },
      ),
      line(
        'Agents by status',
        'claude_zen_swarm_agents by status.',
        `sum by (claude_zen_swarm_id, claude_zen_agent_status) (claude_zen_swarm_agents{${SEL}})`,
        '{{claude_zen_swarm_id}} {{claude_zen_agent_status}}',
        { min: 0 },
      ),
      line(
        'Agent utilization',
        'claude_zen_swarm_agent_utilization_ratio: share of agents busy.',
        `claude_zen_swarm_agent_utilization_ratio{${SEL}}`,
        '{{instance}} {{claude_zen_swarm_id}} {{claude_zen_swarm_topology}}',
        { unit: 'percentunit', min: 0, max: 1 },
      ),
      line(
        'Tasks finished per second by status',
        'rate(claude_zen_swarm_tasks_total) by status (completed, failed).',
        `sum by (claude_zen_swarm_id, claude_zen_task_status) (rate(claude_zen_swarm_tasks_total{${SEL}}[${W}]))`,
        '{{claude_zen_swarm_id}} {{claude_zen_task_status}}',
        { unit: 'ops', min: 0 },
      ),
      line(
        'Task failure share',
        '1 - completed / all tasks finished in the window.',
        `1 - sum by (claude_zen_swarm_id) (rate(claude_zen_swarm_tasks_total{claude_zen_task_status="completed",${SEL}}[${W}])) / sum by (claude_zen_swarm_id) (rate(claude_zen_swarm_tasks_total{${SEL}}[${W}]))`,
        '{{claude_zen_swarm_id}}',
        { unit: 'percentunit', thresholds: T.errorShare, min: 0 },
      ),
      line(
        'Task duration p95 by type',
        'histogram_quantile over claude_zen_swarm_task_duration_seconds_bucket.',
        q(0.95, 'claude_zen_task_type, le', 'claude_zen_swarm_task_duration_seconds'),
        '{{claude_zen_task_type}}',
        { unit: 's', min: 0 },
      ),
      line(
        'Task throughput (last interval)',
        'claude_zen_swarm_task_throughput_per_second.',
        `claude_zen_swarm_task_throughput_per_second{${SEL}}`,
        '{{instance}} {{claude_zen_swarm_id}}',
        { unit: 'ops', min: 0 },
      ),
      line(
        'Coordination latency',
        'claude_zen_swarm_coordination_latency_seconds: last ping round trip through the coordinator.',
        `claude_zen_swarm_coordination_latency_seconds{${SEL}}`,
        '{{instance}} {{claude_zen_swarm_id}} {{claude_zen_swarm_topology}}',
        { unit: 's', min: 0 },
      ),
      timeseries(
        'Messages between agents',
        'rate(claude_zen_swarm_messages_total) and the bytes they carry (communication overhead).',
        many([
          `sum by (claude_zen_swarm_id) (rate(claude_zen_swarm_messages_total{${SEL}}[${W}]))`,
          'messages/s {{claude_zen_swarm_id}}',
        ]),
        { unit: 'short', min: 0 },
      ),
      line(
        'Message bytes between agents',
        'rate(claude_zen_swarm_messages_size_bytes_total).',
        `sum by (claude_zen_swarm_id) (rate(claude_zen_swarm_messages_size_bytes_total{${SEL}}[${W}]))`,
        '{{claude_zen_swarm_id}}',
        { unit: 'Bps', min: 0 },
      ),
    ],
  },

  neural: {
    title: 'Neural',
    description:
      'Neural models: inference, training, accuracy, memory (neural collector, TensorFlow.js instrumentation).',
    panels: [
      stat(
        'Active networks',
        'claude_zen_neural_networks_active.',
        `sum(claude_zen_neural_networks_active{${SEL}})`,
      ),
      stat(
        'WASM acceleration',
        'claude_zen_neural_wasm_enabled.',
        `max(claude_zen_neural_wasm_enabled{${SEL}})`,
        {
          mappings: [
            {
              type: 'value',
              options: { 0: { text: 'off', color: 'orange' }, 1: { text: 'on', color: 'green' } },
            },
          ],
        },
      ),
      stat(
        'Inference p95',
        'Seed thresholds 50/200/500 ms.',
        q(0.95, 'le', 'claude_zen_neural_inference_duration_seconds'),
        { unit: 's', thresholds: T.inference },
      ),
      stat(
        'Inferences per second',
        'rate(claude_zen_neural_inferences_total).',
        `sum(rate(claude_zen_neural_inferences_total{${SEL}}[${W}]))`,
        { unit: 'ops' },
      ),
      line(
        'Inference p95 by model and backend',
        'histogram_quantile over claude_zen_neural_inference_duration_seconds_bucket; seed thresholds 50/200/500 ms.',
        q(
          0.95,
          'gen_ai_request_model, claude_zen_neural_backend, le',
          'claude_zen_neural_inference_duration_seconds',
        ),
        '{{gen_ai_request_model}} {{claude_zen_neural_backend}}',
        { unit: 's', thresholds: T.inference, min: 0 },
      ),
      timeseries(
        'Mean inference time and the neural-performance band',
        'Mean inference duration by model (as the neural-performance rule computes it) with the controller’s baseline and band.',
        [
          target(
            `sum by (job, instance, gen_ai_request_model) (rate(claude_zen_neural_inference_duration_seconds_sum{${SEL}}[${W}])) / sum by (job, instance, gen_ai_request_model) (rate(claude_zen_neural_inference_duration_seconds_count{${SEL}}[${W}]))`,
            '{{instance}} {{gen_ai_request_model}}',
          ),
          ...band('neural-performance'),
        ],
        { unit: 's', thresholds: T.inference, min: 0, overrides: BAND_OVERRIDES },
      ),
      timeseries(
        'Inferences and examples per second',
        'rate(claude_zen_neural_inferences_total) and rate(claude_zen_neural_inference_examples_total) (batch sizes summed).',
        many(
          [
            `sum by (gen_ai_request_model, claude_zen_neural_backend) (rate(claude_zen_neural_inferences_total{${SEL}}[${W}]))`,
            'calls {{gen_ai_request_model}} {{claude_zen_neural_backend}}',
          ],
          [
            `sum by (gen_ai_request_model, claude_zen_neural_backend) (rate(claude_zen_neural_inference_examples_total{${SEL}}[${W}]))`,
            'examples {{gen_ai_request_model}} {{claude_zen_neural_backend}}',
          ],
        ),
        { unit: 'ops', min: 0 },
      ),
      timeseries(
        'Accuracy',
        'claude_zen_neural_model_accuracy_ratio and claude_zen_neural_training_accuracy_ratio.',
        many(
          [`claude_zen_neural_model_accuracy_ratio{${SEL}}`, 'model {{gen_ai_request_model}}'],
          [`claude_zen_neural_training_accuracy_ratio{${SEL}}`, 'training {{gen_ai_request_model}}'],
        ),
        { unit: 'percentunit', min: 0, max: 1 },
      ),
      line(
        'Training loss',
        'claude_zen_neural_training_loss at the last step.',
        `claude_zen_neural_training_loss{${SEL}}`,
        '{{gen_ai_request_model}}',
        { min: 0 },
      ),
      timeseries(
        'Training progress',
        'claude_zen_neural_training_epoch of claude_zen_neural_training_epochs, and claude_zen_neural_training_active.',
        many(
          [`claude_zen_neural_training_epoch{${SEL}}`, 'epoch {{gen_ai_request_model}}'],
          [`claude_zen_neural_training_epochs{${SEL}}`, 'planned {{gen_ai_request_model}}'],
          [`claude_zen_neural_training_active{${SEL}}`, 'training {{gen_ai_request_model}}'],
        ),
        { min: 0 },
      ),
      stat(
        'Training time left',
        'claude_zen_neural_training_eta_seconds.',
        `max(claude_zen_neural_training_eta_seconds{${SEL}})`,
        { unit: 's' },
      ),
      line(
        'Model memory',
        'claude_zen_neural_model_memory_bytes.',
        `claude_zen_neural_model_memory_bytes{${SEL}}`,
        '{{instance}} {{gen_ai_request_model}}',
        { unit: 'bytes', min: 0 },
      ),
    ],
  },

  memory: {
    title: 'Memory and runtime',
    description:
      'V8 heap, leak trend, garbage collection and the event loop (memory collector, runtime instrumentation).',
    panels: [
      stat(
        'Leak suspected',
        'claude_zen_memory_leak_suspected: heap grows steadily (R² ≥ 0.8) by ≥ 5 % over the window.',
        `max(claude_zen_memory_leak_suspected{${SEL}})`,
        {
          thresholds: T.leak,
          mappings: [
            {
              type: 'value',
              options: { 0: { text: 'no', color: 'green' }, 1: { text: 'leak suspected', color: 'red' } },
            },
          ],
        },
      ),
      stat(
        'Heap growth',
        'claude_zen_memory_heap_growth_bytes_per_second (linear fit over the leak window).',
        `max(claude_zen_memory_heap_growth_bytes_per_second{${SEL}})`,
        { unit: 'Bps' },
      ),
      stat(
        'Growth confidence (R²)',
        'claude_zen_memory_heap_growth_confidence_ratio; the seed’s leak rule needs 0.8.',
        `max(claude_zen_memory_heap_growth_confidence_ratio{${SEL}})`,
        { unit: 'percentunit', thresholds: T.confidence },
      ),
      stat(
        'Event-loop delay p99',
        'nodejs_eventloop_delay_p99_seconds; the event-loop-delay rule warns at 100 ms, critical at 500 ms.',
        `max(nodejs_eventloop_delay_p99_seconds{${SEL}})`,
        { unit: 's', thresholds: T.eventLoop },
      ),
      timeseries(
        'Heap and resident memory',
        'claude_zen_memory_heap_used_bytes, _heap_total_bytes, _heap_used_after_gc_bytes, _rss_bytes.',
        many(
          [`claude_zen_memory_heap_used_bytes{${SEL}}`, 'heap used {{instance}}'],
          [`claude_zen_memory_heap_total_bytes{${SEL}}`, 'heap total {{instance}}'],
          [`claude_zen_memory_heap_used_after_gc_bytes{${SEL}}`, 'after GC {{instance}}'],
          [`claude_zen_memory_rss_bytes{${SEL}}`, 'rss {{instance}}'],
        ),
        { unit: 'bytes', min: 0 },
      ),
      timeseries(
        'Heap after GC and the memory-leak band',
        'Live heap (after the last major GC) with the controller’s memory-leak trend: expected value and band.',
        [
          target(`claude_zen_memory_heap_used_after_gc_bytes{${SEL}}`, '{{instance}}'),
          ...band('memory-leak'),
        ],
        { unit: 'bytes', min: 0, overrides: BAND_OVERRIDES },
      ),
      line(
        'Heap in use',
        'Heap used / heap reserved; seed memory thresholds 75/85/95 %.',
        `claude_zen_memory_heap_used_bytes{${SEL}} / claude_zen_memory_heap_total_bytes{${SEL}}`,
        '{{instance}}',
        { unit: 'percentunit', thresholds: T.memory, min: 0, max: 1 },
      ),
      line(
        'V8 heap by space',
        'v8js_memory_heap_used_bytes by heap space.',
        `sum by (v8js_heap_space_name) (v8js_memory_heap_used_bytes{${SEL}})`,
        '{{v8js_heap_space_name}}',
        { unit: 'bytes', min: 0 },
      ),
      line(
        'Garbage collections per second',
        'rate(v8js_gc_duration_seconds_count) by kind.',
        `sum by (v8js_gc_type) (rate(v8js_gc_duration_seconds_count{${SEL}}[${W}]))`,
        '{{v8js_gc_type}}',
        { unit: 'short', min: 0 },
      ),
      line(
        'Time in garbage collection',
        'rate(v8js_gc_duration_seconds_sum): share of wall time spent collecting.',
        `sum by (instance) (rate(v8js_gc_duration_seconds_sum{${SEL}}[${W}]))`,
        '{{instance}}',
        { unit: 'percentunit', min: 0 },
      ),
      timeseries(
        'Event-loop delay',
        'nodejs_eventloop_delay_p99_seconds and _mean_seconds.',
        many(
          [`nodejs_eventloop_delay_p99_seconds{${SEL}}`, 'p99 {{instance}}'],
          [`nodejs_eventloop_delay_mean_seconds{${SEL}}`, 'mean {{instance}}'],
        ),
        { unit: 's', thresholds: T.eventLoop, min: 0 },
      ),
      line(
        'Event-loop utilization',
        'nodejs_eventloop_utilization_ratio (0..1).',
        `nodejs_eventloop_utilization_ratio{${SEL}}`,
        '{{instance}}',
        { unit: 'percentunit', min: 0, max: 1 },
      ),
      line(
        'GC count by kind',
        'rate(claude_zen_memory_gc_count_total) by kind.',
        `sum by (v8js_gc_type) (rate(claude_zen_memory_gc_count_total{${SEL}}[${W}]))`,
        '{{v8js_gc_type}}',
        { unit: 'short', min: 0 },
      ),
    ],
  },

  alerts: {
    title: 'Alerts and optimizations',
    description:
      'The controller: anomaly scores of every judged series, alerts, optimizer decisions, rule evaluation. Controller series are not filtered by job (their job is the controller’s).',
    panels: [
      stat(
        'Firing alerts (controller)',
        'claude_zen_controller_alerts of state firing.',
        'sum(claude_zen_controller_alerts{state="firing"})',
        { thresholds: steps('green', [1, 'red']) },
      ),
      stat(
        'Pending alerts (controller)',
        'claude_zen_controller_alerts of state pending.',
        'sum(claude_zen_controller_alerts{state="pending"})',
        { thresholds: steps('green', [1, 'yellow']) },
      ),
      stat(
        'Query backend',
        'claude_zen_controller_backend_up: the controller’s last probe of Prometheus (or the embedded store).',
        'min(claude_zen_controller_backend_up)',
        {
          thresholds: steps('red', [1, 'green']),
          mappings: [
            {
              type: 'value',
              options: { 0: { text: 'down', color: 'red' }, 1: { text: 'up', color: 'green' } },
            },
          ],
        },
      ),
      stat(
        'Since the last rule evaluation',
        'time() - claude_zen_controller_last_evaluation_timestamp_seconds.',
        'time() - max(claude_zen_controller_last_evaluation_timestamp_seconds)',
        { unit: 's', thresholds: steps('green', [120, 'orange'], [600, 'red']) },
      ),
      line(
        'Anomaly score by rule',
        'claude_zen_anomaly_score of every series the rules judge: 1 is the alert limit.',
        `max by (rule, instance) (claude_zen_anomaly_score{${SEL}})`,
        '{{rule}} {{instance}}',
        { thresholds: T.anomaly, min: 0 },
      ),
      timeseries(
        'Expected value and band by rule',
        'claude_zen_anomaly_expected, _lower and _upper: what each rule expected at its last evaluation.',
        many(
          [`claude_zen_anomaly_expected{${SEL}}`, 'expected {{rule}} {{instance}}'],
          [`claude_zen_anomaly_lower{${SEL}}`, 'lower {{rule}} {{instance}}'],
          [`claude_zen_anomaly_upper{${SEL}}`, 'upper {{rule}} {{instance}}'],
        ),
        { overrides: bandOverrides('A', 'B', 'C') },
      ),
      line(
        'Optimizer decisions since start',
        'claude_zen_controller_optimizations_total by result (applied, verified, confirmed, rolled-back, failed, skipped, ...).',
        'sum by (result) (claude_zen_controller_optimizations_total)',
        '{{result}}',
        { min: 0 },
      ),
      line(
        'Alertmanager webhook alerts received',
        'claude_zen_controller_webhook_alerts_total by status.',
        'sum by (status) (claude_zen_controller_webhook_alerts_total)',
        '{{status}}',
        { min: 0 },
      ),
      line(
        'Alerts by state (controller)',
        'claude_zen_controller_alerts.',
        'sum by (state) (claude_zen_controller_alerts)',
        '{{state}}',
        { min: 0 },
      ),
      stat(
        'Prometheus alerts firing (exported rules)',
        'ALERTS from the rules `claude-zen rules export` writes, when Prometheus evaluates them (0 when none fire).',
        `count(ALERTS{alertstate="firing"}) or on() vector(0)`,
        { thresholds: steps('green', [1, 'red']) },
      ),
      line(
        'Rule evaluation duration',
        'claude_zen_controller_rule_evaluation_duration_seconds of each rule’s last evaluation.',
        'max by (rule) (claude_zen_controller_rule_evaluation_duration_seconds)',
        '{{rule}}',
        { unit: 's', min: 0 },
      ),
      line(
        'Rules by health',
        'claude_zen_controller_rule_health: rules ok, in error, or not yet evaluated.',
        'sum by (health) (claude_zen_controller_rule_health)',
        '{{health}}',
        { min: 0 },
      ),
    ],
  },
};

/** Panels laid out in rows: stats 6 wide, time series 12 wide. */
function layout(panels) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p, i) => {
    const w = p.type === 'stat' ? 6 : 12;
    const h = p.type === 'stat' ? 4 : 8;
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { id: i + 1, gridPos: { h, w, x, y }, ...p };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return placed;
  });
}

const variables = [
  {
    name: 'datasource',
    label: 'Data source',
    type: 'datasource',
    query: 'prometheus',
    current: { text: 'Prometheus', value: 'prometheus' },
    hide: 0,
    refresh: 1,
    options: [],
  },
  {
    name: 'job',
    label: 'Job',
    type: 'query',
    datasource: DS,
    definition: 'label_values(target_info, job)',
    query: {
      query: 'label_values(target_info, job)',
      refId: 'PrometheusVariableQueryEditor-VariableQuery',
    },
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { text: ['All'], value: ['$__all'] },
    sort: 1,
    hide: 0,
    options: [],
  },
  {
    name: 'instance',
    label: 'Instance',
    type: 'query',
    datasource: DS,
    definition: 'label_values(target_info{job=~"$job"}, instance)',
    query: {
      query: 'label_values(target_info{job=~"$job"}, instance)',
      refId: 'PrometheusVariableQueryEditor-VariableQuery',
    },
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { text: ['All'], value: ['$__all'] },
    sort: 1,
    hide: 0,
    options: [],
  },
];

const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? process.argv[outFlag + 1] : join(here, 'dashboards');
mkdirSync(out, { recursive: true });
for (const [key, d] of Object.entries(DASHBOARDS)) {
  const dashboard = {
    uid: `claude-zen-${key}`,
    title: `claude-zen / ${d.title}`,
    description: d.description,
    tags: ['claude-zen'],
    schemaVersion: 39,
    version: 1,
    editable: true,
    graphTooltip: 1,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    timezone: '',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    links: [{ title: 'claude-zen', type: 'dashboards', tags: ['claude-zen'], asDropdown: true }],
    templating: { list: variables },
    panels: layout(d.panels),
  };
  writeFileSync(join(out, `claude-zen-${key}.json`), `${JSON.stringify(dashboard, null, 2)}\n`);
}
process.stdout.write(`wrote ${Object.keys(DASHBOARDS).length} dashboards to ${out}\n`);
