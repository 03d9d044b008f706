import { QueryError } from './errors.js';
import type { BackendHealth, BackendStatus } from './types.js';

/** Remembers the outcome of a backend's last calls: latency, last error, status. */
export class HealthTracker {
  private status: BackendStatus = 'unknown';
  private latencyMs: number | null = null;
  private lastError: BackendHealth['lastError'] = null;
  private checkedAt = 0;

  constructor(
    private readonly backend: string,
    private readonly slowMs: number,
  ) {}

  /** Runs `call`, recording its latency and outcome; rethrows as QueryError. */
  async track<T>(call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const r = await call();
      this.ok(performance.now() - start);
      return r;
    } catch (e) {
      const err = e instanceof QueryError ? e : new QueryError('internal', (e as Error).message);
      this.failed(performance.now() - start, err);
      throw err;
    }
  }

  ok(latencyMs: number): void {
    this.latencyMs = latencyMs;
    this.status = latencyMs > this.slowMs ? 'slow' : 'up';
    this.checkedAt = Date.now();
  }

  failed(latencyMs: number, err: QueryError): void {
    this.latencyMs = latencyMs;
    this.lastError = { code: err.code, message: err.message, at: Date.now() };
    this.checkedAt = Date.now();
    // A query the backend rejected (bad PromQL) says nothing about the backend being down.
    if (
      err.code === 'unreachable' ||
      err.code === 'timeout' ||
      err.code === 'unauthorized' ||
      err.code === 'bad_response'
    )
      this.status = err.code === 'timeout' ? 'slow' : 'down';
    else if (this.status === 'unknown') this.status = 'up';
  }

  snapshot(): BackendHealth {
    return {
      status: this.status,
      backend: this.backend,
      latencyMs: this.latencyMs,
      lastError: this.lastError,
      checkedAt: this.checkedAt,
    };
  }
}
