import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertHistory } from '../packages/controller/src/alerts/history/index.js';
import {
  AlertmanagerNotifier,
  NotificationDispatcher,
} from '../packages/controller/src/alerts/notify/index.js';
import {
  type AlertmanagerEvent,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../packages/controller/src/alerts/receivers/index.js';
import type { AlertStateChange } from '../packages/controller/src/alerts/state/types.js';
import { findBinary } from './support/binaries.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { fetchText, waitFor } from './support/wait.js';

const binary = findBinary('prometheus-alertmanager', 'alertmanager');
const TOKEN = 'am-webhook-token';

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

describe.skipIf(!binary)('real Alertmanager', () => {
  let dir: string;
  let am: Child | undefined;
  let amUrl: string;
  let receiver: WebhookReceiver;
  let history: AlertHistory;
  let dispatcher: NotificationDispatcher;
  const makeDispatcher = (h: AlertHistory) =>
    new NotificationDispatcher({
      history: h,
      channels: [
        {
          notifier: new AlertmanagerNotifier({
            kind: 'alertmanager',
            name: 'am',
            url: amUrl,
            resendIntervalMs: 400,
          }),
          retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200, factor: 2 },
        },
      ],
    });
  const events: AlertmanagerEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cz-am-'));
    receiver = await startWebhookReceiver({ token: TOKEN, onAlert: (e) => void events.push(e) });
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: controller',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: controller',
        '    webhook_configs:',
        `      - url: ${receiver.url}`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        `            credentials: ${TOKEN}`,
        '',
      ].join('\n'),
    );
    am = startChild(binary!, [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ]);
    await waitFor(`alertmanager ready (${am.output()})`, () => fetchText(`${amUrl}/-/ready`), 15_000);
    history = new AlertHistory({ dataDir: join(dir, 'controller') });
    dispatcher = makeDispatcher(history);
    dispatcher.start();
  });

  afterAll(async () => {
    await dispatcher?.stop();
    history?.close();
    await am?.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const firing: AlertStateChange = {
    rule: 'cpu-usage',
    labels: {
      alertname: 'ControllerHighCpu',
      instance: 'svc:9464',
      job: 'swarm',
      'service.name': 'swarm-svc',
      empty: '',
    },
    annotations: { summary: 'CPU usage is high' },
    fingerprint: 'fp-am',
    from: 'pending',
    to: 'firing',
    at: Date.now(),
    activeAt: Date.now() - 60_000,
    value: 0.93,
    severity: 'critical',
    score: 2,
    expected: 0.4,
    lower: 0.1,
    upper: 0.7,
    evidence: {},
  };

  async function amAlerts(): Promise<AmAlert[]> {
    const res = await fetch(`${amUrl}/api/v2/alerts?filter=alertname%3D%22ControllerHighCpu%22`);
    return (await res.json()) as AmAlert[];
  }

  it('a pushed firing alert is listed by Alertmanager, renewed, and its webhook reaches the receiver', async () => {
    dispatcher.enqueue(firing);
    await dispatcher.idle();
    expect(dispatcher.metrics().am).toMatchObject({ sent: 1, failed: 0 });
    const listed = await waitFor('alert listed by Alertmanager', async () => {
      const a = await amAlerts();
      return a.length === 1 ? a[0] : undefined;
    });
    expect(listed.labels).toEqual({
      alertname: 'ControllerHighCpu',
      instance: 'svc:9464',
      job: 'swarm',
      service_name: 'swarm-svc',
      severity: 'critical',
    });
    expect(listed.annotations).toEqual({ summary: 'CPU usage is high' });
    expect(listed.status.state).toBe('active');
    expect(Date.parse(listed.startsAt)).toBe(firing.activeAt);
    const firstEnds = Date.parse(listed.endsAt);
    expect(firstEnds).toBeGreaterThan(Date.now());
    // while firing, the notifier re-pushes with endsAt renewed (4x the resend interval ahead)
    await waitFor(
      'endsAt renewed',
      async () => {
        const a = await amAlerts();
        return a[0] && Date.parse(a[0].endsAt) > firstEnds ? true : undefined;
      },
      5000,
    );

    const event = await waitFor('firing webhook from Alertmanager', () =>
      events.find((e) => e.status === 'firing' && e.labels.alertname === 'ControllerHighCpu'),
    );
    expect(event).toMatchObject({
      source: 'alertmanager',
      status: 'firing',
      receiver: 'controller',
      labels: { alertname: 'ControllerHighCpu', instance: 'svc:9464', job: 'swarm', severity: 'critical' },
      annotations: { summary: 'CPU usage is high' },
    });
    expect(event.fingerprint).toMatch(/^[0-9a-f]+$/);
  });

  it('after a restart the firing alert is re-pushed but not notified again', async () => {
    await dispatcher.stop();
    history.close();
    history = new AlertHistory({ dataDir: join(dir, 'controller') });
    dispatcher = makeDispatcher(history);
    dispatcher.start();
    await dispatcher.idle();
    const am = dispatcher.notifier('am') as AlertmanagerNotifier;
    expect(am.activeFingerprints()).toEqual(['fp-am']);
    dispatcher.enqueue(firing); // the evaluator replays the same state change
    await dispatcher.idle();
    expect(dispatcher.metrics().am).toMatchObject({ sent: 0, skipped: 1 });
    const before = Date.parse((await amAlerts())[0]!.endsAt);
    await waitFor(
      'endsAt renewed by the restarted notifier',
      async () => {
        const a = await amAlerts();
        return a[0] && Date.parse(a[0].endsAt) > before ? true : undefined;
      },
      5000,
    );
  });

  it('a resolve pushes endsAt = now and the resolved webhook arrives', async () => {
    const resolvedAt = Date.now();
    dispatcher.enqueue({ ...firing, from: 'firing', to: 'resolved', at: resolvedAt });
    await dispatcher.idle();
    expect(dispatcher.metrics().am).toMatchObject({ sent: 1, failed: 0 });
    const am = dispatcher.notifier('am') as AlertmanagerNotifier;
    expect(am.activeFingerprints()).toEqual([]);
    const event = await waitFor('resolved webhook from Alertmanager', () =>
      events.find((e) => e.status === 'resolved' && e.labels.alertname === 'ControllerHighCpu'),
    );
    expect(Date.parse(event.endsAt)).toBe(resolvedAt);
    // nothing of it is still active in Alertmanager: endsAt is in the past
    const listed = await amAlerts();
    expect(listed.filter((a) => Date.parse(a.endsAt) > Date.now())).toEqual([]);
    expect(am.resendFailures).toBe(0);
  });
});
