#!/usr/bin/env node
// Storage ingest benchmark for @claude-zen/tsdb: N series scraped every second for a simulated
// number of hours, appended through the public DB API (WAL on with its default background fsync
// every second, blocks persisted every 2h of data, WAL checkpointed), on one core. The loop yields
// to the event loop every simulated minute, as a service does between scrapes.
// Reports ingest samples/s and bytes per sample in memory (head chunks) and on disk (blocks).
//
// Usage: npx tsc -b && node bench/tsdb-ingest.mjs [--series 1000] [--hours 24] [--no-wal] [--keep DIR]
// Targets (issue 3): >= 1,000,000 samples/s ingest, <= 2 bytes/sample on disk.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// Heap figures need a GC before each measurement: re-run with --expose-gc when it is missing.
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(r.status ?? 1);
}
const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const distEntry = path.join(root, 'packages/tsdb/dist/storage/index.js');
if (!fs.existsSync(distEntry)) {
  console.error(`bench: ${distEntry} is missing; build first with \`npx tsc -b\``);
  process.exit(1);
}
const { openDB } = require(distEntry);

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const SERIES = Number(opt('series', 1000));
const HOURS = Number(opt('hours', 24));
const WAL = !args.includes('--no-wal');
const keep = opt('keep', null);
const STEPS = Math.round(HOURS * 3600);
const T0 = Date.UTC(2026, 0, 1);

// Deterministic xorshift32 so runs are comparable.
let seed = 0x9e3779b9;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

// A mix like a service's /metrics page: counters (some idle), small integer gauges,
// float gauges (cpu, memory with noise), constants (info, config).
const KIND_COUNTER = 0;
const KIND_INT_GAUGE = 1;
const KIND_FLOAT_GAUGE = 2;
const KIND_CONST = 3;
const kinds = new Uint8Array(SERIES);
const state = new Float64Array(SERIES);
const rate = new Float64Array(SERIES);
const labels = [];
for (let i = 0; i < SERIES; i++) {
  const r = i % 10;
  kinds[i] = r < 4 ? KIND_COUNTER : r < 7 ? KIND_INT_GAUGE : r < 9 ? KIND_FLOAT_GAUGE : KIND_CONST;
  rate[i] = kinds[i] === KIND_COUNTER ? (i % 3 === 0 ? 0 : Math.floor(rnd() * 50)) : 0;
  state[i] = kinds[i] === KIND_FLOAT_GAUGE ? 1e6 * rnd() : kinds[i] === KIND_CONST ? 1 : 0;
  labels.push({
    __name__: `${['http_requests_total', 'active_requests', 'process_cpu_ratio', 'build_info'][kinds[i]]}_${i % 25}`,
    job: `job${i % 5}`,
    instance: `host${i % 40}:9464`,
    series: String(i),
  });
}
const values = new Float64Array(SERIES);
function nextValues() {
  for (let i = 0; i < SERIES; i++) {
    switch (kinds[i]) {
      case KIND_COUNTER:
        if (rate[i] > 0) state[i] += Math.floor(rnd() * rate[i] * 2);
        break;
      case KIND_INT_GAUGE:
        state[i] = Math.floor(rnd() * 6);
        break;
      case KIND_FLOAT_GAUGE:
        state[i] = Math.round(state[i] * (0.999 + rnd() * 0.002) * 1000) / 1000;
        break;
    }
    values[i] = state[i];
  }
}

function dirBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-bench-'));
const db = openDB(dir, {
  wal: WAL ? { syncIntervalMs: 1000 } : false,
  retentionMs: 0,
  log: (l) => console.error(l),
});
const app = db.appender();
const refs = new Int32Array(SERIES);
for (let i = 0; i < SERIES; i++) refs[i] = app.ref(labels[i]);

globalThis.gc();
const heapBefore = process.memoryUsage();
db.start();
let ingestNs = 0n;
const wallStart = Date.now();
const cpuStart = process.cpuUsage();
let genNs = 0n;
let lastReport = wallStart;
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
for (let step = 0; step < STEPS; step++) {
  const g = process.hrtime.bigint();
  nextValues(); // data generation is not timed
  const t = T0 + step * 1000;
  const a = process.hrtime.bigint();
  genNs += a - g;
  for (let i = 0; i < SERIES; i++) app.appendRef(refs[i], t, values[i]);
  app.commit();
  if (step % 60 === 59) await yieldToLoop();
  ingestNs += process.hrtime.bigint() - a;
  if (Date.now() - lastReport > 10_000) {
    lastReport = Date.now();
    process.stderr.write(`  ... ${((step / STEPS) * 100).toFixed(0)}% simulated\n`);
  }
}
const syncStart = process.hrtime.bigint();
if (WAL) db.sync();
ingestNs += process.hrtime.bigint() - syncStart;

const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6 - Number(genNs) / 1e9;
const samples = SERIES * STEPS;
const seconds = Number(ingestNs) / 1e9;
const stats = db.stats();
globalThis.gc();
const heapAfter = process.memoryUsage();
const headHeap =
  heapAfter.heapUsed + heapAfter.arrayBuffers - (heapBefore.heapUsed + heapBefore.arrayBuffers);
const blocksBytes = stats.blocks.bytes;
const walBytes = stats.walBytes;
db.close();
const totalDisk = dirBytes(dir);

const fmt = (n, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows = [
  ['series x interval x span', `${SERIES} x 1s x ${HOURS}h (simulated)`, ''],
  ['samples ingested', fmt(samples, 0), ''],
  [
    'ingest time (append+commit+WAL+blocks, 1 core)',
    `${fmt(seconds)} s`,
    `wall ${fmt((Date.now() - wallStart) / 1000)} s incl. data generation`,
  ],
  ['ingest throughput', `${fmt(samples / seconds, 0)} samples/s`, 'wall clock; target >= 1,000,000'],
  [
    'ingest CPU per sample',
    `${fmt((cpuSeconds / samples) * 1e9, 0)} ns`,
    `= ${fmt(samples / cpuSeconds, 0)} samples per CPU-second`,
  ],
  [
    'head: samples in memory',
    fmt(stats.head.numSamples, 0),
    `${stats.head.numSeries} series, ${stats.head.numChunks} chunks`,
  ],
  [
    'head: chunk bytes/sample',
    fmt(stats.head.chunkBytes / Math.max(1, stats.head.numSamples)),
    'encoded chunk data incl. open chunks',
  ],
  [
    'process: heap bytes/sample',
    fmt(headHeap / Math.max(1, stats.head.numSamples)),
    'process heap growth after GC / head samples (incl. block chunk tables, WAL buffers)',
  ],
  ['blocks', `${stats.blocks.count} (${fmt(stats.blocks.numSamples, 0)} samples)`, ''],
  [
    'block persistence (inside commit)',
    `${fmt(stats.persist.totalMs / 1000)} s total`,
    `${stats.persist.runs} runs, longest ${fmt(stats.persist.maxMs, 0)} ms (event loop blocked)`,
  ],
  [
    'disk: block bytes/sample',
    fmt(blocksBytes / Math.max(1, stats.blocks.numSamples)),
    'chunks + index + meta; target <= 2',
  ],
  ['disk: WAL bytes', fmt(walBytes, 0), WAL ? 'checkpoint + live segments' : 'WAL off'],
  ['disk: total data folder bytes/sample', fmt(totalDisk / samples), 'blocks + WAL, all samples'],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\n@claude-zen/tsdb ingest benchmark (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'})`);
console.log(`${'metric'.padEnd(w0)} | ${'value'.padEnd(w1)} | note`);
console.log(`${'-'.repeat(w0)}-+-${'-'.repeat(w1)}-+-----`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c}`);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
