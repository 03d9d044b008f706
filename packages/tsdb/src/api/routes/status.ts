import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { single } from '../params.js';
import type { ApiServerOptions, BuildInfo } from '../types.js';
import { params, success } from './common.js';

/**
 * The Prometheus version whose API this server mirrors; tools such as Grafana read it to decide
 * which features to use. The revision names this implementation.
 */
export const DEFAULT_BUILD_INFO: BuildInfo = {
  version: '2.53.0',
  revision: 'claude-zen-tsdb',
  branch: 'claude-zen',
  buildUser: 'claude-zen',
  buildDate: '',
  goVersion: 'none (Node.js)',
};

/** `/api/v1/targets`, `/api/v1/status/buildinfo`, `/-/ready`, `/-/healthy`. */
export function registerStatusRoutes(app: FastifyInstance, opts: ApiServerOptions): void {
  app.get('/api/v1/targets', async (req, reply) => {
    const state = single(params(req).state) ?? 'any';
    if (!['active', 'dropped', 'any'].includes(state)) {
      throw new ApiError('bad_data', `invalid parameter "state": must be active, dropped or any`);
    }
    const active = state === 'dropped' ? [] : (opts.targets?.activeTargets() ?? []);
    const data: Record<string, unknown> = {};
    if (state !== 'dropped') data.activeTargets = active;
    if (state !== 'active') data.droppedTargets = [];
    return success(reply, data);
  });

  app.get('/api/v1/status/buildinfo', async (_req, reply) =>
    success(reply, { ...DEFAULT_BUILD_INFO, ...opts.buildInfo }),
  );

  app.route({
    method: ['GET', 'HEAD'],
    url: '/-/healthy',
    handler: async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Prometheus Server is Healthy.\n'),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/-/ready',
    handler: async (_req, reply) => {
      if (opts.ready && !opts.ready()) {
        return reply.code(503).type('text/plain; charset=utf-8').send('Service Unavailable');
      }
      return reply.type('text/plain; charset=utf-8').send('Prometheus Server is Ready.\n');
    },
  });
}
