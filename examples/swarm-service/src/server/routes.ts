import { ServiceError } from '../errors.js';
import type { FaultSet } from '../faults/registry.js';
import type { BackendControl } from '../model/backend.js';
import { FEATURES, randomRow } from '../model/features.js';
import type { Scorer } from '../model/scorer.js';
import type { Coordinator } from '../swarm/coordinator.js';
import { TASK_TYPES, type Task, type TaskType } from '../swarm/types.js';
import type { ToolClient } from '../tools/tool-client.js';
import { requireBearer } from './auth.js';
import { readJson } from './body.js';
import type { Route } from './router.js';

export interface RouteDeps {
  coordinator: Coordinator;
  scorer: Scorer;
  backend: BackendControl;
  faults: FaultSet;
  /** Protects POST /faults/:name; empty = open. */
  faultToken: string;
  /** The agents' tool backend client (connections opened, pooling). */
  tools?: ToolClient;
}

export const MAX_INFER_BATCH = 1024;

function taskView(t: Task) {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    agentId: t.agentId,
    submittedAt: new Date(t.submittedAt).toISOString(),
    finishedAt: t.finishedAt ? new Date(t.finishedAt).toISOString() : undefined,
    durationMs: t.finishedAt ? t.finishedAt - t.submittedAt : undefined,
    result: t.result,
    error: t.error,
  };
}

function inferRows(body: Record<string, unknown>): number[][] {
  if (body.inputs !== undefined) {
    const inputs = body.inputs;
    const valid =
      Array.isArray(inputs) &&
      inputs.length > 0 &&
      inputs.length <= MAX_INFER_BATCH &&
      inputs.every(
        (r) =>
          Array.isArray(r) &&
          r.length === FEATURES &&
          r.every((v) => typeof v === 'number' && Number.isFinite(v)),
      );
    if (!valid) {
      throw new ServiceError(
        'invalid_request',
        `"inputs" must be an array of 1 to ${MAX_INFER_BATCH} rows of ${FEATURES} finite numbers`,
      );
    }
    return inputs as number[][];
  }
  const batch = body.batch ?? 8;
  if (!Number.isInteger(batch) || (batch as number) < 1 || (batch as number) > MAX_INFER_BATCH) {
    throw new ServiceError('invalid_request', `"batch" must be an integer from 1 to ${MAX_INFER_BATCH}`);
  }
  return Array.from({ length: batch as number }, () => randomRow());
}

/** The service's HTTP API. */
export function apiRoutes({ coordinator, scorer, backend, faults, faultToken, tools }: RouteDeps): Route[] {
  const { swarm, store } = coordinator;
  return [
    {
      method: 'GET',
      path: '/health',
      exempt: true,
      handle: () => ({
        status: 200,
        body: {
          status: 'ok',
          agents: swarm.agents.length,
          topology: swarm.topology,
          backend: backend.current(),
          queued: coordinator.queued,
          tensors: backend.tensors(),
          tools: tools && {
            calls: tools.calls,
            connectionsOpened: tools.opened,
            openConnections: tools.openConnections,
            pooling: tools.settings ?? null,
          },
        },
      }),
    },
    {
      method: 'POST',
      path: '/tasks',
      handle: async ({ req }) => {
        const body = await readJson(req);
        if (!TASK_TYPES.includes(body.type as TaskType)) {
          throw new ServiceError(
            'invalid_request',
            `"type" must be one of ${TASK_TYPES.join(', ')} (got ${JSON.stringify(body.type ?? null)})`,
          );
        }
        const task = coordinator.submit(body.type as TaskType, body.payload);
        return { status: 202, body: { id: task.id, status: task.status } };
      },
    },
    {
      method: 'GET',
      path: '/tasks/:id',
      handle: ({ params }) => {
        const task = store.get(params.id);
        if (!task)
          throw new ServiceError('not_found', `no task with id "${params.id}" (ids come from POST /tasks)`);
        return { status: 200, body: taskView(task) };
      },
    },
    {
      method: 'GET',
      path: '/agents',
      handle: () => ({
        status: 200,
        body: {
          swarmId: swarm.id,
          topology: swarm.topology,
          rebalancing: coordinator.rebalance,
          agents: swarm.agents.map((a) => ({
            id: a.id,
            role: a.role,
            status: a.status,
            tasksCompleted: a.tasksCompleted,
            tasksFailed: a.tasksFailed,
            messagesReceived: a.received,
          })),
        },
      }),
    },
    {
      method: 'POST',
      path: '/infer',
      handle: async ({ req }) => {
        const rows = inferRows(await readJson(req));
        const started = performance.now();
        const scores = scorer.run(rows);
        return {
          status: 200,
          body: {
            backend: backend.current(),
            batch: rows.length,
            durationMs: performance.now() - started,
            scores,
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/faults',
      exempt: true,
      handle: () => ({ status: 200, body: { faults: faults.list() } }),
    },
    {
      method: 'POST',
      path: '/faults/:name',
      exempt: true,
      handle: async ({ req, params }) => {
        requireBearer(req, faultToken);
        const body = await readJson(req);
        if (typeof body.enabled !== 'boolean') {
          throw new ServiceError(
            'invalid_request',
            '"enabled" must be true or false, e.g. {"enabled": true}',
          );
        }
        const fault = await faults.set(params.name, body.enabled);
        return { status: 200, body: { name: fault.name, enabled: fault.enabled, ...fault.describe() } };
      },
    },
  ];
}
