/**
 * Silences inside the ControllerService: the embedded store scrapes a real /metrics endpoint, a
 * rule fires, a silence (created over the HTTP API) makes it `suppressed` and keeps it from the real
 * webhook channel; once the silence ends by time the still-firing alert is notified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertServiceFixture, startAlertService } from '../../../../../test/support/alert-service.js';
import { waitFor } from '../../../../../test/support/wait.js';
import type { ControllerService, MonitorAlert } from '../../monitor/service.js';

const TOKEN = 'silence-test-token';
let fixture: AlertServiceFixture;
let service: ControllerService;
let received: AlertServiceFixture['received'];
let alerts: MonitorAlert[];

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

beforeAll(async () => {
  fixture = await startAlertService({
    metrics: '# TYPE demo_value gauge\ndemo_value 1\n',
    rules: [
      '  - name: demo-high',
      '    query: demo_value',
      '    type: threshold',
      '    params: { warning: 0.5, critical: 2, direction: above }',
    ],
    config: { http: { port: 0, token: TOKEN } },
  });
  ({ service, received, alerts } = fixture);
}, 30_000);

afterAll(async () => {
  await fixture?.stop();
});

describe('a silenced firing alert', () => {
  it('is suppressed and not notified while silenced, then notified once the silence expires', async () => {
    // changing endpoints need the token; bad silences name the field
    const body = (o: unknown) => JSON.stringify(o);
    const matchers = [{ name: 'alertname', value: 'demo-high', isRegex: false, isEqual: true }];
    const noAuth = await fetch(`${service.url}/api/silences`, { method: 'POST', body: body({}) });
    expect(noAuth.status).toBe(401);
    const bad = await fetch(`${service.url}/api/silences`, {
      method: 'POST',
      headers: auth,
      body: body({ matchers, createdBy: 'test', comment: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^endsAt: is required/);

    const endsAt = Date.now() + 4000;
    const created = await fetch(`${service.url}/api/silences`, {
      method: 'POST',
      headers: auth,
      body: body({ matchers, endsAt: new Date(endsAt).toISOString(), createdBy: 'test', comment: 'deploy' }),
    });
    expect(created.status).toBe(200);
    const { silence } = (await created.json()) as { silence: { id: string; endsAt: number } };
    expect(silence.endsAt).toBe(endsAt);

    const suppressed = await waitFor('the alert to fire, suppressed', () =>
      alerts.find((a) => a.to === 'firing'),
    );
    expect(suppressed).toMatchObject({ status: 'suppressed', suppressedBy: { silenceId: silence.id } });
    const api = (await (await fetch(`${service.url}/api/alerts`)).json()) as {
      active: { state: string; status: string; suppressedBy?: { silenceId?: string } }[];
    };
    expect(api.active).toMatchObject([
      { state: 'firing', status: 'suppressed', suppressedBy: { silenceId: silence.id } },
    ]);
    expect(service.alertsForDashboard()).toMatchObject([{ to: 'firing', status: 'suppressed' }]);
    const listed = (await (await fetch(`${service.url}/api/silences`)).json()) as {
      silences: { id: string; status: string }[];
    };
    expect(listed.silences).toMatchObject([{ id: silence.id, status: 'active' }]);

    // still firing, still silent until the silence ends; then one notification
    const firing = await waitFor('the notification after the silence ended', () =>
      received.find((r) => r.body.status === 'firing'),
    );
    expect(firing.at).toBeGreaterThanOrEqual(endsAt);
    expect(firing.body.change.labels.alertname).toBe('demo-high');
    expect(alerts.filter((a) => a.to === 'firing').map((a) => a.status)).toEqual(['suppressed', 'active']);
    const after = (await (await fetch(`${service.url}/api/alerts`)).json()) as {
      active: { status: string }[];
    };
    expect(after.active).toMatchObject([{ status: 'active' }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(received).toHaveLength(1); // notified once, not on every recheck
  }, 30_000);

  it('DELETE /api/silences/:id expires a silence (token needed; unknown ids are 404)', async () => {
    const created = await fetch(`${service.url}/api/silences`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        matchers: ['job="nothing"'],
        endsAt: Date.now() + 60_000,
        createdBy: 'test',
        comment: 'to expire',
      }),
    });
    const { silence } = (await created.json()) as { silence: { id: string } };
    expect((await fetch(`${service.url}/api/silences/${silence.id}`, { method: 'DELETE' })).status).toBe(401);
    const del = await fetch(`${service.url}/api/silences/${silence.id}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(200);
    const one = (await (await fetch(`${service.url}/api/silences`)).json()) as {
      silences: { id: string; status: string }[];
    };
    expect(one.silences.find((s) => s.id === silence.id)?.status).toBe('expired');
    expect(
      (await fetch(`${service.url}/api/silences/nope`, { method: 'DELETE', headers: auth })).status,
    ).toBe(404);
  });
});
