/**
 * Every environment variable the preload reads, in one table: name, type, default and meaning.
 * The README's configuration reference lists exactly these (a test keeps the two in step).
 */
export type CollectorName = 'system' | 'api' | 'memory' | 'swarm' | 'neural';
export const COLLECTOR_NAMES: readonly CollectorName[] = ['system', 'api', 'memory', 'swarm', 'neural'];

export type Kind =
  | { type: 'boolean' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'string' }
  | { type: 'host' }
  | { type: 'list'; allowed?: readonly string[] };

export interface EnvVar {
  name: string;
  kind: Kind;
  default: string;
  description: string;
}

const port = { type: 'integer', min: 0, max: 65535 } as const;
const interval = { type: 'integer', min: 50, max: 3_600_000 } as const;

export const ENV_VARS: readonly EnvVar[] = [
  {
    name: 'OTEL_SDK_DISABLED',
    kind: { type: 'boolean' },
    default: 'false',
    description: 'Standard OpenTelemetry switch: `true` turns the whole preload off.',
  },
  {
    name: 'OTEL_SERVICE_NAME',
    kind: { type: 'string' },
    default: '',
    description: '`service.name` resource attribute (standard; read by the SDK).',
  },
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES',
    kind: { type: 'string' },
    default: '',
    description: 'Extra resource attributes, `k=v,k2=v2` (standard; read by the SDK).',
  },
  {
    name: 'OTEL_METRICS_EXPORTER',
    kind: { type: 'list', allowed: ['prometheus', 'otlp', 'console', 'none'] },
    default: 'prometheus',
    description:
      'Exporters to run: `prometheus` (pull endpoint), `otlp` (push, configured by the standard `OTEL_EXPORTER_OTLP_*` variables), `console`, or `none`.',
  },
  {
    name: 'OTEL_EXPORTER_PROMETHEUS_HOST',
    kind: { type: 'host' },
    default: '127.0.0.1',
    description: 'Address the Prometheus endpoint binds to (`0.0.0.0` to be scraped from other hosts).',
  },
  {
    name: 'OTEL_EXPORTER_PROMETHEUS_PORT',
    kind: port,
    default: '9464',
    description: 'Port of the Prometheus endpoint (`/metrics`); 0 picks a free port (printed).',
  },
  {
    name: 'OTEL_METRIC_EXPORT_INTERVAL',
    kind: { type: 'integer', min: 100, max: 86_400_000 },
    default: '60000',
    description: 'OTLP push interval in milliseconds (standard).',
  },
  {
    name: 'CLAUDE_ZEN_COLLECTORS',
    kind: { type: 'list', allowed: ['system', 'api', 'memory', 'swarm', 'neural', 'all', 'none'] },
    default: 'system,api,memory,swarm,neural',
    description: 'Collectors to enable.',
  },
  {
    name: 'CLAUDE_ZEN_SYSTEM_INTERVAL_MS',
    kind: interval,
    default: '1000',
    description: 'Sampling interval of the system collector (CPU, disk).',
  },
  {
    name: 'CLAUDE_ZEN_API_INTERVAL_MS',
    kind: interval,
    default: '500',
    description: 'Window step of the API collector (throughput and error-ratio gauges).',
  },
  {
    name: 'CLAUDE_ZEN_MEMORY_INTERVAL_MS',
    kind: interval,
    default: '3000',
    description: 'Sampling interval of the memory collector (heap, leak trend).',
  },
  {
    name: 'CLAUDE_ZEN_SWARM_INTERVAL_MS',
    kind: interval,
    default: '5000',
    description: 'Polling interval of registered swarm managers (agents, ping, tasks).',
  },
  {
    name: 'CLAUDE_ZEN_NEURAL_INTERVAL_MS',
    kind: interval,
    default: '2000',
    description: 'Polling interval of registered neural managers (networks, training).',
  },
  {
    name: 'CLAUDE_ZEN_LEAK_WINDOW_MS',
    kind: { type: 'integer', min: 1000, max: 86_400_000 },
    default: '600000',
    description:
      'Span of the heap trend behind `claude_zen_memory_heap_growth_*` and `claude_zen_memory_leak_suspected`.',
  },
  {
    name: 'CLAUDE_ZEN_CARDINALITY_LIMIT',
    kind: { type: 'integer', min: 10, max: 1_000_000 },
    default: '2000',
    description:
      'Series per metric before new attribute sets fold into one `otel_metric_overflow="true"` series.',
  },
  {
    name: 'CLAUDE_ZEN_HTTP_ROUTES',
    kind: { type: 'list' },
    default: '',
    description:
      'Route templates for `http.route`, e.g. `/users/:id,/tasks/:id/result`; paths matching none are templated by replacing id-like segments with `:id`.',
  },
  {
    name: 'CLAUDE_ZEN_HTTP_MAX_ROUTES',
    kind: { type: 'integer', min: 1, max: 100_000 },
    default: '200',
    description: 'Distinct `http.route` values kept; later new routes are reported as `_other`.',
  },
  {
    name: 'CLAUDE_ZEN_CONTROL_TOKEN',
    kind: { type: 'string' },
    default: '',
    description:
      'Bearer token of the control endpoint. Unset: the endpoint is not started (fail closed). Use 32+ random characters.',
  },
  {
    name: 'CLAUDE_ZEN_CONTROL_HOST',
    kind: { type: 'host' },
    default: '127.0.0.1',
    description: 'Address the control endpoint binds to.',
  },
  {
    name: 'CLAUDE_ZEN_CONTROL_PORT',
    kind: port,
    default: '9465',
    description: 'Port of the control endpoint; 0 picks a free port.',
  },
  {
    name: 'CLAUDE_ZEN_CONTROL_LEASE_MS',
    kind: { type: 'integer', min: 1000, max: 86_400_000 },
    default: '120000',
    description: 'A change not confirmed within this time is rolled back by the process itself.',
  },
  {
    name: 'CLAUDE_ZEN_CONTROL_URL',
    kind: { type: 'string' },
    default: '',
    description:
      'URL advertised in `target_info` as `claude_zen_control_url` when the endpoint is reachable under another address (NAT, containers).',
  },
  {
    name: 'CLAUDE_ZEN_DIAGNOSTICS_DIR',
    kind: { type: 'string' },
    default: '<tmpdir>/claude-zen-diagnostics',
    description: 'Folder where heap snapshots and CPU profiles are written.',
  },
  {
    name: 'CLAUDE_ZEN_PROM_CLIENT_BRIDGE',
    kind: { type: 'boolean' },
    default: 'true',
    description: "Append the app's prom-client default registry to `/metrics`.",
  },
  {
    name: 'CLAUDE_ZEN_TFJS',
    kind: { type: 'boolean' },
    default: 'true',
    description: 'Auto-instrument TensorFlow.js (`predict`, `execute`, `fit`) when the app loads it.',
  },
  {
    name: 'CLAUDE_ZEN_LOG_LEVEL',
    kind: { type: 'list', allowed: ['info', 'silent'] },
    default: 'info',
    description: "`silent` stops the preload's own stderr lines.",
  },
];
