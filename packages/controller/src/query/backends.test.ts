/**
 * The HTTP backend against a real Prometheus and against the embedded store's API (the same backfill
 * in both): the same queries give the same answers; the embedded backend agrees too. A backend that
 * is down is reported by health(), never thrown.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiServer,
  type DB,
  importOpenMetrics,
  listenApiServer,
  openDB,
  PromQLEngine,
  type QueryResult,
} from '@claude-zen/tsdb';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from '../../../../test/support/binaries.js';
import { freePort } from '../../../../test/support/ports.js';
import { type Child, startChild } from '../../../../test/support/processes.js';
import { waitFor } from '../../../../test/support/wait.js';
import { EmbeddedBackend } from './embedded.js';
import { QueryError } from './errors.js';
import { PrometheusHttpBackend } from './prometheus-http.js';

const prometheusBin = findBinary('prometheus');
const promtoolBin = findBinary('promtool');
const STEP = 15_000;
const END = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
const START = END - 3_600_000;

function backfill(): string {
  const out = ['# TYPE cpu gauge', '# TYPE reqs counter'];
  // Samples sit 2.5 s off the evaluation grid: Prometheus 2 (Debian) and 3 differ only at window edges.
  for (let t = START + 2_500; t <= END; t += STEP) {
    const i = Math.floor((t - START) / STEP);
    for (const inst of ['a', 'b']) {
      const k = inst === 'a' ? 1 : 2;
      out.push(`cpu{job="svc",instance="${inst}"} ${((Math.sin(i / 7) + 1.5) * k).toFixed(4)} ${t / 1000}`);
      out.push(`reqs_total{job="svc",instance="${inst}"} ${i * 3 * k} ${t / 1000}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function normalise(r: QueryResult): unknown {
  if (r.resultType === 'matrix')
    return r.result
      .map((s) => ({ metric: s.metric, points: s.points.map((p) => [p.t, Number(p.v.toPrecision(9))]) }))
      .sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)));
  if (r.resultType === 'vector')
    return r.result
      .map((s) => ({ metric: s.metric, point: [s.point.t, Number(s.point.v.toPrecision(9))] }))
      .sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)));
  return r;
}

describe.skipIf(!prometheusBin || !promtoolBin)('query backends', () => {
  let dir = '';
  let prom: Child | undefined;
  let promUrl = '';
  let db: DB | undefined;
  let api: FastifyInstance | undefined;
  let apiUrl = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'czm-query-'));
    const file = join(dir, 'backfill.om');
    writeFileSync(file, backfill());
    const data = join(dir, 'prom-data');
    execFileSync(promtoolBin as string, ['tsdb', 'create-blocks-from', 'openmetrics', file, data], {
      stdio: 'pipe',
    });
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = startChild(prometheusBin as string, [
      `--storage.tsdb.path=${data}`,
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=30d',
      '--log.level=warn',
    ]);
    db = openDB(join(dir, 'ours'), { log: () => {} });
    await importOpenMetrics([backfill()], db);
    api = createApiServer({ queryable: db, engine: new PromQLEngine() });
    apiUrl = await listenApiServer(api, { port: 0 });
    await waitFor(
      'prometheus to be ready',
      async () => {
        if (prom?.proc.exitCode !== null) throw new Error(`prometheus exited: ${prom?.output()}`);
        return (await fetch(`${promUrl}/-/ready`)).ok ? true : undefined;
      },
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await api?.close();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const queries = ['cpu', 'sum by (job) (cpu)', 'rate(reqs_total[5m])', 'max_over_time(cpu[10m]) > 2'];

  it('gives the same range answers from Prometheus, the embedded API and the embedded store', async () => {
    const remote = new PrometheusHttpBackend({ url: promUrl });
    const viaApi = new PrometheusHttpBackend({ url: apiUrl });
    const local = new EmbeddedBackend({ queryable: db as DB, engine: new PromQLEngine() });
    for (const q of queries) {
      const a = await remote.range(q, START + 600_000, END, 60_000);
      expect(a.resultType).toBe('matrix');
      expect((a.result as unknown[]).length, q).toBeGreaterThan(0);
      expect(normalise(await viaApi.range(q, START + 600_000, END, 60_000)), q).toEqual(normalise(a));
      expect(normalise(await local.range(q, START + 600_000, END, 60_000)), q).toEqual(normalise(a));
    }
    const i = await remote.instant('sum(cpu)', END - 30_000);
    expect(normalise(await viaApi.instant('sum(cpu)', END - 30_000))).toEqual(normalise(i));
    expect((await remote.health()).status).toBe('up');
    expect((await local.health()).status).toBe('up');
  });

  it('maps a bad query to QueryError bad_data from both, without marking the backend down', async () => {
    for (const url of [promUrl, apiUrl]) {
      const b = new PrometheusHttpBackend({ url });
      const err = await b.instant('sum(', END).catch((e) => e);
      expect(err).toBeInstanceOf(QueryError);
      expect(err.code).toBe('bad_data');
      await expect(b.health()).resolves.toMatchObject({ status: 'up' });
    }
    const local = new EmbeddedBackend({ queryable: db as DB, engine: new PromQLEngine() });
    await expect(local.instant('sum(', END)).rejects.toMatchObject({ code: 'bad_data' });
  });

  it('sends bearer auth', async () => {
    let seen: string | undefined;
    const { createServer } = await import('node:http');
    const srv = createServer((req, res) => {
      seen = req.headers.authorization;
      res.writeHead(401).end('no');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const b = new PrometheusHttpBackend({ url: `http://127.0.0.1:${port}`, bearerToken: 'tok' });
      await expect(b.instant('1', END)).rejects.toMatchObject({ code: 'unauthorized' });
      expect(seen).toBe('Bearer tok');
      const basic = new PrometheusHttpBackend({
        url: `http://127.0.0.1:${port}`,
        basicAuth: { username: 'u', password: 'p' },
      });
      const h = await basic.health();
      expect(seen).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      expect(h.status).toBe('down');
      expect(h.lastError?.code).toBe('unauthorized');
    } finally {
      srv.close();
    }
  });
});

describe('a backend that is down', () => {
  it('reports health down with the last error and latency; queries reject with QueryError', async () => {
    const port = await freePort();
    const b = new PrometheusHttpBackend({ url: `http://127.0.0.1:${port}`, timeoutMs: 2_000 });
    const h = await b.health();
    expect(h.status).toBe('down');
    expect(h.lastError?.code).toBe('unreachable');
    expect(h.lastError?.message).toContain(`127.0.0.1:${port}`);
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    await expect(b.range('up', 0, 60_000, 15_000)).rejects.toBeInstanceOf(QueryError);
  });

  it('reports a slow backend as a timeout', async () => {
    const { createServer } = await import('node:http');
    const srv = createServer(() => {
      // never answers
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const b = new PrometheusHttpBackend({ url: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      const h = await b.health();
      expect(h.status).toBe('slow');
      expect(h.lastError?.code).toBe('timeout');
    } finally {
      srv.closeAllConnections();
      srv.close();
    }
  });

  it('rejects a URL that is not one, naming the fix', () => {
    expect(() => new PrometheusHttpBackend({ url: 'localhost:9090' })).toThrow(/http:\/\//);
  });
});
