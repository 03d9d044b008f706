import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from './audit.js';
import { AutoPerformanceOptimizer } from './auto-optimizer.js';
import type { MetricsReader } from './metrics.js';
import { Optimizer } from './optimizer.js';
import { StaticTargets } from './targets.js';
import type { MetricName } from './types.js';

/** A minimal control endpoint: the actions it offers and the changes it received. */
const TOKEN = 'unit-test-token-0123456789';
const calls: string[] = [];
let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'optimizer-unit-'));
  let n = 0;
  server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return reply(401, { error: { code: 'unauthorized' } });
    calls.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (req.url === '/v1/actions') {
        return reply(200, {
          actions: [
            { name: 'enable-wasm', description: 'wasm', impact: 'high', risk: 'low', builtin: false },
          ],
        });
      }
      const apply = /^\/v1\/actions\/([^/]+)\/apply$/.exec(req.url ?? '');
      if (apply) return reply(201, { change: { id: `c${++n}`, action: apply[1], state: 'applied' } });
      const change = /^\/v1\/changes\/([^/]+)\/(confirm|rollback)$/.exec(req.url ?? '');
      if (change) {
        return reply(200, {
          change: { id: change[1], state: change[2] === 'confirm' ? 'confirmed' : 'rolled_back' },
        });
      }
      reply(404, { error: { code: 'not_found' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Readings before the first apply call, and after it. */
function scripted(before: Partial<Record<MetricName, number>>, after: Partial<Record<MetricName, number>>) {
  const reader: MetricsReader = {
    read: async (m) => (calls.some((c) => c.includes('/apply')) ? after[m] : before[m]),
  };
  return reader;
}

function optimizer(reader: MetricsReader, extra: Partial<ConstructorParameters<typeof Optimizer>[0]> = {}) {
  return new Optimizer({
    reader,
    targets: new StaticTargets([{ controlUrl: url, token: TOKEN, selector: { instance: 'svc:1' } }]),
    dataDir: join(dir, String(Math.random()).slice(2)),
    verificationDelayMs: 20,
    reverifyDelayMs: 0,
    leaseMs: 5_000,
    ...extra,
  });
}

describe('Optimizer', () => {
  it('recommend mode queues and explains, applies nothing, and applies once approved', async () => {
    calls.length = 0;
    const o = optimizer(scripted({ inferenceTime: 0.2, cpu: 0.5 }, { inferenceTime: 0.05, cpu: 0.4 }), {
      defaultMode: 'recommend',
    });
    const [p] = await o.handleAlert({ name: 'neural-performance' });
    expect(p).toMatchObject({ decision: 'queued' });
    expect((p as { explanation: string }).explanation).toMatch(
      /^Neural Network Performance Optimization: alert neural-performance → enable-wasm/,
    );
    expect(calls).toEqual(['GET /v1/actions']);
    expect(o.pending()).toHaveLength(1);
    const again = await o.handleAlert({ name: 'neural-performance' });
    expect(again[0]).toMatchObject({ decision: 'skipped', reason: 'already waiting for approval' });

    const approved = await o.approve(o.pending()[0]?.candidate.id as string);
    if (approved.decision !== 'started') throw new Error(JSON.stringify(approved));
    const result = await approved.result;
    expect(result).toMatchObject({ success: true, improvement: 'inferenceTime: 75.0% improvement' });
    expect(calls.slice(1)).toEqual(['POST /v1/actions/enable-wasm/apply', 'POST /v1/changes/c1/confirm']);
    expect(readAuditLog(o.auditPath).map((e) => e.decision)).toEqual([
      'queued',
      'approved',
      'applied',
      'verified',
      'confirmed',
    ]);
    await expect(o.approve('nope')).rejects.toThrow(/no pending optimization nope/);
    await o.stop();
  });

  it('skips with a reason: strategy off, nothing advertised, in flight', async () => {
    const o = optimizer(scripted({ cpu: 0.9 }, { cpu: 0.9 }), {
      defaultMode: 'automatic',
      modes: { cpu: 'off' },
    });
    expect(await o.handleAlert({ name: 'cpu-usage' })).toEqual([
      { decision: 'skipped', reason: 'strategy cpu is off' },
    ]);
    const [m] = await o.handleAlert({ name: 'memory-leak' });
    expect(m).toMatchObject({
      decision: 'skipped',
      reason: 'svc:1 advertises none of memory-pooling, trigger-gc (offers enable-wasm)',
    });
    expect(await o.handleAlert({ name: 'unknown-alert' })).toEqual([]);
    expect(o.counters().skipped).toBe(2);
    await o.stop();
  });

  it('rolls back when the data is missing after the change, and events say so', async () => {
    calls.length = 0;
    const o = optimizer(scripted({ inferenceTime: 0.2, cpu: 0.5 }, { inferenceTime: 0.05 }), {
      defaultMode: 'automatic',
    });
    const failed: string[] = [];
    o.on('optimization-failed', (e: { message: string }) => failed.push(e.message));
    const [p] = await o.handleAlert({ name: 'neural-performance' });
    if (p?.decision !== 'started') throw new Error(JSON.stringify(p));
    const r = await p.result;
    expect(r).toMatchObject({ success: false, rolledBack: true });
    expect(calls.at(-1)).toBe('POST /v1/changes/c2/rollback');
    expect(failed).toEqual(['rolled back: no data for cpu after the change (baseline 0.5)']);
    expect(o.exposition()).toContain('claude_zen_optimizer_decisions_total{decision="rolled-back"} 1');
    await o.stop();
  });

  it('evaluate() proposes the strategies whose metric condition holds', async () => {
    calls.length = 0;
    const o = optimizer(scripted({ inferenceTime: 0.2, cpu: 0.5 }, { inferenceTime: 0.02, cpu: 0.5 }), {
      defaultMode: 'automatic',
    });
    const proposals = await o.evaluate();
    expect(proposals.map((p) => p.decision)).toEqual(['started']);
    const p = proposals[0];
    if (p?.decision !== 'started') throw new Error(JSON.stringify(p));
    expect(p.candidate.trigger).toEqual({
      kind: 'metric',
      reason: 'inferenceTime > 0.1',
      metric: 'inferenceTime',
      value: 0.2,
    });
    expect((await p.result).success).toBe(true);
    await o.stop();
  });

  it('stop() mid-change abandons it to its lease: neither confirmed nor rolled back', async () => {
    calls.length = 0;
    const o = optimizer(scripted({ inferenceTime: 0.2 }, { inferenceTime: 0.02 }), {
      defaultMode: 'automatic',
      verificationDelayMs: 1_000,
    });
    const [p] = await o.handleAlert({ name: 'neural-performance' });
    if (p?.decision !== 'started') throw new Error(JSON.stringify(p));
    await new Promise((r) => setTimeout(r, 100));
    const path = o.auditPath;
    await o.stop();
    const r = await p.result;
    expect(r.success).toBe(false);
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /v1/actions/enable-wasm/apply']);
    expect(readAuditLog(path).map((e) => e.decision)).toEqual(['applied', 'abandoned']);
  });

  it('names the field of a bad configuration', () => {
    const reader = scripted({}, {});
    expect(() => optimizer(reader, { safetyLimits: { maxCpuIncrease: -1 } })).toThrow(
      /safetyLimits.maxCpuIncrease/,
    );
    expect(() => optimizer(reader, { leaseMs: 10, verificationDelayMs: 20 })).toThrow(
      /leaseMs: 10 must be longer/,
    );
    expect(() => optimizer(reader, { windowMs: 50 })).toThrow(
      /windowMs: 50 is longer than verificationDelayMs/,
    );
    expect(() => new StaticTargets([{ controlUrl: 'ftp://x' }])).toThrow(
      'targets[0].controlUrl: "ftp://x" must be http:// or https://',
    );
  });
  it('an operator rollback before the second verification leaves nothing for it to judge', async () => {
    calls.length = 0;
    // worse at the second look: without the operator's rollback it would roll back again
    let reads = 0;
    const reader: MetricsReader = {
      read: async (m) => {
        if (!calls.some((c) => c.includes('/apply'))) return m === 'inferenceTime' ? 0.2 : 0.5;
        reads++;
        if (m === 'inferenceTime') return reads > 20 ? 0.4 : 0.05;
        return 0.5;
      },
    };
    const o = optimizer(reader, { reverifyDelayMs: 300, defaultMode: 'automatic' });
    const [p] = await o.handleAlert({ name: 'neural-performance' });
    if (p?.decision !== 'started') throw new Error(JSON.stringify(p));
    const result = await p.result;
    expect(result).toMatchObject({ success: true, finished: true });
    await o.rollback(result.id);
    await new Promise((r) => setTimeout(r, 600));
    expect(result).toMatchObject({ rolledBack: true, reverified: 'skipped' });
    expect(calls.filter((c) => c.endsWith('/rollback'))).toHaveLength(1);
    expect(readAuditLog(o.auditPath).map((e) => e.decision)).not.toContain('reverified');
    await o.stop();
  });
});

describe('AutoPerformanceOptimizer (the seed usage)', () => {
  it('runs as written: construct, start, listen, stop', async () => {
    const optimizer = new AutoPerformanceOptimizer({
      safetyLimits: { maxCpuIncrease: 0.1, maxMemoryIncrease: 0.05, maxLatencyIncrease: 0.2 },
      optimizationInterval: 60000,
      verificationDelay: 30000,
      dataDir: join(dir, 'seed'),
    });
    await optimizer.start();
    optimizer.on('optimization-applied', (result: { improvement: string }) => result.improvement);
    optimizer.on('optimization-failed', (error: { message: string }) => error.message);
    expect(optimizer.optimizer.limits).toEqual({
      maxCpuIncrease: 0.1,
      maxMemoryIncrease: 0.05,
      maxLatencyIncrease: 0.2,
      maxAccuracyLoss: 0.05,
    });
    expect(optimizer.optimizer.verificationDelayMs).toBe(30000);
    expect(optimizer.optimizer.intervalMs).toBe(60000);
    expect(await optimizer.evaluateNow()).toEqual([]); // no backend: nothing to act on
    await optimizer.stop();
  });
});
