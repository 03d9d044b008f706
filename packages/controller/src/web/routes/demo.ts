import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { errors, MUTATING_ERRORS } from '../schemas/common.js';
import { faultBodySchema, faultParams, faultResponseSchema, faultsResponseSchema } from '../schemas/demo.js';

const UPSTREAM_TIMEOUT_MS = 5_000;

/** The demo service's `/faults` collection from the configured URL (its base or the collection itself). */
function faultsBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/faults') ? trimmed : `${trimmed}/faults`;
}

function notConfigured(): never {
  throw new WebError(
    'not_found',
    'demo faults not configured: start the controller with --demo-faults-url URL --demo-control-token T',
  );
}

/** Calls the demo service; its errors come back as the API's (status kept, 502 when unreachable). */
async function upstream(url: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
  } catch (e) {
    throw new WebError(
      'bad_gateway',
      `demo service at ${url} did not answer (${(e as Error).message}); is it running?`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const msg = (body as { error?: string } | undefined)?.error ?? text.slice(0, 200);
    if (res.status === 401 || res.status === 403)
      throw new WebError(
        'bad_gateway',
        `demo service refused the control token (${res.status}): check --demo-control-token`,
      );
    throw new WebError(
      res.status === 404 ? 'not_found' : res.status < 500 ? 'bad_data' : 'bad_gateway',
      `demo service: ${msg}`,
    );
  }
  if (body === undefined) throw new WebError('bad_gateway', `demo service at ${url} did not answer JSON`);
  return body;
}

/** GET /api/demo/faults, POST /api/demo/faults/:name: the demo service's faults, proxied. */
export function registerDemoRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/api/demo/faults',
    {
      schema: {
        summary: "The demo service's faults and whether each is on (404 when not configured)",
        tags: ['demo'],
        response: { 200: faultsResponseSchema, ...errors(404, 502) },
      },
    },
    async () => {
      const demo = ctx.config.demo ?? notConfigured();
      return upstream(faultsBase(demo.faultsUrl), { method: 'GET' });
    },
  );

  app.post<{ Params: { name: string }; Body: { enabled: boolean } }>(
    '/api/demo/faults/:name',
    {
      onRequest: ctx.guard,
      schema: {
        summary: 'Switch a fault of the demo service on or off (bearer token)',
        tags: ['demo'],
        security: [{ bearer: [] }],
        params: faultParams,
        body: faultBodySchema,
        response: { 200: faultResponseSchema, ...errors(...MUTATING_ERRORS, 404, 502) },
      },
    },
    async (req) => {
      const demo = ctx.config.demo ?? notConfigured();
      return upstream(`${faultsBase(demo.faultsUrl)}/${encodeURIComponent(req.params.name)}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(demo.token ? { authorization: `Bearer ${demo.token}` } : {}),
        },
        body: JSON.stringify({ enabled: req.body.enabled }),
      });
    },
  );
}
