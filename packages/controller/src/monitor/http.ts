import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bearerMatches, createAlertmanagerWebhookHandler } from '../alerts/receivers/alertmanager-webhook.js';
import { readAuditLog } from '../optimize/audit.js';
import type { ControllerConfig } from './config.js';
import { MonitorError } from './errors.js';
import type { ControllerService } from './service.js';

function reply(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The request handler of the controller's HTTP API. */
export function controllerHandler(
  service: ControllerService,
  http: ControllerConfig['http'],
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const webhook = http.token
    ? createAlertmanagerWebhookHandler({ token: http.token, onAlert: (e) => service.receiveAlertmanager(e) })
    : undefined;
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const method = req.method ?? 'GET';
    if (path === '/webhooks/alertmanager' || path === '/-/reload') {
      if (!http.token) {
        reply(res, 403, {
          status: 'error',
          error: 'no token configured: start the controller with --token (http.token)',
        });
        req.resume();
        return;
      }
      if (path === '/webhooks/alertmanager') {
        await (webhook as NonNullable<typeof webhook>)(req, res);
        return;
      }
      req.resume();
      if (!bearerMatches(req.headers.authorization, http.token)) {
        reply(
          res,
          401,
          { status: 'error', error: 'missing or wrong bearer token' },
          { 'www-authenticate': 'Bearer' },
        );
        return;
      }
      if (method !== 'POST') {
        reply(res, 405, { status: 'error', error: 'use POST' }, { allow: 'POST' });
        return;
      }
      try {
        reply(res, 200, { status: 'success', ...service.reload() });
      } catch (e) {
        reply(res, 400, { status: 'error', error: (e as Error).message });
      }
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      reply(res, 405, { status: 'error', error: 'use GET' }, { allow: 'GET' });
      return;
    }
    switch (path) {
      case '/healthz': {
        const h = await service.health();
        reply(res, h.status === 'ok' ? 200 : 503, h);
        return;
      }
      case '/metrics': {
        const text = await service.metricsText();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
        return;
      }
      case '/api/alerts': {
        const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 100) || 100));
        reply(res, 200, {
          active: service.activeAlerts(),
          recent: service.alertHistory.list({ limit }),
        });
        return;
      }
      case '/api/dashboard': {
        const period = Number(query.get('period') ?? 3_600_000);
        if (!(period > 0)) {
          reply(res, 400, { status: 'error', error: 'period: must be a number of ms > 0' });
          return;
        }
        reply(res, 200, await service.dashboard({ period }));
        return;
      }
      case '/api/optimizations': {
        const optimizer = service.optimizer;
        const audit = optimizer && existsSync(optimizer.auditPath) ? readAuditLog(optimizer.auditPath) : [];
        reply(res, 200, {
          mode: service.config.optimization.mode,
          results: service.optimizations(),
          pending: optimizer?.pending() ?? [],
          audit: audit.slice(-500),
        });
        return;
      }
      default:
        reply(res, 404, {
          status: 'error',
          error: `no route ${path}; try /healthz, /metrics, /api/alerts, /api/optimizations, /api/dashboard`,
        });
    }
  };
}

/** Starts the HTTP server (127.0.0.1 by default); a port in use is a one-line MonitorError. */
export async function listenControllerHttp(
  service: ControllerService,
  http: ControllerConfig['http'],
): Promise<{ server: Server; url: string }> {
  const handle = controllerHandler(service, http);
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => reply(res, 500, { status: 'error', error: (e as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new MonitorError(
              'port_in_use',
              `${http.host}:${http.port} is in use; pick another --port`,
              'http.port',
            )
          : new MonitorError(
              'invalid_config',
              `cannot listen on ${http.host}:${http.port}: ${e.message}`,
              'http',
            ),
      ),
    );
    server.listen(http.port, http.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const host = http.host.includes(':') ? `[${http.host}]` : http.host;
  return { server, url: `http://${host}:${port}` };
}
