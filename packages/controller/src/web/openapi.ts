import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/** Registers @fastify/swagger (before the routes): every route's schema goes into the document. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'claude-zen controller API',
        version: '0.1.0',
        description:
          'Health, metrics, alerts, optimizations and the dashboard data of the claude-zen controller. Endpoints that change something need `Authorization: Bearer <token>`. Errors: `{ status: "error", errorType, error }`, the message naming the field and the fix.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
