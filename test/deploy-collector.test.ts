/**
 * Metric names are the same on both paths: what Prometheus scrapes from the preload directly, and
 * what the OpenTelemetry Collector (otel-collector-config.yaml: translation_strategy
 * UnderscoreEscapingWithSuffixes, scope labels off) makes of the OTLP the same preload pushes.
 *
 * No collector binary runs here: the Collector's documented translation rules
 * (test/deploy-otlp-names.ts) are applied to the OTLP/JSON the real example service pushes to a real
 * HTTP receiver on 127.0.0.1, and compared with the families on its real /metrics endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../packages/otel/src/catalogue.js';
import {
  type OtlpJsonExport,
  prometheusLabel,
  prometheusName,
  readExposition,
  readOtlpExports,
} from './deploy-otlp-names.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { fetchText, waitFor } from './support/wait.js';

describe('the Collector name translation rules', () => {
  it('follow the documented examples', () => {
    const cases: [string, string, Parameters<typeof prometheusName>[0]['kind'], string][] = [
      ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
      ['system.memory.usage', 'By', 'updowncounter', 'system_memory_usage_bytes'],
      ['requests.count', '1', 'counter', 'requests_count_total'],
      ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
      ['error.ratio', '1', 'gauge', 'error_ratio'],
      ['http.server.active_requests', '{request}', 'updowncounter', 'http_server_active_requests'],
      ['api.throughput', '{request}/s', 'gauge', 'api_throughput_per_second'],
      ['heap.growth', 'By/s', 'gauge', 'heap_growth_bytes_per_second'],
      ['jobs.total', '{job}', 'counter', 'jobs_total'],
      ['latency_seconds', 's', 'gauge', 'latency_seconds'],
      ['temp', 'Cel', 'gauge', 'temp_celsius'],
      ['2xx.responses', '', 'counter', '_2xx_responses_total'],
      ['weird..name--x', 'widgets', 'gauge', 'weird_name_x_widgets'],
    ];
    for (const [name, unit, kind, want] of cases)
      expect(prometheusName({ name, unit, kind }), name).toBe(want);
    expect(prometheusLabel('http.request.method')).toBe('http_request_method');
    expect(prometheusLabel('gen_ai.request.model')).toBe('gen_ai_request_model');
    expect(prometheusLabel('9lives')).toBe('key_9lives');
    expect(prometheusLabel('_private')).toBe('key_private');
    expect(prometheusLabel('__reserved')).toBe('__reserved');
  });
});

let receiver: Server | undefined;
let service: SwarmService | undefined;
afterAll(async () => {
  await service?.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('preload /metrics vs OTLP through the Collector', () => {
  it('gives every metric and label the same name on both paths', async () => {
    const exports: OtlpJsonExport[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/metrics') exports.push(JSON.parse(body || '{}'));
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    const otlpPort = (receiver.address() as AddressInfo).port;
    service = await startSwarmService(
      'deploy-collector-test-token-0123456789',
      {
        OTEL_SERVICE_NAME: 'swarm-demo',
        OTEL_METRICS_EXPORTER: 'prometheus,otlp',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      },
      {
        tuning: {
          CLAUDE_ZEN_SWARM_INTERVAL_MS: '300',
          CLAUDE_ZEN_NEURAL_INTERVAL_MS: '300',
          AGENTS: '3',
          LOAD_RPS: '20',
          TRAIN_INTERVAL_MS: '0',
        },
        readyTimeoutMs: 50_000,
      },
    );
    // a failing task too, so the failed-status series exist on both paths
    await fetch(`${service.api}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'code', payload: { fail: true } }),
    });

    // Cumulative metrics only ever gain series: wait until both paths show the same families.
    const url = `http://${service.metricsTarget}/metrics`;
    let last = { translated: [] as string[], scraped: [] as string[] };
    const compared = await waitFor(
      'the OTLP export and /metrics to show the same metric families',
      async () => {
        const text = await fetchText(url);
        if (!text) return undefined;
        const { metrics, resourceKeys } = readOtlpExports(exports.slice(-3));
        const families = readExposition(text);
        const translated = [...metrics.values()].map((m) => prometheusName(m)).sort();
        const scraped = [...families.keys()].filter((n) => n !== 'target_info').sort();
        last = { translated, scraped };
        if (translated.length < 40 || JSON.stringify(translated) !== JSON.stringify(scraped))
          return undefined;
        return { metrics, resourceKeys, families };
      },
      45_000,
      500,
    ).catch((e) => {
      const onlyOtlp = last.translated.filter((n) => !last.scraped.includes(n));
      const onlyScrape = last.scraped.filter((n) => !last.translated.includes(n));
      throw new Error(
        `${(e as Error).message}\nonly through the Collector: ${onlyOtlp.join(', ')}\nonly on /metrics: ${onlyScrape.join(', ')}`,
      );
    });

    // every metric: same name, same Prometheus type, same label names
    const typeOf: Record<string, string> = {
      gauge: 'gauge',
      counter: 'counter',
      updowncounter: 'gauge',
      histogram: 'histogram',
      summary: 'summary',
    };
    for (const m of compared.metrics.values()) {
      const name = prometheusName(m);
      const family = compared.families.get(name)!;
      expect(family.type, name).toBe(typeOf[m.kind]);
      expect([...m.attributeKeys].map(prometheusLabel).sort(), `labels of ${name}`).toEqual(
        [...family.labels].sort(),
      );
    }
    // prometheus_remote_write drops delta sums and histograms: the preload pushes cumulative ones
    const delta = [...compared.metrics.values()].filter((m) => m.kind !== 'gauge' && m.temporality !== 2);
    expect(delta.map((m) => `${m.name} (temporality ${m.temporality})`)).toEqual([]);

    // the resource becomes target_info on both paths, with the same label names (the Collector
    // turns service.name / service.instance.id into job / instance there)
    const info = compared.families.get('target_info')!;
    expect([...compared.resourceKeys].map(prometheusLabel).sort()).toEqual([...info.labels].sort());
    expect(info.labels).toContain('claude_zen_control_url');

    // The scrape path (the Collector's prometheus receiver on /metrics, then the same exporters):
    // the endpoint answers the Prometheus text format, with no # UNIT metadata, even when asked for
    // OpenMetrics, so the namer sees each scraped name with unit "" and must leave it as it is.
    const negotiated = await fetch(url, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    });
    expect(negotiated.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await negotiated.text()).not.toMatch(/^# UNIT /m);
    for (const m of compared.metrics.values()) {
      const name = prometheusName(m);
      expect(prometheusName({ name, unit: '', kind: m.kind }), `${name} scraped`).toBe(name);
    }

    // the cardinality the Scale section of the README budgets for: series per service
    const text = (await fetchText(url)) ?? '';
    const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    expect(series).toBeGreaterThan(150);
    expect(series).toBeLessThan(1000);

    // and every catalogue metric the demo service produces is among them, under its catalogue name
    const names = new Set(last.scraped);
    const produced = CATALOGUE.filter((c) => names.has(c.name));
    expect(produced.length).toBeGreaterThan(40);
    for (const swarmOrNeural of [
      'claude_zen_swarm_tasks_total',
      'claude_zen_neural_inference_duration_seconds',
    ])
      expect(names.has(swarmOrNeural), swarmOrNeural).toBe(true);
  }, 110_000);
});
