import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Attributes, Histogram } from '@opentelemetry/api';
import { internalServers } from '../../internal/servers.js';
import { Sampler } from '../sampler.js';
import type { Collector, CollectorContext } from '../types.js';
import {
  API_ERROR_RATIO,
  API_THROUGHPUT,
  ATTR_ERROR_TYPE,
  ATTR_METHOD,
  ATTR_ROUTE,
  ATTR_STATUS,
  ATTR_STATUS_CLASS,
  DURATION_BUCKETS,
  HTTP_SERVER_ACTIVE_REQUESTS,
  HTTP_SERVER_REQUEST_DURATION,
  normalizeMethod,
} from './names.js';
import { RouteTemplater } from './routes.js';
import { ThroughputWindow } from './throughput.js';

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/** Held for the life of the module: name-based subscriptions on Node 20 can lose weakly-held channels. */
const requestStart = diagnosticsChannel.channel('http.server.request.start');

/** Route set by the application (explicitly, or by Express-style routers on `req.route`). */
export const ROUTE = Symbol.for('claude-zen.http.route');

type RoutedRequest = IncomingMessage & {
  [ROUTE]?: string;
  route?: { path?: unknown };
  baseUrl?: string;
};

/** Lets an app name the route of a request when no router does (`setHttpRoute(req, '/users/:id')`). */
export function setHttpRoute(req: IncomingMessage, route: string): void {
  (req as RoutedRequest)[ROUTE] = route;
}

export interface ApiCollectorOptions extends CollectorContext {
  routes?: readonly string[];
  maxRoutes?: number;
}

/**
 * HTTP server metrics from `node:diagnostics_channel` — no monkey-patching, no tracing, no
 * context propagation. Per request the hot path reads a clock twice, bumps two integers and
 * records one histogram value with an attribute object reused across requests of the same
 * (method, status, route).
 */
export class ApiCollector implements Collector {
  readonly name = 'api';
  private active = 0;
  private readonly window = new ThroughputWindow();
  private readonly routes: RouteTemplater;
  private readonly attrCache = new Map<string, Attributes>();
  private readonly duration: Histogram;
  private readonly sampler: Sampler;
  private subscribed = false;
  private readonly onStart = (message: unknown) => this.handleStart(message as RequestStart);

  constructor(options: ApiCollectorOptions) {
    const { meter } = options;
    this.routes = new RouteTemplater(options.routes, options.maxRoutes);
    this.duration = meter.createHistogram(HTTP_SERVER_REQUEST_DURATION, {
      description: 'Duration of HTTP server requests.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    meter
      .createObservableUpDownCounter(HTTP_SERVER_ACTIVE_REQUESTS, {
        description: 'Number of active HTTP server requests.',
        unit: '{request}',
      })
      .addCallback((r) => r.observe(this.active));
    meter
      .createObservableGauge(API_THROUGHPUT, {
        description: 'Completed HTTP requests per second over the last 10 seconds.',
        unit: '{request}/s',
      })
      .addCallback((r) => r.observe(this.window.rate));
    meter
      .createObservableGauge(API_ERROR_RATIO, {
        description: 'Share of HTTP requests over the last 10 seconds that ended with a 4xx or 5xx status.',
        unit: '1',
      })
      .addCallback((r) => {
        r.observe(this.window.errorRatio['4xx'], { [ATTR_STATUS_CLASS]: '4xx' });
        r.observe(this.window.errorRatio['5xx'], { [ATTR_STATUS_CLASS]: '5xx' });
      });
    this.sampler = new Sampler('api', options.intervalMs, () => this.window.sample());
  }

  start(): void {
    if (!this.subscribed) {
      requestStart.subscribe(this.onStart);
      this.subscribed = true;
    }
    this.sampler.start();
  }

  stop(): void {
    if (this.subscribed) requestStart.unsubscribe(this.onStart);
    this.subscribed = false;
    this.sampler.stop();
  }

  get activeRequests(): number {
    return this.active;
  }

  private handleStart({ request, response, server }: RequestStart): void {
    if (internalServers.has(server)) return;
    const started = performance.now();
    this.active++;
    response.once('close', () => {
      this.active--;
      const seconds = (performance.now() - started) / 1000;
      const aborted = !response.writableFinished;
      const status = response.statusCode;
      this.window.record(status);
      this.duration.record(seconds, this.attributes(request, status, aborted));
    });
  }

  private attributes(req: RoutedRequest, status: number, aborted: boolean): Attributes {
    const method = normalizeMethod(req.method);
    const route = this.routeOf(req);
    const key = `${method} ${status} ${aborted ? 1 : 0} ${route}`;
    let attrs = this.attrCache.get(key);
    if (attrs === undefined) {
      attrs = { [ATTR_METHOD]: method, [ATTR_STATUS]: status, [ATTR_ROUTE]: route };
      if (aborted) attrs[ATTR_ERROR_TYPE] = 'aborted';
      else if (status >= 500) attrs[ATTR_ERROR_TYPE] = String(status);
      // bounded by methods × statuses × maxRoutes; reset defensively if it ever grows past that
      if (this.attrCache.size > 50_000) this.attrCache.clear();
      this.attrCache.set(key, attrs);
    }
    return attrs;
  }

  private routeOf(req: RoutedRequest): string {
    const explicit = req[ROUTE];
    if (explicit) return explicit;
    const routerPath = req.route?.path;
    if (typeof routerPath === 'string') return `${req.baseUrl ?? ''}${routerPath}`;
    return this.routes.route(req.url ?? '/');
  }
}
