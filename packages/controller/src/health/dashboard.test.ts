/**
 * The dashboard over the real embedded store: an hour of history with the preload's metric names
 * is backfilled through the tsdb importer, then read back through PromQL. A PrometheusHttpBackend
 * pointed at a closed port stands for a backend that is down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DB, importOpenMetrics, openDB, PromQLEngine } from '@claude-zen/tsdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../query/embedded.js';
import { PrometheusHttpBackend } from '../query/prometheus-http.js';
import { readCurrentMetrics } from './current-metrics.js';
import { getDashboardData } from './dashboard.js';

const STEP = 15_000;
const END = Math.floor((Date.now() - 60_000) / STEP) * STEP;
const START = END - 3_600_000;
const TARGET = 'job="swarm-service",instance="127.0.0.1:9464"';
/** A second target where nothing fails. */
const CLEAN = 'job="swarm-service",instance="127.0.0.1:9465"';

/** One hour every 15 s: CPU rising 20 % → 50 %, everything else steady; coordination at 350 ms. */
function history(): string {
  const out = [
    '# TYPE process_cpu_utilization gauge',
    '# TYPE system_memory_utilization gauge',
    '# TYPE claude_zen_memory_heap_used_bytes gauge',
    '# TYPE claude_zen_swarm_efficiency_ratio gauge',
    '# TYPE claude_zen_swarm_coordination_latency_seconds gauge',
    '# TYPE claude_zen_swarm_agent_utilization_ratio gauge',
    '# TYPE claude_zen_neural_wasm_enabled gauge',
    '# TYPE http_server_request_duration_seconds histogram',
    '# TYPE claude_zen_neural_inference_duration_seconds histogram',
    '# TYPE claude_zen_swarm_tasks counter',
    '# TYPE claude_zen_neural_inferences counter',
  ];
  const n = (END - START) / STEP;
  const swarm = `${TARGET},claude_zen_swarm_id="s1",claude_zen_swarm_topology="mesh"`;
  for (let i = 0; i <= n; i++) {
    const ts = (START + i * STEP) / 1000;
    const s = i * 15; // seconds since start
    out.push(
      `process_cpu_utilization{${TARGET},process_cpu_state="user"} ${(0.2 + (0.3 * i) / n).toFixed(5)} ${ts}`,
    );
    out.push(`system_memory_utilization{${TARGET},system_memory_state="used"} 0.5 ${ts}`);
    out.push(`system_memory_utilization{${TARGET},system_memory_state="free"} 0.5 ${ts}`);
    out.push(`claude_zen_memory_heap_used_bytes{${TARGET}} ${50_000_000 + (i % 2) * 100_000} ${ts}`);
    out.push(`claude_zen_swarm_efficiency_ratio{${swarm}} 0.8 ${ts}`);
    out.push(`claude_zen_swarm_coordination_latency_seconds{${swarm}} 0.35 ${ts}`);
    out.push(`claude_zen_swarm_agent_utilization_ratio{${swarm}} 0.6 ${ts}`);
    out.push(`claude_zen_neural_wasm_enabled{${TARGET}} 0 ${ts}`);
    // 10 requests/s, all under 50 ms; 1 in 100 is a 500.
    for (const [code, rate] of [
      ['200', 9.9],
      ['500', 0.1],
    ] as const) {
      const http = `${TARGET},http_request_method="POST",http_route="/tasks",http_response_status_code="${code}"`;
      const c = (rate * s).toFixed(1);
      out.push(`http_server_request_duration_seconds_bucket{${http},le="0.05"} ${c} ${ts}`);
      out.push(`http_server_request_duration_seconds_bucket{${http},le="0.5"} ${c} ${ts}`);
      out.push(`http_server_request_duration_seconds_bucket{${http},le="+Inf"} ${c} ${ts}`);
      out.push(`http_server_request_duration_seconds_count{${http}} ${c} ${ts}`);
      out.push(`http_server_request_duration_seconds_sum{${http}} ${(rate * s * 0.02).toFixed(3)} ${ts}`);
    }
    // 4 inferences/s, all under 10 ms.
    const nn = `${TARGET},gen_ai_request_model="scorer",gen_ai_operation_name="predict",claude_zen_neural_backend="cpu"`;
    out.push(`claude_zen_neural_inference_duration_seconds_bucket{${nn},le="0.01"} ${4 * s} ${ts}`);
    out.push(`claude_zen_neural_inference_duration_seconds_bucket{${nn},le="+Inf"} ${4 * s} ${ts}`);
    out.push(`claude_zen_neural_inference_duration_seconds_count{${nn}} ${4 * s} ${ts}`);
    out.push(`claude_zen_neural_inference_duration_seconds_sum{${nn}} ${(4 * s * 0.005).toFixed(3)} ${ts}`);
    out.push(`claude_zen_neural_inferences_total{${nn}} ${4 * s} ${ts}`);
    // 2 tasks/s done, 1 in 20 failed.
    const task = `${TARGET},claude_zen_swarm_id="s1",claude_zen_task_type="score"`;
    out.push(
      `claude_zen_swarm_tasks_total{${task},claude_zen_task_status="completed"} ${(1.9 * s).toFixed(1)} ${ts}`,
    );
    out.push(
      `claude_zen_swarm_tasks_total{${task},claude_zen_task_status="failed"} ${(0.1 * s).toFixed(1)} ${ts}`,
    );
    const ok = `${CLEAN},http_request_method="GET",http_route="/health",http_response_status_code="200"`;
    out.push(`http_server_request_duration_seconds_count{${ok}} ${s} ${ts}`);
    const done = `${CLEAN},claude_zen_swarm_id="s2",claude_zen_task_type="score",claude_zen_task_status="completed"`;
    out.push(`claude_zen_swarm_tasks_total{${done}} ${s} ${ts}`);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

describe('getDashboardData on the embedded store', () => {
  let dir = '';
  let db: DB;
  let backend: EmbeddedBackend;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'czm-health-'));
    db = openDB(join(dir, 'data'), { log: () => {} });
    const imp = db.importer();
    const report = await importOpenMetrics(once(history()), imp);
    imp.finish();
    expect(report.errors).toEqual([]);
    expect(report.samples).toBeGreaterThan(5_000);
    backend = new EmbeddedBackend({ queryable: db, engine: new PromQLEngine() });
  });
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads current metrics in the seed units', async () => {
    const m = await readCurrentMetrics(backend, END);
    expect(m.available).toBe(true);
    expect(m.errors).toEqual([]);
    expect(m.system.cpu).toBeCloseTo(50, 6);
    expect(m.system.memory).toBeCloseTo(50, 6);
    expect(m.system.disk).toBeUndefined(); // no data: undefined, not NaN
    expect(m.api.responseTime).toBeCloseTo(47.5, 3); // p95 inside the 0–50 ms bucket
    expect(m.api.errorRate).toBeCloseTo(0.01, 6);
    expect(m.swarm.coordinationLatency).toBeCloseTo(350, 6);
    expect(m.swarm.efficiency).toBeCloseTo(0.8, 6);
    expect(m.swarm.failureRate).toBeCloseTo(0.05, 6);
    expect(m.neural.inferenceTime).toBeCloseTo(9.5, 3);
    expect(m.neural.throughput).toBeCloseTo(4, 6);
    expect(m.neural.wasmAcceleration).toBe(false);
    expect(m.memory.leakSuspected).toBeUndefined();
    // Nothing failed on the clean target: rates of 0, not missing values.
    const clean = await readCurrentMetrics(backend, END, { instance: '127.0.0.1:9465' });
    expect(clean.api.errorRate).toBe(0);
    expect(clean.swarm.failureRate).toBe(0);
    expect(clean.system.cpu).toBeUndefined();
    const other = await readCurrentMetrics(backend, END, { job: 'another-service' });
    expect(other.available).toBe(true);
    expect(other.system.cpu).toBeUndefined();
  });

  it('assembles the seed dashboard: health, rising CPU, the coordination recommendation', async () => {
    const alerts = [
      { status: 'active' as const, name: 'coordination-slow' },
      { status: 'resolved' as const, name: 'old' },
    ];
    const d = await getDashboardData(backend, { at: END, period: 3_600_000, alerts });
    expect(d.timestamp).toBe(END);
    expect(d.errors).toEqual([]);
    // cpu 50 → 100, memory 50 → 100, swarm 0.8 → 85, api 47.5 ms → 100, neural 9.5 ms → 100
    expect(d.overview.health.overall).toBe(96);
    expect(d.overview.health.status).toBe('good');
    expect(d.overview.health.renormalised).toBe(false);
    expect(d.overview.health.components.swarm).toMatchObject({ score: 85, level: 'good' });
    expect(d.overview.availability.parts).toEqual({ requests: 99, tasks: 95 });
    expect(d.overview.efficiency.score).toBe(70);
    expect(d.overview.performance.parts.coordinationLatency).toBeCloseTo(55, 6);

    const cpu = d.metrics.trends.metrics['system.cpu'];
    expect(cpu?.direction).toBe('rising');
    expect(cpu?.slopePerHour).toBeGreaterThan(25);
    expect(cpu?.slopePerHour).toBeLessThan(35);
    expect(d.metrics.trends.metrics['system.memory']?.direction).toBe('stable');
    expect(d.metrics.trends.memoryGrowthRate).toBeCloseTo(0, 2);

    const forecast = d.metrics.predictions['system.cpu'];
    expect(forecast?.at).toBeGreaterThanOrEqual(END + 1_800_000 - 60_000);
    expect(forecast?.value).toBeGreaterThan(60); // 30 more minutes of +30 %/h
    expect(forecast?.confidence).toBeGreaterThan(0.95);
    // 50 % now, +30 %/h: the 85 % warning level in about 70 minutes
    expect((forecast?.timeToIssueMs ?? 0) / 60_000).toBeGreaterThan(60);
    expect((forecast?.timeToIssueMs ?? 0) / 60_000).toBeLessThan(80);
    expect(d.metrics.predictions['swarm.coordinationLatency']?.timeToIssueMs).toBe(0); // 350 ms > 200 ms

    expect(d.recommendations.map((r) => r.type)).toEqual(['swarm-optimization']);
    expect(d.recommendations[0].evidence.value).toBeCloseTo(350, 6);
    expect(d.alerts.active.map((a) => a.name)).toEqual(['coordination-slow']);
    expect(d.alerts.resolved).toHaveLength(1);
    expect(d.alerts.suppressed).toEqual([]);
    expect(d.optimizations.impact).toEqual({
      applied: 0,
      inProgress: 0,
      rolledBack: 0,
      failed: 0,
      meanImprovements: {},
    });
  });
});

describe('a backend that is down', () => {
  it('gives metrics marked unavailable and a dashboard with errors, never a throw', async () => {
    const port = await closedPort();
    const backend = new PrometheusHttpBackend({ url: `http://127.0.0.1:${port}`, timeoutMs: 1_000 });
    const m = await readCurrentMetrics(backend, Date.now());
    expect(m.available).toBe(false);
    expect(m.errors.length).toBeGreaterThan(20);
    expect(m.system.cpu).toBeUndefined();
    const d = await getDashboardData(backend);
    expect(d.overview.health).toMatchObject({ overall: undefined, status: 'unknown' });
    expect(d.recommendations).toEqual([]);
    expect(d.errors.some((e) => e.field === 'history.system.cpu')).toBe(true);
  });
});

/** The backfill text as the importer's async stream. */
async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** A port nothing listens on: bound then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
