import type { Actuator } from './actuator.js';
import type { ChangeLedger } from './ledger.js';
import type { ActionRegistry } from './registry.js';
import type { Reply, Route } from './router.js';
import { applyBody, emptyBody } from './schemas.js';
import type { ChangeRecord } from './types.js';
import { assertValid } from './validation.js';

export interface RouteDeps {
  registry: ActionRegistry;
  ledger: ChangeLedger;
  actuator: Actuator;
  startedAt: number;
}

function changeReply(change: ChangeRecord, okStatus: number): Reply {
  if (change.state === 'failed') {
    return { status: 500, body: { error: { code: 'apply_failed', message: change.error }, change } };
  }
  if (change.state === 'rollback_failed') {
    return { status: 500, body: { error: { code: 'rollback_failed', message: change.error }, change } };
  }
  return { status: okStatus, body: { change } };
}

/** The control API, version 1. */
export function controlRoutes({ registry, ledger, actuator, startedAt }: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/health',
      handle: () => ({
        status: 200,
        body: {
          status: 'ok',
          pid: process.pid,
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          actions: registry.names().length,
          changes: ledger.summary(),
        },
      }),
    },
    {
      method: 'GET',
      path: '/v1/actions',
      handle: () => ({ status: 200, body: { actions: registry.list() } }),
    },
    {
      method: 'POST',
      path: '/v1/actions/:name/apply',
      handle: async ({ params, body }) => {
        const request = await body();
        assertValid(applyBody, request, 'body');
        const parameters = (request.parameters ?? {}) as Record<string, unknown>;
        const change = await actuator.apply(params.name, parameters, request.leaseMs as number | undefined);
        return changeReply(change, 201);
      },
    },
    { method: 'GET', path: '/v1/changes', handle: () => ({ status: 200, body: { changes: ledger.list() } }) },
    {
      method: 'GET',
      path: '/v1/changes/:id',
      handle: ({ params }) => ({ status: 200, body: { change: actuator.get(params.id) } }),
    },
    {
      method: 'POST',
      path: '/v1/changes/:id/confirm',
      handle: async ({ params, body }) => {
        assertValid(emptyBody, await body(), 'body');
        return changeReply(actuator.confirm(params.id), 200);
      },
    },
    {
      method: 'POST',
      path: '/v1/changes/:id/rollback',
      handle: async ({ params, body }) => {
        assertValid(emptyBody, await body(), 'body');
        return changeReply(await actuator.rollback(params.id, 'requested'), 200);
      },
    },
  ];
}
