import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';

/**
 * The OTLP metric exporter for the protocol chosen by the standard variables
 * (`OTEL_EXPORTER_OTLP_METRICS_PROTOCOL`, then `OTEL_EXPORTER_OTLP_PROTOCOL`; default
 * http/protobuf). Endpoints, headers and timeouts are read by the exporter itself.
 */
export function createOtlpExporter(env: NodeJS.ProcessEnv = process.env): PushMetricExporter {
  const protocol = (
    env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ??
    env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    'http/protobuf'
  ).trim();
  switch (protocol) {
    case 'grpc':
      return new (require('@opentelemetry/exporter-metrics-otlp-grpc').OTLPMetricExporter)();
    case 'http/json':
      return new (require('@opentelemetry/exporter-metrics-otlp-http').OTLPMetricExporter)();
    default:
      return new (require('@opentelemetry/exporter-metrics-otlp-proto').OTLPMetricExporter)();
  }
}
