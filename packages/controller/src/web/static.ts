import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { WebError } from './errors.js';

/** packages/controller/public (from dist/web or src/web). */
export const PUBLIC_DIR = join(__dirname, '..', '..', 'public');

/** node_modules/uplot/dist, wherever npm put it. */
export function uplotDir(): string {
  return join(dirname(require.resolve('uplot/package.json')), 'dist');
}

export const DASHBOARD_PAGES = ['system', 'swarm', 'neural', 'api'] as const;

/**
 * The dashboard: `/` → `/dashboard`; `/dashboard` and `/dashboard/:page` serve public/index.html;
 * `/assets/*` from public/assets; uPlot's script and style under `/vendor/uplot/`.
 */
export async function registerStatic(app: FastifyInstance, publicDir = PUBLIC_DIR): Promise<void> {
  await app.register(fastifyStatic, {
    root: join(publicDir, 'assets'),
    prefix: '/assets/',
    decorateReply: true,
    index: false,
    cacheControl: true,
    maxAge: 60_000,
  });
  await app.register(fastifyStatic, {
    root: uplotDir(),
    prefix: '/vendor/uplot/',
    decorateReply: false,
    index: false,
    allowedPath: (path) =>
      path === '/uPlot.iife.min.js' || path === '/uPlot.min.css' || path === '/uPlot.iife.js',
    maxAge: 3_600_000,
  });
  const hide = { schema: { hide: true } };
  app.get('/', hide, (_req, reply) => reply.redirect('/dashboard'));
  const page = (_req: unknown, reply: import('fastify').FastifyReply) => {
    if (!existsSync(join(publicDir, 'index.html')))
      throw new WebError(
        'not_found',
        `the dashboard pages are missing from ${publicDir}; rebuild the package`,
      );
    return reply.header('cache-control', 'no-cache').sendFile('index.html', publicDir);
  };
  app.get('/dashboard', hide, page);
  app.get<{ Params: { page: string } }>('/dashboard/:page', hide, (req, reply) => {
    if (!(DASHBOARD_PAGES as readonly string[]).includes(req.params.page))
      throw new WebError(
        'not_found',
        `page: no dashboard ${JSON.stringify(req.params.page)}; use ${DASHBOARD_PAGES.join(', ')}`,
      );
    return page(req, reply);
  });
}
