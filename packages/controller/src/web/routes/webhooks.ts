import type { FastifyInstance } from 'fastify';
import { NotifyError } from '../../alerts/notify/errors.js';
import { parseAlertmanagerPayload } from '../../alerts/receivers/payload.js';
import type { WebContext } from '../context.js';
import { errorBody } from '../errors.js';
import { errors, MUTATING_ERRORS, num, obj, oneOf } from '../schemas/common.js';

/** Alertmanager sends a group's alerts in one body: a larger limit than the API's 64 KiB. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** POST /webhooks/alertmanager: alerts from Alertmanager feed the same optimizer (bearer token). */
export function registerWebhookRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Body: unknown }>(
    '/webhooks/alertmanager',
    {
      onRequest: ctx.guard,
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        summary:
          "Alertmanager's webhook (payload version 4); each alert is recorded and optimized (bearer token)",
        tags: ['alerts'],
        security: [{ bearer: [] }],
        body: { type: 'object', description: 'the Alertmanager webhook payload, version 4' },
        response: {
          200: obj({ status: oneOf(['success']), received: num }),
          ...errors(...MUTATING_ERRORS, 413),
        },
      },
    },
    async (req, reply) => {
      try {
        const events = parseAlertmanagerPayload(req.body);
        for (const e of events) ctx.service.receiveAlertmanager(e);
        return { status: 'success', received: events.length };
      } catch (e) {
        if (!(e instanceof NotifyError)) throw e;
        return reply.code(400).send(errorBody('bad_data', e.message, e.field));
      }
    },
  );
}
