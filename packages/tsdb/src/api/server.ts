import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';
import { registerImportRoutes } from './routes/import.js';
import { registerMetadataRoutes } from './routes/metadata.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerStatusRoutes } from './routes/status.js';
import type { ApiServerOptions } from './types.js';

/**
 * The Prometheus HTTP API v1 over a Queryable and an engine, as a Fastify instance (not yet
 * listening; see `listenApiServer`). Responses use Prometheus' JSON shapes and status codes.
 */
export function createApiServer(opts: ApiServerOptions): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 16 * 1024 * 1024 });
  app.register(formbody);

  app.setErrorHandler((err: FastifyError | ApiError, _req, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.status).send({ status: 'error', errorType: err.type, error: err.message });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    const errorType = status < 500 ? 'bad_data' : 'internal';
    return reply.code(status).send({ status: 'error', errorType, error: err.message });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send({ status: 'error', errorType: 'not_found', error: `no route ${req.method} ${req.url}` }),
  );

  registerQueryRoutes(app, opts);
  registerMetadataRoutes(app, opts);
  registerStatusRoutes(app, opts);
  registerImportRoutes(app, opts);
  return app;
}

/** Listens on host:port (127.0.0.1 by default) and returns the base URL. Port 0 picks a free one. */
export async function listenApiServer(
  app: FastifyInstance,
  { host = '127.0.0.1', port = 9090 }: { host?: string; port?: number } = {},
): Promise<string> {
  await app.listen({ host, port });
  const addr = app.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const h = host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${actualPort}`;
}
