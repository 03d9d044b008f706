import type { PromQLEngine, Queryable, QueryResult } from '@claude-zen/tsdb';
import { QueryError, type QueryErrorCode } from './errors.js';
import { HealthTracker } from './health-tracker.js';
import type { BackendHealth, QueryBackend } from './types.js';

export interface EmbeddedBackendOptions {
  queryable: Queryable;
  engine: PromQLEngine;
  /** Queries slower than this mark the backend `slow` (default 2 s). */
  slowMs?: number;
}

/** Queries the embedded store of @claude-zen/tsdb in this process. */
export class EmbeddedBackend implements QueryBackend {
  readonly description = 'embedded';
  private readonly tracker: HealthTracker;
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: EmbeddedBackendOptions) {
    this.tracker = new HealthTracker(this.description, opts.slowMs ?? 2_000);
  }

  instant(expr: string, timeMs: number): Promise<QueryResult> {
    return this.inTurn(() =>
      this.tracker.track(async () =>
        this.run(() => this.opts.engine.instantQuery(this.opts.queryable, expr, timeMs)),
      ),
    );
  }

  range(expr: string, startMs: number, endMs: number, stepMs: number): Promise<QueryResult> {
    return this.inTurn(() =>
      this.tracker.track(async () =>
        this.run(() => this.opts.engine.rangeQuery(this.opts.queryable, expr, startMs, endMs, stepMs)),
      ),
    );
  }

  /**
   * Runs queries one per event-loop turn: each is synchronous CPU work, so a batch (a dashboard's
   * thirty queries) would otherwise hold the loop and every HTTP request waiting on it.
   */
  private inTurn<T>(call: () => Promise<T>): Promise<T> {
    const next = this.last.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(call);
    this.last = next.catch(() => {});
    return next;
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.instant('1', Date.now());
    } catch {
      // recorded by the tracker
    }
    return this.tracker.snapshot();
  }

  private run(call: () => QueryResult): QueryResult {
    try {
      return call();
    } catch (e) {
      const err = e as Error & { type?: string };
      const code: QueryErrorCode =
        err.name === 'PromQLError' && err.type ? (err.type as QueryErrorCode) : 'internal';
      throw new QueryError(code, err.message);
    }
  }
}
