/**
 * Every Grafana dashboard panel has data, on every path the metrics take. The example service runs
 * under the preload with load. (a) A real Prometheus scrapes it and (b) the embedded store
 * (`claude-zen tsdb serve`) scrapes it, both every second, along with a controller
 * (`claude-zen monitor start --storage prometheus`, whose rules read that Prometheus). (c) The
 * same service also pushes OTLP; what the Collector of otel-collector-config.yaml makes of it
 * (test/deploy-remote-write.ts: its names, job/instance from the resource, target_info) is
 * remote-written into that Prometheus, under the instance the Collector gives it. Each panel query,
 * with $job / $instance / $__rate_interval filled in as Grafana would, must parse with
 * @prometheus-io/lezer-promql and return samples over the last minute on all three.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOGUE } from '../packages/otel/src/catalogue.js';
import type { OtlpJsonExport } from './deploy-otlp-names.js';
import { collectorSeries, remoteWrite } from './deploy-remote-write.js';
import { findBinary } from './support/binaries.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { type PrometheusServer, startPrometheus } from './support/prometheus.js';
import { startSwarmService } from './support/swarm-service.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const CLI = join(root, 'packages/cli/dist/bin.js');
const DASHBOARDS = join(root, 'grafana/dashboards');
const TOKEN = 'grafana-dashboards-test-token-0123456789';

interface Target {
  expr: string;
  refId: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: Target[];
  fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps: unknown[] } } };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

const dashboards: Dashboard[] = readdirSync(DASHBOARDS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')));

/** PromQL with Grafana's variables replaced the way Grafana sends them. */
function substitute(expr: string, vars: Record<string, string>): string {
  return expr
    .replace(/\$__rate_interval/g, vars.rate)
    .replace(/\$job\b/g, vars.job)
    .replace(/\$instance\b/g, vars.instance);
}

/** Error nodes of the lezer PromQL parse, as text. */
function syntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.type.isError) errors.push(`at ${n.from}: "${expr.slice(Math.max(0, n.from - 10), n.to + 10)}"`);
    },
  });
  return errors;
}

/** Metric names of the vector selectors of a query (from the lezer parse tree). */
function metricNames(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector')
        names.push(expr.slice(n.from, n.to));
    },
  });
  return names;
}

/** Grafana's label_values(selector, label): the label's values among the series of the time range. */
async function labelValues(base: string, definition: string, seconds: number): Promise<string[]> {
  const m = /^label_values\((.+),\s*(\w+)\)$/.exec(definition);
  if (!m) throw new Error(`unsupported variable query ${definition}`);
  const end = Math.floor(Date.now() / 1000);
  const params = new URLSearchParams({ 'match[]': m[1], start: String(end - seconds), end: String(end) });
  const body = (await (await fetch(`${base}/api/v1/series?${params}`)).json()) as {
    status: string;
    error?: string;
    data: Record<string, string>[];
  };
  if (body.status !== 'success') throw new Error(`${base}: series ${m[1]}: ${body.error}`);
  return [...new Set(body.data.map((s) => s[m[2]]).filter((v) => v !== undefined))];
}

const promBin = findBinary('prometheus');
const dirs: string[] = [];
const children: Child[] = [];
let prom: PrometheusServer | undefined;
let embedded = '';
const job = 'swarm-demo';
let instance = '';
/** The instance label the Collector path gives the same process (host.name:process.pid). */
let collectorInstance = '';
let otlpReceiver: Server | undefined;
const writeErrors: string[] = [];

async function query(base: string, expr: string): Promise<{ resultType: string; result: unknown }> {
  const res = await fetch(`${base}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr, time: String(Date.now() / 1000) }),
  });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data: { resultType: string; result: unknown };
  };
  if (body.status !== 'success') throw new Error(`${base}: ${expr}: ${body.error}`);
  return body.data;
}

function isEmpty(data: { resultType: string; result: unknown }): boolean {
  if (data.resultType === 'scalar' || data.resultType === 'string') return false;
  return (data.result as unknown[]).length === 0;
}

/** Samples a range query returns over the last `seconds`, as Grafana asks for a panel's time range. */
async function rangeSamples(base: string, expr: string, seconds: number): Promise<number> {
  const end = Math.floor(Date.now() / 1000);
  const res = await fetch(`${base}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr, start: String(end - seconds), end: String(end), step: '1' }),
  });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data: { result: { values: unknown[] }[] };
  };
  if (body.status !== 'success') throw new Error(`${base}: ${expr}: ${body.error}`);
  return body.data.result.reduce(
    (n, s) => n + s.values.filter((v) => !Number.isNaN(Number((v as string[])[1]))).length,
    0,
  );
}

/** Rules with the dashboards' rule names that judge at once (threshold detectors, every second). */
const RULES = `interval: 1s
rules:
  - name: cpu-usage
    metric: system.cpu
    type: threshold
    params: { warning: 0.7, critical: 0.95, direction: above }
  - name: api-anomaly
    metric: api.responseTime
    type: threshold
    params: { warning: 0.5, critical: 1, direction: above }
  - name: swarm-degradation
    metric: swarm.efficiency
    type: threshold
    params: { warning: 0.7, critical: 0.5, direction: below }
  - name: neural-performance
    metric: neural.inferenceTime
    type: threshold
    params: { warning: 0.2, critical: 0.5, direction: above }
  - name: memory-leak
    metric: system.memory
    type: threshold
    params: { warning: 4000000000, critical: 8000000000, direction: above }
`;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx tsc -b" first`);
  if (!promBin) return;
  const dir = mkdtempSync(join(tmpdir(), 'czm-grafana-'));
  dirs.push(dir);
  const [controllerPort, tsdbPort] = await Promise.all(Array.from({ length: 2 }, () => freePort()));
  // the Collector path: each OTLP export, translated as the Collector does, remote-written to Prometheus
  let writes = Promise.resolve();
  otlpReceiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{}');
      if (!prom || req.url !== '/v1/metrics') return;
      const series = collectorSeries(JSON.parse(body) as OtlpJsonExport);
      const info = series.find((x) => x.labels.__name__ === 'target_info');
      if (info) collectorInstance = info.labels.instance;
      const url = `${prom.url}/api/v1/write`;
      writes = writes.then(() => remoteWrite(url, series)).catch((e) => void writeErrors.push(String(e)));
    });
  });
  await new Promise<void>((r) => otlpReceiver!.listen(0, '127.0.0.1', r));
  const otlpPort = (otlpReceiver.address() as AddressInfo).port;
  const service = await startSwarmService(
    TOKEN,
    {
      OTEL_SERVICE_NAME: 'swarm-demo',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
    {
      tuning: {
        CLAUDE_ZEN_SWARM_INTERVAL_MS: '300',
        CLAUDE_ZEN_NEURAL_INTERVAL_MS: '300',
        CLAUDE_ZEN_MEMORY_INTERVAL_MS: '500',
        CLAUDE_ZEN_LEAK_WINDOW_MS: '5000',
        AGENTS: '4',
        LOAD_RPS: '25',
        TRAIN_INTERVAL_MS: '4000',
      },
      readyTimeoutMs: 50_000,
    },
  );
  children.push(service.child);
  instance = service.metricsTarget;
  const scrape = (controller: boolean) => `global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  evaluation_interval: 1s
scrape_configs:
  - job_name: ${job}
    static_configs:
      - targets: ['${instance}']
${
  controller
    ? `  - job_name: claude-zen-controller
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:${controllerPort}']
`
    : ''
}`;
  prom = await startPrometheus(promBin, scrape(true), ['--web.enable-remote-write-receiver']);
  writeFileSync(join(dir, 'scrape.yml'), scrape(true));
  writeFileSync(join(dir, 'rules.yml'), RULES);
  const tsdb = startChild(
    process.execPath,
    [
      CLI,
      'tsdb',
      'serve',
      '--data',
      join(dir, 'tsdb'),
      '--config',
      join(dir, 'scrape.yml'),
      '--listen',
      `127.0.0.1:${tsdbPort}`,
    ],
    { cwd: root },
  );
  children.push(tsdb);
  embedded = `http://127.0.0.1:${tsdbPort}`;
  const controller = startChild(
    process.execPath,
    [
      CLI,
      'monitor',
      'start',
      '--storage',
      'prometheus',
      '--prometheus-url',
      prom.url,
      '--no-default-rules',
      '--rules',
      join(dir, 'rules.yml'),
      '--optimization',
      'recommend',
      '--port',
      String(controllerPort),
      '--data',
      join(dir, 'controller'),
      '--token',
      TOKEN,
    ],
    { cwd: root, env: { ...process.env, CLAUDE_ZEN_CONTROL_TOKEN: TOKEN } },
  );
  children.push(controller);
  await waitFor(
    'the controller to publish anomaly scores',
    async () => {
      if (controller.proc.exitCode !== null) throw new Error(`controller exited: ${controller.output()}`);
      const text = await fetchText(`http://127.0.0.1:${controllerPort}/metrics`).catch(() => undefined);
      return text?.includes('claude_zen_anomaly_upper{rule="neural-performance"') &&
        text.includes('rule="api-anomaly"')
        ? true
        : undefined;
    },
    45_000,
    500,
  );
  // both stores hold a few rate windows of the service and the controller
  for (const [base, inst] of [
    [prom.url, instance],
    [embedded, instance],
    [prom.url, collectorInstance],
  ])
    await waitFor(
      `${base} to hold the controller's bands and rate windows of ${inst} (remote write errors: ${writeErrors.slice(-1)})`,
      async () => {
        const sel = `{instance="${inst}"}`;
        const a = await query(
          base,
          `count(claude_zen_anomaly_upper{rule="neural-performance",instance="${inst}"})`,
        );
        const r = await query(base, `count(rate(claude_zen_neural_inferences_total${sel}[5s]) > 0)`);
        return isEmpty(a) || isEmpty(r) ? undefined : true;
      },
      30_000,
      500,
    );
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => (otlpReceiver ? otlpReceiver.close(() => r()) : r()));
  await prom?.stop();
  for (const c of children.reverse()) await c.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('grafana/ provisioning and dashboard files', () => {
  it('provisions the Prometheus of compose as the default data source and loads every dashboard', () => {
    const ds = parse(readFileSync(join(root, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8'));
    const source = ds.datasources[0];
    expect(source).toMatchObject({ type: 'prometheus', uid: 'prometheus', isDefault: true });
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
    expect(new URL(source.url).hostname).toBe('prometheus');
    expect(compose.services.prometheus.ports.map((p: string) => p.split(':').at(-1))).toContain(
      new URL(source.url).port,
    );
    // $__rate_interval is derived from the scrape interval Grafana is told about
    const promConfig = parse(readFileSync(join(root, 'deploy/prometheus/prometheus.yml'), 'utf8'));
    expect(source.jsonData.timeInterval).toBe(promConfig.global.scrape_interval);
    const provider = parse(readFileSync(join(root, 'grafana/provisioning/dashboards/claude-zen.yml'), 'utf8'))
      .providers[0];
    expect(compose.services.grafana.volumes).toContain(`./grafana/dashboards:${provider.options.path}:ro`);
    expect(compose.services.grafana.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  it('has the six dashboards, with job and instance variables, units and seed thresholds', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(
      ['alerts', 'api', 'memory', 'neural', 'swarm', 'system'].map((k) => `claude-zen-${k}`),
    );
    for (const d of dashboards) {
      expect(d.schemaVersion).toBe(39);
      const vars = d.templating.list.map((v) => v.name);
      expect(vars).toEqual(expect.arrayContaining(['job', 'instance']));
      expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
      for (const p of d.panels) {
        expect(p.targets?.length, `${d.title} / ${p.title}`).toBeGreaterThan(0);
        expect(p.fieldConfig?.defaults?.unit, `${d.title} / ${p.title}`).toBeDefined();
      }
    }
    const panel = (uid: string, title: string) =>
      dashboards.find((d) => d.uid === uid)!.panels.find((p) => p.title === title)!;
    const values = (p: Panel) =>
      (p.fieldConfig!.defaults!.thresholds!.steps as { value: number | null }[]).map((s) => s.value);
    expect(values(panel('claude-zen-system', 'Process CPU (share of one core)'))).toEqual([
      null,
      0.7,
      0.85,
      0.95,
    ]);
    expect(values(panel('claude-zen-system', 'Host memory in use'))).toEqual([null, 0.75, 0.85, 0.95]);
    expect(values(panel('claude-zen-swarm', 'Lowest swarm efficiency'))).toEqual([null, 0.5, 0.7, 0.9]);
    expect(values(panel('claude-zen-api', 'Response time p95'))).toEqual([null, 0.1, 0.5, 1]);
    expect(values(panel('claude-zen-neural', 'Inference p95'))).toEqual([null, 0.05, 0.2, 0.5]);
  });

  it('uses the catalogue metric names and overlays the controller’s anomaly score and band', () => {
    const catalogue = new Set(CATALOGUE.map((c) => c.name));
    const controller = /^claude_zen_(controller_\w+|anomaly_(score|expected|lower|upper))$/;
    const builtin = new Set(['ALERTS']);
    const used = new Set<string>();
    expect(metricNames('sum(rate(http_server_request_duration_seconds_count{job="x"}[5m]))')).toEqual([
      'http_server_request_duration_seconds_count',
    ]);
    for (const d of dashboards)
      for (const p of d.panels)
        for (const t of p.targets ?? []) {
          for (const n of metricNames(t.expr)) {
            const family = n.replace(/_(bucket|sum|count)$/, '');
            const known = catalogue.has(n) || catalogue.has(family) || controller.test(n) || builtin.has(n);
            expect(known, `${d.title} / ${p.title}: ${n}`).toBe(true);
            used.add(catalogue.has(n) ? n : family);
          }
        }
    for (const m of [
      'claude_zen_anomaly_score',
      'claude_zen_anomaly_expected',
      'claude_zen_anomaly_lower',
      'claude_zen_anomaly_upper',
    ])
      expect(used.has(m), m).toBe(true);
    // the bands sit on the panels of the metrics their rules judge
    for (const [uid, rule] of [
      ['claude-zen-system', 'cpu-usage'],
      ['claude-zen-api', 'api-anomaly'],
      ['claude-zen-swarm', 'swarm-degradation'],
      ['claude-zen-neural', 'neural-performance'],
      ['claude-zen-memory', 'memory-leak'],
    ]) {
      const d = dashboards.find((x) => x.uid === uid)!;
      const overlay = d.panels.find((p) => p.targets?.some((t) => t.expr.includes(`rule="${rule}"`)));
      expect(overlay, `${uid}: ${rule}`).toBeDefined();
      expect(overlay!.targets!.length).toBe(4);
    }
  });
});

describe.skipIf(!promBin)('every panel has data', () => {
  const cases = dashboards.flatMap((d) =>
    d.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({ d, p, t, name: `${d.title} / ${p.title} [${t.refId}]` })),
    ),
  );

  it('template variable queries list the service’s job and instance', async () => {
    for (const d of dashboards)
      for (const v of d.templating.list.filter((x) => x.type === 'query')) {
        const definition = substitute(v.definition!, { job, instance, rate: '10s' });
        const selector = /^label_values\((.+),\s*\w+\)$/.exec(definition)![1];
        expect(syntaxErrors(selector)).toEqual([]);
        for (const base of [prom!.url, embedded])
          expect(await labelValues(base, definition, 60), `${base}: ${definition}`).toContain(
            v.name === 'job' ? job : instance,
          );
        // the Collector path's target_info carries the same job and its own instance
        if (v.name === 'instance')
          expect(await labelValues(prom!.url, definition, 60)).toContain(collectorInstance);
      }
  });

  it('every panel query parses with lezer-promql and returns data over the last minute on every path', async () => {
    const regexEscape = (v: string) => v.replace(/[.+*?()|[\]{}^$]/g, (c) => `\\\\${c}`);
    const paths: [string, string, string][] = [
      ['Prometheus', prom!.url, instance],
      ['embedded store', embedded, instance],
      ['Prometheus via the Collector path', prom!.url, collectorInstance],
    ];
    const failures: string[] = [];
    for (const { name, t } of cases) {
      for (const [path, base, inst] of paths) {
        const expr = substitute(t.expr, { job, instance: regexEscape(inst), rate: '10s' });
        const errors = syntaxErrors(expr);
        if (errors.length) {
          failures.push(`${name}: does not parse: ${errors.join('; ')}`);
          break;
        }
        try {
          if ((await rangeSamples(base, expr, 60)) === 0)
            failures.push(`${name}: No data from ${path}: ${expr}`);
        } catch (e) {
          failures.push(`${name}: ${path} refused it: ${(e as Error).message}`);
        }
      }
    }
    expect(writeErrors).toEqual([]);
    expect(cases.length).toBeGreaterThan(60);
    expect(failures).toEqual([]);
  });

  it('the generator reproduces the committed dashboards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'czm-grafana-gen-'));
    dirs.push(dir);
    const before = readdirSync(DASHBOARDS).map((f) => JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')));
    const run = spawnSync(process.execPath, [join(root, 'grafana/generate-dashboards.mjs'), '--out', dir], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const after = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    expect(after).toEqual(before);
  });
});
