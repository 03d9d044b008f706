/**
 * OTEL_METRICS_EXPORTER=prometheus,otlp: the preload also pushes OTLP (http/json here) to a real
 * HTTP receiver on 127.0.0.1, with the same instruments the Prometheus endpoint shows.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
let receiver: Server | undefined;
let child: Child | undefined;
afterAll(async () => {
  await child?.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('OTLP export', () => {
  it('pushes metrics to an OTLP/HTTP receiver alongside the Prometheus endpoint', async () => {
    const bodies: { path: string; json: unknown }[] = [];
    receiver = createServer((req, res) => {
      let data = '';
      req.on('data', (d) => {
        data += d;
      });
      req.on('end', () => {
        bodies.push({ path: req.url ?? '', json: JSON.parse(data || '{}') });
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    const otlpPort = (receiver.address() as AddressInfo).port;
    const [port, metricsPort] = [await freePort(), await freePort()];
    child = startChild(
      process.execPath,
      ['--require', '@claude-zen/otel', join(root, 'test/fixtures/otel-app.cjs')],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          OTEL_SERVICE_NAME: 'otlp-fixture',
          OTEL_METRICS_EXPORTER: 'prometheus,otlp',
          OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
          OTEL_METRIC_EXPORT_INTERVAL: '500',
          OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        },
      },
    );
    await waitFor('the app', () => (child!.output().includes('listening') ? true : undefined));
    await fetch(`http://127.0.0.1:${port}/tasks/1`);
    const names = await waitFor('an OTLP export with the request histogram', () => {
      const all = bodies.flatMap((b) => collectNames(b.json));
      return all.includes('http.server.request.duration') ? all : undefined;
    });
    expect(bodies[0].path).toBe('/v1/metrics');
    expect(names).toContain('claude_zen.swarm.tasks');
    expect(names).toContain('claude_zen.neural.inference.duration');
    expect(JSON.stringify(bodies.at(-1)?.json)).toContain('otlp-fixture');
    expect(await fetchText(`http://127.0.0.1:${metricsPort}/metrics`)).toContain(
      'claude_zen_swarm_tasks_total',
    );
  });
});

function collectNames(json: unknown): string[] {
  const out: string[] = [];
  const rms =
    (json as { resourceMetrics?: { scopeMetrics?: { metrics?: { name: string }[] }[] }[] }).resourceMetrics ??
    [];
  for (const rm of rms)
    for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) out.push(m.name);
  return out;
}
