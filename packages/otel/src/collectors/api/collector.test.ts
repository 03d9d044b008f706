import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { PreAggregatedProducer } from '../../export/producer/producer.js';
import { PrometheusReader } from '../../export/prometheus/reader.js';
import { ApiCollector, setHttpRoute } from './collector.js';

let provider: MeterProvider | undefined;
let server: Server | undefined;
let collector: ApiCollector | undefined;
afterEach(async () => {
  collector?.stop();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await provider?.shutdown();
});

async function setup(handler: Parameters<typeof createServer>[1]) {
  const producer = new PreAggregatedProducer({ name: 'test' });
  const reader = new PrometheusReader({
    host: '127.0.0.1',
    port: 0,
    cardinalityLimit: 2000,
    metricProducers: [producer],
  });
  provider = new MeterProvider({ readers: [reader] });
  collector = new ApiCollector({
    meter: provider.getMeter('t'),
    intervalMs: 60_000,
    routes: ['/agents/:name'],
  });
  producer.add(collector.duration);
  collector.start();
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { reader, base, collector };
}

describe('ApiCollector', () => {
  it('records duration by method, status and templated route, and tracks concurrency', async () => {
    let seenActive = -1;
    const {
      reader,
      base,
      collector: c,
    } = await setup((req, res) => {
      seenActive = c.activeRequests;
      if (req.url?.startsWith('/explicit')) setHttpRoute(req, '/explicit/:thing');
      res.statusCode = req.url === '/fail' ? 503 : 200;
      res.end('x');
    });
    await fetch(`${base}/users/1`);
    await fetch(`${base}/users/2`, { method: 'POST' });
    await fetch(`${base}/agents/alice`);
    await fetch(`${base}/explicit/abc`);
    await fetch(`${base}/fail`);
    await fetch(`${base}/x`, { method: 'PROPFIND' });
    expect(seenActive).toBe(1);
    const text = await reader.text();
    const count = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
    expect(
      count(
        /_count\{http_request_method="GET",http_response_status_code="200",http_route="\/users\/:id"\} (\d+)/,
      ),
    ).toBe(1);
    expect(
      count(
        /_count\{http_request_method="POST",http_response_status_code="200",http_route="\/users\/:id"\} (\d+)/,
      ),
    ).toBe(1);
    expect(text).toContain('http_route="/agents/:name"');
    expect(text).toContain('http_route="/explicit/:thing"');
    expect(text).toMatch(/http_response_status_code="503",http_route="\/fail",error_type="503"/);
    expect(text).toContain('http_request_method="_OTHER"');
    expect(text).toContain('http_server_active_requests 0');
  });

  it('counts an aborted request once and releases its concurrency slot', async () => {
    const {
      reader,
      base,
      collector: c,
    } = await setup((_req, res) => {
      setTimeout(() => res.end('late'), 2000);
    });
    const ctrl = new AbortController();
    const pending = fetch(`${base}/slow`, { signal: ctrl.signal }).catch(() => undefined);
    for (let i = 0; i < 100 && c.activeRequests === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(c.activeRequests).toBe(1);
    ctrl.abort();
    await pending;
    for (let i = 0; i < 100 && c.activeRequests !== 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(c.activeRequests).toBe(0);
    expect(await reader.text()).toMatch(/http_route="\/slow",error_type="aborted"\} 1/);
  });
});
