import { join } from 'node:path';
import { DEFAULT_INHIBIT_RULES, parseInhibitRules } from '../alerts/inhibition/rules.js';
import type { InhibitRule } from '../alerts/inhibition/types.js';
import { SilenceError } from '../alerts/silences/errors.js';
import type { StaticTargetConfig, TokenConfig } from '../optimize/targets.js';
import type { OptimizationMode, SafetyLimits } from '../optimize/types.js';
import type { Rule } from '../rules/types.js';
import { MonitorError } from './errors.js';

/** The rule file shipped with the package (the seed's rules). */
export const DEFAULT_RULES_FILE = join(__dirname, '..', '..', 'rules', 'default.yml');

/** Everything the controller service is configured with, after defaults. */
export interface ControllerConfig {
  /** `embedded`: the @claude-zen/tsdb store in this process; `prometheus`: a remote HTTP API. */
  storage: 'embedded' | 'prometheus';
  /** Data folder: the embedded store (`tsdb/`), alert history (`alerts/`), optimizer audit log. */
  dataDir: string;
  prometheusUrl?: string;
  prometheusBearerToken?: string;
  /** `host:port` of /metrics endpoints the embedded store scrapes (the `claude-zen` job). */
  scrapeTargets: string[];
  scrapeIntervalMs: number;
  /** Load packages/controller/rules/default.yml (default true). */
  defaultRules: boolean;
  /** More rule files (YAML). */
  ruleFiles: string[];
  /** Rules given in code (e.g. IntelligentAlertManager.addRule). */
  rules: Rule[];
  /** How often the evaluation loop looks for rules that are due (ms). */
  evaluationTickMs: number;
  optimization: {
    mode: OptimizationMode;
    /** Control endpoints; without them targets are discovered from `target_info`. */
    targets?: StaticTargetConfig[];
    tokens: TokenConfig;
    /**
     * Hosts a control URL discovered from `target_info` may point at (the token is sent only to
     * these; the URL comes from a monitored process). Default: loopback names.
     */
    controlHosts?: string[];
    safetyLimits?: Partial<SafetyLimits>;
    verificationDelayMs: number;
    reverifyDelayMs: number;
    windowMs?: number;
    leaseMs?: number;
    cooldownMs?: number;
    /** Also run the metric-condition loop of the strategies every this many ms (0 = only alerts). */
    intervalMs: number;
  };
  /** Notification channels, as parseNotifyConfig reads them (undefined: none). */
  notifications?: unknown;
  /** How long the first notification of a firing alert waits for its root causes (ms, default 2000). */
  enrichWaitMs: number;
  /** Inhibition rules in Alertmanager's format (default: critical hides warning of the same job and instance). */
  inhibitRules: readonly InhibitRule[];
  http: {
    /** false: no HTTP server. */
    enabled: boolean;
    host: string;
    /** 0: a free port. */
    port: number;
    /** Bearer token of the endpoints that change something (webhook, reload). */
    token?: string;
    /** false (only on a loopback host): the endpoints that change something need no token. */
    auth: boolean;
    /** Period of the Socket.IO `metrics:update` event, ms (default 1000). */
    liveIntervalMs: number;
    /** Requests per window and client address (GETs from loopback are exempt); default 600 per minute. */
    rateLimit: { max: number; windowMs: number };
  };
  /** The demo service's fault endpoint, proxied by /api/demo/faults (undefined: not configured). */
  demo?: {
    /** e.g. http://127.0.0.1:3000 (its /faults collection). */
    faultsUrl: string;
    /** Its bearer control token. */
    token?: string;
  };
  /** Reload rules on SIGHUP (default true for the CLI, false in the library). */
  reloadOnSighup: boolean;
  log: (line: string) => void;
}

export type ControllerConfigInput = Partial<
  Omit<ControllerConfig, 'optimization' | 'http' | 'inhibitRules'> & {
    /** Alertmanager's `inhibit_rules` list (matchers as strings or objects; see parseInhibitRules). */
    inhibitRules: unknown;
    optimization: Partial<ControllerConfig['optimization']>;
    http: Partial<ControllerConfig['http']>;
    demo: Partial<NonNullable<ControllerConfig['demo']>>;
  }
>;

function bad(field: string, message: string): never {
  throw new MonitorError('invalid_config', message, field);
}

function ms(field: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) bad(field, `must be a number of ms >= ${min}`);
  return v;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const HOST_PORT = /^[A-Za-z0-9.\-_]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

function resolveInhibitRules(raw: unknown): readonly InhibitRule[] {
  if (raw === undefined) return DEFAULT_INHIBIT_RULES;
  try {
    return parseInhibitRules(raw, 'inhibitRules');
  } catch (e) {
    if (e instanceof SilenceError)
      bad(e.field ?? 'inhibitRules', e.field ? e.message.slice(e.field.length + 2) : e.message);
    throw e;
  }
}

/** Applies defaults and checks every field; errors name the field and the fix. */
export function resolveControllerConfig(input: ControllerConfigInput = {}): ControllerConfig {
  const storage = input.storage ?? 'embedded';
  if (storage !== 'embedded' && storage !== 'prometheus')
    bad('storage', `must be "embedded" or "prometheus" (got ${JSON.stringify(storage)})`);
  if (storage === 'prometheus') {
    if (!input.prometheusUrl)
      bad('prometheusUrl', 'is required with storage "prometheus", e.g. http://127.0.0.1:9090');
    try {
      const u = new URL(input.prometheusUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      bad(
        'prometheusUrl',
        `${JSON.stringify(input.prometheusUrl)} is not an http(s) URL; write it like http://127.0.0.1:9090`,
      );
    }
  }
  const dataDir = input.dataDir ?? join(process.cwd(), 'claude-zen-data');
  if (typeof dataDir !== 'string' || dataDir === '') bad('dataDir', 'must be a folder path');
  const scrapeTargets = input.scrapeTargets ?? [];
  scrapeTargets.forEach((t, i) => {
    if (typeof t !== 'string' || !HOST_PORT.test(t))
      bad(`scrapeTargets[${i}]`, `${JSON.stringify(t)} is not host:port (e.g. 127.0.0.1:9464)`);
  });
  if (storage === 'prometheus' && scrapeTargets.length > 0)
    bad(
      'scrapeTargets',
      'only the embedded store scrapes; with storage "prometheus" let Prometheus scrape them',
    );
  const o = input.optimization ?? {};
  const mode = o.mode ?? 'recommend';
  if (!['off', 'recommend', 'automatic'].includes(mode))
    bad('optimization.mode', `must be off, recommend or automatic (got ${JSON.stringify(mode)})`);
  if (
    o.controlHosts !== undefined &&
    (!Array.isArray(o.controlHosts) ||
      o.controlHosts.some((x) => typeof x !== 'string' || !/^[A-Za-z0-9.\-_]+$|^\[[0-9a-fA-F:]+\]$/.test(x)))
  )
    bad(
      'optimization.controlHosts',
      'must be a list of host names or IPs (IPv6 in brackets), e.g. ["swarm-1"]',
    );
  const h = input.http ?? {};
  const port = h.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    bad('http.port', 'must be an integer 0..65535 (0: a free port)');
  if (h.token !== undefined && (typeof h.token !== 'string' || h.token.length < 8))
    bad('http.token', 'must be a string of at least 8 characters');
  const host = h.host ?? '127.0.0.1';
  const auth = h.auth ?? true;
  if (auth !== true && auth !== false) bad('http.auth', 'must be true or false');
  if (!auth && !isLoopbackHost(host))
    bad('http.auth', `false is allowed only on a loopback host (127.0.0.1, ::1, localhost), not ${host}`);
  const rate = h.rateLimit ?? { max: 600, windowMs: 60_000 };
  if (!Number.isInteger(rate.max) || rate.max < 1)
    bad('http.rateLimit.max', 'must be an integer >= 1 (requests per window and client)');
  const demo = input.demo;
  if (demo?.faultsUrl !== undefined) {
    try {
      const u = new URL(demo.faultsUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      bad(
        'demo.faultsUrl',
        `${JSON.stringify(demo.faultsUrl)} is not an http(s) URL, e.g. http://127.0.0.1:3000`,
      );
    }
  }
  return {
    storage,
    dataDir,
    prometheusUrl: input.prometheusUrl,
    prometheusBearerToken: input.prometheusBearerToken,
    scrapeTargets,
    scrapeIntervalMs: ms('scrapeIntervalMs', input.scrapeIntervalMs ?? 1_000, 100),
    defaultRules: input.defaultRules ?? true,
    ruleFiles: input.ruleFiles ?? [],
    rules: input.rules ?? [],
    evaluationTickMs: ms('evaluationTickMs', input.evaluationTickMs ?? 1_000, 10),
    optimization: {
      mode,
      targets: o.targets,
      tokens: o.tokens ?? {},
      controlHosts: o.controlHosts,
      safetyLimits: o.safetyLimits,
      verificationDelayMs: ms('optimization.verificationDelayMs', o.verificationDelayMs ?? 10_000, 1),
      reverifyDelayMs: ms('optimization.reverifyDelayMs', o.reverifyDelayMs ?? 30_000, 0),
      windowMs: o.windowMs,
      leaseMs: o.leaseMs,
      cooldownMs: o.cooldownMs,
      intervalMs: ms('optimization.intervalMs', o.intervalMs ?? 0, 0),
    },
    notifications: input.notifications,
    enrichWaitMs: ms('enrichWaitMs', input.enrichWaitMs ?? 2_000, 0),
    inhibitRules: resolveInhibitRules(input.inhibitRules),
    http: {
      enabled: h.enabled ?? true,
      host,
      port,
      token: h.token,
      auth,
      liveIntervalMs: ms('http.liveIntervalMs', h.liveIntervalMs ?? 1_000, 50),
      rateLimit: { max: rate.max, windowMs: ms('http.rateLimit.windowMs', rate.windowMs, 1_000) },
    },
    demo: demo?.faultsUrl ? { faultsUrl: demo.faultsUrl, token: demo.token } : undefined,
    reloadOnSighup: input.reloadOnSighup ?? false,
    log: input.log ?? (() => {}),
  };
}
