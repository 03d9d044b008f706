import type { FastifyInstance } from 'fastify';
import { componentHealth, HEALTH_AREAS, type HealthArea } from '../../health/components.js';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { errors } from '../schemas/common.js';
import {
  componentHealthSchema,
  componentParams,
  controllerHealthSchema,
  healthOverviewSchema,
} from '../schemas/health.js';

/** GET /healthz, GET /api/health, GET /api/health/:component. */
export function registerHealthRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/healthz',
    {
      schema: {
        summary: "The controller's own health: backend, rules, last evaluation (503 when degraded)",
        tags: ['controller'],
        response: { 200: controllerHealthSchema, 503: controllerHealthSchema },
      },
    },
    async (_req, reply) => {
      const h = await ctx.service.health();
      return reply.code(h.status === 'ok' ? 200 : 503).send(h);
    },
  );

  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Health score and every component (system, cpu, memory, swarm, api, neural)',
        tags: ['health'],
        response: { 200: healthOverviewSchema },
      },
    },
    async () => {
      const live = await ctx.live();
      const alerts = ctx.service.alertsForDashboard();
      return {
        at: live.at,
        overall: live.health.overall ?? null,
        status: live.health.status,
        components: Object.fromEntries(
          HEALTH_AREAS.map((a) => [a, componentHealth(a, live, live.health, alerts)]),
        ),
      };
    },
  );

  app.get<{ Params: { component: string } }>(
    '/api/health/:component',
    {
      schema: {
        summary: "One component's score, status, metrics and related alerts",
        tags: ['health'],
        params: componentParams,
        response: { 200: componentHealthSchema, ...errors(404) },
      },
    },
    async (req) => {
      const area = req.params.component as HealthArea;
      if (!HEALTH_AREAS.includes(area))
        throw new WebError(
          'not_found',
          `component: no component ${JSON.stringify(req.params.component)}; use one of ${HEALTH_AREAS.join(', ')}`,
        );
      const live = await ctx.live();
      return componentHealth(area, live, live.health, ctx.service.alertsForDashboard());
    },
  );
}
