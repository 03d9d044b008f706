import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { PerformanceDashboard } from './health/dashboard.js';
import type { ControllerConfigInput } from './monitor/config.js';
import { MonitorError } from './monitor/errors.js';
import { notificationsFromSeed, type SeedNotification } from './monitor/seed-notifications.js';
import { ControllerService, type MonitorAlert } from './monitor/service.js';
import type { OptimizationMode } from './optimize/types.js';

/** The seed's `MonitoringConfig`, plus where the metrics come from. Env fills what is left out. */
export interface PerformanceMonitorConfig {
  /** Collection (scrape) interval in ms (seed: 1000). */
  interval?: number;
  /** `embedded` and the seed's `time-series`: the built-in store; `prometheus`: a remote API. */
  storage?: 'embedded' | 'time-series' | 'prometheus';
  /** With storage `prometheus` (env CLAUDE_ZEN_PROMETHEUS_URL). */
  prometheusUrl?: string;
  /** `host:port` of the /metrics endpoints to scrape (env CLAUDE_ZEN_TARGETS, comma-separated). */
  targets?: string[];
  /**
   * `true`: the default rules (plus files in env CLAUDE_ZEN_RULES, comma-separated); `false`: no
   * rules; or an object choosing the rule files and notification channels.
   */
  alerting?: boolean | { defaultRules?: boolean; rules?: string[]; notifications?: SeedNotification[] };
  /** Optimizer mode (seed: 'automatic'); default 'recommend'. */
  optimization?: OptimizationMode;
  /** Alerts, audit log and embedded store (env CLAUDE_ZEN_DATA_DIR; default ./claude-zen-data). */
  dataDir?: string;
  /** Serve the controller's HTTP API on this port (default: no server). */
  port?: number;
  /** Bearer token of the HTTP API's changing endpoints and of the targets' control endpoints (env CLAUDE_ZEN_CONTROL_TOKEN). */
  token?: string;
  /** Anything else of the controller's config (verification delays, windows, ...). */
  advanced?: ControllerConfigInput;
}

const STORAGES = ['embedded', 'time-series', 'prometheus'];

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Turns the seed's config into the controller's (env fills the gaps; errors name the field). */
export function controllerConfigFromSeed(
  config: PerformanceMonitorConfig,
  env: NodeJS.ProcessEnv = process.env,
): { config: ControllerConfigInput; problems: string[] } {
  const storage = config.storage ?? 'embedded';
  if (!STORAGES.includes(storage))
    throw new MonitorError(
      'invalid_config',
      `must be embedded, time-series or prometheus (got ${JSON.stringify(storage)})`,
      'storage',
    );
  const alerting = config.alerting ?? true;
  const a = typeof alerting === 'object' ? alerting : {};
  const enabled = alerting !== false;
  const { config: notifications, problems } = a.notifications
    ? notificationsFromSeed(a.notifications, env)
    : { config: undefined, problems: [] as string[] };
  const token = config.token ?? env.CLAUDE_ZEN_CONTROL_TOKEN;
  const adv = config.advanced ?? {};
  return {
    problems,
    config: {
      ...adv,
      storage: storage === 'prometheus' ? 'prometheus' : 'embedded',
      prometheusUrl: config.prometheusUrl ?? env.CLAUDE_ZEN_PROMETHEUS_URL,
      dataDir: config.dataDir ?? env.CLAUDE_ZEN_DATA_DIR ?? join(process.cwd(), 'claude-zen-data'),
      scrapeTargets: storage === 'prometheus' ? [] : (config.targets ?? list(env.CLAUDE_ZEN_TARGETS)),
      scrapeIntervalMs: config.interval ?? adv.scrapeIntervalMs ?? 1_000,
      defaultRules: enabled && (a.defaultRules ?? true),
      ruleFiles: enabled ? (a.rules ?? list(env.CLAUDE_ZEN_RULES)) : [],
      notifications: enabled ? notifications : undefined,
      optimization: {
        ...(adv.optimization ?? {}),
        mode: config.optimization ?? adv.optimization?.mode ?? 'recommend',
        tokens: adv.optimization?.tokens ?? (token ? { default: token } : {}),
      },
      http: { ...(adv.http ?? {}), enabled: config.port !== undefined, port: config.port ?? 0, token },
    },
  };
}

/**
 * The seed's `PerformanceMonitor`: `new PerformanceMonitor({ interval, storage, alerting,
 * optimization })`, `await monitor.start()`, `monitor.on('anomaly', alert => ...)`,
 * `await monitor.getDashboardData()`, `await monitor.stop()`. A facade over
 * {@link ControllerService} (exposed as `.service` after construction), whose events it relays:
 * `anomaly` (an alert started firing), `alert` (every state change), `optimization-applied`,
 * `optimization-failed`, and `warning` (a config problem that was worked around).
 */
export class PerformanceMonitor extends EventEmitter {
  readonly service: ControllerService;
  /** Config problems worked around (e.g. a Slack channel without a webhook URL). */
  readonly problems: string[];

  constructor(config: PerformanceMonitorConfig = {}) {
    super();
    const { config: c, problems } = controllerConfigFromSeed(config);
    this.problems = problems;
    this.service = new ControllerService(c);
    for (const name of [
      'anomaly',
      'alert',
      'optimization-applied',
      'optimization-failed',
      'optimization-started',
      'optimization-rolled-back',
      'optimization-queued',
      'evaluation-error',
    ]) {
      this.service.on(name, (payload: unknown) => {
        if (name === 'optimization-failed' && this.listenerCount(name) === 0) return;
        this.emit(name, payload);
      });
    }
  }

  async start(): Promise<void> {
    await this.service.start();
    for (const p of this.problems) this.emit('warning', p);
  }

  async stop(): Promise<void> {
    await this.service.stop();
  }

  /** Alerts pending or firing now. */
  getActiveAlerts(): MonitorAlert[] {
    return this.service.alertsForDashboard().filter((a) => a.status === 'active');
  }

  /**
   * The seed's dashboard: `{ timestamp, system: { health, performance, availability,
   * efficiency }, metrics: { current, trends, predictions }, alerts: { active, resolved,
   * suppressed }, optimizations: { recent, pending, impact }, recommendations }` (plus `errors`
   * for the queries that failed; `overview` is the same object as `system`).
   */
  async getDashboardData(
    opts: { period?: number } = {},
  ): Promise<PerformanceDashboard<MonitorAlert> & { system: PerformanceDashboard['overview'] }> {
    const d = await this.service.dashboard({ period: opts.period });
    return { ...d, system: d.overview };
  }
}
