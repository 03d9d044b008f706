import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { rulesResponseSchema } from '../schemas/health.js';

/** GET /api/rules: the loaded rules with their last evaluation and health. */
export function registerRuleRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/api/rules',
    {
      schema: {
        summary: 'Loaded rules with their last evaluation and health',
        tags: ['rules'],
        response: { 200: rulesResponseSchema },
      },
    },
    async () => {
      const health = new Map(ctx.service.rules.status().rules.map((h) => [h.name, h]));
      return {
        rules: ctx.service.rules.rules().map((r) => ({
          type: r.type,
          query: r.query,
          metric: r.metric ?? null,
          file: r.file,
          severity: r.severity,
          labels: r.labels,
          annotations: r.annotations,
          actions: r.actions,
          intervalMs: r.intervalMs,
          forMs: r.forMs,
          ...(health.get(r.name) ?? {
            name: r.name,
            health: 'unknown',
            lastError: null,
            lastEvaluatedAt: null,
            lastDurationMs: null,
            series: 0,
            activeAlerts: 0,
          }),
        })),
      };
    },
  );
}
