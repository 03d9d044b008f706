import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTOR_NAMES, type CollectorName, ENV_VARS, type EnvVar } from './schema.js';

export interface PreloadConfig {
  disabled: boolean;
  exporters: { prometheus: boolean; otlp: boolean; console: boolean };
  prometheus: { host: string; port: number };
  otlpIntervalMs: number;
  collectors: Record<CollectorName, { enabled: boolean; intervalMs: number }>;
  cardinalityLimit: number;
  leakWindowMs: number;
  http: { routes: string[]; maxRoutes: number };
  control: { token: string; host: string; port: number; leaseMs: number; advertisedUrl: string };
  diagnosticsDir: string;
  promClientBridge: boolean;
  tfjs: boolean;
  silent: boolean;
}

/** A variable whose value was rejected; the default was used instead. */
export interface ConfigProblem {
  variable: string;
  value: string;
  message: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const HOST_RE = /^(?:[a-zA-Z0-9.-]+|\[?[0-9a-fA-F:]+\]?)$/;

function describeKind(v: EnvVar): string {
  const k = v.kind;
  switch (k.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer from ${k.min} to ${k.max}`;
    case 'host':
      return 'a host name or IP address, e.g. 127.0.0.1';
    case 'list':
      return k.allowed ? `a comma-separated list of ${k.allowed.join(', ')}` : 'a comma-separated list';
    default:
      return 'a string';
  }
}

function parseValue(v: EnvVar, raw: string): { ok: true; value: unknown } | { ok: false } {
  const k = v.kind;
  const s = raw.trim();
  switch (k.type) {
    case 'boolean': {
      const l = s.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(l)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off', ''].includes(l)) return { ok: true, value: false };
      return { ok: false };
    }
    case 'integer': {
      if (!/^-?\d+$/.test(s)) return { ok: false };
      const n = Number(s);
      return n >= k.min && n <= k.max ? { ok: true, value: n } : { ok: false };
    }
    case 'host':
      return HOST_RE.test(s) ? { ok: true, value: s.replace(/^\[|\]$/g, '') } : { ok: false };
    case 'list': {
      const items = s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      if (k.allowed && items.some((i) => !k.allowed!.includes(i.toLowerCase()))) return { ok: false };
      return { ok: true, value: k.allowed ? items.map((i) => i.toLowerCase()) : items };
    }
    default:
      return { ok: true, value: raw };
  }
}

/**
 * Reads the preload's configuration from the environment. Never throws: a rejected value is
 * reported as a problem (variable, value, what is expected) and its default is used.
 */
export function loadConfig(env: Env = process.env): { config: PreloadConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const values = new Map<string, unknown>();
  for (const v of ENV_VARS) {
    const raw = env[v.name];
    const fallback = parseValue(v, v.default.startsWith('<') ? '' : v.default);
    let value = fallback.ok ? fallback.value : undefined;
    if (raw !== undefined && raw.trim() !== '') {
      const parsed = parseValue(v, raw);
      if (parsed.ok) value = parsed.value;
      else
        problems.push({
          variable: v.name,
          value: raw,
          message: `${v.name}=${JSON.stringify(raw)} is invalid: expected ${describeKind(v)}; using the default ${JSON.stringify(v.default)}`,
        });
    }
    values.set(v.name, value);
  }
  const get = <T>(name: string) => values.get(name) as T;

  const exporterList = get<string[]>('OTEL_METRICS_EXPORTER');
  const none = exporterList.includes('none');
  const enabledList = get<string[]>('CLAUDE_ZEN_COLLECTORS');
  const all = enabledList.includes('all');
  const noCollectors = enabledList.includes('none');

  const collectors = {} as PreloadConfig['collectors'];
  for (const name of COLLECTOR_NAMES) {
    collectors[name] = {
      enabled: !noCollectors && (all || enabledList.includes(name)),
      intervalMs: get<number>(`CLAUDE_ZEN_${name.toUpperCase()}_INTERVAL_MS`),
    };
  }

  const config: PreloadConfig = {
    disabled: get<boolean>('OTEL_SDK_DISABLED'),
    exporters: {
      prometheus: !none && exporterList.includes('prometheus'),
      otlp: !none && exporterList.includes('otlp'),
      console: !none && exporterList.includes('console'),
    },
    prometheus: {
      host: get<string>('OTEL_EXPORTER_PROMETHEUS_HOST'),
      port: get<number>('OTEL_EXPORTER_PROMETHEUS_PORT'),
    },
    otlpIntervalMs: get<number>('OTEL_METRIC_EXPORT_INTERVAL'),
    collectors,
    cardinalityLimit: get<number>('CLAUDE_ZEN_CARDINALITY_LIMIT'),
    leakWindowMs: get<number>('CLAUDE_ZEN_LEAK_WINDOW_MS'),
    http: {
      routes: get<string[]>('CLAUDE_ZEN_HTTP_ROUTES'),
      maxRoutes: get<number>('CLAUDE_ZEN_HTTP_MAX_ROUTES'),
    },
    control: {
      token: get<string>('CLAUDE_ZEN_CONTROL_TOKEN') ?? '',
      host: get<string>('CLAUDE_ZEN_CONTROL_HOST'),
      port: get<number>('CLAUDE_ZEN_CONTROL_PORT'),
      leaseMs: get<number>('CLAUDE_ZEN_CONTROL_LEASE_MS'),
      advertisedUrl: get<string>('CLAUDE_ZEN_CONTROL_URL') ?? '',
    },
    diagnosticsDir:
      (get<string>('CLAUDE_ZEN_DIAGNOSTICS_DIR') as string) || join(tmpdir(), 'claude-zen-diagnostics'),
    promClientBridge: get<boolean>('CLAUDE_ZEN_PROM_CLIENT_BRIDGE'),
    tfjs: get<boolean>('CLAUDE_ZEN_TFJS'),
    silent: get<string[]>('CLAUDE_ZEN_LOG_LEVEL').includes('silent'),
  };
  return { config, problems };
}
