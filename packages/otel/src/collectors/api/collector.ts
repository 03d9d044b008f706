import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { FastHistogram, type HistogramCell } from '../../export/producer/histogram.js';
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
  /** Series of the duration histogram before new ones fold into the overflow series. */
  cardinalityLimit?: number;
}

const STARTED = Symbol('claude-zen.http.started');
type TimedResponse = ServerResponse & { [STARTED]?: number; req?: RoutedRequest };

/**
 * HTTP server metrics from `node:diagnostics_channel` — no monkey-patching, no tracing, no
 * context propagation. Per request the hot path reads the clock twice, bumps integers, finds the
 * (method, status, route) cell through three small maps and adds to a pre-aggregated histogram
 * (export/producer/histogram.ts): no attribute hashing, no string building, one shared `close`
 * listener. The histogram reaches every reader through a MetricProducer.
 */
export class ApiCollector implements Collector {
  readonly name = 'api';
  /** The duration histogram; give it to the readers' producer (see sdk/start.ts). */
  readonly duration: FastHistogram;
  private active = 0;
  private readonly window = new ThroughputWindow();
  private readonly routes: RouteTemplater;
  /** method → status → route → cell; aborted requests in their own tree. */
  private readonly cells = [
    new Map<string, Map<number, Map<string, HistogramCell>>>(),
    new Map<string, Map<number, Map<string, HistogramCell>>>(),
  ];
  private readonly sampler: Sampler;
  private subscribed = false;
  private readonly onStart = (message: unknown) => this.handleStart(message as RequestStart);
  private readonly onClose: (this: TimedResponse) => void;

  constructor(options: ApiCollectorOptions) {
    const { meter } = options;
    this.routes = new RouteTemplater(options.routes, options.maxRoutes);
    this.duration = new FastHistogram(
      { name: HTTP_SERVER_REQUEST_DURATION, description: 'Duration of HTTP server requests.', unit: 's' },
      DURATION_BUCKETS,
      options.cardinalityLimit ?? 2000,
    );
    const collector = this;
    this.onClose = function onClose(this: TimedResponse) {
      collector.finish(this);
    };
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

  private handleStart({ response, server }: RequestStart): void {
    if (internalServers.has(server)) return;
    (response as TimedResponse)[STARTED] = performance.now();
    this.active++;
    response.on('close', this.onClose);
  }

  private finish(res: TimedResponse): void {
    const started = res[STARTED];
    if (started === undefined) return;
    res[STARTED] = undefined;
    this.active--;
    const status = res.statusCode;
    this.window.record(status);
    const req = res.req;
    if (req)
      this.duration.record(
        this.cellOf(req, status, !res.writableFinished),
        (performance.now() - started) / 1000,
      );
  }

  private cellOf(req: RoutedRequest, status: number, aborted: boolean): HistogramCell {
    const method = normalizeMethod(req.method);
    const route = this.routeOf(req);
    const byMethod = this.cells[aborted ? 1 : 0];
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let byRoute = byStatus.get(status);
    if (!byRoute) byStatus.set(status, (byRoute = new Map()));
    let cell = byRoute.get(route);
    if (!cell) {
      const attrs: Attributes = { [ATTR_METHOD]: method, [ATTR_STATUS]: status, [ATTR_ROUTE]: route };
      if (aborted) attrs[ATTR_ERROR_TYPE] = 'aborted';
      else if (status >= 500) attrs[ATTR_ERROR_TYPE] = String(status);
      cell = this.duration.cell(attrs);
      byRoute.set(route, cell);
    }
    return cell;
  }

  private routeOf(req: RoutedRequest): string {
    const explicit = req[ROUTE];
    if (explicit) return explicit;
    const routerPath = req.route?.path;
    if (typeof routerPath === 'string') return `${req.baseUrl ?? ''}${routerPath}`;
    return this.routes.route(req.url ?? '/');
  }
}
