/**
 * Notifications carry root causes: the ControllerService's first notification of a firing alert
 * waits for the alert's enrichment (bounded), so the real local Slack, webhook and SMTP receivers
 * get the ranked root causes; when the enrichment is too slow (a Prometheus API that answers the
 * rule at once but the enrichment's queries late) the notification goes out on time and says the
 * root causes are not known yet. Alerts from Alertmanager's webhook are enriched too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerService } from '@claude-zen/controller';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postFiringAlerts } from './support/alertmanager-webhook.js';
import { waitFor } from './support/wait.js';

const TOKEN = 'notify-enriched-token-0123';
const dirs: string[] = [];
const servers: Server[] = [];
let controller: ControllerService | undefined;

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'notify-enriched-'));
  dirs.push(d);
  return d;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A real HTTP receiver recording JSON bodies with their arrival time. */
async function receiver(): Promise<{ url: string; bodies: { at: number; body: Record<string, unknown> }[] }> {
  const bodies: { at: number; body: Record<string, unknown> }[] = [];
  const url = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  return { url, bodies };
}

function rulesFile(dir: string): string {
  const file = join(dir, 'rules.yml');
  writeFileSync(
    file,
    [
      'interval: 1s',
      'rules:',
      '  - name: demo-high',
      '    query: demo_value',
      '    type: threshold',
      '    params: { warning: 0.5, critical: 2, direction: above }',
      '    annotations: { summary: "demo value high" }',
    ].join('\n'),
  );
  return file;
}

const smtpMails: string[] = [];
let smtp: SMTPServer;
let smtpPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (d) => {
        raw += d;
      });
      stream.on('end', () => {
        smtpMails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterEach(async () => {
  await controller?.stop();
  controller = undefined;
});

afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('notifications carry root causes', () => {
  it('the first notification of a firing alert waits for its root causes (Slack, webhook, email)', async () => {
    const dir = tempDir();
    // the service's /metrics: the alert series plus a coordination latency of 350 ms (a known cause)
    const exporter = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        '# TYPE demo_value gauge\ndemo_value 1\n# TYPE claude_zen_swarm_coordination_latency_seconds gauge\nclaude_zen_swarm_coordination_latency_seconds{swarm_id="s1"} 0.35\n',
      );
    });
    const hook = await receiver();
    const slack = await receiver();
    controller = new ControllerService({
      dataDir: join(dir, 'data'),
      defaultRules: false,
      ruleFiles: [rulesFile(dir)],
      scrapeTargets: [new URL(exporter).host],
      scrapeIntervalMs: 200,
      evaluationTickMs: 200,
      optimization: { mode: 'off' },
      http: { port: 0, token: TOKEN },
      notifications: {
        channels: [
          { kind: 'webhook', name: 'hook', url: hook.url },
          { kind: 'slack', name: 'slack', webhookUrl: slack.url },
          {
            kind: 'email',
            name: 'mail',
            host: '127.0.0.1',
            port: smtpPort,
            from: 'monitor@example.test',
            to: ['oncall@example.test'],
          },
        ],
      },
    });
    const firingAt: number[] = [];
    controller.on('anomaly', () => firingAt.push(Date.now()));
    await controller.start();

    const first = await waitFor('the webhook notification', () => hook.bodies[0], 20_000);
    const change = (first.body as { change: { annotations: Record<string, string> } }).change;
    const causes = JSON.parse(change.annotations.root_causes) as { cause: string; confidence: number }[];
    expect(causes[0]).toMatchObject({ cause: 'High swarm coordination overhead' });
    expect(causes[0].confidence).toBeGreaterThan(0);
    expect(change.annotations.impact).toMatch(/^(low|medium|high|critical): /);
    // sent after the anomaly, within the wait bound
    expect(first.at - firingAt[0]).toBeLessThan(2_000 + 1_000);

    const slackMsg = await waitFor('the Slack message', () => slack.bodies[0], 10_000);
    expect(JSON.stringify(slackMsg.body)).toContain('High swarm coordination overhead');
    const mail = await waitFor('the email', () => smtpMails[0], 10_000);
    expect(mail.replace(/=\r\n/g, '')).toContain('High swarm coordination overhead');
    // one notification per channel: the enrichment delayed it, it did not duplicate it
    expect(hook.bodies).toHaveLength(1);
  }, 40_000);

  it('a slow enrichment does not hold the notification longer than the bound, and the message says so', async () => {
    const dir = tempDir();
    // a Prometheus API: the rule's range query answers at once; instant queries (the enrichment's
    // current metrics) take 3 s
    const prom = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const send = (data: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'success', data }));
        };
        const path = (req.url ?? '').split('?')[0];
        if (path === '/api/v1/query_range') {
          if (form.get('query') !== 'demo_value') return send({ resultType: 'matrix', result: [] });
          const end = Number(form.get('end'));
          return send({
            resultType: 'matrix',
            result: [{ metric: { __name__: 'demo_value', job: 'svc' }, values: [[end, '1']] }],
          });
        }
        if (form.get('query') === '1')
          return send({ resultType: 'scalar', result: [Date.now() / 1000, '1'] });
        setTimeout(() => send({ resultType: 'vector', result: [] }), 3_000);
      });
    });
    const hook = await receiver();
    const logs: string[] = [];
    controller = new ControllerService({
      storage: 'prometheus',
      prometheusUrl: prom,
      dataDir: join(dir, 'data'),
      defaultRules: false,
      ruleFiles: [rulesFile(dir)],
      evaluationTickMs: 200,
      enrichWaitMs: 500,
      optimization: { mode: 'off' },
      http: { enabled: false },
      notifications: { channels: [{ kind: 'webhook', name: 'hook', url: hook.url }] },
      log: (l) => logs.push(l),
    });
    const firingAt: number[] = [];
    controller.on('anomaly', () => firingAt.push(Date.now()));
    await controller.start();
    const first = await waitFor('the webhook notification', () => hook.bodies[0], 20_000);
    const annotations = (first.body as { change: { annotations: Record<string, string> } }).change
      .annotations;
    expect(annotations.root_causes).toMatch(
      /^not known yet: the root-cause analysis did not finish within 500 ms/,
    );
    const delay = first.at - firingAt[0];
    expect(delay).toBeGreaterThanOrEqual(400);
    expect(delay).toBeLessThan(2_500);
    expect(
      logs.some((l) => /demo-high: notified without root causes \(not ready within 500 ms\)/.test(l)),
    ).toBe(true);
  }, 40_000);

  it('alerts from the Alertmanager webhook are enriched too (their expression from generatorURL)', async () => {
    const dir = tempDir();
    const exporter = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        '# TYPE queue_depth gauge\nqueue_depth 40\n# TYPE claude_zen_swarm_coordination_latency_seconds gauge\nclaude_zen_swarm_coordination_latency_seconds{swarm_id="s1"} 0.35\n',
      );
    });
    controller = new ControllerService({
      dataDir: join(dir, 'data'),
      defaultRules: false,
      scrapeTargets: [new URL(exporter).host],
      scrapeIntervalMs: 200,
      evaluationTickMs: 200,
      optimization: { mode: 'off' },
      http: { port: 0, token: TOKEN },
    });
    await controller.start();
    const c = controller;
    await waitFor('a first scrape', async () => {
      const r = await c.backend.instant('queue_depth', Date.now());
      return r.resultType === 'vector' && r.result.length > 0 ? true : undefined;
    });
    const res = await postFiringAlerts(controller.url as string, TOKEN, [
      {
        status: 'firing',
        labels: {
          alertname: 'QueueDeep',
          job: 'claude-zen',
          instance: new URL(exporter).host,
          severity: 'warning',
          category: 'swarm',
        },
        annotations: { summary: 'queue is deep' },
        startsAt: new Date().toISOString(),
        generatorURL: `http://prometheus.example:9090/graph?g0.expr=${encodeURIComponent('queue_depth > 10')}&g0.tab=1`,
        fingerprint: 'feedface01',
      },
    ]);
    expect(res.status).toBe(200);
    const enriched = await waitFor('the enrichment', () =>
      controller?.enrichedAlerts().find((e) => e.fingerprint === 'feedface01'),
    );
    expect(enriched).toMatchObject({ rule: 'QueueDeep', title: 'queue is deep', status: 'active' });
    expect(enriched.rootCauses.map((r) => r.cause)).toContain('High swarm coordination overhead');
    // its own history came from the expression in generatorURL
    expect(enriched.notes.filter((n) => n.startsWith('history of the alert series'))).toEqual([]);
    expect(enriched.context?.baseline).toBe(40);
  }, 30_000);
});
