/**
 * A ControllerService for alert tests: the embedded store scraping a real local /metrics endpoint
 * (`metrics`, the exposition text), a rule file (`rules`, YAML lines), a real webhook channel
 * recording what it receives, optimization off. `stop()` stops and removes everything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControllerConfigInput } from '../../packages/controller/src/monitor/config.js';
import { ControllerService, type MonitorAlert } from '../../packages/controller/src/monitor/service.js';

export interface Received {
  at: number;
  body: { status: string; change: { labels: Record<string, string>; severity: string } };
}

export interface AlertServiceFixture {
  service: ControllerService;
  dir: string;
  /** Webhook deliveries, in arrival order. */
  received: Received[];
  /** Every `alert` event. */
  alerts: MonitorAlert[];
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

export async function startAlertService(opts: {
  rules: string[];
  metrics: string;
  config?: ControllerConfigInput;
}): Promise<AlertServiceFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'alert-service-'));
  const received: Received[] = [];
  const alerts: MonitorAlert[] = [];
  const exporter = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(opts.metrics);
  });
  const hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200).end();
    });
  });
  const servers = [exporter, hook];
  const closeAll = async () => {
    for (const s of servers) if (s.listening) await new Promise<void>((r) => s.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [exporterPort, hookPort] = [await listen(exporter), await listen(hook)];
    const rules = join(dir, 'rules.yml');
    writeFileSync(rules, ['interval: 1s', 'rules:', ...opts.rules].join('\n'));
    const service = new ControllerService({
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
      ...opts.config,
    });
    service.on('alert', (a: MonitorAlert) => alerts.push(a));
    await service.start();
    return {
      service,
      dir,
      received,
      alerts,
      async stop() {
        await service.stop();
        await closeAll();
      },
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
