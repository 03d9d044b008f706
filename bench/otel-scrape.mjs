#!/usr/bin/env node
/**
 * /metrics scrape cost at 10,000 histogram series (14 buckets, the semantic-convention
 * http.server.request.duration boundaries), the same series and values in each library:
 * @claude-zen/otel's streaming PrometheusReader (over HTTP and its direct text() path), the
 * SDK's collect() alone, prom-client's register.metrics(), and the stock
 * @opentelemetry/exporter-prometheus (over HTTP and collect + serialize).
 *
 *   node bench/otel-scrape.mjs [--series 10000] [--scrapes 10]
 *
 * Per scrape: wall time, the longest event-loop block during it (a 1 ms setInterval probe:
 * the largest gap between ticks, minus the interval), and bytes. Medians over the scrapes;
 * "worst block" is the maximum over all of them.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import promClient from 'prom-client';
import { freePort } from './lib/ports.mjs';
import { trackChild } from './lib/server-process.mjs';
import { median } from './lib/stats.mjs';
import { fixed, markdownTable, thousands } from './lib/table.mjs';

const require = createRequire(import.meta.url);
const { PrometheusReader } = require('../packages/otel/dist/export/prometheus/reader.js');

const { values: opts } = parseArgs({
  options: {
    series: { type: 'string', default: '10000' },
    scrapes: { type: 'string', default: '10' },
  },
});
const SERIES = Number(opts.series);
const SCRAPES = Number(opts.scrapes);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const STATUSES = [200, 201, 400, 404, 500];
const VALUES_PER_SERIES = 5;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The series: method × status × route, and a few latencies each (exponential, mean 80 ms). */
function* observations() {
  const rnd = random(42);
  const perRoute = METHODS.length * STATUSES.length;
  const routes = Math.ceil(SERIES / perRoute);
  let n = 0;
  for (let r = 0; r < routes; r++) {
    for (const method of METHODS) {
      for (const status of STATUSES) {
        if (n++ >= SERIES) return;
        const labels = { method, status, route: `/api/v1/resource-${r}/:id` };
        for (let i = 0; i < VALUES_PER_SERIES; i++) yield [labels, -Math.log(1 - rnd()) * 0.08];
      }
    }
  }
}

function otelHistogram(provider) {
  return provider.getMeter('bench').createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
}

function recordOtel(histogram) {
  const attrsCache = new Map();
  for (const [l, v] of observations()) {
    const key = `${l.method} ${l.status} ${l.route}`;
    let attrs = attrsCache.get(key);
    if (!attrs) {
      attrs = {
        'http.request.method': l.method,
        'http.response.status_code': l.status,
        'http.route': l.route,
      };
      attrsCache.set(key, attrs);
    }
    histogram.record(v, attrs);
  }
}

/** A scraper in a child process, so that only the exporter's work runs on this event loop. */
function startScraper() {
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'lib', 'scrape-worker.mjs'), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  trackChild(child);
  const scrape = (url) =>
    new Promise((resolve, reject) => {
      child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.bytes)));
      child.send({ url });
    });
  return { scrape, stop: () => child.disconnect() };
}

/** Runs `scrape` (resolving to a byte count) with an event-loop probe around it. */
async function measure(scrape) {
  let last = performance.now();
  let maxGap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    if (now - last > maxGap) maxGap = now - last;
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5)); // let the probe settle
  last = performance.now();
  maxGap = 0;
  const t0 = performance.now();
  const bytes = await scrape();
  const wall = performance.now() - t0;
  const end = performance.now();
  if (end - last > maxGap) maxGap = end - last;
  clearInterval(probe);
  return { wall, block: Math.max(0, maxGap - 1), bytes };
}

async function series(name, scrape) {
  await scrape(); // warm-up (JIT, caches)
  const runs = [];
  for (let i = 0; i < SCRAPES; i++) {
    runs.push(await measure(scrape));
    if (global.gc) global.gc();
  }
  return {
    name,
    wall: median(runs.map((r) => r.wall)),
    block: median(runs.map((r) => r.block)),
    worstBlock: Math.max(...runs.map((r) => r.block)),
    bytes: median(runs.map((r) => r.bytes)),
  };
}

async function main() {
  const command = `node${global.gc ? ' --expose-gc' : ''} bench/otel-scrape.mjs --series ${SERIES} --scrapes ${SCRAPES}`;
  console.log(`## /metrics scrape cost at ${thousands(SERIES)} histogram series\n\n\`${command}\`\n`);
  console.log(
    `One histogram metric, ${thousands(SERIES)} series (method × status × route), ${BUCKETS.length} buckets, ${VALUES_PER_SERIES} observations per series, identical in every library. Median of ${SCRAPES} scrapes after one warm-up; block = longest event-loop stall seen by a 1 ms interval probe during a scrape; HTTP scrapes are made by a separate process (as Prometheus would), the direct paths run in this one. Load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}. Node ${process.version}.\n`,
  );

  // @claude-zen/otel
  const ours = new PrometheusReader({ host: '127.0.0.1', port: 0, cardinalityLimit: SERIES * 2 });
  const oursProvider = new MeterProvider({ readers: [ours] });
  recordOtel(otelHistogram(oursProvider));
  const oursUrl = await ours.listen();

  // stock exporter (its reader has no cardinality option: a view raises the limit)
  const stockPort = await freePort();
  const stock = new PrometheusExporter({ host: '127.0.0.1', port: stockPort });
  await stock.startServer();
  const stockProvider = new MeterProvider({
    readers: [stock],
    views: [{ instrumentName: '*', aggregationCardinalityLimit: SERIES * 2 }],
  });
  recordOtel(otelHistogram(stockProvider));
  const stockSerializer = new PrometheusSerializer();

  // prom-client
  const registry = new promClient.Registry();
  const promHistogram = new promClient.Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests.',
    labelNames: ['http_request_method', 'http_response_status_code', 'http_route'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (const [l, v] of observations()) {
    promHistogram.observe(
      { http_request_method: l.method, http_response_status_code: l.status, http_route: l.route },
      v,
    );
  }

  const scraper = startScraper();
  const httpBytes = scraper.scrape;
  const rows = [];
  const results = [];
  const add = (r, how) => {
    results.push(r);
    rows.push([r.name, how, fixed(r.wall, 1), fixed(r.block, 1), fixed(r.worstBlock, 1), thousands(r.bytes)]);
  };
  add(await series('@claude-zen/otel PrometheusReader', () => httpBytes(oursUrl)), 'HTTP GET /metrics');
  add(
    // .length: the exposition is ASCII, and Buffer.byteLength would add a flatten of the result
    await series('@claude-zen/otel PrometheusReader', async () => (await ours.text()).length),
    'text()',
  );
  add(
    await series('(SDK collect() alone, inside the above)', async () => {
      await ours.collect();
      return 0;
    }),
    'reader.collect()',
  );
  add(await series('prom-client 15', async () => (await registry.metrics()).length), 'register.metrics()');
  add(
    await series('@opentelemetry/exporter-prometheus 0.223', () =>
      httpBytes(`http://127.0.0.1:${stockPort}/metrics`),
    ),
    'HTTP GET /metrics',
  );
  add(
    await series('@opentelemetry/exporter-prometheus 0.223', async () => {
      const { resourceMetrics } = await stock.collect();
      return stockSerializer.serialize(resourceMetrics).length;
    }),
    'collect() + serialize()',
  );

  console.log(
    markdownTable(
      ['exporter', 'path', 'wall ms (median)', 'event-loop block ms (median)', 'worst block ms', 'bytes'],
      rows,
    ),
  );
  const oursHttp = results[0];
  const oursText = results[1];
  const prom = results[3];
  // A scrape is the HTTP path; text() builds one 26 MB string for tests and the CLI (reported, not a scrape).
  const worst = oursHttp.worstBlock;
  console.log(
    `\nTargets: ours no slower than prom-client (HTTP ${fixed(oursHttp.wall, 1)} ms, text() ${fixed(oursText.wall, 1)} ms vs ${fixed(prom.wall, 1)} ms → ${Math.max(oursHttp.wall, oursText.wall) <= prom.wall ? 'met' : 'MISSED'}); ` +
      `event loop never blocked > 50 ms by one scrape (worst over HTTP ${fixed(worst, 1)} ms → ${worst <= 50 ? 'met' : 'MISSED'}).\n`,
  );
  scraper.stop();
  await oursProvider.shutdown();
  await stockProvider.shutdown();
}

await main();
