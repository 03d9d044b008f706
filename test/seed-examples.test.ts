/**
 * The seed's three usage examples (../shared/seed/), run as written against a real process: the
 * example swarm service preloaded with @claude-zen/otel (control token set, free ports). Where
 * the seed's code leaves out where the metrics come from, the environment says it
 * (CLAUDE_ZEN_TARGETS, CLAUDE_ZEN_DATA_DIR, CLAUDE_ZEN_CONTROL_TOKEN, CLAUDE_ZEN_RULES, SLACK_WEBHOOK),
 * so the example lines themselves are unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoPerformanceOptimizer,
  EmbeddedBackend,
  IntelligentAlertManager,
  PerformanceMonitor,
} from '@claude-zen/controller';
import { type DB, openDB, PromQLEngine, parseScrapeConfig, ScrapeManager } from '@claude-zen/tsdb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEAN_INFERENCE, slowLevel as slowLevelOf } from './support/neural-rule.js';
import { freePort } from './support/ports.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { waitFor } from './support/wait.js';

const TOKEN = 'seed-examples-service-token-0123';
const ENV_KEYS = [
  'CLAUDE_ZEN_TARGETS',
  'CLAUDE_ZEN_DATA_DIR',
  'CLAUDE_ZEN_CONTROL_TOKEN',
  'CLAUDE_ZEN_RULES',
  'SLACK_WEBHOOK',
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let dir: string;
let service: SwarmService;
let metricsTarget: string;
let db: DB;
let scraper: ScrapeManager;
let backend: EmbeddedBackend;
let slack: Server;
/** Mean inference time (s) above which the test rule fires: 3x the idle median, within [4 ms, 10 ms]. */
let slowLevel = 0.01;
const slackPosts: unknown[] = [];

async function fault(name: string, enabled: boolean): Promise<void> {
  expect(await service.fault(name, enabled)).toBe(200);
}

async function instant(expr: string): Promise<number[]> {
  const r = await backend.instant(expr, Date.now());
  return r.resultType === 'vector' ? r.result.map((s) => s.point.v) : [];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seed-examples-'));
  service = await startSwarmService(TOKEN);
  metricsTarget = service.metricsTarget;
  const slackPort = await freePort();
  // a Slack incoming webhook on 127.0.0.1
  slack = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      slackPosts.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => slack.listen(slackPort, '127.0.0.1', () => r()));

  db = openDB(join(dir, 'tsdb'), { log: () => {} });
  scraper = new ScrapeManager({
    appendable: db,
    config: parseScrapeConfig(
      [
        'scrape_configs:',
        '  - job_name: swarm',
        '    scrape_interval: 500ms',
        '    scrape_timeout: 400ms',
        `    static_configs: [{targets: ["${metricsTarget}"]}]`,
      ].join('\n'),
    ),
  });
  backend = new EmbeddedBackend({ queryable: db, engine: new PromQLEngine() });
  await scraper.start();
  await waitFor(
    'swarm efficiency and inference data',
    async () => {
      const [eff, inf] = [await instant('claude_zen_swarm_efficiency_ratio'), await instant(MEAN_INFERENCE)];
      return eff.length > 0 && inf.length > 0 ? true : undefined;
    },
    30_000,
    250,
  );
  // the idle level, measured before any fault (the slow-inference fault makes it several times slower)
  const idle = await backend.range(MEAN_INFERENCE, Date.now() - 4_000, Date.now(), 500);
  slowLevel = slowLevelOf(
    idle.resultType === 'matrix' ? idle.result.flatMap((s) => s.points.map((p) => p.v)) : [],
  );
  process.env.SLACK_WEBHOOK = `http://127.0.0.1:${slackPort}/hook`;
  process.env.CLAUDE_ZEN_CONTROL_TOKEN = TOKEN;
}, 90_000);

afterAll(async () => {
  await scraper?.stop();
  db?.close();
  await service?.stop();
  await new Promise<void>((r) => (slack ? slack.close(() => r()) : r()));
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the seed's usage examples, as written", () => {
  it('IntelligentAlertManager: addRule("custom-efficiency", ...) evaluates on the real swarm metrics', async () => {
    process.env.CLAUDE_ZEN_DATA_DIR = join(dir, 'iam');
    // --- the seed's example ---
    // Setup custom alert rules
    const alertManager = new IntelligentAlertManager({
      anomalyDetection: {
        algorithm: 'isolation-forest',
        sensitivity: 0.8,
        learningPeriod: 24 * 60 * 60 * 1000, // 24 hours
      },
      notifications: [
        {
          type: 'slack',
          webhook: process.env.SLACK_WEBHOOK,
          channels: ['#alerts', '#performance'],
        },
        {
          type: 'email',
          recipients: ['ops@company.com'],
          severity: ['critical', 'warning'],
        },
      ],
    });

    // Add custom alert rule
    alertManager.addRule('custom-efficiency', {
      metric: 'swarm.efficiency',
      type: 'threshold',
      warning: 0.7,
      critical: 0.5,
      actions: ['rebalance-agents', 'analyze-topology'],
    });
    // --- end of the example ---

    // email without an SMTP server is left out, and says how to add one
    expect(alertManager.problems).toEqual([
      expect.stringMatching(/^notifications\[1\]\.smtp: .*CLAUDE_ZEN_SMTP_URL/),
    ]);
    const [rule] = alertManager.rules();
    expect(rule).toMatchObject({
      name: 'custom-efficiency',
      query: 'claude_zen_swarm_efficiency_ratio',
      params: { warning: 0.7, critical: 0.5, direction: 'below' },
      actions: ['rebalance-agents', 'analyze-topology'],
    });
    alertManager.attach(backend);
    try {
      const values = await instant('claude_zen_swarm_efficiency_ratio');
      const changes = await alertManager.evaluate();
      const status = alertManager.status().rules[0];
      expect(status).toMatchObject({ name: 'custom-efficiency', health: 'ok' });
      expect(status.series).toBe(values.length);
      // each swarm is judged on its own: below 0.7 fires (warning), below 0.5 critical
      const low = values.filter((v) => v < 0.7).length;
      expect(changes.filter((c) => c.to === 'firing')).toHaveLength(low);
      for (const c of changes) expect(c.severity).toBe(c.value < 0.5 ? 'critical' : 'warning');
      if (low === 0) expect(slackPosts).toEqual([]);

      // a rule every swarm breaks (efficiency is at most 1) reaches Slack through the same channel
      alertManager.addRule('efficiency-floor', {
        metric: 'swarm.efficiency',
        type: 'threshold',
        warning: 1.5,
        critical: 1.2,
      });
      const more = await alertManager.evaluate();
      expect(more.filter((c) => c.rule === 'efficiency-floor' && c.to === 'firing')).toHaveLength(
        values.length,
      );
      const post = (await waitFor('the Slack notification', () =>
        slackPosts.find((p) => JSON.stringify(p).includes('efficiency-floor')),
      )) as Record<string, unknown>;
      expect(JSON.stringify(post)).toContain('critical');
    } finally {
      await alertManager.stop();
    }
  }, 30_000);

  it('AutoPerformanceOptimizer: starts and emits optimization-applied on a real fix', async () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      // --- the seed's example ---
      // Enable automated performance optimization
      const optimizer = new AutoPerformanceOptimizer({
        safetyLimits: {
          maxCpuIncrease: 0.1,
          maxMemoryIncrease: 0.05,
          maxLatencyIncrease: 0.2,
        },
        optimizationInterval: 60000, // 1 minute
        verificationDelay: 30000, // 30 seconds
      });

      await optimizer.start();

      // Monitor optimization results
      optimizer.on('optimization-applied', (result) => {
        console.log(`Optimization applied: ${result.improvement}`);
      });

      optimizer.on('optimization-failed', (error) => {
        console.warn(`Optimization failed: ${error.message}`);
      });
      // --- end of the example ---
      expect(optimizer.optimizer.limits).toMatchObject({ maxCpuIncrease: 0.1, maxLatencyIncrease: 0.2 });
      expect(optimizer.optimizer.verificationDelayMs).toBe(30_000);
      await optimizer.stop();
    } finally {
      logs.mockRestore();
    }

    // The same example at test speed, reading the embedded store: a real fault, a real fix.
    const logs2 = vi.spyOn(console, 'log').mockImplementation(() => {});
    const fast = new AutoPerformanceOptimizer({
      safetyLimits: { maxCpuIncrease: 0.5, maxMemoryIncrease: 0.1, maxLatencyIncrease: 1 },
      optimizationInterval: 60000,
      verificationDelay: 5000,
      reverifyDelay: 0,
      backend,
      tokens: { default: TOKEN },
      dataDir: join(dir, 'auto'),
      advanced: { windowMs: 2500 },
    });
    try {
      await fast.start();
      fast.on('optimization-applied', (result) => {
        console.log(`Optimization applied: ${result.improvement}`);
      });
      const failures: string[] = [];
      fast.on('optimization-failed', (error) => failures.push(error.message));
      await fault('slow-inference', true);
      await new Promise((r) => setTimeout(r, 3_000)); // a baseline window under the fault
      const [proposal] = await fast.optimizer.handleAlert({ name: 'neural-performance' });
      expect(proposal?.decision).toBe('started');
      await waitFor('optimization-applied', () => logs2.mock.calls[0], 20_000);
      expect(failures).toEqual([]);
      expect(String(logs2.mock.calls[0][0])).toMatch(
        /^Optimization applied: inferenceTime: \d+\.\d% improvement$/,
      );
      // put the service back on the cpu backend, without the fault, for the next example
      const [result] = fast.optimizer.results();
      await fast.optimizer.rollback(result.id);
      await fault('slow-inference', false);
    } finally {
      logs2.mockRestore();
      await fast.stop();
    }
  }, 40_000);

  it('PerformanceMonitor: starts, fires "anomaly" on a real fault, serves the dashboard data', async () => {
    // a rule set tuned for test speed: mean inference above a level set from the idle service
    const level = slowLevel;
    const rules = join(dir, 'fast-rules.yml');
    writeFileSync(
      rules,
      [
        'rules:',
        '  - name: neural-performance',
        `    query: '${MEAN_INFERENCE}'`,
        '    type: threshold',
        `    params: { warning: ${level}, critical: ${level * 5}, direction: above }`,
        '    interval: 1s',
        '    actions: [enable-wasm]',
      ].join('\n'),
    );
    process.env.CLAUDE_ZEN_TARGETS = metricsTarget;
    process.env.CLAUDE_ZEN_DATA_DIR = join(dir, 'monitor');
    process.env.CLAUDE_ZEN_RULES = rules;
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    // --- the seed's example ---
    const monitor = new PerformanceMonitor({
      interval: 1000, // Collect metrics every second
      storage: 'time-series',
      alerting: true,
      optimization: 'automatic',
    });

    await monitor.start();
    monitor.on('anomaly', (alert) => console.log('Performance issue:', alert));
    // --- end of the example ---
    try {
      // the default rules plus the fast one, which replaces the default neural-performance
      const names = monitor.service.rules.rules().map((r) => r.name);
      expect(names).toEqual(
        expect.arrayContaining(['cpu-usage', 'memory-leak', 'api-anomaly', 'neural-performance']),
      );
      await waitFor(
        'the first evaluations with data',
        () => {
          const s = monitor.service.rules.status().rules.find((r) => r.name === 'neural-performance');
          return s?.health === 'ok' && s.series > 0 ? true : undefined;
        },
        20_000,
        250,
      );
      await fault('slow-inference', true);
      const call = await waitFor(
        'the anomaly',
        () => logs.mock.calls.find((c) => c[0] === 'Performance issue:'),
        25_000,
        250,
      ).catch(async (e) => {
        const b = monitor.service.backend;
        const show = async (q: string) => JSON.stringify((await b.instant(q, Date.now())).result);
        throw new Error(
          `${e.message}; level ${level}; rule ${JSON.stringify(monitor.service.rules.status().rules.find((r) => r.name === 'neural-performance'))}; mean ${await show(MEAN_INFERENCE)}; up ${await show('up')}; duration ${await show('scrape_duration_seconds')}`,
        );
      });
      expect(call[1]).toMatchObject({ rule: 'neural-performance', status: 'active', to: 'firing' });

      const data = await monitor.getDashboardData();
      expect(typeof data.timestamp).toBe('number');
      expect(Object.keys(data.system).sort()).toEqual([
        'availability',
        'efficiency',
        'health',
        'performance',
      ]);
      expect(data.system.health.overall).toBeGreaterThan(0);
      expect(data.system.health.overall).toBeLessThanOrEqual(100);
      expect(data.metrics.current.available).toBe(true);
      expect(data.metrics.current.neural.inferenceTime).toBeGreaterThan(0);
      expect(data.metrics).toHaveProperty('trends');
      expect(data.metrics).toHaveProperty('predictions');
      expect(data.alerts.active.map((a) => a.rule)).toContain('neural-performance');
      expect(data.alerts).toHaveProperty('resolved');
      expect(data.alerts).toHaveProperty('suppressed');
      expect(Array.isArray(data.optimizations.recent)).toBe(true);
      expect(data.optimizations).toHaveProperty('impact');
      expect(Array.isArray(data.recommendations)).toBe(true);
      // automatic mode: the optimizer took the alert (enable-wasm is the neural strategy's first action)
      await waitFor('the optimizer to act', () => monitor.service.optimizations()[0], 10_000);
      expect(monitor.service.optimizations()[0]).toMatchObject({ strategy: 'neural', action: 'enable-wasm' });
    } finally {
      logs.mockRestore();
      await monitor.stop();
      await fault('slow-inference', false);
    }
  }, 60_000);
});
