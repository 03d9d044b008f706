#!/usr/bin/env node
/**
 * Query latency of @claude-zen/tsdb vs a real Prometheus on the same backfilled data (issue 3).
 *
 * 1,000 series like a service's (counters, float and integer gauges, one classic histogram with
 * 11 buckets on 20 targets) scraped every second for a simulated span are written once as
 * OpenMetrics (streamed to disk, one file per 2 h block range), then backfilled
 *   (a) into the embedded store with `claude-zen tsdb import --data DIR FILE` (the CLI, one
 *       process per file), and
 *   (b) into Prometheus' format with `promtool tsdb create-blocks-from openmetrics FILE DIR`.
 * Both are then served over HTTP in their own processes (`claude-zen tsdb serve` and
 * `prometheus`, compaction off so the 2 h blocks stay as loaded) and the same rule queries are
 * sent to both, interleaved (alternating who goes first), after one warm-up round; medians.
 *
 * Usage: npx tsc -b && node bench/tsdb-query.mjs [--hours 16] [--reps 5] [--cpu-prof] [--keep DIR]
 *   --hours     simulated span, a multiple of 2. On the 2-core dev machine 12 h ran in 5.5 minutes
 *               and 24 h (86.4M samples, 8.2 GB of text) in 13; the default, 16 h, stays under 10.
 *   --cpu-prof  run our server under --cpu-prof and print where its time goes (all queries together)
 * Targets (issue 3): every query within 2x of Prometheus' latency; >= 1,000,000 samples/s ingest;
 * <= 2 bytes/sample on disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib/ports.mjs';
import { ORIGINS, summarizeProfile } from './lib/profile.mjs';
import { startPrometheus, stopChild, waitReady, which } from './lib/prometheus-process.mjs';
import { ROOT, trackChild } from './lib/server-process.mjs';
import { SERIES, writeServiceBackfill } from './lib/service-backfill.mjs';
import { median } from './lib/stats.mjs';
import { fixed, markdownTable, thousands } from './lib/table.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const HOURS = Number(opt('hours', 16));
const REPS = Number(opt('reps', 5));
const CPU_PROF = args.includes('--cpu-prof');
const keep = opt('keep', undefined);
if (!(HOURS >= 2 && Number.isInteger(HOURS / 2))) {
  console.error(`--hours must be a positive multiple of 2 (got ${opt('hours')}); e.g. --hours 16`);
  process.exit(2);
}
if (!(REPS >= 1 && Number.isInteger(REPS))) {
  console.error(`--reps must be a positive integer (got ${opt('reps')}); e.g. --reps 5`);
  process.exit(2);
}

const BIN = join(ROOT, 'packages/cli/dist/bin.js');
if (!existsSync(BIN)) {
  console.error(`bench: ${BIN} is missing; build first with \`npx tsc -b\``);
  process.exit(1);
}
const promtool = which('promtool');
const prometheus = which('prometheus');
if (!promtool || !prometheus) {
  console.error('bench: prometheus and promtool are needed (Debian: apt-get install prometheus)');
  process.exit(1);
}

const HOUR = 3600;
const BLOCK = 2 * HOUR;
/** The data ends on a 2 h boundary a few hours ago (inside both stores' retention). */
const T_END = Math.floor(Date.now() / 1000 / BLOCK) * BLOCK - 2 * BLOCK;
const T0 = T_END - HOURS * HOUR;
/** Evaluation at the end of the data, off the 1 s sample grid. */
const EVAL = T_END - 0.5;

const QUERIES = [
  'sum by (job) (rate(http_requests_total[5m]))',
  'avg_over_time(cpu_utilization[1h])',
  'stddev_over_time(cpu_utilization[1h])',
  'histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[5m])))',
  'predict_linear(memory_bytes[1h], 3600)',
];

const log = (s) => process.stderr.write(`${s}\n`);

function dirBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Runs a command under /usr/bin/time: { wall, cpu (user+sys s), maxRssKb }; throws on failure. */
function timed(cmd, cmdArgs) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %U %S %M', cmd, ...cmdArgs], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0)
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  const m = /@@time ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : Number.NaN, maxRssKb: m ? Number(m[3]) : Number.NaN };
}

function sumRuns(runs) {
  return {
    wall: runs.reduce((a, r) => a + r.wall, 0),
    cpu: runs.reduce((a, r) => a + r.cpu, 0),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
  };
}

async function startOurs(dataDir, profDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = trackChild(
    spawn(
      process.execPath,
      [...nodeArgs, BIN, 'tsdb', 'serve', '--data', dataDir, '--listen', `127.0.0.1:${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await waitReady(`${url}/-/ready`, child, () => out);
  return { url, child, stop: () => stopChild(child) };
}

/** POSTs a query; resolves to { ms, body }. Throws on a non-success answer. */
async function runQuery(base, kind, expr) {
  const params =
    kind === 'instant'
      ? { query: expr, time: EVAL.toFixed(3) }
      : { query: expr, start: (EVAL - HOUR).toFixed(3), end: EVAL.toFixed(3), step: '15' };
  const t = performance.now();
  const res = await fetch(`${base}/api/v1/${kind === 'instant' ? 'query' : 'query_range'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  const ms = performance.now() - t;
  const body = JSON.parse(text);
  if (body.status !== 'success') throw new Error(`${base} ${kind} ${expr}: ${body.errorType}: ${body.error}`);
  return { ms, body };
}

/** Whether two API results hold the same series and points within 1e-6 relative. */
function sameResult(a, b) {
  const points = (data) => {
    const m = new Map();
    for (const s of data.result) {
      const key = JSON.stringify(Object.entries(s.metric).sort(([x], [y]) => (x < y ? -1 : 1)));
      m.set(key, s.values ?? [s.value]);
    }
    return m;
  };
  const pa = points(a.data);
  const pb = points(b.data);
  if (pa.size !== pb.size) return false;
  for (const [k, vb] of pb) {
    const va = pa.get(k);
    if (!va || va.length !== vb.length) return false;
    for (let i = 0; i < vb.length; i++) {
      if (va[i][0] !== vb[i][0]) return false;
      const x = Number(va[i][1]);
      const y = Number(vb[i][1]);
      if (va[i][1] !== vb[i][1] && !(Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y))))
        return false;
    }
  }
  return true;
}

const work = keep ?? mkdtempSync(join(tmpdir(), 'tsdb-query-bench-'));
mkdirSync(work, { recursive: true });
const oursDir = join(work, 'ours');
const promDir = join(work, 'prom');
const profDir = CPU_PROF ? join(work, 'prof') : undefined;
let ours;
let prom;
try {
  const started = Date.now();
  log(`bench: ${SERIES} series x 1 s x ${HOURS} h into ${work}`);
  const t = performance.now();
  const gen = await writeServiceBackfill(join(work, 'backfill'), { t0Sec: T0, steps: HOURS * HOUR });
  const genSeconds = (performance.now() - t) / 1000;
  log(
    `  generated ${thousands(gen.samples)} samples, ${fixed(gen.bytes / 1e9, 2)} GB in ${gen.files.length} files, ${fixed(genSeconds, 1)} s`,
  );

  const oursRuns = [];
  for (const f of gen.files)
    oursRuns.push(timed(process.execPath, [BIN, 'tsdb', 'import', '--data', oursDir, f]));
  const oursIngest = sumRuns(oursRuns);
  log(`  claude-zen tsdb import: ${fixed(oursIngest.wall, 1)} s`);
  const promRuns = [];
  for (const f of gen.files)
    promRuns.push(timed(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', f, promDir]));
  const promIngest = sumRuns(promRuns);
  log(`  promtool create-blocks-from openmetrics: ${fixed(promIngest.wall, 1)} s`);
  const oursBytes = dirBytes(oursDir);
  const promBytes = dirBytes(promDir);
  for (const f of gen.files) rmSync(f);

  if (profDir) mkdirSync(profDir);
  [ours, prom] = await Promise.all([startOurs(oursDir, profDir), startPrometheus(prometheus, promDir, work)]);

  // Both hold the same series, and the queries give the same answers.
  const agree = new Map();
  for (const kind of ['instant', 'range']) {
    for (const expr of QUERIES) {
      const [a, b] = [await runQuery(ours.url, kind, expr), await runQuery(prom.url, kind, expr)];
      agree.set(`${kind} ${expr}`, sameResult(a.body, b.body));
    }
  }
  const count = await runQuery(prom.url, 'instant', 'count({__name__=~".+"})');
  log(`  Prometheus sees ${count.body.data.result[0]?.value[1]} series at the end; warm-up done`);

  const times = new Map();
  for (let rep = 0; rep < REPS; rep++) {
    for (const kind of ['instant', 'range']) {
      for (const expr of QUERIES) {
        const key = `${kind} ${expr}`;
        const entry = times.get(key) ?? { ours: [], prom: [] };
        times.set(key, entry);
        const order = rep % 2 === 0 ? ['ours', 'prom'] : ['prom', 'ours'];
        for (const who of order)
          entry[who].push((await runQuery((who === 'ours' ? ours : prom).url, kind, expr)).ms);
      }
    }
    log(`  repetition ${rep + 1}/${REPS} done`);
  }

  const ingestRow = (name, run) => [
    name,
    thousands(gen.samples / run.wall),
    thousands(gen.samples / run.cpu),
    `${fixed(run.maxRssKb / 1024, 0)} MiB`,
  ];
  console.log(
    `\n## @claude-zen/tsdb vs Prometheus ${prometheusVersion()}: rule queries over HTTP (node ${process.version}, ${cpus().length}x ${cpus()[0]?.model ?? 'cpu'})\n`,
  );
  console.log(
    `${SERIES} series (counters, gauges, a classic histogram with 11 buckets on 20 targets) scraped every 1 s for ${HOURS} h (simulated, backfilled): ${thousands(gen.samples)} samples, ${fixed(gen.bytes / 1e9, 2)} GB of OpenMetrics in ${gen.files.length} files of 2 h. Instant queries at the end of the data; range queries over its last hour at a 15 s step (241 points). Median of ${REPS} interleaved runs after a warm-up, wall time per HTTP request from this process (fetch, keep-alive), each server in its own process.\n`,
  );
  console.log(
    markdownTable(
      ['query', 'kind', 'ours ms', 'Prometheus ms', 'ratio (ours/Prometheus)', 'same result'],
      [...times].map(([key, e]) => {
        const [kind, ...rest] = key.split(' ');
        const a = median(e.ours);
        const b = median(e.prom);
        return [
          `\`${rest.join(' ')}\``,
          kind,
          fixed(a, 1),
          fixed(b, 1),
          `${fixed(a / b, 2)}x`,
          agree.get(key) ? 'yes' : 'NO',
        ];
      }),
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      ['backfill', 'samples/s (wall)', 'samples per CPU-second', 'peak RSS'],
      [
        ingestRow('ours: `claude-zen tsdb import` (parse + blocks)', oursIngest),
        ingestRow('Prometheus: `promtool tsdb create-blocks-from openmetrics`', promIngest),
      ],
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      ['on disk', 'bytes', 'bytes/sample'],
      [
        ['ours (data folder: blocks, WAL, lock)', thousands(oursBytes), fixed(oursBytes / gen.samples, 3)],
        ['Prometheus (promtool output: blocks)', thousands(promBytes), fixed(promBytes / gen.samples, 3)],
      ],
    ),
  );
  console.log(
    `\nIngest figures are one process per 2 h file (${gen.files.length} runs, process start-up included), parsing text included; bench/tsdb-ingest.mjs measures the storage append path alone. Whole benchmark: ${fixed((Date.now() - started) / 1000, 0)} s.`,
  );

  if (profDir) {
    await ours.stop();
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const summary = summarizeProfile(JSON.parse(readFileSync(join(profDir, file), 'utf8')), {
      top: 25,
      origins: {
        'tsdb storage': (u) => u.includes('/packages/tsdb/dist/storage/'),
        'tsdb promql': (u) => u.includes('/packages/tsdb/dist/promql/'),
        'tsdb api': (u) => u.includes('/packages/tsdb/dist/api/'),
        fastify: (u) => u.includes('/node_modules/fastify/'),
        ...ORIGINS,
      },
    });
    console.log(
      `\n### Where our server's time goes (--cpu-prof over the whole run: warm-up + ${REPS} repetitions)\n\nBusy ${fixed(summary.busyPercent, 1)}% of samples. Inclusive share of busy time: ${Object.entries(
        summary.inclusive,
      )
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${fixed(v, 1)}%`)
        .join(', ')}.\n`,
    );
    console.log(
      markdownTable(
        ['self time (% of busy)', 'function', 'most frequent callers'],
        summary.topSelf.map((x) => [fixed(x.percent, 1), `\`${x.fn}\``, x.callers ? `\`${x.callers}\`` : '']),
      ),
    );
  }
} finally {
  await Promise.all([ours?.stop(), prom?.stop()]);
  if (!keep) rmSync(work, { recursive: true, force: true });
}

function prometheusVersion() {
  const r = spawnSync(prometheus, ['--version'], { encoding: 'utf8' });
  return /version (\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? '';
}
