/**
 * Inhibition inside the ControllerService: on one scraped target (embedded store, real /metrics
 * endpoint), a critical alert fires first; a warning of the same job+instance that fires later is
 * `suppressed` (naming the inhibiting alert) and never reaches the real webhook channel.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../../../test/support/wait.js';
import { ControllerService, type MonitorAlert } from '../../monitor/service.js';

let dir: string;
let exporter: Server;
let hook: Server;
let service: ControllerService;
const received: { status: string; change: { labels: Record<string, string>; severity: string } }[] = [];
const alerts: MonitorAlert[] = [];

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'service-inhibition-'));
  exporter = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end('# TYPE demo_value gauge\ndemo_value 5\n');
  });
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end();
    });
  });
  const exporterPort = await listen(exporter);
  const hookPort = await listen(hook);
  const rules = join(dir, 'rules.yml');
  writeFileSync(
    rules,
    [
      'interval: 1s',
      'rules:',
      '  - name: demo-critical',
      '    query: demo_value',
      '    type: threshold',
      '    params: { warning: 1, critical: 2, direction: above }',
      '  - name: demo-warning',
      '    query: demo_value',
      '    type: threshold',
      '    params: { warning: 1, critical: 100, direction: above }',
      '    for: 2s',
    ].join('\n'),
  );
  service = new ControllerService({
    dataDir: join(dir, 'data'),
    scrapeTargets: [`127.0.0.1:${exporterPort}`],
    scrapeIntervalMs: 200,
    defaultRules: false,
    ruleFiles: [rules],
    evaluationTickMs: 100,
    optimization: { mode: 'off' },
    notifications: { channels: [{ kind: 'webhook', name: 'hook', url: `http://127.0.0.1:${hookPort}/` }] },
    http: { port: 0 },
    log: () => {},
  });
  service.on('alert', (a: MonitorAlert) => alerts.push(a));
  await service.start();
}, 30_000);

afterAll(async () => {
  await service?.stop();
  for (const s of [exporter, hook]) if (s) await new Promise<void>((r) => s.close(() => r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('inhibition in the service', () => {
  it('a critical alert hides a warning of the same target: suppressed, not notified', async () => {
    const critical = await waitFor('the critical alert', () =>
      alerts.find((a) => a.rule === 'demo-critical' && a.to === 'firing'),
    );
    expect(critical).toMatchObject({ severity: 'critical', status: 'active' });
    const warning = await waitFor('the warning alert', () =>
      alerts.find((a) => a.rule === 'demo-warning' && a.to === 'firing'),
    );
    expect(warning).toMatchObject({
      severity: 'warning',
      status: 'suppressed',
      suppressedBy: { inhibitedBy: { fingerprint: critical.fingerprint } },
    });
    const api = (await (await fetch(`${service.url}/api/alerts`)).json()) as {
      active: { rule: string; status: string; suppressedBy?: unknown }[];
    };
    expect(api.active.find((a) => a.rule === 'demo-warning')).toMatchObject({
      status: 'suppressed',
      suppressedBy: { inhibitedBy: { fingerprint: critical.fingerprint } },
    });
    expect(api.active.find((a) => a.rule === 'demo-critical')).toMatchObject({ status: 'active' });
    await waitFor('the critical notification', () => received.find((r) => r.change.severity === 'critical'));
    await new Promise((r) => setTimeout(r, 500));
    expect(received.map((r) => r.change.labels.alertname)).toEqual(['demo-critical']);
  }, 30_000);
});
