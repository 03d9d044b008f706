#!/usr/bin/env node
// OpenMetrics text backfill benchmark: one generated file (1,000 series like a service's /metrics
// page, scraped every 15 s for --hours hours) imported
//   (a) by `claude-zen tsdb import --data DIR FILE` (our parser + importer, writing blocks),
//   (b) by `promtool tsdb create-blocks-from openmetrics FILE DIR`,
// alternately, --reps times each in the same run (so machine load hits both alike), plus
//   (c) our parser + importer alone, in this process, into an appendable that only counts
//       (the text path without storage).
// Prints samples/s of each (median of the runs) and the ratio ours / promtool.
//
// Usage: npx tsc -b && node bench/tsdb-import.mjs [--hours 6] [--reps 3] [--keep FILE]
// Target (issue 3): >= 1,000,000 samples/s through the text importer.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from './lib/prometheus-process.mjs';
import { ROOT } from './lib/server-process.mjs';
import { median } from './lib/stats.mjs';
import { fixed, markdownTable, thousands } from './lib/table.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const HOURS = Number(opt('hours', 6));
const REPS = Number(opt('reps', 3));
const keep = opt('keep', undefined);
if (!(HOURS > 0 && HOURS <= 48)) {
  console.error(`--hours must be in (0, 48] (got ${opt('hours')}); e.g. --hours 6`);
  process.exit(2);
}
if (!(REPS >= 1 && Number.isInteger(REPS))) {
  console.error(`--reps must be a positive integer (got ${opt('reps')}); e.g. --reps 3`);
  process.exit(2);
}
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const TSDB = join(ROOT, 'packages/tsdb/dist/index.js');
if (!existsSync(BIN) || !existsSync(TSDB)) {
  console.error('bench: the CLI or tsdb build is missing; build first with `npx tsc -b`');
  process.exit(1);
}
const promtool = which('promtool');
if (!promtool) {
  console.error('bench: promtool is needed (Debian: apt-get install prometheus)');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { importOpenMetrics } = require(TSDB);
const log = (s) => console.error(s);

const STEP = 15;
const STEPS = Math.floor((HOURS * 3600) / STEP);
/** Data ends on a 2 h boundary a few hours ago. */
const T_END = Math.floor(Date.now() / 1000 / 7200) * 7200 - 14400;
const T0 = T_END - STEPS * STEP;

/** Deterministic mulberry32. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 20 targets x 50 series: 16 request counters, a histogram (11 buckets + _sum + _count), 10 float
 * cpu gauges, 5 integer memory gauges, 6 small queue gauges. Series-grouped, as an export is.
 */
async function writeFile(file) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buf = '';
  let samples = 0;
  const write = async (s) => {
    buf += s;
    if (buf.length >= 1 << 20) {
      const ok = out.write(buf);
      buf = '';
      if (!ok) await once(out, 'drain');
    }
  };
  const series = async (text, next) => {
    for (let i = 0; i < STEPS; i++) await write(`${text} ${next(i)} ${T0 + i * STEP}\n`);
    samples += STEPS;
  };
  const targets = [];
  for (const job of ['api', 'worker', 'scheduler', 'gateway'])
    for (let i = 0; i < 5; i++) targets.push(`job="${job}",instance="10.0.${targets.length}.1:9464"`);
  const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];

  await write('# HELP http_requests Requests served.\n# TYPE http_requests counter\n');
  for (const [ti, t] of targets.entries())
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'])
      for (const code of ['200', '201', '404', '500']) {
        const r = rng(ti * 1000 + method.length * 10 + Number(code));
        const rate = (code === '500' ? 0.2 : 20) * (0.5 + r());
        let v = 0;
        await series(`http_requests_total{${t},method="${method}",code="${code}"}`, () => {
          v += Math.floor(rate * STEP * r());
          return String(v);
        });
      }
  await write(
    '# HELP request_duration_seconds Request duration.\n# TYPE request_duration_seconds histogram\n',
  );
  for (const [ti, t] of targets.entries()) {
    const r = rng(5000 + ti);
    const cum = new Float64Array(STEPS * bounds.length);
    const sums = new Float64Array(STEPS);
    let sum = 0;
    const c = new Float64Array(bounds.length);
    for (let i = 0; i < STEPS; i++) {
      for (let j = 0, k = 5 + Math.floor(r() * 20); j < k; j++) {
        const d = 0.1 * -Math.log(1 - r());
        sum += d;
        for (let b = 0; b < bounds.length; b++) if (b === bounds.length - 1 || d <= Number(bounds[b])) c[b]++;
      }
      for (let b = 0; b < bounds.length; b++) cum[i * bounds.length + b] = c[b];
      sums[i] = sum;
    }
    for (const [b, le] of bounds.entries())
      await series(`request_duration_seconds_bucket{${t},le="${le}"}`, (i) =>
        String(cum[i * bounds.length + b]),
      );
    await series(`request_duration_seconds_sum{${t}}`, (i) => sums[i].toFixed(6));
    await series(`request_duration_seconds_count{${t}}`, (i) =>
      String(cum[i * bounds.length + bounds.length - 1]),
    );
  }
  await write('# HELP cpu_utilization CPU utilization per core.\n# TYPE cpu_utilization gauge\n');
  for (const [ti, t] of targets.entries())
    for (let cpu = 0; cpu < 10; cpu++) {
      const r = rng(9000 + ti * 16 + cpu);
      let v = r();
      await series(`cpu_utilization{${t},cpu="${cpu}"}`, () => {
        v = Math.min(1, Math.max(0, v + (r() - 0.5) * 0.02));
        return String(v);
      });
    }
  await write('# HELP memory_bytes Memory in use.\n# TYPE memory_bytes gauge\n');
  for (const [ti, t] of targets.entries())
    for (const area of ['heap', 'rss', 'external', 'array_buffers', 'code']) {
      const r = rng(13000 + ti * 8 + area.length);
      const base = 50e6 * (0.5 + r());
      await series(`memory_bytes{${t},area="${area}"}`, (i) =>
        String(Math.round(base + 3000 * i + 1e6 * (r() - 0.5))),
      );
    }
  await write('# HELP queue_length Items waiting.\n# TYPE queue_length gauge\n');
  for (const [ti, t] of targets.entries())
    for (let q = 0; q < 6; q++) {
      const r = rng(17000 + ti * 8 + q);
      let v = 0;
      await series(`queue_length{${t},queue="q${q}"}`, () => {
        v = Math.max(0, v + Math.floor(r() * 3) - 1);
        return String(v);
      });
    }
  await write('# EOF\n');
  out.end(buf);
  await once(out, 'finish');
  return samples;
}

function timed(cmd, cmdArgs) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0)
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return wall;
}

/** Our text path alone: parse + importer into an appendable that only counts. */
async function parseOnly(file) {
  let n = 0;
  const counting = {
    appender: () => ({
      append() {
        n++;
      },
      commit() {},
      rollback() {},
    }),
  };
  const t = process.hrtime.bigint();
  const report = await importOpenMetrics(createReadStream(file, { highWaterMark: 1 << 20 }), counting);
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (report.errorCount > 0 || n !== report.samples)
    throw new Error(`parse-only import failed: ${JSON.stringify(report.errors)}`);
  return wall;
}

const work = mkdtempSync(join(tmpdir(), 'tsdb-import-bench-'));
try {
  const file = keep ?? join(work, 'backfill.om');
  log(`generating ${HOURS} h of 1,000 series at ${STEP} s into ${file} ...`);
  const samples = await writeFile(file);
  const bytes = statSync(file).size;
  log(`  ${thousands(samples)} samples, ${fixed(bytes / 1e6, 1)} MB`);
  const load0 = loadavg()[0];
  const ours = [];
  const prom = [];
  const parse = [];
  for (let r = 0; r < REPS; r++) {
    const oursDir = join(work, `ours-${r}`);
    const promDir = join(work, `prom-${r}`);
    ours.push(timed(process.execPath, [BIN, 'tsdb', 'import', '--data', oursDir, file]));
    prom.push(timed(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, promDir]));
    parse.push(await parseOnly(file));
    log(
      `  run ${r + 1}: ours ${fixed(ours[r], 2)} s, promtool ${fixed(prom[r], 2)} s, parse only ${fixed(parse[r], 2)} s`,
    );
    rmSync(oursDir, { recursive: true, force: true });
    rmSync(promDir, { recursive: true, force: true });
  }
  const load1 = loadavg()[0];
  const rate = (w) => samples / median(w);
  const oursRate = rate(ours);
  const promRate = rate(prom);
  const row = (name, w) => [
    name,
    fixed(median(w), 2),
    thousands(rate(w)),
    `${fixed(rate(w) / promRate, 2)}×`,
  ];
  console.log(
    `\n### OpenMetrics text import (${thousands(samples)} samples, 1,000 series, ${HOURS} h at ${STEP} s, ${fixed(bytes / 1e6, 1)} MB; median of ${REPS})\n`,
  );
  console.log(
    markdownTable(
      ['importer', 'wall s', 'samples/s', 'vs promtool'],
      [
        row('ours: `claude-zen tsdb import` (parse + blocks, process start included)', ours),
        row('Prometheus: `promtool tsdb create-blocks-from openmetrics`', prom),
        row('ours: text path only (parse + importer, counting appendable, in process)', parse),
      ],
    ),
  );
  console.log(
    `\nratio ours / promtool: ${fixed(oursRate / promRate, 2)}×; target 1,000,000 samples/s; load average ${fixed(load0, 2)} → ${fixed(load1, 2)} (1 min)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
