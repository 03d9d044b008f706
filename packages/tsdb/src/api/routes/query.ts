import type { FastifyInstance } from 'fastify';
import { encodeQueryResult } from '../encode.js';
import { ApiError, fromEngineError } from '../errors.js';
import { parseDurationParam, parseTimeParam, single } from '../params.js';
import type { ApiServerOptions } from '../types.js';
import { params, success } from './common.js';

/** `/api/v1/query` and `/api/v1/query_range`. */
export function registerQueryRoutes(app: FastifyInstance, opts: ApiServerOptions): void {
  const maxPoints = opts.maxPointsPerSeries ?? 11_000;

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/query',
    handler: async (req, reply) => {
      const p = params(req);
      const time = parseTimeParam('time', p.time, Date.now());
      if (p.timeout !== undefined) parseDurationParam('timeout', p.timeout);
      const expr = single(p.query) ?? '';
      let result: Awaited<ReturnType<typeof opts.engine.instantQuery>>;
      try {
        result = await opts.engine.instantQuery(opts.queryable, expr, time);
      } catch (e) {
        throw fromEngineError(e);
      }
      return success(reply, encodeQueryResult(result));
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/query_range',
    handler: async (req, reply) => {
      const p = params(req);
      const start = parseTimeParam('start', p.start);
      const end = parseTimeParam('end', p.end);
      if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start time');
      const step = parseDurationParam('step', p.step);
      if (step <= 0) {
        throw new ApiError(
          'bad_data',
          'zero or negative query resolution step widths are not accepted. Try a positive integer',
        );
      }
      if ((end - start) / step > maxPoints) {
        throw new ApiError(
          'bad_data',
          `exceeded maximum resolution of ${maxPoints.toLocaleString('en-US')} points per timeseries. Try decreasing the query resolution (?step=XX)`,
        );
      }
      if (p.timeout !== undefined) parseDurationParam('timeout', p.timeout);
      const expr = single(p.query) ?? '';
      let result: Awaited<ReturnType<typeof opts.engine.rangeQuery>>;
      try {
        result = await opts.engine.rangeQuery(opts.queryable, expr, start, end, step);
      } catch (e) {
        throw fromEngineError(e);
      }
      return success(reply, encodeQueryResult(result));
    },
  });
}
