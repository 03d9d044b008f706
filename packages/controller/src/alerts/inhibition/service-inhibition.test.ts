/**
 * Inhibition inside the ControllerService: on one scraped target (embedded store, real /metrics
 * endpoint), a critical alert fires first; a warning of the same job+instance that fires later is
 * `suppressed` (naming the inhibiting alert) and never reaches the real webhook channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertServiceFixture, startAlertService } from '../../../../../test/support/alert-service.js';
import { waitFor } from '../../../../../test/support/wait.js';
import type { ControllerService, MonitorAlert } from '../../monitor/service.js';

let fixture: AlertServiceFixture;
let service: ControllerService;
let alerts: MonitorAlert[];
const received = () => fixture.received.map((r) => r.body);

beforeAll(async () => {
  fixture = await startAlertService({
    metrics: '# TYPE demo_value gauge\ndemo_value 5\n',
    rules: [
      '  - name: demo-critical',
      '    query: demo_value',
      '    type: threshold',
      '    params: { warning: 1, critical: 2, direction: above }',
      '  - name: demo-warning',
      '    query: demo_value',
      '    type: threshold',
      '    params: { warning: 1, critical: 100, direction: above }',
      '    for: 2s',
    ],
  });
  ({ service, alerts } = fixture);
}, 30_000);

afterAll(async () => {
  await fixture?.stop();
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
    await waitFor('the critical notification', () =>
      received().find((r) => r.change.severity === 'critical'),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(received().map((r) => r.change.labels.alertname)).toEqual(['demo-critical']);
  }, 30_000);
});
