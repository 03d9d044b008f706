import { resourceFromAttributes } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';

/** Anything that turns its own aggregation into metric data at collection time. */
export interface MetricSource {
  toMetricData(now?: number): MetricData;
}

/**
 * A MetricProducer for the preload's pre-aggregated instruments. Every reader is given it
 * (`metricProducers`), and MetricReader.collect() merges its data with the SDK's.
 */
export class PreAggregatedProducer implements MetricProducer {
  private readonly sources: MetricSource[] = [];
  private readonly resource = resourceFromAttributes({});

  constructor(private readonly scope: { name: string; version?: string }) {}

  add(source: MetricSource): void {
    this.sources.push(source);
  }

  async collect(): Promise<CollectionResult> {
    const now = Date.now();
    return {
      resourceMetrics: {
        resource: this.resource,
        scopeMetrics: [
          {
            scope: this.scope,
            metrics: this.sources.map((s) => s.toMetricData(now)).filter((m) => m.dataPoints.length > 0),
          },
        ],
      },
      errors: [],
    };
  }
}
