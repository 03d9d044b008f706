#!/usr/bin/env node
/**
 * Cardinality: a flood of distinct URL paths (half with numeric ids, half id-free words, each a
 * new route) through a server preloaded with @claude-zen/otel (default settings). Reports the
 * distinct `http_route` values and series on /metrics and the server's memory after a forced
 * GC, at steps of the flood.
 *
 *   node bench/otel-cardinality.mjs [--paths 100000] [--steps 4]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { labelValues, samples } from './lib/exposition.mjs';
import { floodPath } from './lib/paths.mjs';
import { freePort } from './lib/ports.mjs';
import { startServer, waitFor200 } from './lib/server-process.mjs';
import { fixed, markdownTable, thousands } from './lib/table.mjs';

const { values: opts } = parseArgs({
  options: {
    paths: { type: 'string', default: '100000' },
    steps: { type: 'string', default: '4' },
  },
});
const PATHS = Number(opts.paths);
const STEPS = Number(opts.steps);
const DURATION = 'http_server_request_duration_seconds_count';

/** Sends `amount` requests for paths number `from` … `from + amount - 1`. */
function flood(url, from, amount) {
  let next = from;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: 10,
        amount,
        requests: [
          {
            setupRequest: (req) => {
              req.path = floodPath(next++);
              return req;
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function snapshot(server, metricsUrl, label, sent) {
  const heap = await (await fetch(`${server.url}/__bench/heap`)).json();
  const text = await (await fetch(metricsUrl)).text();
  const routes = labelValues(text, DURATION, 'http_route');
  return {
    label,
    sent,
    routes: routes.size,
    series: samples(text, DURATION).length,
    other: routes.has('_other'),
    rss: heap.rss / 1048576,
    heapUsed: heap.heapUsed / 1048576,
    bytes: Buffer.byteLength(text),
  };
}

async function main() {
  const command = `node bench/otel-cardinality.mjs --paths ${PATHS} --steps ${STEPS}`;
  console.log(`## Cardinality: a flood of ${thousands(PATHS)} distinct URL paths\n\n\`${command}\`\n`);
  console.log(
    'Server preloaded with `--require @claude-zen/otel`, default settings (CLAUDE_ZEN_HTTP_MAX_ROUTES=200, CLAUDE_ZEN_CARDINALITY_LIMIT=2000). Paths alternate `/users/<n>/orders` and `/docs/page-<distinct word>`. Memory from the server after a forced GC.\n',
  );
  const port = await freePort();
  const server = await startServer({
    nodeArgs: ['--require', '@claude-zen/otel'],
    env: { OTEL_EXPORTER_PROMETHEUS_PORT: String(port), CLAUDE_ZEN_LOG_LEVEL: 'silent' },
  });
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  try {
    await waitFor200(metricsUrl);
    const rows = [await snapshot(server, metricsUrl, 'started, before any request', 0)];
    const warm = await flood(server.url, 0, 1000); // warm-up: JIT, first routes
    if (warm.errors || warm.non2xx) throw new Error(`warm-up had ${warm.errors} errors`);
    rows.push(await snapshot(server, metricsUrl, 'after 1,000-path warm-up', 1000));
    const per = Math.ceil(PATHS / STEPS);
    let sent = 1000;
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const r = await flood(server.url, sent, per);
      if (r.errors || r.non2xx)
        throw new Error(`flood had ${r.errors} errors and ${r.non2xx} non-2xx answers`);
      sent += per;
      rows.push(await snapshot(server, metricsUrl, `after ${thousands(sent - 1000)} flood paths`, sent));
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      markdownTable(
        [
          'phase',
          'distinct paths sent',
          'distinct http_route',
          'duration series',
          '`_other` route',
          'RSS MB',
          'heapUsed MB',
          '/metrics bytes',
        ],
        rows.map((r) => [
          r.label,
          thousands(r.sent),
          r.routes,
          r.series,
          r.other ? 'yes' : 'no',
          fixed(r.rss, 1),
          fixed(r.heapUsed, 1),
          thousands(r.bytes),
        ]),
      ),
    );
    const first = rows[1];
    const last = rows[rows.length - 1];
    console.log(
      `\nFlood of ${thousands(sent - 1000)} paths in ${fixed(seconds, 1)} s. Growth from warm-up to end: RSS ${fixed(last.rss - first.rss, 1)} MB, heapUsed ${fixed(last.heapUsed - first.heapUsed, 1)} MB; http_route values capped at ${last.routes} (max routes 200 + \`_other\`).\n`,
    );
  } finally {
    await server.stop();
  }
}

await main();
