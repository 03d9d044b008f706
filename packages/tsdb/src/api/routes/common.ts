import type { FastifyReply, FastifyRequest } from 'fastify';

/** GET query string and POST form merged; form values win, as in Go's Request.FormValue. */
export function params(req: FastifyRequest): Record<string, unknown> {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const b = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  return { ...q, ...b };
}

export function success(reply: FastifyReply, data: unknown): FastifyReply {
  return reply.code(200).type('application/json').send({ status: 'success', data });
}
