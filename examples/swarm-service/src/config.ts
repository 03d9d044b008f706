import { ServiceError } from './errors.js';

export type Topology = 'mesh' | 'hierarchical';

/** Everything the service reads from the environment. */
export interface ServiceConfig {
  host: string;
  port: number;
  agents: number;
  topology: Topology;
  /** Tasks per second the built-in load generator submits over HTTP; 0 turns it off. */
  loadRps: number;
  /** Online training period; 0 turns periodic training off (the model still trains once at start). */
  trainIntervalMs: number;
  /** Bearer token protecting POST /faults/:name (the preload's control token); empty = open. */
  faultToken: string;
  /** Leak fault: megabytes retained per second, and the most it retains. */
  leakMbPerSecond: number;
  leakMaxMb: number;
  /** Size of the trace pool the memory-pooling action bounds the trace store to (MB). */
  tracePoolMb: number;
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ServiceError(
      'invalid_config',
      `${name}=${JSON.stringify(raw)} is not valid: use an integer from ${min} to ${max} (default ${def})`,
    );
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const topology = (env.TOPOLOGY ?? 'mesh').trim() || 'mesh';
  if (topology !== 'mesh' && topology !== 'hierarchical') {
    throw new ServiceError(
      'invalid_config',
      `TOPOLOGY=${JSON.stringify(topology)} is not valid: use "mesh" or "hierarchical"`,
    );
  }
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    agents: int(env, 'AGENTS', 6, 1, 64),
    topology,
    loadRps: int(env, 'LOAD_RPS', 5, 0, 1000),
    trainIntervalMs: int(env, 'TRAIN_INTERVAL_MS', 30_000, 0, 86_400_000),
    faultToken: env.CLAUDE_ZEN_CONTROL_TOKEN ?? '',
    leakMbPerSecond: int(env, 'LEAK_MB_PER_S', 4, 1, 1024),
    leakMaxMb: int(env, 'LEAK_MAX_MB', 512, 1, 65536),
    tracePoolMb: int(env, 'TRACE_POOL_MB', 32, 1, 4096),
  };
}
