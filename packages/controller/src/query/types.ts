import type { QueryResult } from '@claude-zen/tsdb';
import type { QueryErrorCode } from './errors.js';

export type { QueryResult };

/** `up`: answering; `slow`: answering slower than its limit; `down`: not answering; `unknown`: never asked. */
export type BackendStatus = 'up' | 'slow' | 'down' | 'unknown';

export interface BackendHealth {
  status: BackendStatus;
  /** Backend kind and address, e.g. `prometheus http://127.0.0.1:9090` or `embedded`. */
  backend: string;
  /** Duration of the last probe or query in ms (null before the first). */
  latencyMs: number | null;
  lastError: { code: QueryErrorCode; message: string; at: number } | null;
  /** When this was measured, ms since the epoch. */
  checkedAt: number;
}

/**
 * Where the controller reads metrics: the embedded store or any Prometheus-compatible HTTP API.
 * Failures reject with a QueryError; `health()` never rejects.
 */
export interface QueryBackend {
  readonly description: string;
  /** An instant query at `timeMs`. */
  instant(expr: string, timeMs: number): Promise<QueryResult>;
  /** A range query over [startMs, endMs] every stepMs. */
  range(expr: string, startMs: number, endMs: number, stepMs: number): Promise<QueryResult>;
  /** Probes the backend; a down or slow backend is a status, never an exception. */
  health(): Promise<BackendHealth>;
}
