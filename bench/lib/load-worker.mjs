/**
 * Load generator process (autocannon), driven over IPC by the benchmark so that it runs on the
 * other core. Protocol: parent sends { url, connections, pipelining, warmupSeconds,
 * durationSeconds }; worker runs the warm-up, sends { phase: 'warm' }, waits for { go: true },
 * runs the measured load and sends { phase: 'done', result }.
 */
import autocannon from 'autocannon';
import { quantile } from './stats.mjs';

function run(opts, latencies) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    if (latencies) {
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    }
  });
}

process.once('message', async (cfg) => {
  try {
    const base = { url: cfg.url, connections: cfg.connections, pipelining: cfg.pipelining };
    await run({ ...base, duration: cfg.warmupSeconds }, undefined);
    process.send({ phase: 'warm' });
    await new Promise((resolve) => process.once('message', resolve));
    const latencies = [];
    const t0 = performance.now();
    const r = await run({ ...base, duration: cfg.durationSeconds }, latencies);
    const seconds = (performance.now() - t0) / 1000;
    process.send({
      phase: 'done',
      result: {
        requests: r.requests.total,
        seconds,
        rps: r.requests.total / seconds,
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
      },
    });
  } catch (err) {
    process.send({ phase: 'error', message: String(err?.stack ?? err) });
  }
  process.disconnect();
});
