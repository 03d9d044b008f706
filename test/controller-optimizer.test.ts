/**
 * The optimizer end to end with real processes: the example swarm service and a harmful fixture,
 * both preloaded with @claude-zen/otel (control token set, free ports), scraped every 250 ms by a
 * real Prometheus, targets discovered from `target_info`. A real fault (slow-inference) is relieved
 * by `enable-wasm`, verified on the inference p95 and confirmed; a harmful action is rolled back
 * and the CPU returns; a controller killed mid-change leaves the change to its lease.
 *
 * (Prometheus rather than the embedded store's scraper: a scrape loop of @claude-zen/tsdb to a
 * target busy at start-up sometimes never completes, and ScrapeManager.stop() then never returns.)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DiscoveredTargets,
  type MetricsReader,
  type OptimizationTarget,
  Optimizer,
  PrometheusHttpBackend,
  QueryMetricsReader,
  readAuditLog,
} from '@claude-zen/controller';
import { ControlClient } from '@claude-zen/otel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from './support/binaries.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { type PrometheusServer, startPrometheus } from './support/prometheus.js';
import { waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const MAIN = join(root, 'examples/swarm-service/dist/main.js');
const CONTROLLER_DIST = join(root, 'packages/controller/dist/optimize/index.js');
for (const f of [MAIN, CONTROLLER_DIST]) {
  if (!existsSync(f)) throw new Error(`${f} is missing: run "npx tsc -b" before the tests`);
}
const prometheusBin = findBinary('prometheus');

const SERVICE_TOKEN = 'optimizer-e2e-service-token-0123';
const HARMFUL_TOKEN = 'optimizer-e2e-harmful-token-4567';
// windows of a few scrapes (every 250 ms): wide enough that a loaded CI machine still has two
const WINDOW_MS = 3_000;

let dir: string;
let prometheus: PrometheusServer | undefined;
let backend: PrometheusHttpBackend;
let reader: MetricsReader;
let serviceApi: string;
let serviceControl: string;
let harmfulControl: string;
const children: Child[] = [];

function preloaded(script: string, env: Record<string, string>): Child {
  const child = startChild(process.execPath, ['--require', '@claude-zen/otel', script], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  children.push(child);
  return child;
}

async function listening(child: Child, text: string): Promise<void> {
  await waitFor(
    text,
    () => {
      if (child.proc.exitCode !== null) throw new Error(`exited: ${child.output()}`);
      return child.output().includes(text) ? true : undefined;
    },
    40_000,
  );
}

async function targets(): Promise<OptimizationTarget[]> {
  return new DiscoveredTargets(backend, {
    tokens: { byUrl: { [serviceControl]: SERVICE_TOKEN, [harmfulControl]: HARMFUL_TOKEN } },
  }).list();
}

const read = (metric: Parameters<MetricsReader['read']>[0], target: OptimizationTarget) =>
  reader.read(metric, target, { atMs: Date.now(), windowMs: WINDOW_MS });

beforeAll(async () => {
  if (!prometheusBin) return;
  dir = mkdtempSync(join(tmpdir(), 'optimizer-e2e-'));
  const ports = await Promise.all(Array.from({ length: 5 }, () => freePort()));
  const [port, servicePromPort, serviceControlPort, harmfulPromPort, harmfulControlPort] = ports as number[];
  serviceApi = `http://127.0.0.1:${port}`;
  serviceControl = `http://127.0.0.1:${serviceControlPort}`;
  harmfulControl = `http://127.0.0.1:${harmfulControlPort}`;
  const service = preloaded(MAIN, {
    PORT: String(port),
    OTEL_EXPORTER_PROMETHEUS_PORT: String(servicePromPort),
    CLAUDE_ZEN_CONTROL_PORT: String(serviceControlPort),
    CLAUDE_ZEN_CONTROL_TOKEN: SERVICE_TOKEN,
    CLAUDE_ZEN_NEURAL_INTERVAL_MS: '250',
    CLAUDE_ZEN_SWARM_INTERVAL_MS: '250',
    AGENTS: '4',
    LOAD_RPS: '10',
    TRAIN_INTERVAL_MS: '0',
  });
  const harmful = preloaded(join(root, 'test/fixtures/harmful-app.cjs'), {
    OTEL_EXPORTER_PROMETHEUS_PORT: String(harmfulPromPort),
    CLAUDE_ZEN_CONTROL_PORT: String(harmfulControlPort),
    CLAUDE_ZEN_CONTROL_TOKEN: HARMFUL_TOKEN,
  });
  const [prom] = await Promise.all([
    startPrometheus(
      prometheusBin,
      [
        'global: {scrape_interval: 250ms, scrape_timeout: 250ms}',
        'scrape_configs:',
        '  - job_name: swarm',
        `    static_configs: [{targets: ["127.0.0.1:${servicePromPort}"]}]`,
        '  - job_name: harmful',
        `    static_configs: [{targets: ["127.0.0.1:${harmfulPromPort}"]}]`,
      ].join('\n'),
    ),
    listening(service, `swarm-service listening on ${serviceApi}`),
    listening(harmful, 'harmful-app ready'),
  ]);
  prometheus = prom;
  backend = new PrometheusHttpBackend({ url: prom.url });
  reader = new QueryMetricsReader(backend);
  // both discovered from target_info, and the service's inferences flowing
  await waitFor('targets and inference data', async () => {
    const ts = await targets();
    const svc = ts.find((t) => t.controlUrl === serviceControl);
    if (ts.length < 2 || !svc) return undefined;
    return (await read('inferenceTime', svc)) === undefined ? undefined : true;
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
  await prometheus?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!prometheusBin)('optimizer against real processes', () => {
  it('relieves slow inference with enable-wasm: applied, verified, confirmed, re-verified', async () => {
    const target = (await targets()).find((t) => t.controlUrl === serviceControl) as OptimizationTarget;
    expect(target.selector).toMatchObject({ job: 'swarm' });
    const fault = await fetch(`${serviceApi}/faults/slow-inference`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVICE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    expect(fault.status).toBe(200);
    await new Promise((r) => setTimeout(r, WINDOW_MS + 500)); // a baseline window under the fault
    await waitFor('inference data under the fault', async () =>
      (await read('inferenceTime', target)) === undefined ? undefined : true,
    );

    const optimizer = new Optimizer({
      reader,
      targets: { list: targets },
      dataDir: join(dir, 'run1'),
      defaultMode: 'automatic',
      verificationDelayMs: 7_000, // WASM kernels warm up for about 2 s; the window is the last 3 s
      reverifyDelayMs: 2_000,
      windowMs: WINDOW_MS,
      leaseMs: 20_000,
    });
    const events: string[] = [];
    for (const e of ['optimization-started', 'optimization-applied', 'optimization-failed']) {
      optimizer.on(e, () => events.push(e));
    }
    try {
      const proposals = await optimizer.handleAlert({ name: 'neural-performance', labels: target.selector });
      expect(proposals.map((p) => p.decision)).toEqual(['started']);
      const started = proposals[0] as Extract<(typeof proposals)[number], { decision: 'started' }>;
      expect(started.candidate.action.name).toBe('enable-wasm');
      const result = await started.result;
      expect(result.reasons).toEqual([]);
      expect(result.success).toBe(true);
      expect(result.baseline.inferenceTime).toBeGreaterThan(result.current.inferenceTime as number);
      expect(result.improvements.inferenceTime).toBeGreaterThan(0);
      expect(result.improvement).toMatch(/^inferenceTime: \d+\.\d% improvement$/);

      // a second proposal is refused: same strategy, same target, within 5 minutes
      const again = await optimizer.handleAlert({ name: 'neural-performance', labels: target.selector });
      expect(again[0]).toMatchObject({
        decision: 'skipped',
        reason: expect.stringMatching(/^cooldown: neural/),
      });

      await waitFor('the second verification', () => result.reverified, 8_000);
      const trail = readAuditLog(optimizer.auditPath).filter((e) => e.optimization === result.id);
      expect(result.reverified, JSON.stringify(trail)).toBe('held');
      const change = await new ControlClient(serviceControl, SERVICE_TOKEN).change(result.change as string);
      expect(change.body.change).toMatchObject({ action: 'enable-wasm', state: 'confirmed' });
      const health = await (await fetch(`${serviceApi}/health`)).json();
      expect(JSON.stringify(health)).toContain('wasm');

      expect(trail.map((e) => e.decision)).toEqual(['applied', 'verified', 'confirmed', 'reverified']);
      expect(events).toEqual(['optimization-started', 'optimization-applied']);
      expect(optimizer.counters()).toMatchObject({ applied: 1, confirmed: 1, skipped: 1 });
    } finally {
      await optimizer.stop();
    }
  }, 60_000);

  it('rolls back a change that makes things worse, and the CPU returns', async () => {
    const target = (await targets()).find((t) => t.controlUrl === harmfulControl) as OptimizationTarget;
    const optimizer = new Optimizer({
      reader,
      targets: { list: targets },
      dataDir: join(dir, 'run2'),
      defaultMode: 'automatic',
      verificationDelayMs: WINDOW_MS,
      reverifyDelayMs: 0,
      windowMs: WINDOW_MS,
      strategies: {
        cpu: { actions: [{ name: 'burn-cpu', seedName: 'fixture', impact: 'high', risk: 'low' }] },
      },
    });
    const failures: string[] = [];
    optimizer.on('optimization-failed', (e: { message: string }) => failures.push(e.message));
    try {
      const before = (await read('cpu', target)) as number;
      expect(before).toBeLessThan(0.3);
      const [p] = await optimizer.handleAlert({ name: 'cpu-usage', labels: { job: 'harmful' } });
      if (p?.decision !== 'started') throw new Error(`not started: ${JSON.stringify(p)}`);
      const result = await p.result;
      expect(result.success).toBe(false);
      expect(result.rolledBack).toBe(true);
      expect(result.reasons.join('; ')).toMatch(/CPU rose/);
      expect(result.current.cpu).toBeGreaterThan(0.4);
      expect(failures[0]).toMatch(/^rolled back: .*CPU rose/);
      const change = await new ControlClient(harmfulControl, HARMFUL_TOKEN).change(result.change as string);
      expect(change.body.change).toMatchObject({ state: 'rolled_back', rollbackReason: 'requested' });
      const trail = readAuditLog(optimizer.auditPath).filter((e) => e.optimization === result.id);
      expect(trail.map((e) => e.decision)).toEqual(['applied', 'rolled-back']);
      await new Promise((r) => setTimeout(r, WINDOW_MS + 300));
      await waitFor(
        'the CPU to return',
        async () => ((await read('cpu', target)) as number) < 0.3 || undefined,
        10_000,
      );
    } finally {
      await optimizer.stop();
    }
  }, 40_000);

  it('leaves a change to its lease when the controller is killed mid-change', async () => {
    const runDir = join(dir, 'run3');
    const controller = startChild(process.execPath, [join(root, 'test/fixtures/optimizer-controller.cjs')], {
      cwd: root,
      env: {
        ...process.env,
        QUERY_URL: prometheus?.url as string,
        CONTROL_URL: harmfulControl,
        CONTROL_TOKEN: HARMFUL_TOKEN,
        DATA_DIR: runDir,
        LEASE_MS: '3000',
      },
    });
    children.push(controller);
    const applied = await waitFor(
      'the change to be applied',
      () => {
        if (controller.proc.exitCode !== null) throw new Error(`controller exited: ${controller.output()}`);
        const trail = existsSync(join(runDir, 'optimizer-audit.jsonl'))
          ? readAuditLog(join(runDir, 'optimizer-audit.jsonl'))
          : [];
        return trail.find((e) => e.decision === 'applied');
      },
      10_000,
    );
    await controller.stop('SIGKILL');
    const client = new ControlClient(harmfulControl, HARMFUL_TOKEN);
    expect((await client.change(applied.change as string)).body.change).toMatchObject({ state: 'applied' });
    const undone = await waitFor(
      'the lease to roll the change back',
      async () => {
        const c = (await client.change(applied.change as string)).body.change as Record<string, unknown>;
        return c.state === 'applied' ? undefined : c;
      },
      6_000,
    );
    expect(undone).toMatchObject({ state: 'rolled_back', rollbackReason: 'lease-expired' });
  }, 20_000);
});
