import http = require('node:http');
import https = require('node:https');

import type { ActionDefinition } from '../types.js';

/** The pooling settings this action changes. */
export interface AgentTuning {
  keepAlive?: boolean;
  keepAliveMsecs?: number;
  /** null means unlimited (Infinity). */
  maxSockets?: number | null;
  maxFreeSockets?: number;
}

interface AgentModule {
  globalAgent: http.Agent;
  Agent: new (options: http.AgentOptions) => http.Agent;
}

const MODULES: Record<'http' | 'https', AgentModule> = {
  http: http as unknown as AgentModule,
  https: https as unknown as AgentModule,
};

/** What the agent actually uses (keepAlive is fixed at construction and lives on the instance). */
export function readTuning(agent: http.Agent): Required<AgentTuning> {
  const a = agent as http.Agent & { keepAlive?: boolean; keepAliveMsecs?: number };
  return {
    keepAlive: Boolean(a.keepAlive),
    keepAliveMsecs: a.keepAliveMsecs ?? 1000,
    maxSockets: Number.isFinite(a.maxSockets) ? a.maxSockets : null,
    maxFreeSockets: a.maxFreeSockets,
  };
}

function agentOptions(agent: http.Agent): http.AgentOptions {
  return { ...((agent as http.Agent & { options?: http.AgentOptions }).options ?? {}) };
}

/** Idle pooled sockets of an agent that is no longer global; in-flight requests are left alone. */
function dropIdleSockets(agent: http.Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy();
  }
}

function retune(mod: AgentModule, tuning: AgentTuning): { previous: http.Agent; next: http.Agent } {
  const previous = mod.globalAgent;
  const merged = { ...readTuning(previous) };
  for (const [key, value] of Object.entries(tuning)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  const next = new mod.Agent({
    ...agentOptions(previous),
    ...merged,
    maxSockets: merged.maxSockets ?? Infinity,
  });
  mod.globalAgent = next;
  return { previous, next };
}

function restore(name: 'http' | 'https', swap: { previous: http.Agent; next: http.Agent }): void {
  const mod = MODULES[name];
  if (mod.globalAgent !== swap.next) {
    throw new Error(
      `${name}.globalAgent was replaced by someone else after this change; it was left as it is`,
    );
  }
  mod.globalAgent = swap.previous;
  dropIdleSockets(swap.next);
}

export const tuneHttpAgentsAction: ActionDefinition<AgentTuning> = {
  name: 'tune-http-agents',
  description:
    'Connection pooling: replaces http.globalAgent and https.globalAgent with agents using the given ' +
    'keepAlive, keepAliveMsecs, maxSockets (null = unlimited) and maxFreeSockets; other settings are kept. ' +
    'Affects node:http/https clients that use the global agent (not fetch/undici). Rollback puts the ' +
    'previous agents back and closes idle sockets of the replaced ones.',
  impact: 'medium',
  risk: 'low',
  parameters: {
    type: 'object',
    properties: {
      keepAlive: { type: 'boolean' },
      keepAliveMsecs: { type: 'integer', minimum: 1, maximum: 600_000 },
      maxSockets: { type: ['integer', 'null'], minimum: 1, maximum: 100_000 },
      maxFreeSockets: { type: 'integer', minimum: 0, maximum: 100_000 },
    },
    additionalProperties: false,
    minProperties: 1,
  },
  apply(tuning) {
    const before = { http: readTuning(http.globalAgent), https: readTuning(https.globalAgent) };
    const swapped = { http: retune(MODULES.http, tuning), https: retune(MODULES.https, tuning) };
    const after = { http: readTuning(http.globalAgent), https: readTuning(https.globalAgent) };
    return {
      before,
      after,
      rollback: () => {
        const errors: string[] = [];
        for (const name of ['http', 'https'] as const) {
          try {
            restore(name, swapped[name]);
          } catch (err) {
            errors.push((err as Error).message);
          }
        }
        if (errors.length > 0) throw new Error(errors.join('; '));
      },
    };
  },
};
