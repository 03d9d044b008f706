import type { Labels } from '../../model/labels.js';

/**
 * Step-indexed ("dense") values: an expression is evaluated once for all steps of a query.
 * Step i is at time `start + i * interval`.
 */

/** One output series of an instant-vector expression over all steps. */
export interface StepSeries {
  labels: Labels;
  /** The metric name is to be removed at the end of evaluation (Prometheus' delayed name removal). */
  dropName: boolean;
  values: Float64Array;
  /** 1 where the series has a sample at step i. */
  present: Uint8Array;
}

export interface VectorValue {
  kind: 'vector';
  series: StepSeries[];
}

export interface ScalarValue {
  kind: 'scalar';
  values: Float64Array;
}

export interface StringValue {
  kind: 'string';
  value: string;
}

/** Raw samples of one series, ordered by time, stale markers removed. */
export interface RangeSeries {
  labels: Labels;
  dropName: boolean;
  ts: ArrayLike<number>;
  vs: ArrayLike<number>;
}

/**
 * A range vector (matrix selector or subquery): the samples, and where the window of each step ends.
 * The window of step i is `(end(i) - rangeMs, end(i)]`.
 */
export interface MatrixValue {
  kind: 'matrix';
  /** Read once: may be produced lazily from storage. */
  series: Iterable<RangeSeries>;
  rangeMs: number;
  /** Window end for every step (absolute ms), length = steps. */
  ends: Float64Array;
  /** True when every step has the same window (an `@` modifier). */
  fixed: boolean;
}

export type Value = VectorValue | ScalarValue | StringValue | MatrixValue;

export function newSeries(labels: Labels, steps: number, dropName = false): StepSeries {
  return { labels, dropName, values: new Float64Array(steps), present: new Uint8Array(steps) };
}
