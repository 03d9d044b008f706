#!/usr/bin/env node
/**
 * Preload overhead: a node:http server bare vs `--require @claude-zen/otel` vs the official
 * OpenTelemetry auto-instrumentation vs a prom-client middleware, with a hello-world handler and
 * a ~1 ms CPU handler, while /metrics is scraped every second. The server is pinned to core 0 and
 * autocannon (a separate process) to core 1; variants are interleaved round-robin and the table
 * reports medians.
 *
 *   node bench/otel-overhead.mjs [--rounds 3] [--duration 5] [--warmup 1] [--connections 10]
 *                                [--handlers hello,cpu] [--profile]
 *
 * --profile: instead of the comparison, runs the @claude-zen/otel variant (and bare) under
 * `--cpu-prof` with the hello-world handler and prints where the server's time goes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canPin, processCpuSeconds } from './lib/cpu.mjs';
import { freePort } from './lib/ports.mjs';
import { profileVariants } from './lib/profile.mjs';
import { FIXTURE, ROOT, startServer, trackChild, waitFor200 } from './lib/server-process.mjs';
import { median } from './lib/stats.mjs';
import { fixed, markdownTable, thousands } from './lib/table.mjs';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '10' },
    handlers: { type: 'string', default: 'hello,cpu' },
    profile: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const DURATION = Number(opts.duration);
const WARMUP = Number(opts.warmup);
const CONNECTIONS = Number(opts.connections);
const HANDLERS = opts.handlers.split(',');
const PIN = canPin(availableParallelism());
const SERVER_CPU = PIN ? 0 : undefined;
const LOAD_CPU = PIN ? 1 : undefined;

/** Each variant: how to start the server and where its /metrics is. */
const VARIANTS = [
  { name: 'bare', setup: async () => ({ nodeArgs: [], env: {}, metrics: () => undefined }) },
  {
    name: '@claude-zen/otel',
    setup: async () => {
      const port = await freePort();
      return {
        nodeArgs: ['--require', '@claude-zen/otel'],
        env: { OTEL_EXPORTER_PROMETHEUS_PORT: String(port), CLAUDE_ZEN_LOG_LEVEL: 'silent' },
        metrics: () => `http://127.0.0.1:${port}/metrics`,
      };
    },
  },
  {
    name: '@claude-zen/otel, api collector only',
    setup: async () => {
      const port = await freePort();
      return {
        nodeArgs: ['--require', '@claude-zen/otel'],
        env: {
          OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
          CLAUDE_ZEN_LOG_LEVEL: 'silent',
          CLAUDE_ZEN_COLLECTORS: 'api',
        },
        metrics: () => `http://127.0.0.1:${port}/metrics`,
      };
    },
  },
  {
    name: 'OTel auto-instrumentations-node',
    setup: async () => {
      const port = await freePort();
      return {
        nodeArgs: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
        env: {
          OTEL_METRICS_EXPORTER: 'prometheus',
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
          OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
          OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
          OTEL_LOG_LEVEL: 'none',
        },
        metrics: () => `http://127.0.0.1:${port}/metrics`,
      };
    },
  },
  {
    name: 'prom-client middleware',
    setup: async () => ({
      nodeArgs: [],
      env: { BENCH_PROM_CLIENT: '1' },
      metrics: (server) => `${server.url}/metrics`,
    }),
  },
];

/** Scrapes a URL every second until stopped; counts scrapes, failures and bytes. */
function startScraper(url) {
  const stats = { scrapes: 0, failures: 0, bytes: 0 };
  if (!url) return { stats, stop: () => {} };
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const res = await fetch(url);
      const body = await res.arrayBuffer();
      if (res.status === 200) {
        stats.scrapes++;
        stats.bytes = body.byteLength;
      } else stats.failures++;
    } catch {
      stats.failures++;
    } finally {
      busy = false;
    }
  }, 1000);
  return { stats, stop: () => clearInterval(timer) };
}

function startLoad(url) {
  const worker = join(ROOT, 'bench', 'lib', 'load-worker.mjs');
  const stdio = ['ignore', 'inherit', 'inherit', 'ipc'];
  const child =
    LOAD_CPU === undefined
      ? spawn(process.execPath, [worker], { stdio })
      : spawn('taskset', ['-c', String(LOAD_CPU), process.execPath, worker], { stdio });
  trackChild(child);
  child.send({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    warmupSeconds: WARMUP,
    durationSeconds: DURATION,
  });
  return child;
}

async function runOnce(variant, handler, iterations) {
  const setup = await variant.setup();
  const server = await startServer({
    nodeArgs: setup.nodeArgs,
    env: { ...setup.env, BENCH_HANDLER: handler, BENCH_WORK_ITERATIONS: String(iterations) },
    cpu: SERVER_CPU,
  });
  try {
    const metricsUrl = setup.metrics(server);
    if (metricsUrl) await waitFor200(metricsUrl);
    const scraper = startScraper(metricsUrl);
    const load = startLoad(`${server.url}/`);
    let cpuStart = 0;
    let windowStartUs = 0;
    const result = await new Promise((resolve, reject) => {
      load.on('message', (msg) => {
        if (msg.phase === 'warm') {
          cpuStart = processCpuSeconds(server.pid);
          windowStartUs = Number(process.hrtime.bigint() / 1000n);
          load.send({ go: true });
        } else if (msg.phase === 'done') {
          const cpu = processCpuSeconds(server.pid) - cpuStart;
          const windowUs = [windowStartUs, Number(process.hrtime.bigint() / 1000n)];
          resolve({ ...msg.result, cpuSeconds: cpu, windowUs });
        } else if (msg.phase === 'error') reject(new Error(msg.message));
      });
      load.once('exit', (code) => {
        if (code) reject(new Error(`load generator exited with code ${code}`));
      });
    });
    scraper.stop();
    return {
      ...result,
      cpuPerRequestUs: (result.cpuSeconds / result.requests) * 1e6,
      cpuUtil: result.cpuSeconds / result.seconds,
      scrapes: scraper.stats.scrapes,
      scrapeFailures: scraper.stats.failures,
      metricsBytes: scraper.stats.bytes,
    };
  } finally {
    await server.stop();
  }
}

function calibrate() {
  return Number(execFileSync(process.execPath, [FIXTURE, '--calibrate'], { encoding: 'utf8' }).trim());
}

async function compare() {
  const iterations = calibrate();
  const command = `node bench/otel-overhead.mjs --rounds ${ROUNDS} --duration ${DURATION} --warmup ${WARMUP} --connections ${CONNECTIONS} --handlers ${HANDLERS.join(',')}`;
  console.log(`## Preload overhead (node:http server)\n\n\`${command}\`\n`);
  console.log(
    `${ROUNDS} interleaved rounds × ${HANDLERS.length} handlers × ${VARIANTS.length} variants; autocannon ${CONNECTIONS} connections, pipelining 1, ${WARMUP} s warm-up + ${DURATION} s measured; /metrics scraped every second. ` +
      `Server ${PIN ? 'pinned to core 0, load generator to core 1' : 'not pinned (taskset unavailable)'}; cpu handler = ${iterations} xorshift iterations (~1 ms). Node ${process.version}. Load average at start: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other processes on the machine add noise).\n`,
  );
  const runs = new Map(); // `${handler}\0${variant}` -> results[]
  for (let round = 0; round < ROUNDS; round++) {
    for (const handler of HANDLERS) {
      // rotate the order each round so no variant always runs first or last
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const variant of order) {
        const r = await runOnce(variant, handler, iterations);
        const key = `${handler}\0${variant.name}`;
        if (!runs.has(key)) runs.set(key, []);
        runs.get(key).push(r);
        process.stderr.write(
          `round ${round + 1} ${handler.padEnd(5)} ${variant.name.padEnd(36)} ${thousands(r.rps).padStart(7)} req/s  p99 ${fixed(r.p99, 2)} ms  ${fixed(r.cpuPerRequestUs, 1)} µs/req  cpu ${fixed(r.cpuUtil * 100, 0)}%  scrapes ${r.scrapes}${r.scrapeFailures ? ` (${r.scrapeFailures} failed)` : ''}${r.errors || r.non2xx ? `  errors ${r.errors} non2xx ${r.non2xx}` : ''}\n`,
        );
      }
    }
  }
  const rows = [];
  const summary = {};
  for (const handler of HANDLERS) {
    const bare = runs.get(`${handler}\0bare`);
    for (const variant of VARIANTS) {
      const rs = runs.get(`${handler}\0${variant.name}`);
      const rps = median(rs.map((r) => r.rps));
      const row = {
        rps,
        // paired with the bare run of the same round (robust to load drifting between rounds)
        fraction: median(rs.map((r, i) => r.rps / bare[i].rps)),
        cpuFraction: median(rs.map((r, i) => bare[i].cpuPerRequestUs / r.cpuPerRequestUs)),
        p99: median(rs.map((r) => r.p99)),
        cpuUs: median(rs.map((r) => r.cpuPerRequestUs)),
        cpuUtil: median(rs.map((r) => r.cpuUtil)),
        bytes: median(rs.map((r) => r.metricsBytes)),
      };
      summary[`${handler}/${variant.name}`] = row;
      rows.push([
        handler === 'cpu' ? '~1 ms CPU' : 'hello world',
        variant.name,
        thousands(row.rps),
        fixed(row.fraction, 3),
        fixed(row.p99, 2),
        fixed(row.cpuUs, 1),
        fixed(row.cpuFraction, 3),
        `${fixed(row.cpuUtil * 100, 0)}%`,
        variant.name === 'bare' ? '–' : thousands(row.bytes),
      ]);
    }
  }
  console.log(
    markdownTable(
      [
        'handler',
        'variant',
        'req/s (median)',
        'req/s × bare',
        'p99 ms',
        'server CPU µs/req',
        'bare CPU/req ÷ this',
        'server CPU',
        '/metrics bytes',
      ],
      rows,
    ),
  );
  const verdict = HANDLERS.map((h) => {
    const ours = summary[`${h}/@claude-zen/otel`].fraction;
    const prom = summary[`${h}/prom-client middleware`].fraction;
    return `${h}: ours ${fixed(ours, 3)} vs prom-client ${fixed(prom, 3)} → ${ours >= prom ? 'target met' : 'target MISSED'}`;
  });
  console.log(
    `\n"× bare" columns are medians of per-round ratios to the bare run of the same round. Load average at end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
  );
  console.log(`\nTarget (throughput fraction ≥ prom-client's, same run): ${verdict.join('; ')}\n`);
}

async function profile() {
  const iterations = calibrate();
  const command = `node bench/otel-overhead.mjs --profile --duration ${DURATION}`;
  console.log(`## Preload overhead: CPU profile of the server (hello world)\n\n\`${command}\`\n`);
  await profileVariants({
    variants: VARIANTS.filter((v) => v.name !== 'OTel auto-instrumentations-node'),
    run: async (variant, profileDir) => {
      const setup = await variant.setup();
      return runOnce(
        {
          ...variant,
          setup: async () => ({
            ...setup,
            nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir, ...setup.nodeArgs],
          }),
        },
        'hello',
        iterations,
      );
    },
  });
}

if (opts.profile) await profile();
else await compare();
