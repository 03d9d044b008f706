import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { internalServers } from '../internal/servers.js';
import { registerBuiltinActions } from './actions/builtin.js';
import { Actuator } from './actuator.js';
import { createBearerCheck } from './auth.js';
import { readJsonObject } from './body.js';
import { diagnosticsRoutes } from './diagnostics.js';
import { ControlError, describeError } from './errors.js';
import { ChangeLedger } from './ledger.js';
import { type ControlServerOptions, resolveOptions } from './options.js';
import { ActionRegistry, actions } from './registry.js';
import { sendError, sendJson } from './reply.js';
import { matchRoute, type Route, type StreamReply } from './router.js';
import { controlRoutes } from './routes.js';
import type { ChangeSummary } from './types.js';

export interface ControlServer {
  /** Base URL, e.g. http://127.0.0.1:9465 (never includes the token). */
  url: string;
  /** The server's actions: built-ins plus the app registry's. */
  registry: ActionRegistry;
  ledger: ChangeLedger;
  /** Read-only counts by state, for self-observability. */
  summary(): ChangeSummary;
  /** Stops listening, drops connections and lease timers. Applied changes stay as they are. */
  close(): Promise<void>;
}

const UNAUTHORIZED = new ControlError('unauthorized', 'missing or invalid bearer token');

/**
 * Starts the authenticated control endpoint. Every request is authenticated before routing, so any
 * path or method without a valid token gets 401. The server does not keep the process alive.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const o = resolveOptions(options);
  const authorized = createBearerCheck(o.token);
  const registry = new ActionRegistry(o.actions ?? actions);
  registerBuiltinActions(registry, { diagnosticsDir: o.diagnosticsDir });
  const ledger = new ChangeLedger(o.maxChanges);
  const actuator = new Actuator({ registry, ledger, leaseMs: o.leaseMs, log: o.logger });
  const routes = [
    ...controlRoutes({ registry, ledger, actuator, startedAt: Date.now() }),
    ...diagnosticsRoutes({ diagnosticsDir: o.diagnosticsDir, log: o.logger }),
  ];

  const server = createServer((req, res) => {
    handle(req, res, routes, authorized, o.bodyLimitBytes).catch((err: unknown) => {
      o.logger(`control request ${req.method} ${req.url} failed: ${describeError(err)}`);
      if (!res.headersSent) sendError(res, err, { connection: 'close' });
      else res.destroy();
    });
  });
  // Control calls are not application traffic: the API collector skips this server.
  internalServers.add(server);
  // Neither the listener nor idle controller connections keep the host process alive.
  server.on('connection', (socket) => socket.unref());
  await listen(server, o.host, o.port);
  server.unref();
  const { port } = server.address() as AddressInfo;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  if (!isLoopback(o.host)) o.logger(`control endpoint listens on ${o.host}, which is not a loopback address`);
  o.logger(`control endpoint listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    registry,
    ledger,
    summary: () => ledger.summary(),
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([closed, actuator.stop()]);
      })();
      return closing;
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly Route[],
  authorized: (header: string | undefined) => boolean,
  bodyLimit: number,
): Promise<void> {
  if (!authorized(req.headers.authorization)) {
    sendError(res, UNAUTHORIZED, {
      'www-authenticate': 'Bearer realm="claude-zen-control"',
      connection: 'close',
    });
    return;
  }
  const method = req.method ?? 'GET';
  const pathname = new URL(req.url ?? '/', 'http://control.invalid').pathname;
  const match = matchRoute(routes, method, pathname);
  if (!match) {
    const known = routes.map((r) => `${r.method} ${r.path}`).join(', ');
    throw new ControlError('not_found', `no route for ${method} ${pathname}; routes: ${known}`);
  }
  if ('allowed' in match) {
    const allow = match.allowed.join(', ');
    const err = new ControlError(
      'method_not_allowed',
      `${method} is not allowed on ${pathname}; use ${allow}`,
    );
    sendError(res, err, { allow });
    return;
  }
  const reply = await Promise.resolve()
    .then(() => match.route.handle({ params: match.params, body: () => readJsonObject(req, bodyLimit) }))
    .catch((err: unknown) => {
      if (err instanceof ControlError) return err;
      throw err;
    });
  if (reply instanceof ControlError) {
    // A body over the limit is left unread: close rather than drain it.
    sendError(res, reply, reply.code === 'body_too_large' ? { connection: 'close' } : {});
  } else if ('stream' in reply) {
    await sendStream(res, reply);
  } else {
    sendJson(res, reply.status, reply.body);
  }
}

/** Pipes a stream reply to the response; its `done` runs whether or not the client read it all. */
async function sendStream(res: ServerResponse, reply: StreamReply): Promise<void> {
  res.writeHead(reply.status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  });
  try {
    await pipeline(reply.stream, res);
  } catch {
    // the client went away: nothing to answer
  } finally {
    await reply.done?.();
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new ControlError(
          'invalid_options',
          `control endpoint could not listen on ${host}:${port}: ${err.code ?? err.message} (set CLAUDE_ZEN_CONTROL_PORT to a free port, or 0 for any)`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
