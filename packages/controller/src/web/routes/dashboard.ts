import type { FastifyInstance } from 'fastify';
import { calculateOptimizationImpact, groupAlerts } from '../../health/dashboard.js';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { errors } from '../schemas/common.js';
import { dashboardQuerySchema, dashboardSchema } from '../schemas/dashboard.js';

/** How long the metric part (current values, trends, predictions, scores) is shared, ms. */
const METRICS_TTL_MS = 5_000;

/**
 * GET /api/dashboard: the seed's dashboard data. The metric part (one range query per trend field
 * over the period) is computed at most every 5 s per period and shared; alerts and optimizations
 * are read fresh on every request.
 */
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
      const metrics = await ctx.shared.get(
        `dashboard:${period}`,
        Math.max(METRICS_TTL_MS, ctx.config.http.liveIntervalMs),
        () => ctx.service.dashboard({ period }),
      );
      const recent = ctx.service.optimizations();
      return {
        ...metrics,
        alerts: groupAlerts(ctx.service.alertsForDashboard()),
        optimizations: {
          recent,
          pending: ctx.service.optimizer?.pending() ?? [],
          impact: calculateOptimizationImpact(recent),
        },
      };
    },
  );
}
