import type { FastifyInstance } from 'fastify';
import { type AnalyzeArea, analyzeArea } from '../../health/analyze.js';
import { parseRuleDuration } from '../../rules/duration.js';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { analyzeParams, analyzeQuery, analyzeResponseSchema } from '../schemas/analyze.js';
import { errors } from '../schemas/common.js';

const MAX_TIMEFRAME_MS = 7 * 86_400_000;

/** GET /api/analyze/:area: one area over a timeframe (the CLI's `monitor analyze`). */
export function registerAnalyzeRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { area: AnalyzeArea }; Querystring: { timeframe: string } }>(
    '/api/analyze/:area',
    {
      schema: {
        summary:
          'Current value, baseline, trend, anomalies, recommendations and a 30-minute forecast of an area',
        tags: ['health'],
        params: analyzeParams,
        querystring: analyzeQuery,
        response: { 200: analyzeResponseSchema, ...errors(400) },
      },
    },
    async (req) => {
      const timeframe = req.query.timeframe;
      const timeframeMs = parseRuleDuration(timeframe);
      if (timeframeMs === undefined || timeframeMs < 60_000 || timeframeMs > MAX_TIMEFRAME_MS)
        throw new WebError(
          'bad_data',
          `timeframe: ${JSON.stringify(timeframe)} must be a duration from 1m to 7d, e.g. 1h`,
        );
      return ctx.shared.get(`analyze:${req.params.area}:${timeframe}`, 2_000, () =>
        analyzeArea(ctx.service.backend, req.params.area, {
          at: Date.now(),
          timeframe,
          timeframeMs,
          alerts: ctx.service.alertsForDashboard(timeframeMs),
        }),
      );
    },
  );
}
