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

/** `/api/v1/targets`, `/api/v1/metadata`, `/api/v1/query_exemplars`, `/api/v1/status/buildinfo`, `/-/ready`, `/-/healthy`. */
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

  app.get('/api/v1/metadata', async (req, reply) => {
    const p = params(req);
    const metric = single(p.metric);
    const limitRaw = single(p.limit);
    const limit = limitRaw === undefined || limitRaw === '' ? -1 : Number(limitRaw);
    if (!Number.isInteger(limit)) throw new ApiError('bad_data', 'limit must be a number');
    const all = opts.targets?.metricMetadata?.() ?? {};
    const data: Record<string, unknown> = {};
    for (const name of Object.keys(all).sort()) {
      if (metric !== undefined && metric !== '' && name !== metric) continue;
      if (limit >= 0 && Object.keys(data).length >= limit) break;
      data[name] = all[name];
    }
    return success(reply, data);
  });

  // Exemplars are not stored; an empty answer keeps tools like Grafana quiet.
  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/query_exemplars',
    handler: async (_req, reply) => success(reply, []),
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
