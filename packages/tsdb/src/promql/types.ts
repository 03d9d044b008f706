import type { Labels } from '../model/labels.js';

/** A point of an instant vector or a scalar: time (ms) and value. */
export interface Point {
  t: number;
  v: number;
}

export interface VectorSample {
  metric: Labels;
  point: Point;
}

export interface MatrixSeries {
  metric: Labels;
  points: Point[];
}

/** What a query returns, shaped like the Prometheus HTTP API's `data` (before JSON encoding). */
export type QueryResult =
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'scalar'; result: Point }
  | { resultType: 'string'; result: { t: number; v: string } };

/** Limits that protect the process; exceeding one raises a PromQLError (never an OOM). */
export interface QueryLimits {
  /** Maximum samples loaded into memory by one query (Prometheus' --query.max-samples). */
  maxSamples: number;
  /** Wall-clock budget of one query in ms. */
  timeoutMs: number;
  /** Maximum series selected by one selector. */
  maxSeries: number;
}

export interface EngineOptions {
  /** Lookback delta in ms (default 5m). */
  lookbackDeltaMs?: number;
  limits?: Partial<QueryLimits>;
}

/**
 * The error type of the PromQL engine. `type` is the Prometheus API errorType
 * (bad_data for parse/type errors, execution for runtime, timeout, canceled).
 * `position` is the 0-based character offset in the query, when known.
 */
export type PromQLErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal';
