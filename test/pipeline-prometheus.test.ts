/**
 * The production pipeline with real parts: the example service preloaded with @claude-zen/otel,
 * a real Prometheus scraping it and evaluating rules exported by `claude-zen rules export --format
 * prometheus` (a short-window rule file, so the test runs in seconds), a real Alertmanager routing
 * to the controller's `POST /webhooks/alertmanager` with the bearer token, and the controller
 * (reading Prometheus, with no rules of its own). Slow inference makes the exported comparative
 * alert fire in Prometheus; Alertmanager delivers it; the controller's optimizer applies
 * enable-wasm on the service, verifies and confirms it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ControllerService, type MonitorAlert } from '@claude-zen/controller';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerServer, startAlertmanager, webhookConfig } from './support/alertmanager.js';
import { findBinary } from './support/binaries.js';
import { waitForConfirmedOptimization } from './support/controller-api.js';
import { quickAutomaticOptimization } from './support/optimization.js';
import { freePort } from './support/ports.js';
import { type PrometheusServer, startPrometheus, swarmScrapeConfig } from './support/prometheus.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { waitFor } from './support/wait.js';

const root = resolve(__dirname, '..');
const bin = join(root, 'packages/cli/dist/bin.js');
const prometheusBin = findBinary('prometheus');
const alertmanagerBin = findBinary('prometheus-alertmanager', 'alertmanager');
const SERVICE_TOKEN = 'pipeline-service-token-0123';
const CONTROLLER_TOKEN = 'pipeline-controller-token-4567';

/**
 * The seed's neural-performance rule with test-sized windows. The idle service infers in about
 * 0.7 ms with 3x blips when the machine is busy; slow inference takes 25-60 ms: 8x separates them.
 */
const RULES = `interval: 1s
rules:
  - name: neural-performance
    query: 'sum by (job, instance) (rate(claude_zen_neural_inference_duration_seconds_sum[4s])) / sum by (job, instance) (rate(claude_zen_neural_inference_duration_seconds_count[4s]))'
    type: comparative-analysis
    params: { ratio: 8, baselineWindow: 20s, recentWindow: 4s, minSamples: 5 }
    for: 2s
    labels: { category: neural }
    annotations:
      summary: "Inference on {{ $labels.instance }} takes {{ humanize $value }}s (baseline {{ humanize $expected }}s)"
    actions: [enable-wasm]
  - name: forest
    query: up
    type: ml-anomaly-detection
`;

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

describe.skipIf(!prometheusBin || !alertmanagerBin)(
  'Prometheus → Alertmanager → controller → service',
  () => {
    let dir: string;
    let service: SwarmService;
    let prometheus: PrometheusServer;
    let alertmanager: AlertmanagerServer;
    let controller: ControllerService;
    const anomalies: MonitorAlert[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cz-pipeline-'));
      writeFileSync(join(dir, 'test-rules.yml'), RULES);
      const exported = spawnSync(
        process.execPath,
        [
          bin,
          'rules',
          'export',
          '--format',
          'prometheus',
          '--rules',
          join(dir, 'test-rules.yml'),
          '--no-default-rules',
          '--output',
          join(dir, 'exported.rules.yml'),
        ],
        { encoding: 'utf8' },
      );
      if (exported.status !== 0) throw new Error(`rules export failed: ${exported.stderr}`);
      expect(exported.stderr).toMatch(/^skipped forest \(ml-anomaly-detection\)/m);

      service = await startSwarmService(SERVICE_TOKEN);
      const amPort = await freePort();
      prometheus = await startPrometheus(
        prometheusBin as string,
        swarmScrapeConfig(service.metricsTarget, [
          `rule_files: ['${join(dir, 'exported.rules.yml')}']`,
          'alerting:',
          '  alertmanagers:',
          `    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]`,
        ]),
      );
      // no rules of its own: whatever it does comes from the webhook
      controller = new ControllerService({
        storage: 'prometheus',
        prometheusUrl: prometheus.url,
        dataDir: join(dir, 'controller'),
        defaultRules: false,
        optimization: quickAutomaticOptimization(SERVICE_TOKEN),
        http: { port: 0, token: CONTROLLER_TOKEN },
      });
      controller.on('anomaly', (a: MonitorAlert) => anomalies.push(a));
      await controller.start();
      alertmanager = await startAlertmanager(
        alertmanagerBin as string,
        webhookConfig(`${controller.url}/webhooks/alertmanager`, CONTROLLER_TOKEN),
        amPort,
      );
    }, 60_000);

    afterAll(async () => {
      await controller?.stop();
      await alertmanager?.stop();
      await prometheus?.stop();
      await service?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const promAlerts = async (): Promise<PromAlert[]> =>
      ((await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } })
        .data.alerts;

    it('Prometheus loads the exported rules and builds the baseline; nothing fires on the idle service', async () => {
      const groups = (
        (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
          data: { groups: { name: string; interval: number; rules: { health: string; name: string }[] }[] };
        }
      ).data.groups;
      expect(groups.map((g) => g.name)).toEqual(['claude-zen/neural-performance']);
      expect(groups[0].interval).toBe(1);
      await waitFor(
        'a baseline of 12 samples',
        async () => {
          const r = await prometheus.query('claude_zen_rule:neural_performance:baseline_samples >= 12');
          return r.length === 1 ? r : undefined;
        },
        40_000,
        500,
      );
      const rules = (
        (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
          data: { groups: { rules: { health: string; name: string; lastError?: string }[] }[] };
        }
      ).data.groups[0].rules;
      expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
      expect(await promAlerts()).toEqual([]);
      expect(anomalies).toEqual([]);
    }, 45_000);

    it('slow inference → Prometheus fires → Alertmanager → controller webhook → enable-wasm applied and confirmed', async () => {
      expect(await service.fault('slow-inference')).toBe(200);
      const firing = await waitFor(
        'the exported alert to fire in Prometheus',
        async () => (await promAlerts()).find((a) => a.state === 'firing'),
        20_000,
        250,
      );
      expect(firing.labels).toEqual({
        alertname: 'neural-performance',
        category: 'neural',
        instance: service.metricsTarget,
        job: 'swarm',
        rule: 'neural-performance',
        severity: 'warning',
        strategy: 'neural',
      });
      // the controller's template variables work in Prometheus: $expected from the recorded baseline
      expect(firing.annotations.summary).toMatch(
        new RegExp(
          `^Inference on ${service.metricsTarget.replace(/\./g, '\\.')} takes \\S+s \\(baseline \\S+s\\)$`,
        ),
      );
      expect(firing.annotations.actions).toBe('enable-wasm');

      const received = await waitFor('the alert to arrive over the webhook', () => anomalies[0], 15_000);
      expect(received).toMatchObject({
        source: 'alertmanager',
        rule: 'neural-performance',
        status: 'active',
      });
      expect(received.labels).toMatchObject({ instance: service.metricsTarget, severity: 'warning' });
      expect((await alertmanager.alerts()).map((a) => a.labels.alertname)).toContain('neural-performance');

      const confirmed = await waitForConfirmedOptimization(controller.url as string);
      expect(confirmed.map((e) => e.decision)).toEqual(['applied', 'verified', 'confirmed']);
      expect(confirmed.every((e) => e.action === 'enable-wasm')).toBe(true);
      const [result] = controller.optimizations();
      expect(result).toMatchObject({ action: 'enable-wasm', success: true, rolledBack: false });
      expect(result.target).toBe(service.metricsTarget);
      // applied on the service itself: its control endpoint recorded the confirmed change
      expect(await service.changes()).toContainEqual(
        expect.objectContaining({ action: 'enable-wasm', state: 'confirmed' }),
      );
    }, 60_000);
  },
);
