/**
 * Differential test: the same OpenMetrics backfill loaded into the embedded store (served by
 * createApiServer) and into a real Prometheus (promtool tsdb create-blocks-from openmetrics),
 * the same queries sent to both HTTP APIs, results equal within 1e-6 relative.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, listenApiServer } from '../packages/tsdb/src/api/index.js';
import { importOpenMetrics } from '../packages/tsdb/src/importer/index.js';
import { PromQLEngine } from '../packages/tsdb/src/promql/engine.js';
import { type DB, openDB } from '../packages/tsdb/src/storage/db.js';

const CI = process.env.CI === 'true' || process.env.CI === '1';

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const prometheusBin = which('prometheus');
const promtoolBin = which('promtool');
const haveBinaries = Boolean(prometheusBin && promtoolBin);

const STEP_MS = 15_000;
const HOURS = 4;
/** Sample timestamps sit 2.5 s past a 15 s grid: never on whole minutes (subquery steps) nor on eval times. */
const SAMPLE_OFFSET_MS = 2_500;
const T0 = Math.floor((Date.now() - 6 * 3_600_000) / 3_600_000) * 3_600_000;
const T_END = T0 + HOURS * 3_600_000;

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A backfill: counters (one with a reset), gauges, a classic histogram, an info-like series. */
function generateBackfill(): string {
  const rand = rng(42);
  const n = (HOURS * 3_600_000) / STEP_MS;
  const ts = (i: number) => ((T0 + SAMPLE_OFFSET_MS + i * STEP_MS) / 1000).toFixed(3);
  const out: string[] = [];
  const fmt = (labels: Record<string, string>) =>
    `{${Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',')}}`;

  out.push('# HELP http_requests Requests served.', '# TYPE http_requests counter');
  for (const instance of ['a', 'b']) {
    for (const code of ['200', '500']) {
      let v = 0;
      const rate = code === '200' ? 20 : 1;
      for (let i = 0; i < n; i++) {
        if (instance === 'b' && code === '200' && i === Math.floor(n / 2)) v = 0; // a counter reset
        v += Math.round(rate * STEP_MS * 0.001 * (0.5 + rand()));
        out.push(`http_requests_total${fmt({ job: 'api', instance, code })} ${v} ${ts(i)}`);
      }
    }
  }
  out.push('# TYPE memory_bytes gauge');
  for (const instance of ['a', 'b', 'c']) {
    let v = 100e6 * (instance.charCodeAt(0) - 96);
    for (let i = 0; i < n; i++) {
      v += (rand() - 0.4) * 1e6;
      out.push(`memory_bytes${fmt({ job: 'api', instance })} ${v.toFixed(1)} ${ts(i)}`);
    }
  }
  out.push('# TYPE cpu_utilization gauge');
  for (const instance of ['a', 'b']) {
    for (let i = 0; i < n; i++) {
      const v = 0.5 + 0.3 * Math.sin(i / 40 + (instance === 'b' ? 1 : 0)) + 0.05 * rand();
      out.push(`cpu_utilization${fmt({ job: 'api', instance })} ${v.toFixed(6)} ${ts(i)}`);
    }
  }
  out.push('# TYPE build_info gauge');
  for (const [instance, version] of [
    ['a', '1.0.0'],
    ['b', '1.1.0'],
  ]) {
    for (let i = 0; i < n; i++) out.push(`build_info${fmt({ job: 'api', instance, version })} 1 ${ts(i)}`);
  }
  out.push('# TYPE request_duration_seconds histogram');
  const bounds = ['0.05', '0.1', '0.25', '0.5', '1.0', '+Inf'];
  for (const instance of ['a', 'b']) {
    const counts = bounds.map(() => 0);
    let sum = 0;
    let count = 0;
    const lines: string[][] = bounds.map(() => []);
    const sums: string[] = [];
    const cnts: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = 5 + Math.floor(rand() * 20);
      for (let j = 0; j < k; j++) {
        const d = rand() ** 2 * (instance === 'a' ? 0.8 : 1.6);
        sum += d;
        count++;
        for (let b = 0; b < bounds.length; b++)
          if (bounds[b] === '+Inf' || d <= Number(bounds[b])) counts[b]++;
      }
      bounds.forEach((le, b) => {
        lines[b].push(
          `request_duration_seconds_bucket${fmt({ job: 'api', instance, le })} ${counts[b]} ${ts(i)}`,
        );
      });
      sums.push(`request_duration_seconds_sum${fmt({ job: 'api', instance })} ${sum.toFixed(6)} ${ts(i)}`);
      cnts.push(`request_duration_seconds_count${fmt({ job: 'api', instance })} ${count} ${ts(i)}`);
    }
    for (const l of lines) out.push(...l);
    out.push(...sums, ...cnts);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

const QUERIES = [
  'http_requests_total',
  'rate(http_requests_total[5m])',
  'increase(http_requests_total[10m])',
  'irate(http_requests_total[5m])',
  'sum by (code) (rate(http_requests_total[5m]))',
  'sum without (instance) (rate(http_requests_total[5m]))',
  'deriv(memory_bytes[10m])',
  'predict_linear(memory_bytes[30m], 3600)',
  'avg_over_time(cpu_utilization[15m])',
  'max_over_time(cpu_utilization[30m]) - min_over_time(cpu_utilization[30m])',
  'stddev_over_time(memory_bytes[1h])',
  'quantile_over_time(0.9, cpu_utilization[20m])',
  'histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.5, sum by (le, instance) (rate(request_duration_seconds_bucket[10m])))',
  'rate(request_duration_seconds_sum[5m]) / rate(request_duration_seconds_count[5m])',
  'topk(2, memory_bytes)',
  'bottomk(1, rate(http_requests_total[5m]))',
  'count by (job) (memory_bytes > 150e6)',
  'avg(memory_bytes) by (job)',
  'memory_bytes * on (instance) group_left (version) build_info',
  'sum by (instance) (rate(http_requests_total{code="500"}[5m])) / ignoring(code) sum by (instance) (rate(http_requests_total[5m]))',
  'memory_bytes offset 1h',
  'memory_bytes - memory_bytes offset 30m',
  'max_over_time(rate(http_requests_total[5m])[30m:1m])',
  'absent(nonexistent_metric{job="api"})',
  'absent(memory_bytes)',
  'label_replace(memory_bytes, "host", "node-$1", "instance", "(.*)")',
  'scalar(sum(memory_bytes)) / 1e6',
  'resets(http_requests_total[1h])',
  'changes(build_info[1h])',
];

interface ApiBody {
  status: string;
  error?: string;
  errorType?: string;
  data: { resultType: string; result: unknown };
}

async function query(
  base: string,
  path: string,
  params: Record<string, string>,
  method = 'POST',
): Promise<ApiBody> {
  if (method === 'GET')
    return (await (await fetch(`${base}${path}?${new URLSearchParams(params)}`)).json()) as ApiBody;
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return (await res.json()) as ApiBody;
}

type Series = Map<string, [number, string][]>;

/** A result as a map labels → points (a vector is a one-point matrix; a scalar has key ''). */
function normalize(data: ApiBody['data']): Series {
  const m: Series = new Map();
  const key = (metric: Record<string, string>) =>
    JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (data.resultType === 'scalar') m.set('', [data.result as [number, string]]);
  else if (data.resultType === 'vector') {
    for (const s of data.result as { metric: Record<string, string>; value: [number, string] }[]) {
      m.set(key(s.metric), [s.value]);
    }
  } else {
    for (const s of data.result as { metric: Record<string, string>; values: [number, string][] }[]) {
      m.set(key(s.metric), s.values);
    }
  }
  return m;
}

function close(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
}

function expectSame(ours: ApiBody, theirs: ApiBody, what: string): void {
  expect(theirs.status, `${what}: Prometheus said ${theirs.error}`).toBe('success');
  expect(ours.status, `${what}: ours said ${ours.error}`).toBe('success');
  expect(ours.data.resultType, what).toBe(theirs.data.resultType);
  const a = normalize(ours.data);
  const b = normalize(theirs.data);
  expect([...a.keys()].sort(), `${what}: series`).toEqual([...b.keys()].sort());
  for (const [k, pointsB] of b) {
    const pointsA = a.get(k) ?? [];
    expect(
      pointsA.map((p) => p[0]),
      `${what}: timestamps of ${k}`,
    ).toEqual(pointsB.map((p) => p[0]));
    const bad = pointsA.findIndex((p, i) => !close(p[1], pointsB[i][1]));
    expect(bad === -1 ? undefined : [k, pointsA[bad], pointsB[bad]], `${what}: values`).toBeUndefined();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe.skipIf(!haveBinaries && !CI)('differential: embedded store vs real Prometheus', () => {
  let dir = '';
  let prom: ChildProcess | undefined;
  let promUrl = '';
  let promLog = '';
  let ours: FastifyInstance | undefined;
  let db: DB | undefined;
  let oursUrl = '';

  beforeAll(async () => {
    if (!haveBinaries)
      throw new Error('prometheus/promtool are not installed: CI needs them (apt-get install prometheus)');
    dir = mkdtempSync(join(tmpdir(), 'tsdb-diff-'));
    const file = join(dir, 'backfill.om');
    writeFileSync(file, generateBackfill());
    const data = join(dir, 'prom-data');
    execFileSync(promtoolBin as string, ['tsdb', 'create-blocks-from', 'openmetrics', file, data], {
      stdio: 'pipe',
    });
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = spawn(
      prometheusBin as string,
      [
        `--storage.tsdb.path=${data}`,
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=30d',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prom.stdout?.on('data', (d) => (promLog += d));
    prom.stderr?.on('data', (d) => (promLog += d));

    // Ours: the same file through the streaming importer into blocks of a real data folder.
    db = openDB(join(dir, 'ours'), { log: () => {} });
    const blocks = db.importer();
    const report = await importOpenMetrics(createReadStream(file), blocks);
    blocks.finish();
    expect(report.errors).toEqual([]);
    expect(db.blockMetas().length).toBeGreaterThan(1);
    ours = createApiServer({ queryable: db, engine: new PromQLEngine() });
    oursUrl = await listenApiServer(ours, { port: 0 });

    const deadline = Date.now() + 30_000;
    for (;;) {
      if (prom.exitCode !== null) throw new Error(`prometheus exited early: ${promLog}`);
      try {
        if ((await fetch(`${promUrl}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ready after 30s: ${promLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    await ours?.close();
    db?.close();
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom?.once('exit', r));
      prom.kill('SIGTERM');
      const t = setTimeout(() => prom?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Prometheus loaded the backfill', async () => {
    const r = await query(promUrl, '/api/v1/query', {
      query: 'count(memory_bytes)',
      time: String((T_END - 60_000) / 1000),
    });
    expect(r.data.result).toEqual([expect.objectContaining({ value: [expect.any(Number), '3'] })]);
  });

  const instantTimes = [T0 + 47 * 60_000 + 7_300, T0 + 2 * 3_600_000 + 11_100, T_END - 4 * 60_000 + 3_700];
  it.each(QUERIES)('instant %s', async (expr) => {
    for (const t of instantTimes) {
      const params = { query: expr, time: (t / 1000).toFixed(3) };
      const [a, b] = await Promise.all([
        query(oursUrl, '/api/v1/query', params),
        query(promUrl, '/api/v1/query', params),
      ]);
      expectSame(a, b, `${expr} @ ${params.time}`);
    }
  });

  it.each(QUERIES)('range %s', async (expr) => {
    const params = {
      query: expr,
      start: ((T0 + 30 * 60_000 + 7_300) / 1000).toFixed(3),
      end: ((T_END - 10 * 60_000 + 7_300) / 1000).toFixed(3),
      step: '60',
    };
    const [a, b] = await Promise.all([
      query(oursUrl, '/api/v1/query_range', params),
      query(promUrl, '/api/v1/query_range', params),
    ]);
    expectSame(a, b, `${expr} [range]`);
  });

  it('reports the same series and label values', async () => {
    const p = {
      'match[]': 'request_duration_seconds_bucket{instance="a"}',
      start: String(T0 / 1000),
      end: String(T_END / 1000),
    };
    const [a, b] = await Promise.all([
      query(oursUrl, '/api/v1/series', p),
      query(promUrl, '/api/v1/series', p),
    ]);
    expect(a).toEqual(b);
    const [la, lb] = await Promise.all([
      query(
        oursUrl,
        '/api/v1/label/le/values',
        { start: String(T0 / 1000), end: String(T_END / 1000) },
        'GET',
      ),
      query(
        promUrl,
        '/api/v1/label/le/values',
        { start: String(T0 / 1000), end: String(T_END / 1000) },
        'GET',
      ),
    ]);
    expect(la).toEqual(lb);
    const range = { start: String(T0 / 1000), end: String(T_END / 1000) };
    const [na, nb] = await Promise.all([
      query(oursUrl, '/api/v1/labels', range),
      query(promUrl, '/api/v1/labels', range),
    ]);
    expect(na).toEqual(nb);
    const [ma, mb] = await Promise.all([
      query(oursUrl, '/api/v1/labels', { ...range, 'match[]': 'build_info' }),
      query(promUrl, '/api/v1/labels', { ...range, 'match[]': 'build_info' }),
    ]);
    expect(ma).toEqual(mb);
  });

  it('returns the same error shapes', async () => {
    for (const [path, params] of [
      ['/api/v1/query', { query: 'rate(' }],
      ['/api/v1/query', { query: 'up', time: 'yesterday' }],
      ['/api/v1/query_range', { query: 'up', start: '10', end: '5', step: '1' }],
      ['/api/v1/query_range', { query: 'up', start: '1', end: '5', step: '0' }],
      ['/api/v1/series', {}],
    ] as const) {
      const [a, b] = await Promise.all([query(oursUrl, path, params), query(promUrl, path, params)]);
      expect({ status: a.status, errorType: a.errorType }, `${path} ${JSON.stringify(params)}`).toEqual({
        status: b.status,
        errorType: b.errorType,
      });
    }
  });
});
