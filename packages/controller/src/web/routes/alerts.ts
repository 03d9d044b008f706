import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { alertsQuerySchema, alertsResponseSchema } from '../schemas/alerts.js';
import { errors } from '../schemas/common.js';

/** GET /api/alerts: active alerts (with suppression), recent changes, enrichments. */
export function registerAlertRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { limit?: number } }>(
    '/api/alerts',
    {
      schema: {
        summary: 'Active alerts (status active or suppressed), recent state changes, enriched firing alerts',
        tags: ['alerts'],
        querystring: alertsQuerySchema,
        response: { 200: alertsResponseSchema, ...errors(400) },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100;
      return {
        active: ctx.service.alertStatuses(),
        recent: ctx.service.alertHistory.list({ limit }),
        enriched: ctx.service.enrichedAlerts().slice(0, limit),
      };
    },
  );
}
