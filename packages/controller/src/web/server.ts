import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { readLiveMetrics } from '../health/live.js';
import { type ControllerConfig, isLoopbackHost } from '../monitor/config.js';
import { MonitorError } from '../monitor/errors.js';
import type { ControllerService } from '../monitor/service.js';
import { requireBearer } from './auth.js';
import { SharedResults } from './cache.js';
import type { WebContext } from './context.js';
import { errorBody, handleError } from './errors.js';
import { LiveFeed } from './live.js';
import { registerOpenApi } from './openapi.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerAnalyzeRoutes } from './routes/analyze.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerDemoRoutes } from './routes/demo.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerOptimizationRoutes } from './routes/optimizations.js';
import { registerPromqlRoutes } from './routes/promql.js';
import { registerReloadRoutes } from './routes/reload.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerSilenceRoutes } from './routes/silences.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerStatic } from './static.js';

/** JSON bodies of the API are at most this large (the webhook allows more). */
export const BODY_LIMIT = 64 * 1024;

/** The running web server. */
export interface WebServer {
  app: FastifyInstance;
  live: LiveFeed;
  /** e.g. http://127.0.0.1:3456 */
  url: string;
  /** host:port, for the self-scrape. */
  address: string;
  close(): Promise<void>;
}

/** JSON with NaN and ±Infinity as null (the controller holds NaN for "no value"). */
function toJson(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/** Builds the Fastify app (not listening): security, routes, static pages, OpenAPI. */
export async function buildWebApp(
  service: ControllerService,
  config: ControllerConfig,
): Promise<{ app: FastifyInstance; ctx: WebContext }> {
  const http = config.http;
  const app = Fastify({
    // unknown body fields are an error naming them, not silently dropped
    ajv: { customOptions: { removeAdditional: false } },
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    logger: false,
    return503OnClosing: true,
  });
  const shared = new SharedResults();
  const ctx: WebContext = {
    service,
    config,
    guard: requireBearer({ token: http.token, auth: http.auth }),
    shared,
    live: () => shared.get('live', http.liveIntervalMs, () => readLiveMetrics(service.backend, Date.now())),
    refreshLive: () => shared.refresh('live', () => readLiveMetrics(service.backend, Date.now())),
  };

  // responses: the schemas document them; JSON.stringify writes them (NaN → null, no field dropped)
  app.setSerializerCompiler(() => toJson);
  app.setErrorHandler(handleError);
  // JSON whatever the content type (curl and fetch send text/plain by default); an empty body is no body
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', '*'], { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, undefined);
    else json(req, text, done);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // plain http on loopback: no HSTS, no upgrade
    strictTransportSecurity: false,
  });
  await app.register(fastifyRateLimit, {
    max: http.rateLimit.max,
    timeWindow: http.rateLimit.windowMs,
    // reads from this machine (pages, the self-scrape, the CLI) are not limited; changes always are
    allowList: (req) => (req.method === 'GET' || req.method === 'HEAD') && isLoopbackHost(req.ip),
    errorResponseBuilder: (_req, c) => ({
      statusCode: 429,
      ...errorBody('too_many_requests', `rate limit: more than ${c.max} requests in ${c.after}; retry later`),
    }),
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (
      !reply.hasHeader('cache-control') &&
      !req.url.startsWith('/assets/') &&
      !req.url.startsWith('/vendor/')
    )
      reply.header('cache-control', 'no-store');
    return payload;
  });
  // (method, path pattern) of every route, so a known path with another method is a 405
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (r) => {
    const pattern = new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}$`);
    for (const m of [r.method].flat()) routes.push({ method: m, pattern });
  });
  await registerOpenApi(app);

  registerHealthRoutes(app, ctx);
  registerMetricsRoutes(app, ctx);
  registerAlertRoutes(app, ctx);
  registerSilenceRoutes(app, ctx);
  registerOptimizationRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerPromqlRoutes(app, ctx);
  registerRuleRoutes(app, ctx);
  registerAnalyzeRoutes(app, ctx);
  registerDemoRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerReloadRoutes(app, ctx);
  await registerStatic(app);

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const matching = routes.filter((r) => r.method !== 'HEAD' && r.pattern.test(path)).map((r) => r.method);
    const allowed = [...new Set(matching)];
    // a route of this method answered not found itself (a file, a page): 404; another method: 405
    if (allowed.length && !allowed.includes(req.method))
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('method_not_allowed', `${req.method} ${path}: use ${allowed.join(' or ')}`));
    return reply
      .code(404)
      .send(
        errorBody(
          'not_found',
          `no route ${req.method} ${path}; see /api/openapi.json for the API and /dashboard for the pages`,
        ),
      );
  });
  return { app, ctx };
}

/** Starts the web server on config.http (127.0.0.1 by default); a port in use is a one-line MonitorError. */
export async function startWebServer(
  service: ControllerService,
  config: ControllerConfig,
): Promise<WebServer> {
  const http = config.http;
  const { app, ctx } = await buildWebApp(service, config);
  const live = new LiveFeed(ctx, http.liveIntervalMs);
  await app.ready();
  live.start(app.server);
  try {
    await app.listen({ port: http.port, host: http.host });
  } catch (e) {
    live.stop();
    await app.close().catch(() => {});
    const err = e as NodeJS.ErrnoException;
    throw err.code === 'EADDRINUSE'
      ? new MonitorError(
          'port_in_use',
          `${http.host}:${http.port} is in use; pick another --port`,
          'http.port',
        )
      : new MonitorError(
          'invalid_config',
          `cannot listen on ${http.host}:${http.port}: ${err.message}`,
          'http',
        );
  }
  const port = (app.server.address() as { port: number }).port;
  const host = http.host.includes(':') ? `[${http.host}]` : http.host;
  return {
    app,
    live,
    url: `http://${host}:${port}`,
    address: `${host}:${port}`,
    async close() {
      live.stop();
      await app.close();
    },
  };
}
