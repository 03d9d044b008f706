import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { AggregationTemporality, DataPointType, type HistogramMetricData } from '@opentelemetry/sdk-metrics';

/** One series of a FastHistogram: counts per bucket (last = +Inf), sum, count, min, max. */
export interface HistogramCell {
  readonly attributes: Attributes;
  readonly counts: Float64Array;
  sum: number;
  count: number;
  min: number;
  max: number;
}

export interface HistogramDescriptor {
  name: string;
  description: string;
  unit: string;
}

/**
 * A cumulative explicit-bucket histogram for hot paths. The OpenTelemetry SDK hashes the
 * attribute object on every `record()` (keys sorted and JSON-encoded); here the caller keeps the
 * cell of a series and recording is a bucket scan and four numeric updates. The data leave through
 * a MetricProducer (see producer.ts) as ordinary OpenTelemetry histogram data, so every reader
 * (Prometheus, OTLP) exports them like SDK instruments. Series past `cardinalityLimit` fold into
 * one `otel.metric.overflow=true` series, as the SDK does.
 */
export class FastHistogram {
  private readonly cells: HistogramCell[] = [];
  private overflow?: HistogramCell;
  private readonly startTime: HrTime = millisToHrTime(Date.now());

  constructor(
    readonly descriptor: HistogramDescriptor,
    readonly boundaries: readonly number[],
    private readonly cardinalityLimit: number,
  ) {}

  /** A new series cell (the caller caches it); the overflow cell once the limit is reached. */
  cell(attributes: Attributes): HistogramCell {
    if (this.cells.length >= this.cardinalityLimit - 1) {
      this.overflow ??= this.newCell({ 'otel.metric.overflow': true });
      return this.overflow;
    }
    const cell = this.newCell(attributes);
    this.cells.push(cell);
    return cell;
  }

  record(cell: HistogramCell, value: number): void {
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && value > b[i]) i++;
    cell.counts[i]++;
    cell.sum += value;
    cell.count++;
    if (value < cell.min) cell.min = value;
    if (value > cell.max) cell.max = value;
  }

  get seriesCount(): number {
    return this.cells.length + (this.overflow ? 1 : 0);
  }

  toMetricData(now = Date.now()): HistogramMetricData {
    const endTime = millisToHrTime(now);
    const all = this.overflow ? [...this.cells, this.overflow] : this.cells;
    const boundaries = this.boundaries as number[];
    return {
      descriptor: { ...this.descriptor, valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: all
        .filter((c) => c.count > 0)
        .map((c) => ({
          attributes: c.attributes,
          startTime: this.startTime,
          endTime,
          value: {
            buckets: { boundaries, counts: Array.from(c.counts) },
            sum: c.sum,
            count: c.count,
            min: c.min,
            max: c.max,
          },
        })),
    };
  }

  private newCell(attributes: Attributes): HistogramCell {
    return {
      attributes,
      counts: new Float64Array(this.boundaries.length + 1),
      sum: 0,
      count: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
    };
  }
}
