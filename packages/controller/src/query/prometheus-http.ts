import type { QueryResult } from '@claude-zen/tsdb';
import { QueryError, type QueryErrorCode } from './errors.js';
import { HealthTracker } from './health-tracker.js';
import { parseQueryData } from './prometheus-json.js';
import type { BackendHealth, QueryBackend } from './types.js';

export interface PrometheusHttpOptions {
  /** Base URL of a Prometheus-compatible API (Prometheus, VictoriaMetrics, Thanos, Mimir's /prometheus). */
  url: string;
  /** Sent as `Authorization: Bearer …`. */
  bearerToken?: string;
  /** Sent as HTTP basic auth. */
  basicAuth?: { username: string; password: string };
  /** Extra headers (e.g. `X-Scope-OrgID` for Mimir). */
  headers?: Record<string, string>;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Answers slower than this mark the backend `slow` (default 2 s). */
  slowMs?: number;
}

const API_ERROR_CODES: Record<string, QueryErrorCode> = {
  bad_data: 'bad_data',
  execution: 'execution',
  timeout: 'timeout',
  canceled: 'canceled',
};

/** Queries any Prometheus-compatible HTTP API with POSTed forms, as Grafana does. */
export class PrometheusHttpBackend implements QueryBackend {
  readonly description: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly tracker: HealthTracker;

  constructor(opts: PrometheusHttpOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new QueryError(
        'bad_data',
        `--prometheus-url ${JSON.stringify(opts.url)} is not a URL; write it like http://127.0.0.1:9090`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new QueryError(
        'bad_data',
        `--prometheus-url ${JSON.stringify(opts.url)}: use http:// or https://`,
      );
    this.base = url.href.replace(/\/+$/, '');
    this.description = `prometheus ${this.base}`;
    this.headers = { accept: 'application/json', ...opts.headers };
    if (opts.bearerToken) this.headers.authorization = `Bearer ${opts.bearerToken}`;
    else if (opts.basicAuth)
      this.headers.authorization = `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`).toString('base64')}`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.tracker = new HealthTracker(this.description, opts.slowMs ?? 2_000);
  }

  instant(expr: string, timeMs: number): Promise<QueryResult> {
    return this.tracker.track(() => this.post('/api/v1/query', { query: expr, time: seconds(timeMs) }));
  }

  range(expr: string, startMs: number, endMs: number, stepMs: number): Promise<QueryResult> {
    return this.tracker.track(() =>
      this.post('/api/v1/query_range', {
        query: expr,
        start: seconds(startMs),
        end: seconds(endMs),
        step: seconds(stepMs),
      }),
    );
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.instant('1', Date.now());
    } catch {
      // recorded by the tracker
    }
    return this.tracker.snapshot();
  }

  private async post(path: string, form: Record<string, string>): Promise<QueryResult> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw this.networkError(e);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw this.networkError(e);
    }
    if (res.status === 401 || res.status === 403)
      throw new QueryError(
        'unauthorized',
        `${this.base} refused the credentials (HTTP ${res.status}); check the bearer token or basic auth`,
        res.status,
      );
    let body: { status?: string; data?: unknown; errorType?: string; error?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new QueryError(
        'bad_response',
        `${this.base}${path} answered HTTP ${res.status} with something that is not JSON (${text.slice(0, 80).trim()}); is this a Prometheus API?`,
        res.status,
      );
    }
    if (body.status !== 'success') {
      const code = API_ERROR_CODES[body.errorType ?? ''] ?? (res.status >= 500 ? 'internal' : 'bad_data');
      throw new QueryError(code, body.error ?? `HTTP ${res.status}`, res.status);
    }
    return parseQueryData(body.data);
  }

  private networkError(e: unknown): QueryError {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
      return new QueryError('timeout', `${this.base} did not answer within ${this.timeoutMs} ms`);
    const why = err.cause?.code ?? err.cause?.message ?? err.message;
    return new QueryError('unreachable', `cannot reach ${this.base} (${why}); is it running?`);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
