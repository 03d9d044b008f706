import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { arr, errors, MUTATING_ERRORS, num, obj, oneOf, str } from '../schemas/common.js';

/** POST /-/reload: rereads the rule files (bearer token). */
export function registerReloadRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.post(
    '/-/reload',
    {
      onRequest: ctx.guard,
      schema: {
        summary: 'Reread the rule files; alert state of unchanged rules is kept (bearer token)',
        tags: ['controller'],
        security: [{ bearer: [] }],
        response: {
          200: obj({
            status: oneOf(['success']),
            rules: num,
            added: arr(str),
            removed: arr(str),
            kept: arr(str),
            reset: arr(str),
          }),
          ...errors(...MUTATING_ERRORS),
        },
      },
    },
    async () => {
      try {
        return { status: 'success', ...ctx.service.reload() };
      } catch (e) {
        throw new WebError('bad_data', (e as Error).message);
      }
    },
  );
}
