import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromQLEngine } from '../promql/engine.js';
import { parseScrapeConfig } from '../scrape/config/load.js';
import { ScrapeManager } from '../scrape/scrape-manager.js';
import { Head } from '../storage/head/head.js';
import { formatValue } from './format.js';
import { parseTimeParam } from './params.js';
import { createApiServer } from './server.js';
import type { ApiTarget } from './types.js';

const T = 1_700_000_000_000;
let head: Head;
let app: FastifyInstance;
let importApp: FastifyInstance;

beforeAll(async () => {
  head = new Head();
  const a = head.appender();
  for (let i = 0; i <= 20; i++) {
    const t = T + i * 15_000;
    a.append({ __name__: 'reqs_total', job: 'api', instance: 'a' }, t, i * 10);
    a.append({ __name__: 'reqs_total', job: 'api', instance: 'b' }, t, i * 20);
    a.append({ __name__: 'weird', kind: 'nan' }, t, Number.NaN);
    a.append({ __name__: 'weird', kind: 'inf' }, t, Number.POSITIVE_INFINITY);
  }
  a.commit();
  const target: ApiTarget = {
    discoveredLabels: { __address__: '127.0.0.1:9464', job: 'svc' },
    labels: { job: 'svc', instance: '127.0.0.1:9464' },
    scrapePool: 'svc',
    scrapeUrl: 'http://127.0.0.1:9464/metrics',
    globalUrl: 'http://127.0.0.1:9464/metrics',
    lastError: 'line 2, column 3: expected a float value',
    lastScrape: '2023-11-14T22:13:20.000Z',
    lastScrapeDuration: 0.002,
    health: 'down',
    scrapeInterval: '15s',
    scrapeTimeout: '10s',
  };
  app = createApiServer({
    queryable: head,
    engine: new PromQLEngine(),
    targets: { activeTargets: () => [target] },
  });
  importApp = createApiServer({
    queryable: head,
    engine: new PromQLEngine(),
    appendable: head,
    importToken: 's3cret',
  });
  await app.ready();
  await importApp.ready();
});
afterAll(async () => {
  await app.close();
  await importApp.close();
});

async function get(url: string, server = app) {
  const r = await server.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
}
async function post(url: string, form: Record<string, string>) {
  const r = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
  return { status: r.statusCode, body: r.json() };
}
const at = (ms: number) => String(ms / 1000);

describe('/api/v1/query', () => {
  it('answers a vector with string values and float-second times (GET and POST form)', async () => {
    const viaGet = await get(`/api/v1/query?query=reqs_total&time=${at(T + 60_500)}`);
    expect(viaGet.status).toBe(200);
    expect(viaGet.body.status).toBe('success');
    expect(viaGet.body.data.resultType).toBe('vector');
    const byInstance = Object.fromEntries(
      viaGet.body.data.result.map((s: { metric: Record<string, string>; value: [number, string] }) => [
        s.metric.instance,
        s,
      ]),
    );
    expect(byInstance.a).toEqual({
      metric: { __name__: 'reqs_total', job: 'api', instance: 'a' },
      value: [1_700_000_060.5, '40'],
    });
    const viaPost = await post('/api/v1/query', { query: 'reqs_total', time: at(T + 60_500) });
    expect(viaPost.body).toEqual(viaGet.body);
  });

  it('prints NaN, +Inf and scalars the Prometheus way', async () => {
    const r = await get(`/api/v1/query?query=weird&time=${at(T + 1000)}`);
    const vals = Object.fromEntries(
      r.body.data.result.map((s: { metric: Record<string, string>; value: [number, string] }) => [
        s.metric.kind,
        s.value[1],
      ]),
    );
    expect(vals).toEqual({ nan: 'NaN', inf: '+Inf' });
    expect((await get('/api/v1/query?query=1%2F0&time=100')).body.data).toEqual({
      resultType: 'scalar',
      result: [100, '+Inf'],
    });
    expect((await get('/api/v1/query?query=-1e-7&time=100')).body.data.result).toEqual([100, '-0.0000001']);
    expect((await get('/api/v1/query?query=%22hi%22&time=100')).body.data).toEqual({
      resultType: 'string',
      result: [100, 'hi'],
    });
  });

  it('accepts RFC 3339 times', async () => {
    const r = await get(`/api/v1/query?query=time()&time=2023-11-14T22:13:20.250Z`);
    expect(r.body.data.result).toEqual([1_700_000_000.25, '1700000000.25']);
  });

  it('maps errors to Prometheus error types and status codes', async () => {
    const parse = await get('/api/v1/query?query=rate(');
    expect(parse.status).toBe(400);
    expect(parse.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(parse.body.error).toMatch(/^invalid parameter "query": 1:\d+: parse error/);
    const badTime = await get('/api/v1/query?query=up&time=yesterday');
    expect(badTime).toEqual({
      status: 400,
      body: {
        status: 'error',
        errorType: 'bad_data',
        error: 'invalid parameter "time": cannot parse "yesterday" to a valid timestamp',
      },
    });
    const manyToMany = await get(
      `/api/v1/query?query=${encodeURIComponent('reqs_total + on(job) reqs_total')}&time=${at(T + 60_000)}`,
    );
    expect(manyToMany.status).toBe(422);
    expect(manyToMany.body.errorType).toBe('execution');
  });

  it('maps engine timeouts to 503', async () => {
    const timeoutEngine = {
      instantQuery: () => {
        throw Object.assign(new Error('query timed out in expression evaluation'), { type: 'timeout' });
      },
      rangeQuery: () => {
        throw Object.assign(new Error('x'), { type: 'timeout' });
      },
    };
    const s = createApiServer({ queryable: head, engine: timeoutEngine });
    const r = await s.inject({ method: 'GET', url: '/api/v1/query?query=up' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({
      status: 'error',
      errorType: 'timeout',
      error: 'query timed out in expression evaluation',
    });
    await s.close();
  });
});

describe('/api/v1/query_range', () => {
  it('answers a matrix', async () => {
    const r = await get(
      `/api/v1/query_range?query=reqs_total{instance="a"}&start=${at(T + 500)}&end=${at(T + 60_500)}&step=30s`,
    );
    expect(r.body.data).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'reqs_total', job: 'api', instance: 'a' },
          values: [
            [1_700_000_000.5, '0'],
            [1_700_000_030.5, '20'],
            [1_700_000_060.5, '40'],
          ],
        },
      ],
    });
  });

  it.each([
    ['start=&end=10&step=1', 'invalid parameter "start": cannot parse "" to a valid timestamp'],
    ['start=10&end=5&step=1', 'end timestamp must not be before start time'],
    [
      'start=1&end=5&step=0',
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    ['start=1&end=5&step=x', 'invalid parameter "step": cannot parse "x" to a valid duration'],
    [
      'start=0&end=100000&step=1',
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    ],
  ])('rejects %s', async (qs, error) => {
    const r = await get(`/api/v1/query_range?query=up&${qs}`);
    expect(r).toEqual({ status: 400, body: { status: 'error', errorType: 'bad_data', error } });
  });
});

describe('metadata endpoints', () => {
  it('lists series for match[] (union, sorted), and requires match[]', async () => {
    const r = await get(
      `/api/v1/series?match[]=reqs_total{instance="b"}&match[]=weird{kind="inf"}&match[]=reqs_total{instance="b"}`,
    );
    expect(r.body).toEqual({
      status: 'success',
      data: [
        { __name__: 'reqs_total', instance: 'b', job: 'api' },
        { __name__: 'weird', kind: 'inf' },
      ],
    });
    expect(await get('/api/v1/series')).toEqual({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' },
    });
    const empty = await get('/api/v1/series?match[]={job=~".*"}');
    expect(empty.body.error).toBe(
      'invalid parameter "match[]": vector selector must contain at least one non-empty matcher',
    );
    expect((await get('/api/v1/series?match[]=up{')).body.error).toMatch(
      /^invalid parameter "match\[\]": 1:4: parse error/,
    );
  });

  it('lists label names and values', async () => {
    expect((await get('/api/v1/labels')).body.data).toEqual(['__name__', 'instance', 'job', 'kind']);
    expect((await get('/api/v1/labels?match[]=weird')).body.data).toEqual(['__name__', 'kind']);
    expect((await get('/api/v1/label/__name__/values')).body.data).toEqual(['reqs_total', 'weird']);
    expect((await get('/api/v1/label/instance/values?match[]=reqs_total')).body.data).toEqual(['a', 'b']);
    expect(await get('/api/v1/label/bad-name/values')).toEqual({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'invalid label name: "bad-name"' },
    });
  });
});

describe('status endpoints', () => {
  it('lists the targets of a real scrape manager, with the reason of a failing one', async () => {
    let body = '# HELP good A good metric.\n# TYPE good gauge\ngood 1\n';
    const srv = createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const address = `127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const manager = new ScrapeManager({
      appendable: head,
      config: parseScrapeConfig(
        `scrape_configs:\n  - job_name: node\n    scrape_interval: 1h\n    static_configs: [{targets: ["${address}"]}]\n`,
      ),
    });
    const server = createApiServer({ queryable: head, engine: new PromQLEngine(), targets: manager });
    try {
      await manager.start();
      await manager.scrapeAll();
      const meta = await server.inject({ url: '/api/v1/metadata' });
      expect(meta.json()).toEqual({
        status: 'success',
        data: { good: [{ type: 'gauge', help: 'A good metric.', unit: '' }] },
      });
      body += 'bad{ 2\n';
      await new Promise((r) => setTimeout(r, 5));
      await manager.scrapeAll();
      const r = await server.inject({ url: '/api/v1/targets' });
      const [t] = r.json().data.activeTargets;
      expect(t).toMatchObject({
        labels: { job: 'node', instance: address },
        discoveredLabels: {
          __address__: address,
          __metrics_path__: '/metrics',
          __scheme__: 'http',
          job: 'node',
        },
        scrapePool: 'node',
        scrapeUrl: `http://${address}/metrics`,
        health: 'down',
        lastError: 'line 4, column 6: expected a label name, got "2"',
        scrapeInterval: '1h',
        scrapeTimeout: '10s',
      });
      expect(Date.parse(t.lastScrape)).toBeGreaterThan(0);
    } finally {
      await manager.stop();
      await server.close();
      await new Promise((r) => srv.close(r));
    }
  });

  it('lists targets like /api/v1/targets', async () => {
    const r = await get('/api/v1/targets');
    expect(r.body.data.droppedTargets).toEqual([]);
    expect(r.body.data.activeTargets[0]).toMatchObject({
      health: 'down',
      lastError: expect.stringContaining('line 2'),
    });
    expect(Object.keys((await get('/api/v1/targets?state=active')).body.data)).toEqual(['activeTargets']);
  });

  it('serves buildinfo, /-/ready, /-/healthy, and 404s', async () => {
    const b = (await get('/api/v1/status/buildinfo')).body.data;
    expect(Object.keys(b).sort()).toEqual([
      'branch',
      'buildDate',
      'buildUser',
      'goVersion',
      'revision',
      'version',
    ]);
    expect((await app.inject({ url: '/-/ready' })).body).toBe('Prometheus Server is Ready.\n');
    expect((await app.inject({ url: '/-/healthy' })).statusCode).toBe(200);
    expect(await get('/api/v1/nope')).toMatchObject({ status: 404, body: { errorType: 'not_found' } });
  });
});

describe('/api/v1/import/openmetrics', () => {
  const body = `imported_total{x="1"} 5 ${T / 1000}\nimported_total{x="1"} 7 ${T / 1000 + 15}\n# EOF\n`;
  const send = (server: FastifyInstance, headers: Record<string, string>) =>
    server.inject({
      method: 'POST',
      url: '/api/v1/import/openmetrics',
      headers: { 'content-type': 'application/openmetrics-text', ...headers },
      payload: body,
    });

  it('is disabled without a token', async () => {
    const r = await send(app, {});
    expect(r.statusCode).toBe(503);
    expect(r.json().errorType).toBe('unavailable');
  });

  it('rejects a missing or wrong bearer token with 401', async () => {
    expect((await send(importApp, {})).statusCode).toBe(401);
    const wrong = await send(importApp, { authorization: 'Bearer nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
  });

  it('imports with the right token and the data is queryable', async () => {
    const r = await send(importApp, { authorization: 'Bearer s3cret' });
    expect(r.statusCode).toBe(200);
    expect(r.json().data).toMatchObject({ samples: 2, series: 1, errorCount: 0 });
    const q = await get(`/api/v1/query?query=imported_total&time=${at(T + 20_000)}`, importApp);
    expect(q.body.data.result[0].value[1]).toBe('7');
  });
});

describe('formatting', () => {
  it('formats floats like Go strconv.FormatFloat(v, f, -1, 64)', () => {
    expect(formatValue(1e21)).toBe('1000000000000000000000');
    expect(formatValue(1.5e-7)).toBe('0.00000015');
    expect(formatValue(-2.5e25)).toBe('-25000000000000000000000000');
    expect(formatValue(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatValue(-0)).toBe('-0');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
  });

  it('parses time params as Prometheus does', () => {
    expect(parseTimeParam('t', '1700000000.1234')).toBe(1_700_000_000_123);
    expect(parseTimeParam('t', '2023-11-14T22:13:20+01:00')).toBe(1_699_996_400_000);
    expect(parseTimeParam('t', '2023-11-14T22:13:20.123456789Z')).toBe(1_700_000_000_123);
  });
});
