/**
 * ControllerService on its own: against a real Prometheus (remote backend), its HTTP API, and the
 * one-line errors of start() (unreachable backend, port in use, bad rules) with nothing left open.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from '../../../../test/support/binaries.js';
import { freePort } from '../../../../test/support/ports.js';
import { type PrometheusServer, startPrometheus } from '../../../../test/support/prometheus.js';
import { waitFor } from '../../../../test/support/wait.js';
import { MonitorError } from './errors.js';
import { ControllerService, type MonitorAlert } from './service.js';

const prometheusBin = findBinary('prometheus');
let dir: string;
let rulesFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'controller-service-'));
  rulesFile = join(dir, 'rules.yml');
  writeFileSync(
    rulesFile,
    [
      'interval: 1s',
      'rules:',
      '  - name: demo-high',
      '    query: demo_value{job="demo"}',
      '    type: threshold',
      '    params: { warning: 0.5, critical: 2, direction: above }',
    ].join('\n'),
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startError(s: ControllerService): Promise<MonitorError> {
  try {
    await s.start();
  } catch (e) {
    return e as MonitorError;
  } finally {
    await s.stop();
  }
  throw new Error('start() did not fail');
}

describe('ControllerService start errors', () => {
  it('an unreachable Prometheus is one error naming prometheusUrl', async () => {
    const port = await freePort();
    const e = await startError(
      new ControllerService({
        storage: 'prometheus',
        prometheusUrl: `http://127.0.0.1:${port}`,
        dataDir: join(dir, 'unreachable'),
        defaultRules: false,
      }),
    );
    expect(e).toBeInstanceOf(MonitorError);
    expect(e.code).toBe('backend_unreachable');
    expect(e.message).toMatch(new RegExp(`^prometheusUrl: http://127\\.0\\.0\\.1:${port} does not answer`));
  });

  it('a port in use is one error naming http.port; the data folder is released for the next start', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const dataDir = join(dir, 'busy');
      const e = await startError(new ControllerService({ dataDir, defaultRules: false, http: { port } }));
      expect(e.code).toBe('port_in_use');
      expect(e.message).toBe(`http.port: 127.0.0.1:${port} is in use; pick another --port`);
      const again = new ControllerService({ dataDir, defaultRules: false, http: { port: 0 } });
      await again.start();
      await again.stop();
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it('a bad rule file fails before anything opens', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'rules:\n  - name: x\n    query: up\n    type: magic\n');
    const e = await startError(new ControllerService({ dataDir: join(dir, 'bad'), ruleFiles: [bad] }));
    expect(e.message).toMatch(/bad\.yml/);
    expect(e.message).toMatch(/type/);
  });
});

describe.skipIf(!prometheusBin)('ControllerService on a real Prometheus', () => {
  let prom: PrometheusServer;
  let exporter: Server;
  let value = 1;
  let service: ControllerService;
  const anomalies: MonitorAlert[] = [];
  const changes: MonitorAlert[] = [];

  beforeAll(async () => {
    // a real /metrics endpoint whose value the test sets; Prometheus scrapes it every second
    exporter = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE demo_value gauge\ndemo_value ${value}\n`);
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
    const port = (exporter.address() as { port: number }).port;
    prom = await startPrometheus(
      prometheusBin as string,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: demo',
        `    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`,
      ].join('\n'),
    );
    service = new ControllerService({
      storage: 'prometheus',
      prometheusUrl: prom.url,
      dataDir: join(dir, 'remote'),
      defaultRules: false,
      ruleFiles: [rulesFile],
      evaluationTickMs: 200,
      optimization: { mode: 'off' },
      http: { port: 0 },
    });
    service.on('anomaly', (a: MonitorAlert) => anomalies.push(a));
    service.on('alert', (a: MonitorAlert) => changes.push(a));
    await service.start();
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await prom?.stop();
    await new Promise<void>((r) => (exporter ? exporter.close(() => r()) : r()));
  });

  it('evaluates rules on the remote API: the alert fires, then resolves; health and history say so', async () => {
    const health = (await (await fetch(`${service.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      backend: { status: 'up', backend: `prometheus ${prom.url}` },
      optimization: 'off',
    });
    const fired = await waitFor('the alert to fire', () => anomalies[0], 20_000);
    expect(fired).toMatchObject({ rule: 'demo-high', source: 'rule', labels: { job: 'demo' }, value: 1 });
    const active = (await (await fetch(`${service.url}/api/alerts`)).json()) as {
      active: { state: string }[];
    };
    expect(active.active.map((a) => a.state)).toEqual(['firing']);

    value = 0;
    await waitFor('the alert to resolve', () => changes.find((c) => c.to === 'resolved'), 20_000);
    const recent = (await (await fetch(`${service.url}/api/alerts`)).json()) as { recent: { to: string }[] };
    expect(recent.recent.map((c) => c.to)).toEqual(['resolved', 'firing']);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^claude_zen_controller_rule_health\{rule="demo-high",health="ok"\} 1$/m);

    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
    // no token configured: changing endpoints are refused, with the fix
    const reload = await fetch(`${service.url}/-/reload`, { method: 'POST' });
    expect(reload.status).toBe(403);
    expect(await reload.json()).toMatchObject({ error: expect.stringMatching(/--token/) });
  }, 45_000);
});
