import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { errors } from '../schemas/common.js';
import { dashboardQuerySchema, dashboardSchema } from '../schemas/dashboard.js';

/** GET /api/dashboard: the seed's dashboard data (computed at most once a second per period). */
export function registerDashboardRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { period?: number } }>(
    '/api/dashboard',
    {
      schema: {
        summary: 'Health, metrics, trends, predictions, alerts, optimizations and recommendations',
        tags: ['dashboard'],
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema, ...errors(400) },
      },
    },
    async (req) => {
      const period = req.query.period ?? 3_600_000;
      if (!(period > 0)) throw new WebError('bad_data', 'period: must be a number of ms > 0');
      return ctx.shared.get(`dashboard:${period}`, ctx.config.http.liveIntervalMs, () =>
        ctx.service.dashboard({ period }),
      );
    },
  );
}
