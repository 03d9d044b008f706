#!/usr/bin/env node
/**
 * The per-request HTTP record path, in isolation and in CPU time (robust to other load on the
 * machine): what each HTTP metrics implementation adds to one request, driven with synthetic
 * request/response objects (no sockets, no parser). Each case runs in a fresh process.
 *
 *   node bench/otel-hotpath.mjs [--requests 200000] [--repeats 5]
 *
 * Cases:
 * - baseline: the synthetic request alone (a diagnostics_channel publish, 'finish' and 'close'
 *   emitted on the response), subtracted from the others;
 * - @claude-zen/otel ApiCollector: the real collector (packages/otel/dist) on a MeterProvider
 *   with the PrometheusReader, subscribed to `http.server.request.start`; its duration histogram
 *   is pre-aggregated (export/producer/histogram.ts) and leaves through a MetricProducer;
 * - for comparison, the SDK's Histogram.record() alone with a pre-bound attribute object (what
 *   the collector would pay per request through the SDK instrument: attribute hashing);
 * - prom-client: startTimer() at request start, end({ method, route, status }) on finish.
 */
import { spawnSync } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import promClient from 'prom-client';
import { median } from './lib/stats.mjs';
import { fixed, markdownTable, thousands } from './lib/table.mjs';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    requests: { type: 'string', default: '200000' },
    repeats: { type: 'string', default: '5' },
    case: { type: 'string' },
  },
});
const REQUESTS = Number(opts.requests);
const REPEATS = Number(opts.repeats);
const PATHS = ['/', '/users/123', '/users/456/orders', '/health'];

function otelSetup() {
  const { PrometheusReader } = require('../packages/otel/dist/export/prometheus/reader.js');
  const reader = new PrometheusReader({ host: '127.0.0.1', port: 0, cardinalityLimit: 2000 });
  const provider = new MeterProvider({ readers: [reader] });
  return { provider, meter: provider.getMeter('bench') };
}

const CASES = {
  baseline: {
    label: 'baseline (synthetic request, no metrics)',
    setup: () => ({ run: (i) => request(i) }),
  },
  ours: {
    label: '@claude-zen/otel ApiCollector',
    setup: () => {
      const { ApiCollector } = require('../packages/otel/dist/collectors/api/collector.js');
      const { meter } = otelSetup();
      const collector = new ApiCollector({ meter, intervalMs: 500 });
      collector.start();
      return { run: (i) => request(i), stop: () => collector.stop() };
    },
  },
  sdkRecord: {
    label: '… its SDK Histogram.record() alone (pre-bound attributes, no request)',
    raw: true,
    setup: () => {
      const { DURATION_BUCKETS } = require('../packages/otel/dist/collectors/api/names.js');
      const { meter } = otelSetup();
      const h = meter.createHistogram('bench.duration', {
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      });
      const attrs = PATHS.map((p) => ({
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'http.route': p,
      }));
      return { run: (i) => h.record((i & 63) / 1000, attrs[i & 3]) };
    },
  },
  promClient: {
    label: 'prom-client startTimer() + end(labels) on finish',
    setup: () => {
      const { DURATION_BUCKETS } = require('../packages/otel/dist/collectors/api/names.js');
      const registry = new promClient.Registry();
      const histogram = new promClient.Histogram({
        name: 'http_server_request_duration_seconds',
        help: 'Duration of HTTP server requests.',
        labelNames: ['method', 'route', 'status'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      });
      const onStart = (req, res) => {
        const end = histogram.startTimer();
        res.once('finish', () => end({ method: req.method, route: req.url, status: res.statusCode }));
      };
      return { run: (i) => request(i, onStart) };
    },
  },
};

const channel = diagnosticsChannel.channel('http.server.request.start');
const server = new EventEmitter();

/** One synthetic request: start published, then the response finishes and closes. */
function request(i, onStart) {
  const req = { method: 'GET', url: PATHS[i & 3], headers: {} };
  const res = new EventEmitter();
  res.statusCode = 200;
  res.writableFinished = true;
  res.req = req;
  if (channel.hasSubscribers) channel.publish({ request: req, response: res, socket: null, server });
  onStart?.(req, res);
  res.emit('finish');
  res.emit('close');
}

/** Child mode: CPU ns per call of one case (median of repeats, after a warm-up), as JSON. */
function runCase(name) {
  const { run, stop } = CASES[name].setup();
  for (let i = 0; i < 50_000; i++) run(i);
  const samples = [];
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i++) run(i);
    const c = process.cpuUsage(c0);
    samples.push(((c.user + c.system) * 1000) / REQUESTS);
  }
  stop?.();
  process.stdout.write(`${JSON.stringify({ ns: median(samples) })}\n`);
  process.exit(0);
}

function main() {
  const command = `node bench/otel-hotpath.mjs --requests ${REQUESTS} --repeats ${REPEATS}`;
  console.log(`## HTTP record path per request (CPU time)\n\n\`${command}\`\n`);
  console.log(
    `${thousands(REQUESTS)} synthetic requests × ${REPEATS} repeats per case, each case in a fresh process; median CPU ns per request; "added" = minus the baseline. Node ${process.version}.\n`,
  );
  const ns = {};
  for (const name of Object.keys(CASES)) {
    const r = spawnSync(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        '--case',
        name,
        '--requests',
        String(REQUESTS),
        '--repeats',
        String(REPEATS),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`case ${name} failed: ${r.stderr}`);
    ns[name] = JSON.parse(r.stdout.trim().split('\n').pop()).ns;
  }
  const rows = Object.entries(CASES).map(([name, c]) => [
    c.label,
    fixed(ns[name], 0),
    name === 'baseline' ? '–' : fixed(c.raw ? ns[name] : ns[name] - ns.baseline, 0),
  ]);
  console.log(markdownTable(['case', 'CPU ns / request', 'added ns / request'], rows));
  const oursAdded = ns.ours - ns.baseline;
  const promAdded = ns.promClient - ns.baseline;
  console.log(
    `\nThe SDK's record() (attribute hashing — sort + JSON.stringify of the attribute object on every call — and a hash-map lookup) is ${fixed((100 * ns.sdkRecord) / oursAdded, 0)}% of what the ApiCollector adds; the ApiCollector adds ${fixed(oursAdded / promAdded, 2)}× what prom-client adds.\n`,
  );
}

if (opts.case) runCase(opts.case);
else main();
