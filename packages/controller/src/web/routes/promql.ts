import { encodeQueryResult } from '@claude-zen/tsdb';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { QueryError } from '../../query/errors.js';
import { parseRuleDuration } from '../../rules/duration.js';
import type { WebContext } from '../context.js';
import { errors } from '../schemas/common.js';
import { instantQuerySchema, promResponseSchema, rangeQuerySchema } from '../schemas/promql.js';

/** Most points a range query may return per series (as Prometheus). */
const MAX_POINTS = 11_000;

class BadParam extends Error {}

/** A Prometheus time parameter (unix seconds, float, or RFC 3339) in ms. */
function parseTime(field: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const secs = Number(text);
  if (Number.isFinite(secs)) return Math.round(secs * 1000);
  const ms = Date.parse(text);
  if (!Number.isNaN(ms)) return ms;
  throw new BadParam(`${field}: ${JSON.stringify(text)} is not a time; give unix seconds or RFC 3339`);
}

function parseStep(text: string): number {
  const secs = Number(text);
  const ms = Number.isFinite(secs) ? secs * 1000 : parseRuleDuration(text);
  if (ms === undefined || !(ms > 0))
    throw new BadParam(`step: ${JSON.stringify(text)} is not a positive duration; give seconds or e.g. 15s`);
  return ms;
}

/** Prometheus' error answer; query errors keep their errorType. */
function fail(reply: FastifyReply, e: unknown): FastifyReply {
  if (e instanceof BadParam)
    return reply.code(400).send({ status: 'error', errorType: 'bad_data', error: e.message });
  if (e instanceof QueryError) {
    const status = e.code === 'bad_data' ? 400 : e.code === 'execution' ? 422 : 503;
    return reply.code(status).send({ status: 'error', errorType: e.code, error: e.message });
  }
  throw e;
}

/** GET /api/v1/query, /api/v1/query_range: read-only PromQL over the controller's backend. */
export function registerPromqlRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { query: string; time?: string } }>(
    '/api/v1/query',
    {
      schema: {
        summary: "An instant PromQL query over the controller's backend (Prometheus API format)",
        tags: ['promql'],
        querystring: instantQuerySchema,
        response: { 200: promResponseSchema, ...errors(400, 422, 503) },
      },
    },
    async (req, reply) => {
      try {
        const at = parseTime('time', req.query.time, Date.now());
        const r = await ctx.service.backend.instant(req.query.query, at);
        return { status: 'success', data: encodeQueryResult(r) };
      } catch (e) {
        return fail(reply, e);
      }
    },
  );

  app.get<{ Querystring: { query: string; start: string; end: string; step: string } }>(
    '/api/v1/query_range',
    {
      schema: {
        summary: "A range PromQL query over the controller's backend (Prometheus API format)",
        tags: ['promql'],
        querystring: rangeQuerySchema,
        response: { 200: promResponseSchema, ...errors(400, 422, 503) },
      },
    },
    async (req, reply) => {
      try {
        const now = Date.now();
        const start = parseTime('start', req.query.start, now);
        const end = parseTime('end', req.query.end, now);
        const step = parseStep(req.query.step);
        if (end < start) throw new BadParam('end: is before start; swap them');
        if ((end - start) / step > MAX_POINTS)
          throw new BadParam(
            `step: more than ${MAX_POINTS} points per series; use a step of at least ${Math.ceil((end - start) / MAX_POINTS / 1000)}s`,
          );
        const r = await ctx.service.backend.range(req.query.query, start, end, step);
        return { status: 'success', data: encodeQueryResult(r) };
      } catch (e) {
        return fail(reply, e);
      }
    },
  );
}
