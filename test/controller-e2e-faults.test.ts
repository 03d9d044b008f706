/**
 * The controller end to end on the two faults test/controller-e2e.test.ts does not drive: a memory
 * leak and a CPU burn. Each scenario: the example swarm service preloaded with @claude-zen/otel
 * (control token set), the ControllerService on the embedded store scraping it every second, the
 * default rule of that fault with windows shortened for test speed, the optimizer in automatic mode.
 *
 * - leak: the memory-leak trend rule fires on the heap after GC; the optimizer applies
 *   memory-pooling (the trace store recycles a bounded pool of slots), verification sees the heap
 *   fall, the change is confirmed, and re-verified later: the growth really stopped.
 * - cpu: a busy loop on the main thread. The cpu-usage dynamic rule fires; the cpu strategy's best
 *   advertised action (enable-wasm) is applied, but nothing the service offers can stop a busy loop:
 *   verification finds no gain on CPU beyond the noise tolerance and rolls the change back. The
 *   optimizer claims no success.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerService, type MonitorAlert } from '@claude-zen/controller';
import { afterEach, describe, expect, it } from 'vitest';
import { scrapingController } from './support/controller-config.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { waitFor } from './support/wait.js';

const SERVICE_TOKEN = 'controller-faults-service-token-0123';
/** Fast system and memory loops (the faults' metrics), a light steady load, no training. */
const TUNING = {
  CLAUDE_ZEN_SYSTEM_INTERVAL_MS: '500',
  CLAUDE_ZEN_MEMORY_INTERVAL_MS: '500',
  AGENTS: '4',
  LOAD_RPS: '5',
  TRAIN_INTERVAL_MS: '0',
};

interface Stack {
  dir: string;
  service: SwarmService;
  controller: ControllerService;
  anomalies: MonitorAlert[];
  applied: { improvement: string }[];
  failed: { message?: string }[];
}

let stack: Stack | undefined;

afterEach(async () => {
  const s = stack;
  stack = undefined;
  if (!s) return;
  await s.controller?.stop();
  await s.service.stop();
  rmSync(s.dir, { recursive: true, force: true });
});

async function startStack(
  rules: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'controller-faults-'));
  const rulesFile = join(dir, 'rules.yml');
  writeFileSync(rulesFile, rules);
  let service: SwarmService;
  try {
    service = await startSwarmService(SERVICE_TOKEN, env, { tuning: TUNING, nodeArgs });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const s: Partial<Stack> = { dir, service, anomalies: [], applied: [], failed: [] };
  stack = s as Stack; // cleaned up even if the start fails below
  const controller = new ControllerService({
    ...scrapingController(dir, service.metricsTarget, rulesFile),
    optimization: {
      mode: 'automatic',
      tokens: { default: SERVICE_TOKEN },
      // judged on 5 s of data from 3 s after the change: enough requests for a p95
      verificationDelayMs: 8_000,
      windowMs: 5_000,
      reverifyDelayMs: 8_000,
      leaseMs: 40_000,
    },
    http: { port: 0, token: 'controller-faults-controller-token' },
    log: () => {},
  });
  s.controller = controller;
  controller.on('anomaly', (a: MonitorAlert) => s.anomalies?.push(a));
  controller.on('optimization-applied', (r: { improvement: string }) => s.applied?.push(r));
  controller.on('optimization-failed', (e: { message?: string }) => s.failed?.push(e));
  await controller.start();
  return s as Stack;
}

async function injectFault(s: Stack, name: string): Promise<void> {
  expect(await s.service.fault(name)).toBe(200);
}

interface AuditEntry {
  decision: string;
  action?: string;
  optimization: string;
  reason?: string;
  strategy?: string;
}

/** The audit entries of the first optimization that reached one of `decisions`. */
async function auditUntil(s: Stack, decisions: string[], timeoutMs: number): Promise<AuditEntry[]> {
  const read = async () =>
    ((await (await fetch(`${s.controller.url}/api/optimizations`)).json()) as { audit: AuditEntry[] }).audit;
  return waitFor(
    `the audit log to reach ${decisions.join(' or ')}`,
    async () => {
      const audit = await read();
      const end = audit.find((e) => decisions.includes(e.decision));
      return end ? audit.filter((e) => e.optimization === end.optimization) : undefined;
    },
    timeoutMs,
    250,
  ).catch(async (e) => {
    throw new Error(`${e.message}; audit: ${JSON.stringify(await read())}`);
  });
}

/** What the controller saw of `query` over the last minute, for failure messages. */
async function seen(s: Stack, query: string): Promise<string> {
  const now = Date.now();
  const r = await s.controller.backend.range(query, now - 60_000, now, 1_000);
  const points =
    r.resultType === 'matrix' ? r.result.flatMap((x) => x.points.map((p) => +p.v.toPrecision(3))) : [];
  return `${query}: ${points.join(' ')}; alerts: ${JSON.stringify(s.controller.activeAlerts())}`;
}

/** The alert that fires first, or an error saying what the controller saw. */
async function firstAnomaly(s: Stack, query: string, timeoutMs: number): Promise<MonitorAlert> {
  return waitFor('the alert', () => s.anomalies[0], timeoutMs).catch(async (e) => {
    throw new Error(`${e.message}; ${await seen(s, query)}`);
  });
}

/** Waits until the rule has evaluated with data (the scrape and the first samples are in). */
async function warmUp(s: Stack, ms: number): Promise<void> {
  await waitFor(
    'a first evaluation with data',
    () => {
      const rule = s.controller.rules.status().rules[0];
      return rule.health === 'ok' && rule.series > 0 ? true : undefined;
    },
    30_000,
  );
  await new Promise((r) => setTimeout(r, ms));
}

describe('controller end to end: memory leak', () => {
  it('memory-leak fires on the heap after GC → memory-pooling is applied, verified, confirmed and holds', async () => {
    const s = await startStack(
      `
interval: 1s
rules:
  - name: memory-leak
    metric: system.memory
    type: trend-analysis
    params:
      window: 12s
      period: 10s
      growthThreshold: 0.1
      minConfidence: 0.8
      minSamples: 6
      direction: up
    step: 1s
    for: 0s
    labels:
      category: memory
    annotations:
      summary: "Heap of {{ $labels.instance }} grows steadily ({{ humanize $value }}B after GC)"
`,
      { LEAK_MB_PER_S: '8', TRACE_POOL_MB: '8', LEAK_MAX_MB: '400' },
      // V8 grows the heap limit ~2.5x per major GC on a small heap, so in a short window the heap
      // after GC is one or two steps; growing it by 25% gives a major GC (a data point) every
      // second or two, as a leak running for hours gives anyway.
      ['--heap-growing-percent=25'],
    );
    await warmUp(s, 4_000);
    expect(s.anomalies).toEqual([]); // an idle heap is no leak

    await injectFault(s, 'leak');
    const anomaly = await firstAnomaly(s, 'claude_zen_memory_heap_used_after_gc_bytes', 40_000);
    expect(anomaly).toMatchObject({ rule: 'memory-leak', source: 'rule', to: 'firing' });

    const audit = await auditUntil(s, ['reverified', 'rolled-back', 'failed'], 40_000);
    expect(
      audit.map((e) => e.decision),
      JSON.stringify(audit),
    ).toEqual(['applied', 'verified', 'confirmed', 'reverified']);
    expect(audit.every((e) => e.action === 'memory-pooling')).toBe(true);
    const [result] = s.controller.optimizations();
    expect(result).toMatchObject({
      action: 'memory-pooling',
      strategy: 'memory',
      success: true,
      rolledBack: false,
      reverified: 'held',
    });
    // the heap after GC fell by more than the 16 MiB noise tolerance
    expect((result.baseline.memory as number) - (result.current.memory as number)).toBeGreaterThan(
      16 * 2 ** 20,
    );
    expect(s.applied[0]?.improvement).toMatch(/^memory: \d+\.\d% improvement$/);

    // the leak still runs, into a bounded pool: the store holds 8 MiB however long it runs
    const faults = (await (await fetch(`${s.service.api}/faults`)).json()) as {
      faults: { name: string; enabled: boolean; pooled?: boolean; retainedBytes?: number }[];
    };
    const leak = faults.faults.find((f) => f.name === 'leak');
    expect(leak).toMatchObject({ enabled: true, pooled: true });
    expect(leak?.retainedBytes).toBeLessThanOrEqual(8 * 2 ** 20);
  }, 90_000);
});

describe('controller end to end: CPU burn', () => {
  it('cpu-usage fires → the best advertised action brings no gain on a busy loop → rolled back, no success claimed', async () => {
    const s = await startStack(
      `
interval: 1s
rules:
  - name: cpu-usage
    metric: system.cpu
    type: dynamic-threshold
    params:
      baselineWindow: 20s
      warningSigma: 2
      criticalSigma: 3
      robust: true
      minDeviation: 0.1
      minSamples: 8
      direction: above
    step: 1s
    for: 2s
    labels:
      category: system
    annotations:
      summary: "CPU of {{ $labels.instance }} is {{ humanizePercentage $value }} of a core"
`,
      {},
    );
    await warmUp(s, 10_000);
    expect(s.anomalies).toEqual([]);

    await injectFault(s, 'cpu');
    const anomaly = await firstAnomaly(s, 'sum by (job, instance) (process_cpu_utilization)', 30_000);
    expect(anomaly).toMatchObject({ rule: 'cpu-usage', source: 'rule', to: 'firing' });
    expect(anomaly.value).toBeGreaterThan(anomaly.upper);

    const audit = await auditUntil(s, ['confirmed', 'rolled-back', 'failed'], 30_000);
    expect(
      audit.map((e) => e.decision),
      JSON.stringify(audit),
    ).toEqual(['applied', 'rolled-back']);
    expect(audit[0].strategy).toBe('cpu');
    expect(audit[1].reason).toMatch(/no gain on cpu/);
    const [result] = s.controller.optimizations();
    expect(result).toMatchObject({ strategy: 'cpu', success: false, rolledBack: true });
    expect(s.applied).toEqual([]);
    expect(s.failed.length).toBeGreaterThanOrEqual(1);
    // the change is undone on the target too
    const changes = (await (
      await fetch(`${s.service.control}/v1/changes`, {
        headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
      })
    ).json()) as { changes: { action: string; state: string }[] };
    expect(changes.changes[0]).toMatchObject({ action: result.action, state: 'rolled_back' });
  }, 90_000);
});
