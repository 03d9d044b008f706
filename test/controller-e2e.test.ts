/**
 * The controller end to end with real processes: the example swarm service preloaded with
 * @claude-zen/otel (control token set, free ports), the ControllerService on the embedded store
 * scraping it every second, a rule set tuned for test speed, the optimizer in automatic mode with
 * short verification delays. A real fault (slow-inference) makes the neural rule fire; the
 * optimizer applies enable-wasm, verifies it and confirms it; the audit log and the HTTP API say so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerService, type MonitorAlert } from '@claude-zen/controller';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFiringAlerts } from './support/alertmanager-webhook.js';
import { findBinary } from './support/binaries.js';
import {
  fetchJson,
  reloadRules,
  waitForConfirmedOptimization,
  waitForHealthyRule,
} from './support/controller-api.js';
import { scrapingController } from './support/controller-config.js';
import { MEAN_INFERENCE, neuralRuleFile, slowLevel } from './support/neural-rule.js';
import { quickAutomaticOptimization } from './support/optimization.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { waitFor } from './support/wait.js';

const promtool = findBinary('promtool');
const SERVICE_TOKEN = 'controller-e2e-service-token-0123';
const CONTROLLER_TOKEN = 'controller-e2e-controller-token-4567';
/** Mean inference time above which the test rule fires (s): set from the idle level, then reloaded. */
let slowS = 10;
let rulesFile: string;

let dir: string;
let service: SwarmService;
let serviceApi: string;
let serviceControl: string;
let controller: ControllerService;
const alerts: MonitorAlert[] = [];
const anomalies: MonitorAlert[] = [];
const applied: { improvement: string }[] = [];

const rules = () => neuralRuleFile(slowS, slowS * 5, { category: 'neural' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'controller-e2e-'));
  rulesFile = join(dir, 'rules.yml');
  writeFileSync(rulesFile, rules());
  service = await startSwarmService(SERVICE_TOKEN);
  serviceApi = service.api;
  serviceControl = service.control;
  controller = new ControllerService({
    ...scrapingController(dir, service.metricsTarget, rulesFile),
    optimization: quickAutomaticOptimization(SERVICE_TOKEN),
    http: { port: 0, token: CONTROLLER_TOKEN },
  });
  controller.on('alert', (a: MonitorAlert) => alerts.push(a));
  controller.on('anomaly', (a: MonitorAlert) => anomalies.push(a));
  controller.on('optimization-applied', (r: { improvement: string }) => applied.push(r));
  await controller.start();
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await service?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const getJson = (path: string, init?: RequestInit) => fetchJson(controller.url as string, path, init);

describe('controller service end to end', () => {
  it('scrapes the service, evaluates the rules and reports its health', async () => {
    const health = await waitForHealthyRule(controller.url as string, 30_000);
    expect(health).toMatchObject({ status: 'ok', backend: { status: 'up' }, optimization: 'automatic' });
    // the service idles below the threshold: nothing fires before the fault
    expect(anomalies).toEqual([]);
    const metrics = await (await fetch(`${controller.url}/metrics`)).text();
    expect(metrics).toMatch(/^claude_zen_controller_backend_up\{backend="embedded",status="up"\} 1$/m);
    expect(metrics).toMatch(
      /^claude_zen_controller_rule_evaluation_duration_seconds\{rule="neural-performance"\} \d/m,
    );
    // changing endpoints need the token
    expect((await fetch(`${controller.url}/-/reload`, { method: 'POST' })).status).toBe(401);
  }, 40_000);

  it('reloads rules over HTTP with the token: the threshold is set from the idle level', async () => {
    // the idle mean inference time over the data so far; the fault makes it several times slower
    const now = Date.now();
    const idle = await controller.backend.range(MEAN_INFERENCE, now - 10_000, now, 1_000);
    const values = idle.resultType === 'matrix' ? idle.result.flatMap((s) => s.points.map((p) => p.v)) : [];
    expect(values.length).toBeGreaterThan(0);
    slowS = slowLevel(values);
    writeFileSync(rulesFile, rules());
    const { status, body } = await reloadRules(controller.url as string, CONTROLLER_TOKEN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'success', rules: 1, kept: ['neural-performance'] });
    expect(controller.rules.rules()[0].params).toMatchObject({ warning: slowS });
  });

  it('slow inference → the neural rule fires → enable-wasm is applied, verified and confirmed', async () => {
    expect(await service.fault('slow-inference')).toBe(200);
    const anomaly = await waitFor('the anomaly event', () => anomalies[0], 20_000);
    expect(anomaly).toMatchObject({
      rule: 'neural-performance',
      source: 'rule',
      status: 'active',
      to: 'firing',
    });
    expect(anomaly.value).toBeGreaterThan(slowS);
    expect(anomaly.title).toMatch(/^Inference on 127\.0\.0\.1:\d+ takes /);

    const confirmed = await waitForConfirmedOptimization(controller.url as string);
    expect(confirmed.map((e) => e.decision)).toEqual(['applied', 'verified', 'confirmed']);
    expect(confirmed.every((e) => e.action === 'enable-wasm')).toBe(true);
    expect(applied[0]?.improvement).toMatch(/^inferenceTime: \d+\.\d% improvement$/);
    const [result] = controller.optimizations();
    expect(result).toMatchObject({ action: 'enable-wasm', success: true, rolledBack: false });
    expect(result.baseline.inferenceTime).toBeGreaterThan(result.current.inferenceTime as number);

    // the service now infers on wasm, and the rule resolves as the fault is relieved
    const health = await (await fetch(`${serviceApi}/health`)).json();
    expect(JSON.stringify(health)).toContain('wasm');
    const alertsApi = await getJson('/api/alerts');
    expect((alertsApi.body.recent as { to: string }[]).some((c) => c.to === 'firing')).toBe(true);
    const metrics = await (await fetch(`${controller.url}/metrics`)).text();
    expect(metrics).toMatch(/^claude_zen_controller_optimizations_total\{result="confirmed"\} 1$/m);
  }, 50_000);

  it('serves the dashboard data over HTTP', async () => {
    const { status, body } = await getJson('/api/dashboard?period=60000');
    expect(status).toBe(200);
    expect(Object.keys(body.overview as object).sort()).toEqual([
      'availability',
      'efficiency',
      'health',
      'performance',
    ]);
    const metrics = body.metrics as {
      current: { available: boolean; neural: { wasmAcceleration?: boolean } };
    };
    expect(metrics.current.available).toBe(true);
    const opt = body.optimizations as { recent: { action: string }[]; impact: { applied: number } };
    expect(opt.recent[0].action).toBe('enable-wasm');
    expect(opt.impact.applied).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(body.recommendations)).toBe(true);
    expect((await getJson('/api/dashboard?period=-1')).status).toBe(400);
  });

  it('reloads again without losing alert state', async () => {
    const before = controller.activeAlerts().map((a) => a.fingerprint);
    const { status, body } = await reloadRules(controller.url as string, CONTROLLER_TOKEN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'success', rules: 1, kept: ['neural-performance'] });
    expect(controller.activeAlerts().map((a) => a.fingerprint)).toEqual(before);
  });

  it('feeds Alertmanager webhook alerts to the same optimizer (token required)', async () => {
    const target = controller.optimizations()[0].target;
    const payload = {
      version: '4',
      status: 'firing',
      receiver: 'claude-zen',
      groupLabels: {},
      commonLabels: {},
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'neural-performance', instance: target, severity: 'warning' },
          annotations: { summary: 'slow inference seen by Prometheus' },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'f00dfeed',
        },
      ],
    };
    const post = (headers: Record<string, string>) =>
      fetch(`${controller.url}/webhooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(payload),
      });
    expect((await post({})).status).toBe(401);
    const received: MonitorAlert[] = [];
    controller.on('anomaly', (a: MonitorAlert) => received.push(a));
    const res = await post({ authorization: `Bearer ${CONTROLLER_TOKEN}` });
    expect(res.status).toBe(200);
    expect(received[0]).toMatchObject({
      source: 'alertmanager',
      rule: 'neural-performance',
      status: 'active',
    });
    // the optimizer weighed it: the neural strategy just ran on that target, so it is skipped
    const skipped = await waitFor('the optimizer decision', async () => {
      const { body } = await getJson('/api/optimizations');
      const audit = body.audit as { decision: string; reason?: string; time: string }[];
      return audit.filter((e) => e.decision === 'skipped').at(-1);
    });
    expect(skipped.reason).toMatch(/^cooldown: neural ran on /);
    const metrics = await (await fetch(`${controller.url}/metrics`)).text();
    expect(metrics).toMatch(/^claude_zen_controller_webhook_alerts_total\{status="firing"\} 1$/m);
  });

  it.skipIf(!promtool)('serves self-metrics that promtool accepts', async () => {
    const text = await (await fetch(`${controller.url}/metrics`)).text();
    const check = spawnSync(promtool as string, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });

  it('in recommend mode an alert queues the action and explains it, applying nothing', async () => {
    const recommender = new ControllerService({
      dataDir: join(dir, 'recommend'),
      defaultRules: false,
      optimization: {
        mode: 'recommend',
        targets: [{ controlUrl: serviceControl, token: SERVICE_TOKEN, selector: { instance: 'svc' } }],
      },
      http: { port: 0, token: CONTROLLER_TOKEN },
    });
    await recommender.start();
    try {
      const changesBefore = await (
        await fetch(`${serviceControl}/v1/changes`, { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } })
      ).text();
      const res = await postFiringAlerts(recommender.url as string, CONTROLLER_TOKEN, [
        {
          status: 'firing',
          labels: { alertname: 'neural-performance', instance: 'svc' },
          annotations: {},
          startsAt: new Date().toISOString(),
          fingerprint: 'abc123',
        },
      ]);
      expect(res.status).toBe(200);
      const pending = await waitFor('the recommendation', () => recommender.optimizer?.pending()[0]);
      expect(pending.candidate.action.name).toBe('enable-wasm');
      expect(pending.explanation).toMatch(
        /^Neural Network Performance Optimization: alert neural-performance → enable-wasm/,
      );
      const { body } = await (async () => {
        const r = await fetch(`${recommender.url}/api/optimizations`);
        return { body: (await r.json()) as { mode: string; audit: { decision: string }[] } };
      })();
      expect(body.mode).toBe('recommend');
      expect(body.audit.map((e) => e.decision)).toEqual(['queued']);
      const changesAfter = await (
        await fetch(`${serviceControl}/v1/changes`, { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } })
      ).text();
      expect(changesAfter).toBe(changesBefore);
    } finally {
      await recommender.stop();
    }
  });
});
