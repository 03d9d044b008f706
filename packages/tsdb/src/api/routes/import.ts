import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { importOpenMetrics } from '../../importer/openmetrics-import.js';
import { ApiError } from '../errors.js';
import type { ApiServerOptions } from '../types.js';
import { success } from './common.js';

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7).trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * `POST /api/v1/import/openmetrics`: streams an OpenMetrics backfill body into the store.
 * It changes data, so it is off unless a bearer token is configured, and checks it first.
 */
export function registerImportRoutes(app: FastifyInstance, opts: ApiServerOptions): void {
  app.register(async (scope) => {
    // The body is streamed to the importer, never buffered: whatever its content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    scope.addHook('onRequest', async (req: FastifyRequest, reply) => {
      if (!opts.importToken || !(opts.appendable || opts.openImport)) {
        throw new ApiError(
          'unavailable',
          'backfill import is disabled: configure an import token (importToken / --import-token) to enable it',
        );
      }
      if (!tokenMatches(req.headers.authorization, opts.importToken)) {
        reply.header('www-authenticate', 'Bearer');
        throw new ApiError(
          'unauthorized',
          'missing or wrong bearer token (send "Authorization: Bearer <token>")',
        );
      }
    });

    scope.post('/api/v1/import/openmetrics', async (req, reply) => {
      const body = req.body as Readable | undefined;
      if (!body || typeof (body as Readable).on !== 'function') {
        throw new ApiError('bad_data', 'empty body: send an OpenMetrics backfill ending with "# EOF"');
      }
      const target =
        opts.openImport?.() ?? (opts.appendable ? { appendable: opts.appendable, finish() {} } : undefined);
      if (!target) throw new ApiError('unavailable', 'backfill import is disabled');
      try {
        const report = await importOpenMetrics(body, target.appendable);
        return success(reply, report);
      } finally {
        target.finish();
      }
    });
  });
}
