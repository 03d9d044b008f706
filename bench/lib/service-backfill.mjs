/**
 * Writes an OpenMetrics backfill (the input of `promtool tsdb create-blocks-from openmetrics`) of
 * 1,000 series like a real service's, scraped every second: streamed to disk in ~1 MiB writes,
 * never held in memory. Series-grouped (each series' whole span, then the next), as an export is,
 * and split by time into one file per block range (see writeServiceBackfill).
 *
 * 20 targets (4 jobs x 5 instances), per target:
 *   http_requests_total{method,code}        16 counters
 *   request_duration_seconds_bucket{le}     11 buckets (10 bounds + +Inf), _sum, _count
 *   cpu_utilization{cpu}                    10 float gauges (random walk in [0, 1])
 *   memory_bytes{area}                       5 integer gauges (trend + noise)
 *   queue_length{queue}                      6 small integer gauges
 * = 50 series per target, 1,000 in all.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const JOBS = ['api', 'worker', 'scheduler', 'gateway'];
const INSTANCES = 5;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const CODES = ['200', '201', '404', '500'];
const BOUNDS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
const AREAS = ['heap', 'rss', 'external', 'array_buffers', 'code'];
const QUEUES = 6;
const CPUS = 10;

export const SERIES_PER_TARGET =
  METHODS.length * CODES.length + BOUNDS.length + 2 + CPUS + AREAS.length + QUEUES;
export const TARGETS = JOBS.length * INSTANCES;
export const SERIES = SERIES_PER_TARGET * TARGETS;

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

function targets() {
  const out = [];
  for (const job of JOBS) {
    for (let i = 0; i < INSTANCES; i++)
      out.push({ job, instance: `10.0.${JOBS.indexOf(job)}.${10 + i}:9464` });
  }
  return out;
}

const labelText = (name, labels) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}} `;

/** Buffered writer with backpressure. */
function sink(file) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buf = '';
  let bytes = 0;
  return {
    async write(s) {
      buf += s;
      if (buf.length >= 1 << 20) {
        bytes += buf.length;
        const ok = out.write(buf);
        buf = '';
        if (!ok) await once(out, 'drain');
      }
    },
    async end() {
      bytes += buf.length;
      out.end(buf);
      await once(out, 'finish');
      return bytes;
    },
  };
}

/**
 * Writes `steps` samples (one per second from `t0Sec`) of every series, split by time into one
 * file per `windowSteps` steps (`${prefix}.000.om`, ...; each a complete OpenMetrics file), so
 * that promtool, which re-reads its whole input once per 2 h block, reads each sample about twice
 * instead of once per block of the whole span. Resolves to { files, samples, series, bytes }.
 */
export async function writeServiceBackfill(prefix, { t0Sec, steps, windowSteps = 7200 }) {
  const files = [];
  for (let k = 0; k * windowSteps < steps; k++) files.push(`${prefix}.${String(k).padStart(3, '0')}.om`);
  const sinks = files.map((f) => sink(f));
  const w = { write: async (s) => Promise.all(sinks.map((x) => x.write(s))) };
  const ts = (i) => ` ${t0Sec + i}\n`;
  const tgs = targets();
  let samples = 0;

  // One series: `next(i)` gives the value text at step i (called in order of i).
  const series = async (prefix, next) => {
    for (let k = 0; k < sinks.length; k++) {
      const end = Math.min(steps, (k + 1) * windowSteps);
      let chunk = '';
      for (let i = k * windowSteps; i < end; i++) {
        chunk += prefix + next(i) + ts(i);
        if (chunk.length >= 1 << 16) {
          await sinks[k].write(chunk);
          chunk = '';
        }
      }
      await sinks[k].write(chunk);
    }
    samples += steps;
  };

  await w.write('# HELP http_requests Requests served.\n# TYPE http_requests counter\n');
  for (const [ti, t] of tgs.entries()) {
    for (const [mi, method] of METHODS.entries()) {
      for (const [ci, code] of CODES.entries()) {
        const r = rng(1000 + ti * 100 + mi * 10 + ci);
        const rate =
          (code === '500' ? 0.2 : code === '404' ? 1 : 20) * (method === 'GET' ? 4 : 1) * (0.5 + r());
        let v = 0;
        await series(labelText('http_requests_total', { ...t, method, code }), () => {
          v += Math.floor(rate * 2 * r());
          return String(v);
        });
      }
    }
  }

  await w.write(
    '# HELP request_duration_seconds Request duration.\n# TYPE request_duration_seconds histogram\n',
  );
  const counts = BOUNDS.map(() => new Float64Array(steps));
  const sums = new Float64Array(steps);
  const totals = new Float64Array(steps);
  for (const [ti, t] of tgs.entries()) {
    const r = rng(5000 + ti);
    const scale = 0.05 + 0.2 * r();
    const cum = new Float64Array(BOUNDS.length);
    let sum = 0;
    let total = 0;
    for (let i = 0; i < steps; i++) {
      const k = 5 + Math.floor(r() * 20);
      for (let j = 0; j < k; j++) {
        const d = scale * -Math.log(1 - r()); // exponential latencies
        sum += d;
        total++;
        for (let b = 0; b < BOUNDS.length; b++)
          if (b === BOUNDS.length - 1 || d <= Number(BOUNDS[b])) cum[b]++;
      }
      for (let b = 0; b < BOUNDS.length; b++) counts[b][i] = cum[b];
      sums[i] = sum;
      totals[i] = total;
    }
    for (const [b, le] of BOUNDS.entries()) {
      const c = counts[b];
      await series(labelText('request_duration_seconds_bucket', { ...t, le }), (i) => String(c[i]));
    }
    await series(labelText('request_duration_seconds_sum', t), (i) => sums[i].toFixed(6));
    await series(labelText('request_duration_seconds_count', t), (i) => String(totals[i]));
  }

  await w.write('# HELP cpu_utilization CPU utilization per core.\n# TYPE cpu_utilization gauge\n');
  for (const [ti, t] of tgs.entries()) {
    for (let c = 0; c < CPUS; c++) {
      const r = rng(9000 + ti * 16 + c);
      let v = r();
      await series(labelText('cpu_utilization', { ...t, cpu: String(c) }), () => {
        v = Math.min(1, Math.max(0, v + (r() - 0.5) * 0.02));
        return String(v);
      });
    }
  }

  await w.write('# HELP memory_bytes Memory in use.\n# TYPE memory_bytes gauge\n');
  for (const [ti, t] of tgs.entries()) {
    for (const [ai, area] of AREAS.entries()) {
      const r = rng(13000 + ti * 8 + ai);
      const base = 50e6 * (1 + ai) * (0.5 + r());
      const growth = 200 * r(); // bytes per second
      await series(labelText('memory_bytes', { ...t, area }), (i) =>
        String(Math.round(base + growth * i + 1e6 * (r() - 0.5))),
      );
    }
  }

  await w.write('# HELP queue_length Items waiting.\n# TYPE queue_length gauge\n');
  for (const [ti, t] of tgs.entries()) {
    for (let q = 0; q < QUEUES; q++) {
      const r = rng(17000 + ti * 8 + q);
      let v = 0;
      await series(labelText('queue_length', { ...t, queue: `q${q}` }), () => {
        v = Math.max(0, v + Math.floor(r() * 3) - 1);
        return String(v);
      });
    }
  }

  await w.write('# EOF\n');
  let bytes = 0;
  for (const x of sinks) bytes += await x.end();
  return { files, samples, series: SERIES, bytes };
}
