/**
 * The preload end to end: a real child process started with `--require @claude-zen/otel`,
 * traffic, then (a) its /metrics through `promtool check metrics`, (b) a real Prometheus
 * scraping it and every catalogue metric queried through Prometheus' HTTP API.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../packages/otel/src/catalogue.js';
import { findBinary } from './support/binaries.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { type PrometheusServer, startPrometheus } from './support/prometheus.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const promtool = findBinary('promtool');
const prometheusBin = findBinary('prometheus');

let app: Child;
let metricsUrl: string;
let appUrl: string;
let controlPort: number;
const TOKEN = 'integration-test-token-0123456789';

beforeAll(async () => {
  const [port, metricsPort] = [await freePort(), await freePort()];
  controlPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  appUrl = `http://127.0.0.1:${port}`;
  app = startChild(
    process.execPath,
    ['--require', '@claude-zen/otel', join(root, 'test/fixtures/otel-app.cjs')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        OTEL_SERVICE_NAME: 'otel-fixture',
        CLAUDE_ZEN_CONTROL_TOKEN: TOKEN,
        CLAUDE_ZEN_CONTROL_PORT: String(controlPort),
        CLAUDE_ZEN_SWARM_INTERVAL_MS: '500',
        CLAUDE_ZEN_NEURAL_INTERVAL_MS: '500',
        CLAUDE_ZEN_MEMORY_INTERVAL_MS: '200',
      },
    },
  );
  await waitFor('the app to listen', () => (app.output().includes('listening') ? true : undefined));
  await waitFor('the metrics endpoint', () => fetchText(metricsUrl));
  for (let i = 0; i < 60; i++) await fetch(`${appUrl}/tasks/${1000 + i}`);
  for (let i = 0; i < 5; i++) await fetch(`${appUrl}/boom`);
  await fetch(`${appUrl}/missing`);
  // a real major GC through the control endpoint, so the after-GC heap series exists
  const gc = await fetch(`http://127.0.0.1:${controlPort}/v1/actions/trigger-gc/apply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ parameters: {} }),
  });
  expect(gc.status).toBe(201);
  await new Promise((r) => setTimeout(r, 1200)); // one swarm/neural/api window
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('preloaded process', () => {
  it('serves every catalogue family on /metrics', async () => {
    const text = (await fetchText(metricsUrl)) ?? '';
    const missing = CATALOGUE.filter(
      (m) => !new RegExp(`^${m.name}(_bucket|_sum|_count)?[{ ]`, 'm').test(text),
    );
    expect(missing.map((m) => m.name)).toEqual([]);
  });

  it('templates routes, counts statuses and bridges prom-client', async () => {
    const text = (await fetchText(metricsUrl)) ?? '';
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{[^}]*http_route="\/tasks\/:id"[^}]*\} 60/,
    );
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{[^}]*http_response_status_code="500"[^}]*\} 5/,
    );
    expect(text).not.toMatch(/http_route="\/tasks\/10\d\d"/);
    expect(text).toMatch(/^legacy_jobs_total 60$/m);
    expect(text).toMatch(
      /claude_zen_swarm_agents\{claude_zen_swarm_id="managed",claude_zen_agent_status="busy",claude_zen_agent_role="worker"\} 1/,
    );
    expect(text).toMatch(/claude_zen_neural_training_epoch\{gen_ai_request_model="ranker",[^}]*\} 3/);
  });

  it('advertises the control endpoint in target_info without the token', async () => {
    const text = (await fetchText(metricsUrl)) ?? '';
    const info = text.split('\n').find((l) => l.startsWith('target_info{')) ?? '';
    expect(info).toContain(`claude_zen_control_url="http://127.0.0.1:${controlPort}"`);
    expect(info).toContain('service_name="otel-fixture"');
    expect(info).not.toContain('integration-test-token');
  });

  it('does not count its own scrapes or control calls as application requests', async () => {
    await fetch(`http://127.0.0.1:${controlPort}/v1/actions`);
    const text = (await fetchText(metricsUrl)) ?? '';
    expect(text).not.toMatch(/http_route="\/metrics"/);
    expect(text).not.toMatch(/http_route="\/v1\/actions"/);
  });

  it.skipIf(!promtool)('passes promtool check metrics', async () => {
    const text = (await fetchText(metricsUrl)) ?? '';
    const res = spawnSync(promtool!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${res.stdout}${res.stderr}`.trim()).toBe('');
    expect(res.status).toBe(0);
  });

  describe.skipIf(!prometheusBin)('scraped by a real Prometheus', () => {
    let prom: PrometheusServer;
    beforeAll(async () => {
      const target = new URL(metricsUrl).host;
      prom = await startPrometheus(
        prometheusBin!,
        `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: fixture\n    static_configs:\n      - targets: ['${target}']\n`,
      );
      await waitFor(
        'a successful scrape',
        async () => {
          const up = await prom.query('up{job="fixture"}');
          return up.length && up[0].value[1] === '1' ? true : undefined;
        },
        30_000,
      );
    }, 60_000);
    afterAll(async () => {
      await prom?.stop();
    });

    it('can query every catalogue metric', async () => {
      const empty: string[] = [];
      for (const m of CATALOGUE) {
        const expr = m.type === 'histogram' ? `${m.name}_count` : m.name;
        const result = await prom.query(`${expr}{job="fixture"}`);
        if (result.length === 0) empty.push(expr);
      }
      expect(empty).toEqual([]);
    });

    it('computes rates and quantiles from the exported series', async () => {
      await waitFor(
        'two scrapes of traffic',
        async () => {
          for (let i = 0; i < 10; i++) await fetch(`${appUrl}/tasks/${i}`);
          const r = await prom.query(
            'sum(rate(http_server_request_duration_seconds_count{job="fixture"}[10s]))',
          );
          return r.length && Number(r[0].value[1]) > 0 ? true : undefined;
        },
        20_000,
        1000,
      );
      const q = await prom.query(
        'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{job="fixture"}[1m])))',
      );
      expect(q).toHaveLength(1);
      expect(Number(q[0].value[1])).toBeGreaterThan(0);
    });
  });
});
