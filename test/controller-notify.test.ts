import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertHistory } from '../packages/controller/src/alerts/history/index.js';
import {
  backoffDelay,
  EmailNotifier,
  NotificationDispatcher,
  NotifyError,
  parseNotifyConfig,
  SlackNotifier,
  WebhookNotifier,
} from '../packages/controller/src/alerts/notify/index.js';
import {
  type AlertmanagerEvent,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../packages/controller/src/alerts/receivers/index.js';
import type { AlertStateChange } from '../packages/controller/src/alerts/state/types.js';

const FAST = { attempts: 3, initialDelayMs: 5, maxDelayMs: 20, factor: 2 };

function change(over: Partial<AlertStateChange> = {}): AlertStateChange {
  return {
    rule: 'cpu-usage',
    labels: { alertname: 'HighCpu', instance: 'svc:9464', job: 'swarm' },
    annotations: { summary: 'CPU usage is high', runbook_url: 'https://runbooks.example/cpu' },
    fingerprint: 'fp-1',
    from: 'pending',
    to: 'firing',
    at: 1_700_000_000_000,
    activeAt: 1_699_999_940_000,
    value: 0.93,
    severity: 'critical',
    score: 2.4,
    expected: 0.4,
    lower: 0.1,
    upper: 0.7,
    evidence: {
      root_cause: 'coordination latency up 4x',
      root_causes: '[{"cause":"many active networks","confidence":0.62}]',
      window: '5m',
    },
    ...over,
  };
}

interface Hit {
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A real HTTP server on 127.0.0.1 answering with the statuses in `plan` (then 200). */
async function recorder(plan: number[] = []): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => {
      data += d;
    });
    req.on('end', () => {
      hits.push({ headers: req.headers, body: JSON.parse(data) });
      const code = plan.length > 0 ? plan.shift()! : 200;
      res.writeHead(code === -1 ? 500 : code).end(code === 200 ? 'ok' : 'boom');
      if (code === -1) plan.unshift(-1);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cz-notify-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('notification config', () => {
  it('names the faulty field', () => {
    expect(() => parseNotifyConfig({ channels: [{ kind: 'slack', name: 's' }] })).toThrow(
      /channels\[0\]\.webhookUrl: is required/,
    );
    expect(() => parseNotifyConfig({ channels: [{ kind: 'webhook', name: 'w', url: 'ftp://x' }] })).toThrow(
      /channels\[0\]\.url: must be an http\(s\) URL/,
    );
    expect(() => parseNotifyConfig({ channels: [{ kind: 'pager', name: 'p' }] })).toThrow(
      /channels\[0\]\.kind/,
    );
    expect(() =>
      parseNotifyConfig({
        channels: [
          { kind: 'email', name: 'e', host: 'h', port: 25, from: 'a@b', to: ['c@d'], retry: { attempts: 0 } },
        ],
      }),
    ).toThrow(/channels\[0\]\.retry\.attempts: must be an integer >= 1/);
    const err = (() => {
      try {
        parseNotifyConfig({
          channels: [{ kind: 'email', name: 'e', host: 'h', port: 25, from: 'a@b', to: [] }],
        });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(NotifyError);
    expect((err as NotifyError).field).toBe('channels[0].to');
  });

  it('backoff grows exponentially, capped, with jitter in [exp/2, exp]', () => {
    const p = { attempts: 5, initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect(backoffDelay(p, 1, () => 0)).toBe(50);
    expect(backoffDelay(p, 1, () => 1)).toBe(100);
    expect(backoffDelay(p, 3, () => 1)).toBe(400);
    expect(backoffDelay(p, 10, () => 1)).toBe(1000);
  });
});

describe('slack and generic webhook against real HTTP servers', () => {
  let history: AlertHistory;
  let dispatcher: NotificationDispatcher | undefined;
  afterEach(async () => {
    await dispatcher?.stop();
    history?.close();
  });

  it('posts Slack { text, blocks } and the whole change as JSON with a bearer token', async () => {
    const slack = await recorder();
    const hook = await recorder();
    history = new AlertHistory({ dataDir: tempDir() });
    dispatcher = new NotificationDispatcher({
      history,
      channels: [
        { notifier: new SlackNotifier({ kind: 'slack', name: 'slack', webhookUrl: slack.url }) },
        {
          notifier: new WebhookNotifier({
            kind: 'webhook',
            name: 'hook',
            url: hook.url,
            bearerToken: 's3cret',
          }),
        },
      ],
    });
    dispatcher.start();
    dispatcher.enqueue(change());
    // enqueue never waits for a channel: the change is durably recorded and queued
    expect(dispatcher.metrics().slack).toMatchObject({ queued: 1, sent: 0 });
    expect(history.list()).toHaveLength(1);
    await dispatcher.idle();
    expect(slack.hits).toHaveLength(1);
    const s = slack.hits[0]!.body as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(s.text).toContain('[FIRING:critical] CPU usage is high');
    expect(s.text).toContain('value 0.93');
    const all = JSON.stringify(s.blocks);
    expect(all).toContain('0.1 – 0.7');
    expect(all).toContain('coordination latency up 4x');
    expect(all).toContain('many active networks (confidence 0.62)');
    expect(all).not.toContain('5m');
    expect(all).toContain('https://runbooks.example/cpu');
    expect(hook.hits).toHaveLength(1);
    expect(hook.hits[0]!.headers.authorization).toBe('Bearer s3cret');
    const h = hook.hits[0]!.body as { status: string; change: AlertStateChange };
    expect(h.status).toBe('firing');
    expect(h.change).toEqual(change());
    // pending is not notified; firing -> resolved is
    dispatcher.enqueue(
      change({ from: 'inactive', to: 'pending', at: 1_700_000_100_000, fingerprint: 'fp-2' }),
    );
    dispatcher.enqueue(change({ from: 'firing', to: 'resolved', at: 1_700_000_060_000 }));
    await dispatcher.idle();
    expect(slack.hits).toHaveLength(2);
    expect((slack.hits[1]!.body as { text: string }).text).toContain('[RESOLVED:critical]');
    expect((hook.hits[1]!.body as { status: string }).status).toBe('resolved');
    expect(dispatcher.metrics().slack).toMatchObject({ sent: 2, failed: 0, deadLettered: 0 });
    await slack.close();
    await hook.close();
  });

  it('retries 500, 500 then delivers; dead-letters a channel that always fails', async () => {
    const flaky = await recorder([500, 500]);
    const broken = await recorder([-1]);
    history = new AlertHistory({ dataDir: tempDir() });
    const letters: unknown[] = [];
    dispatcher = new NotificationDispatcher({
      history,
      onDeadLetter: (l) => letters.push(l),
      channels: [
        { notifier: new WebhookNotifier({ kind: 'webhook', name: 'flaky', url: flaky.url }), retry: FAST },
        {
          notifier: new SlackNotifier({ kind: 'slack', name: 'broken', webhookUrl: broken.url }),
          retry: FAST,
        },
      ],
    });
    dispatcher.start();
    dispatcher.enqueue(change());
    await dispatcher.idle();
    expect(flaky.hits).toHaveLength(3);
    expect(broken.hits).toHaveLength(3);
    const m = dispatcher.metrics();
    expect(m.flaky).toMatchObject({ sent: 1, failed: 2, retried: 2, deadLettered: 0 });
    expect(m.broken).toMatchObject({ sent: 0, failed: 3, deadLettered: 1 });
    const dead = history.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ channel: 'broken', fingerprint: 'fp-1', to: 'firing', attempts: 3 });
    expect(dead[0]!.error).toContain('answered 500');
    expect(letters).toHaveLength(1);
    const file = readFileSync(join(history.dir, 'dead-letter.jsonl'), 'utf8').trim().split('\n');
    expect(file).toHaveLength(1);
    await flaky.close();
    await broken.close();
  });

  it('a dispatcher built from a validated config delivers', async () => {
    const hook = await recorder();
    history = new AlertHistory({ dataDir: tempDir() });
    const config = parseNotifyConfig({
      channels: [
        {
          kind: 'webhook',
          name: 'cfg',
          url: hook.url,
          headers: { 'x-team': 'ops' },
          severities: ['critical'],
        },
      ],
    });
    dispatcher = NotificationDispatcher.fromConfig(config, history);
    dispatcher.start();
    dispatcher.enqueue(change());
    await dispatcher.idle();
    expect(hook.hits).toHaveLength(1);
    expect(hook.hits[0]!.headers['x-team']).toBe('ops');
    await hook.close();
  });

  it('a 4xx answer is permanent: dead-lettered at once, no retries', async () => {
    const gone = await recorder([404]);
    history = new AlertHistory({ dataDir: tempDir() });
    dispatcher = new NotificationDispatcher({
      history,
      channels: [
        { notifier: new WebhookNotifier({ kind: 'webhook', name: 'gone', url: gone.url }), retry: FAST },
      ],
    });
    dispatcher.start();
    dispatcher.enqueue(change());
    await dispatcher.idle();
    expect(gone.hits).toHaveLength(1);
    expect(dispatcher.metrics().gone).toMatchObject({ failed: 1, deadLettered: 1, retried: 0 });
    await gone.close();
  });

  it('per-channel severity filter', async () => {
    const all = await recorder();
    const critOnly = await recorder();
    history = new AlertHistory({ dataDir: tempDir() });
    dispatcher = new NotificationDispatcher({
      history,
      channels: [
        { notifier: new WebhookNotifier({ kind: 'webhook', name: 'all', url: all.url }) },
        {
          notifier: new WebhookNotifier({ kind: 'webhook', name: 'crit', url: critOnly.url }),
          severities: ['critical'],
        },
      ],
    });
    dispatcher.start();
    dispatcher.enqueue(change({ severity: 'warning', fingerprint: 'w' }));
    dispatcher.enqueue(change({ severity: 'critical', fingerprint: 'c' }));
    await dispatcher.idle();
    expect(all.hits).toHaveLength(2);
    expect(critOnly.hits.map((h) => (h.body as { change: AlertStateChange }).change.fingerprint)).toEqual([
      'c',
    ]);
    expect(dispatcher.metrics().crit!.skipped).toBe(1);
    await all.close();
    await critOnly.close();
  });
});

describe('history', () => {
  it('a restart sends nothing twice and resends what was not delivered; torn line tolerated', async () => {
    const hook = await recorder();
    const dataDir = tempDir();
    const channel = () => ({
      notifier: new WebhookNotifier({ kind: 'webhook', name: 'hook', url: hook.url }),
    });

    const h1 = new AlertHistory({ dataDir });
    const d1 = new NotificationDispatcher({ history: h1, channels: [channel()] });
    d1.start();
    d1.enqueue(change());
    await d1.idle();
    await d1.stop();
    // a change recorded but never delivered (the process died before sending)
    h1.recordChange(change({ fingerprint: 'fp-undelivered' }));
    h1.close();
    expect(hook.hits).toHaveLength(1);
    // a crash mid-write leaves a torn last line
    appendFileSync(join(dataDir, 'alerts', 'history.jsonl'), '{"type":"delivery","channel":"ho');

    const h2 = new AlertHistory({ dataDir });
    expect(h2.problems).toHaveLength(1);
    expect(h2.problems[0]!.message).toContain('torn last line');
    expect(h2.isDelivered(change(), 'hook')).toBe(true);
    expect(h2.list({ status: 'firing' }).map((c) => c.fingerprint)).toEqual(['fp-undelivered', 'fp-1']);
    // resume skips changes older than resumeMaxAgeMs (default 24 h)
    const stale = new NotificationDispatcher({
      history: h2,
      channels: [channel()],
      now: () => 1_700_000_000_000 + 25 * 3600_000,
    });
    stale.start();
    await stale.idle();
    await stale.stop();
    expect(hook.hits).toHaveLength(1);
    // an undelivered change under a silence that is still active is not resent on resume
    const muted = new NotificationDispatcher({
      history: h2,
      channels: [channel()],
      now: () => 1_700_000_200_000,
      muteOnResume: (c) => c.fingerprint === 'fp-undelivered',
    });
    muted.start();
    await muted.idle();
    await muted.stop();
    expect(hook.hits).toHaveLength(1);
    const d2 = new NotificationDispatcher({
      history: h2,
      channels: [channel()],
      now: () => 1_700_000_200_000,
    });
    d2.start();
    d2.enqueue(change()); // the same state change replayed by the evaluator after restart
    await d2.idle();
    expect(hook.hits.map((h) => (h.body as { change: AlertStateChange }).change.fingerprint)).toEqual([
      'fp-1',
      'fp-undelivered',
    ]);
    expect(d2.metrics().hook!.skipped).toBe(1);
    // a new state change of the same alert is sent
    d2.enqueue(change({ from: 'firing', to: 'resolved', at: 1_700_000_120_000 }));
    await d2.idle();
    expect(hook.hits).toHaveLength(3);
    await d2.stop();
    h2.close();

    const h3 = new AlertHistory({ dataDir });
    expect(h3.problems).toHaveLength(0); // the torn tail was cut, the file is line-aligned again
    expect(h3.list({ limit: 10 }).length).toBe(4);
    expect(h3.list({ since: 1_700_000_100_000 }).map((c) => c.to)).toEqual(['resolved']);
    expect(h3.lastDelivered('fp-1', 'hook')).toMatchObject({ to: 'resolved', outcome: 'sent' });
    h3.close();
    await hook.close();
  });
});

describe('history compaction', () => {
  it('rewrites a large file keeping the latest state of every alert and every delivery', () => {
    const dataDir = tempDir();
    const h1 = new AlertHistory({ dataDir });
    for (let i = 0; i < 50; i++) {
      const c = change({
        fingerprint: `fp-${i % 5}`,
        at: 1_700_000_000_000 + i * 1000,
        to: i % 2 ? 'resolved' : 'firing',
      });
      h1.recordChange(c);
      h1.recordDelivery('hook', c, 'sent', 1);
    }
    h1.close();
    const file = join(dataDir, 'alerts', 'history.jsonl');
    const before = readFileSync(file, 'utf8').split('\n').length;
    const h2 = new AlertHistory({ dataDir, memoryLimit: 3, compactAboveBytes: 1000 });
    const after = readFileSync(file, 'utf8').trim().split('\n').length;
    expect(after).toBeLessThan(before / 5);
    expect(h2.latestChanges()).toHaveLength(5);
    for (let f = 0; f < 5; f++) {
      const last = 45 + f;
      const c = change({
        fingerprint: `fp-${f}`,
        at: 1_700_000_000_000 + last * 1000,
        to: last % 2 ? 'resolved' : 'firing',
      });
      expect(h2.isDelivered(c, 'hook')).toBe(true);
    }
    expect(h2.list({ limit: 100 }).map((c) => c.at - 1_700_000_000_000)).toEqual([
      49000, 48000, 47000, 46000, 45000,
    ]);
    h2.close();
    const h3 = new AlertHistory({ dataDir });
    expect(h3.problems).toEqual([]);
    expect(h3.latestChanges()).toHaveLength(5);
    h3.close();
  });
});

describe('email against a real SMTP server', () => {
  let smtp: SMTPServer;
  let port: number;
  const mails: { from: string; to: string[]; raw: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (d) => {
          raw += d;
        });
        stream.on('end', () => {
          const envelope = session.envelope;
          mails.push({
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('sends subject, text and HTML bodies, with hostile label values escaped', async () => {
    const history = new AlertHistory({ dataDir: tempDir() });
    const email = new EmailNotifier({
      kind: 'email',
      name: 'mail',
      host: '127.0.0.1',
      port,
      from: 'monitor@example.test',
      to: ['oncall@example.test'],
    });
    const d = new NotificationDispatcher({
      history,
      channels: [{ notifier: email, severities: ['critical'], retry: FAST }],
    });
    d.start();
    d.enqueue(change({ labels: { alertname: 'HighCpu', instance: '<script>alert(1)</script>' } }));
    d.enqueue(change({ severity: 'warning', fingerprint: 'warn' }));
    await d.idle();
    await d.stop();
    history.close();
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.from).toBe('monitor@example.test');
    expect(m.to).toEqual(['oncall@example.test']);
    // nodemailer may fold/encode: decode quoted-printable soft breaks for the checks
    const raw = m.raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');
    expect(raw).toMatch(/Subject: \[FIRING:critical\] CPU usage is high/);
    expect(raw).toContain('text/plain');
    expect(raw).toContain('text/html');
    expect(raw).toContain('Value: 0.93');
    expect(raw).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const html = raw.slice(raw.indexOf('text/html'));
    expect(html).not.toContain('<script>');
  });

  it('an unreachable SMTP server is retried then dead-lettered', async () => {
    const history = new AlertHistory({ dataDir: tempDir() });
    const email = new EmailNotifier({
      kind: 'email',
      name: 'mail',
      host: '127.0.0.1',
      port: 1,
      from: 'monitor@example.test',
      to: ['oncall@example.test'],
      timeoutMs: 2000,
    });
    const d = new NotificationDispatcher({
      history,
      channels: [{ notifier: email, retry: { ...FAST, attempts: 2 } }],
    });
    d.start();
    d.enqueue(change());
    await d.idle();
    await d.stop();
    expect(d.metrics().mail).toMatchObject({ failed: 2, deadLettered: 1 });
    expect(history.deadLetters()[0]!.error).toContain('127.0.0.1:1');
    history.close();
  });
});

describe('alertmanager webhook receiver', () => {
  let receiver: WebhookReceiver;
  const events: AlertmanagerEvent[] = [];
  beforeAll(async () => {
    receiver = await startWebhookReceiver({
      token: 'tok-123',
      maxBodyBytes: 4096,
      onAlert: (e) => void events.push(e),
    });
  });
  afterAll(async () => {
    await receiver.close();
  });
  const payload = {
    version: '4',
    status: 'firing',
    receiver: 'controller',
    groupLabels: { alertname: 'HighCpu' },
    commonLabels: { alertname: 'HighCpu' },
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighCpu', instance: 'a' },
        annotations: { summary: 's' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: 'abc',
      },
    ],
  };
  const post = (body: string, auth?: string) =>
    fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body,
    });

  it('401 without or with a wrong token, whatever the path', async () => {
    expect((await post(JSON.stringify(payload))).status).toBe(401);
    expect((await post(JSON.stringify(payload), 'Bearer tok-124')).status).toBe(401);
    expect((await post(JSON.stringify(payload), 'Bearer tok-12')).status).toBe(401);
    expect((await fetch(receiver.url.replace('/webhooks/alertmanager', '/other'))).status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it('400 naming the field, 413 when oversize, 200 and one event per alert otherwise', async () => {
    const bad = { ...payload, alerts: [{ ...payload.alerts[0], labels: { alertname: 5 } }] };
    const r1 = await post(JSON.stringify(bad), 'Bearer tok-123');
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: string }).error).toContain('alerts[0].labels.alertname');
    const r2 = await post(JSON.stringify({ ...payload, version: '3' }), 'Bearer tok-123');
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { field: string }).field).toBe('version');
    const r3 = await post('{nope', 'Bearer tok-123');
    expect(r3.status).toBe(400);
    const big = { ...payload, commonLabels: { x: 'y'.repeat(5000) } };
    expect((await post(JSON.stringify(big), 'Bearer tok-123')).status).toBe(413);
    expect(events).toHaveLength(0);
    const ok = await post(JSON.stringify(payload), 'Bearer tok-123');
    expect(ok.status).toBe(200);
    expect(events).toEqual([
      {
        source: 'alertmanager',
        status: 'firing',
        labels: { alertname: 'HighCpu', instance: 'a' },
        annotations: { summary: 's' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: 'abc',
        receiver: 'controller',
      },
    ]);
  });
});
