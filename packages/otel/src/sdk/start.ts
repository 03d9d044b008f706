import { metrics } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { envDetector, hostDetector, processDetector } from '@opentelemetry/resources';
import {
  ConsoleMetricExporter,
  type IMetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PromClientBridge } from '../bridge/prom-client.js';
import { ApiCollector } from '../collectors/api/collector.js';
import { MemoryCollector } from '../collectors/memory/collector.js';
import { NeuralCollector } from '../collectors/neural/collector.js';
import { SwarmCollector } from '../collectors/swarm/collector.js';
import { SystemCollector } from '../collectors/system/collector.js';
import type { Collector } from '../collectors/types.js';
import { loadConfig, type PreloadConfig } from '../config/load.js';
import { type ControlServer, startControlServer } from '../control/index.js';
import { errorMessage, log, setQuiet } from '../diag/log.js';
import { PreAggregatedProducer } from '../export/producer/producer.js';
import { PrometheusReader } from '../export/prometheus/reader.js';
import { TfjsInstrumentation } from '../instrumentations/tfjs/instrumentation.js';
import { createOtlpExporter } from './otlp.js';
import { controlUrlDetector } from './resource.js';

export const METER_NAME = '@claude-zen/otel';
export const VERSION: string = require('../../package.json').version;

/** A running preload: its endpoints and a way to stop it. */
export interface Preload {
  config: PreloadConfig;
  /** Resolves to the Prometheus endpoint URL, or undefined when it is off or could not listen. */
  metricsUrl: Promise<string | undefined>;
  /** Resolves to the control endpoint URL, or undefined when it is off or could not listen. */
  controlUrl: Promise<string | undefined>;
  prometheus?: PrometheusReader;
  collectors: Collector[];
  control?: ControlServer;
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry NodeSDK with the Prometheus (and OTLP) readers, the collectors and the
 * control endpoint, from the environment. Never throws: every failure is one log line and the
 * host application keeps running with whatever could start.
 */
export function startPreload(env: NodeJS.ProcessEnv = process.env): Preload | undefined {
  const { config, problems } = loadConfig(env);
  setQuiet(config.silent);
  for (const p of problems) log(p.message);
  if (config.disabled) return undefined;

  const controlUrl = startControl(config);
  // pre-aggregated instruments (the HTTP duration histogram) reach every reader through this
  const producer = new PreAggregatedProducer({ name: METER_NAME, version: VERSION });
  const readers: IMetricReader[] = [];
  let prometheus: PrometheusReader | undefined;
  if (config.exporters.prometheus) {
    prometheus = new PrometheusReader({
      host: config.prometheus.host,
      port: config.prometheus.port,
      cardinalityLimit: config.cardinalityLimit,
      bridge: config.promClientBridge ? new PromClientBridge() : undefined,
      metricProducers: [producer],
    });
    readers.push(prometheus);
  }
  if (config.exporters.otlp) readers.push(periodic(createOtlpExporter(), config, producer));
  if (config.exporters.console) readers.push(periodic(new ConsoleMetricExporter(), config, producer));

  const instrumentations: Instrumentation[] = [];
  if (config.collectors.memory.enabled)
    instrumentations.push(new RuntimeNodeInstrumentation({ monitoringPrecision: 10 }));
  if (config.tfjs) instrumentations.push(new TfjsInstrumentation());

  const sdk = new NodeSDK({
    metricReaders: readers,
    spanProcessors: [],
    logRecordProcessors: [],
    instrumentations,
    resourceDetectors: [
      envDetector,
      processDetector,
      hostDetector,
      controlUrlDetector(controlUrl.then((c) => (c ? config.control.advertisedUrl || c.url : undefined))),
    ],
  });
  sdk.start();

  const provider = metrics.getMeterProvider();
  const meter = provider.getMeter(METER_NAME, VERSION);
  const collectors = createCollectors(config, meter, provider);
  for (const c of collectors) if (c instanceof ApiCollector) producer.add(c.duration);
  for (const c of collectors) {
    try {
      c.start();
    } catch (err) {
      log(`${c.name} collector could not start (skipped): ${errorMessage(err)}`);
    }
  }

  const metricsUrl: Promise<string | undefined> = prometheus
    ? prometheus.listen().then(
        (url) => {
          if (config.prometheus.port === 0) log(`metrics at ${url}`);
          return url;
        },
        (err: NodeJS.ErrnoException) => {
          log(
            `metrics endpoint could not listen on ${config.prometheus.host}:${config.prometheus.port} (${err.code ?? errorMessage(err)}): set OTEL_EXPORTER_PROMETHEUS_PORT to a free port; the application keeps running`,
          );
          return undefined;
        },
      )
    : Promise.resolve(undefined);

  const preload: Preload = {
    config,
    metricsUrl,
    controlUrl: controlUrl.then((c) => (c ? config.control.advertisedUrl || c.url : undefined)),
    prometheus,
    collectors,
    shutdown: async () => {
      for (const c of collectors) c.stop();
      const control = await controlUrl;
      await control?.close();
      await sdk.shutdown().catch(() => {});
    },
  };
  void controlUrl.then((c) => {
    preload.control = c;
  });
  return preload;
}

function createCollectors(
  config: PreloadConfig,
  meter: import('@opentelemetry/api').Meter,
  meterProvider: import('@opentelemetry/api').MeterProvider,
): Collector[] {
  const c = config.collectors;
  const out: Collector[] = [];
  const attempt = (name: string, make: () => Collector) => {
    try {
      out.push(make());
    } catch (err) {
      log(`${name} collector could not be created (skipped): ${errorMessage(err)}`);
    }
  };
  if (c.system.enabled || c.memory.enabled) {
    // process memory comes from host-metrics even when only the memory collector is on
    const hostGroups = c.system.enabled ? undefined : ['process.memory'];
    attempt(
      'system',
      () => new SystemCollector({ meter, meterProvider, intervalMs: c.system.intervalMs, hostGroups }),
    );
  }
  if (c.api.enabled)
    attempt(
      'api',
      () =>
        new ApiCollector({
          meter,
          intervalMs: c.api.intervalMs,
          routes: config.http.routes,
          maxRoutes: config.http.maxRoutes,
          cardinalityLimit: config.cardinalityLimit,
        }),
    );
  if (c.memory.enabled)
    attempt(
      'memory',
      () =>
        new MemoryCollector({ meter, intervalMs: c.memory.intervalMs, trendWindowMs: config.leakWindowMs }),
    );
  if (c.swarm.enabled) attempt('swarm', () => new SwarmCollector({ meter, intervalMs: c.swarm.intervalMs }));
  if (c.neural.enabled)
    attempt('neural', () => new NeuralCollector({ meter, intervalMs: c.neural.intervalMs }));
  return out;
}

function startControl(config: PreloadConfig): Promise<ControlServer | undefined> {
  const { token, host, port, leaseMs } = config.control;
  if (!token) return Promise.resolve(undefined);
  return startControlServer({
    token,
    host,
    port,
    leaseMs,
    diagnosticsDir: config.diagnosticsDir,
    logger: log,
  }).then(
    (server) => server,
    (err: NodeJS.ErrnoException) => {
      log(
        `control endpoint could not start on ${host}:${port} (${err.code ?? errorMessage(err)}): set CLAUDE_ZEN_CONTROL_PORT to a free port; optimizations are unavailable, the application keeps running`,
      );
      return undefined;
    },
  );
}

function periodic(
  exporter: import('@opentelemetry/sdk-metrics').PushMetricExporter,
  config: PreloadConfig,
  producer: PreAggregatedProducer,
) {
  return new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: config.otlpIntervalMs,
    metricProducers: [producer],
  });
}
