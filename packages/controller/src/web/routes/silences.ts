import type { FastifyInstance } from 'fastify';
import { SilenceError } from '../../alerts/silences/errors.js';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { errors, MUTATING_ERRORS } from '../schemas/common.js';
import {
  silenceBodySchema,
  silenceChangeResponseSchema,
  silenceIdParams,
  silenceSchema,
  silencesResponseSchema,
} from '../schemas/silences.js';

function silenceFailure(e: unknown): never {
  if (!(e instanceof SilenceError)) throw e;
  if (e.code === 'not_found') throw new WebError('not_found', e.message);
  if (e.code === 'unwritable') throw new WebError('internal', e.message);
  throw new WebError('bad_data', e.message);
}

/** GET/POST /api/silences, GET/DELETE /api/silences/:id (changes need the bearer token). */
export function registerSilenceRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/api/silences',
    {
      schema: {
        summary: 'Every silence with its status (pending, active, expired)',
        tags: ['alerts'],
        response: { 200: silencesResponseSchema },
      },
    },
    async () => ({ silences: ctx.service.silences.list() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/silences/:id',
    {
      schema: {
        summary: 'One silence',
        tags: ['alerts'],
        params: silenceIdParams,
        response: { 200: silenceSchema, ...errors(404) },
      },
    },
    async (req) => {
      const s = ctx.service.silences.list().find((x) => x.id === req.params.id);
      if (!s) throw new WebError('not_found', `id: no silence ${JSON.stringify(req.params.id)}`);
      return s;
    },
  );

  app.post<{ Body: unknown }>(
    '/api/silences',
    {
      onRequest: ctx.guard,
      schema: {
        summary: 'Create a silence: matching alerts are suppressed until it ends (bearer token)',
        tags: ['alerts'],
        security: [{ bearer: [] }],
        body: silenceBodySchema,
        response: { 200: silenceChangeResponseSchema, ...errors(...MUTATING_ERRORS, 413) },
      },
    },
    async (req) => {
      try {
        return { status: 'success', silence: ctx.service.addSilence(req.body) };
      } catch (e) {
        silenceFailure(e);
      }
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/silences/:id',
    {
      onRequest: ctx.guard,
      schema: {
        summary: 'Expire a silence: alerts it held back that still fire are notified now (bearer token)',
        tags: ['alerts'],
        security: [{ bearer: [] }],
        params: silenceIdParams,
        response: { 200: silenceChangeResponseSchema, ...errors(...MUTATING_ERRORS, 404) },
      },
    },
    async (req) => {
      try {
        return { status: 'success', silence: ctx.service.expireSilence(req.params.id) };
      } catch (e) {
        silenceFailure(e);
      }
    },
  );
}
