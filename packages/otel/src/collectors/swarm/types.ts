/** Agent states the swarm collector counts. Unknown strings are reported as given. */
export type AgentStatus = 'idle' | 'active' | 'busy' | 'failed' | 'offline' | (string & {});

export interface TaskRecord {
  swarmId: string;
  /** Seconds or milliseconds: give exactly one of the two. */
  durationMs?: number;
  durationSeconds?: number;
  status: 'completed' | 'failed';
  agentId?: string;
  /** Low-cardinality task kind (e.g. "code-review"), never an id. */
  taskType?: string;
}

export interface AgentStateRecord {
  swarmId: string;
  agentId: string;
  status: AgentStatus;
  role?: string;
}

export interface MessageRecord {
  swarmId: string;
  bytes: number;
  /** Defaults to 1. */
  count?: number;
}

export interface SwarmInfo {
  swarmId: string;
  topology?: string;
}

/**
 * The seed's swarm manager, duck-typed: read at collection time by the swarm collector.
 * Every method may be sync or async; any of them may throw (the collector logs once and goes on).
 */
export interface SwarmManagerLike {
  getActiveSwarms(): SwarmLike[] | Promise<SwarmLike[]>;
}

export interface SwarmLike {
  id?: string;
  topology?: string;
  agents: { id?: string; status: string; role?: string; type?: string }[];
  ping?(): unknown;
  getCompletedTasks?(from: number, to: number): unknown[] | Promise<unknown[]>;
  getFailedTasks?(from: number, to: number): unknown[] | Promise<unknown[]>;
}
