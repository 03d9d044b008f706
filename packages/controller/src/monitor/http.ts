import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bearerMatches, createAlertmanagerWebhookHandler } from '../alerts/receivers/alertmanager-webhook.js';
import { SilenceError } from '../alerts/silences/errors.js';
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

/** Reads a JSON body of at most 64 KiB; undefined (and a 400 sent) when it is not JSON. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 65_536) {
      reply(res, 413, { status: 'error', error: 'body: larger than 64 KiB' });
      return undefined;
    }
    chunks.push(chunk);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    reply(res, 400, { status: 'error', error: 'body: not valid JSON; send a JSON object' });
    return undefined;
  }
}

/** `GET /api/silences`, `POST /api/silences` and `DELETE /api/silences/:id` (changes need the bearer token). */
async function handleSilences(
  service: ControllerService,
  http: ControllerConfig['http'],
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const id = path === '/api/silences' ? undefined : decodeURIComponent(path.slice('/api/silences/'.length));
  if (method === 'GET' || method === 'HEAD') {
    req.resume();
    if (id === undefined) reply(res, 200, { silences: service.silences.list() });
    else {
      const s = service.silences.get(id);
      if (s) reply(res, 200, s);
      else reply(res, 404, { status: 'error', error: `id: no silence ${JSON.stringify(id)}` });
    }
    return;
  }
  const allowed = id === undefined ? 'POST' : 'DELETE';
  if (method !== allowed) {
    req.resume();
    reply(res, 405, { status: 'error', error: `use GET or ${allowed}` }, { allow: `GET, ${allowed}` });
    return;
  }
  if (!http.token) {
    req.resume();
    reply(res, 403, {
      status: 'error',
      error: 'no token configured: start the controller with --token (http.token)',
    });
    return;
  }
  if (!bearerMatches(req.headers.authorization, http.token)) {
    req.resume();
    reply(
      res,
      401,
      { status: 'error', error: 'missing or wrong bearer token' },
      { 'www-authenticate': 'Bearer' },
    );
    return;
  }
  try {
    if (id !== undefined) {
      req.resume();
      reply(res, 200, { status: 'success', silence: service.expireSilence(id) });
      return;
    }
    const read = await readJson(req, res);
    if (!read) return;
    reply(res, 200, { status: 'success', silence: service.addSilence(read.body) });
  } catch (e) {
    if (!(e instanceof SilenceError)) throw e;
    reply(res, e.code === 'not_found' ? 404 : e.code === 'unwritable' ? 500 : 400, {
      status: 'error',
      error: e.message,
    });
  }
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
    if (path === '/api/silences' || path.startsWith('/api/silences/')) {
      await handleSilences(service, http, req, res, path);
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
          active: service.alertStatuses(),
          recent: service.alertHistory.list({ limit }),
          enriched: service.enrichedAlerts().slice(0, limit),
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
          error: `no route ${path}; try /healthz, /metrics, /api/alerts, /api/silences, /api/optimizations, /api/dashboard`,
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
