import type { FastifyInstance } from 'fastify';
import { readCurrentMetrics } from '../../health/current-metrics.js';
import { generateRecommendations } from '../../health/recommendations.js';
import { readTrends } from '../../health/trends.js';
import { parseRuleDuration } from '../../rules/duration.js';
import type { WebContext } from '../context.js';
import { arr, errors, obj } from '../schemas/common.js';
import {
  liveMetricsSchema,
  recommendationSchema,
  TREND_PERIODS,
  trendsResponseSchema,
} from '../schemas/metrics.js';

/** How long trend and recommendation answers are shared between clients (ms). */
const TRENDS_TTL_MS = 5_000;

/** GET /metrics (Prometheus text), /api/metrics/live, /api/metrics/trends, /api/recommendations. */
export function registerMetricsRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/metrics',
    {
      schema: {
        summary: "The controller's own metrics in the Prometheus text format",
        tags: ['controller'],
        produces: ['text/plain'],
        response: { 200: { description: 'Prometheus text format 0.0.4', type: 'string' } },
      },
    },
    async (_req, reply) => {
      const text = await ctx.service.metricsText();
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );

  app.get(
    '/api/metrics/live',
    {
      schema: {
        summary: 'The current metrics (system, api, memory, swarm, neural) and the health score',
        tags: ['metrics'],
        response: { 200: liveMetricsSchema },
      },
    },
    () => ctx.live(),
  );

  app.get<{ Querystring: { period: (typeof TREND_PERIODS)[number] } }>(
    '/api/metrics/trends',
    {
      schema: {
        summary: 'The trend of every metric over a period',
        tags: ['metrics'],
        querystring: {
          type: 'object',
          properties: { period: { type: 'string', enum: [...TREND_PERIODS], default: '1h' } },
        },
        response: { 200: trendsResponseSchema, ...errors(400) },
      },
    },
    async (req) => {
      const period = req.query.period;
      const periodMs = parseRuleDuration(period) as number;
      return ctx.shared.get(`trends:${period}`, TRENDS_TTL_MS, async () => ({
        period,
        ...(await readTrends(ctx.service.backend, { at: Date.now(), periodMs })),
      }));
    },
  );

  app.get(
    '/api/recommendations',
    {
      schema: {
        summary: 'Recommendations from the current metrics and the last hour, high priority first',
        tags: ['metrics'],
        response: { 200: obj({ recommendations: arr(recommendationSchema) }) },
      },
    },
    () =>
      ctx.shared.get('recommendations', TRENDS_TTL_MS, async () => {
        const at = Date.now();
        const backend = ctx.service.backend;
        const [current, trends] = await Promise.all([
          readCurrentMetrics(backend, at),
          readTrends(backend, { at, periodMs: 3_600_000 }),
        ]);
        return { recommendations: generateRecommendations(current, trends) };
      }),
  );
}
