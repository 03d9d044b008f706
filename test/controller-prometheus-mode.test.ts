/**
 * The controller with `storage: 'prometheus'` against a real Prometheus passes the same end-to-end
 * fault test as on the embedded store (controller-e2e.test.ts): the example service preloaded with
 * @claude-zen/otel, scraped every second by Prometheus; the controller reads everything (rule
 * queries, target discovery from target_info, verification readings) over Prometheus's HTTP API.
 * Slow inference makes the neural rule fire; enable-wasm is applied, verified and confirmed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerService, type MonitorAlert } from '@claude-zen/controller';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from './support/binaries.js';
import {
  fetchJson,
  reloadRules,
  waitForConfirmedOptimization,
  waitForHealthyRule,
} from './support/controller-api.js';
import { MEAN_INFERENCE, neuralRuleFile, slowLevel } from './support/neural-rule.js';
import { quickAutomaticOptimization } from './support/optimization.js';
import { type PrometheusServer, startPrometheus, swarmScrapeConfig } from './support/prometheus.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { waitFor } from './support/wait.js';

const prometheusBin = findBinary('prometheus');
const SERVICE_TOKEN = 'prom-mode-service-token-0123';
const CONTROLLER_TOKEN = 'prom-mode-controller-token-4567';
let slowS = 10;
const rules = () => neuralRuleFile(slowS, slowS * 5);

describe.skipIf(!prometheusBin)('controller on a real Prometheus (storage: prometheus)', () => {
  let dir: string;
  let rulesFile: string;
  let service: SwarmService;
  let prometheus: PrometheusServer;
  let controller: ControllerService;
  const anomalies: MonitorAlert[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cz-prom-mode-'));
    rulesFile = join(dir, 'rules.yml');
    writeFileSync(rulesFile, rules());
    service = await startSwarmService(SERVICE_TOKEN);
    prometheus = await startPrometheus(prometheusBin as string, swarmScrapeConfig(service.metricsTarget));
    controller = new ControllerService({
      storage: 'prometheus',
      prometheusUrl: prometheus.url,
      dataDir: join(dir, 'data'),
      defaultRules: false,
      ruleFiles: [rulesFile],
      evaluationTickMs: 250,
      optimization: quickAutomaticOptimization(SERVICE_TOKEN),
      http: { port: 0, token: CONTROLLER_TOKEN },
    });
    controller.on('anomaly', (a: MonitorAlert) => anomalies.push(a));
    await controller.start();
  }, 60_000);

  afterAll(async () => {
    await controller?.stop();
    await prometheus?.stop();
    await service?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const getJson = (path: string, init?: RequestInit) => fetchJson(controller.url as string, path, init);

  it('evaluates its rules over the Prometheus API and reports the backend', async () => {
    await waitForHealthyRule(controller.url as string, 30_000);
    const metrics = await (await fetch(`${controller.url}/metrics`)).text();
    expect(metrics).toContain(
      `claude_zen_controller_backend_up{backend="prometheus ${prometheus.url}",status="up"} 1`,
    );
    expect(anomalies).toEqual([]);
  }, 40_000);

  it('finds the target in target_info on Prometheus: job and instance from its scrape', async () => {
    const info = await prometheus.query('target_info{claude_zen_control_url!=""}');
    expect(info).toHaveLength(1);
    expect(info[0].metric).toMatchObject({ job: 'swarm', instance: service.metricsTarget });
    expect(info[0].metric.claude_zen_control_url).toBe(`${service.control}`);
  });

  it('slow inference → the neural rule fires → enable-wasm is applied, verified and confirmed', async () => {
    // the threshold from the idle level, read over Prometheus, then a reload
    const now = Date.now();
    const idle = await controller.backend.range(MEAN_INFERENCE, now - 8_000, now, 1_000);
    const values = idle.resultType === 'matrix' ? idle.result.flatMap((s) => s.points.map((p) => p.v)) : [];
    expect(values.length).toBeGreaterThan(0);
    slowS = slowLevel(values);
    writeFileSync(rulesFile, rules());
    const reload = await reloadRules(controller.url as string, CONTROLLER_TOKEN);
    expect(reload.body).toMatchObject({ status: 'success', rules: 1 });

    expect(await service.fault('slow-inference')).toBe(200);
    const anomaly = await waitFor('the anomaly event', () => anomalies[0], 20_000);
    expect(anomaly).toMatchObject({ rule: 'neural-performance', source: 'rule', to: 'firing' });
    expect(anomaly.value).toBeGreaterThan(slowS);
    expect(anomaly.labels).toMatchObject({ job: 'swarm', instance: service.metricsTarget });

    const confirmed = await waitForConfirmedOptimization(controller.url as string);
    expect(confirmed.map((e) => e.decision)).toEqual(['applied', 'verified', 'confirmed']);
    expect(confirmed.every((e) => e.action === 'enable-wasm')).toBe(true);
    const [result] = controller.optimizations();
    expect(result).toMatchObject({ action: 'enable-wasm', success: true, rolledBack: false });
    expect(result.baseline.inferenceTime).toBeGreaterThan(result.current.inferenceTime as number);
    // the service itself says so: the change is confirmed on its control endpoint
    const changes = await service.changes();
    expect(changes).toContainEqual(expect.objectContaining({ action: 'enable-wasm', state: 'confirmed' }));
  }, 60_000);
  it('serves the dashboard data read from Prometheus', async () => {
    const { status, body } = await getJson('/api/dashboard?period=60000');
    expect(status).toBe(200);
    const metrics = body.metrics as { current: { available: boolean } };
    expect(metrics.current.available).toBe(true);
    const opt = body.optimizations as { recent: { action: string }[] };
    expect(opt.recent[0].action).toBe('enable-wasm');
  });

  it('reloads without losing alert state', async () => {
    const before = controller.activeAlerts().map((a) => a.fingerprint);
    const { status, body } = await reloadRules(controller.url as string, CONTROLLER_TOKEN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'success', rules: 1, kept: ['neural-performance'] });
    expect(controller.activeAlerts().map((a) => a.fingerprint)).toEqual(before);
  });
});
