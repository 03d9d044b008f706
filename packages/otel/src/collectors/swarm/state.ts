import type { AgentStatus } from './types.js';

/**
 * What the swarm collector knows between collections: agents by swarm, per-swarm task and
 * coordination tallies for the efficiency window. Pure data, no I/O.
 */
export interface AgentState {
  status: AgentStatus;
  role: string;
}

export interface SwarmTally {
  topology: string;
  agents: Map<string, AgentState>;
  /** Tasks finished in the current window. */
  completed: number;
  failed: number;
  taskSeconds: number;
  /** Last measured coordination latency (ping round trip), seconds. */
  latencySeconds?: number;
  /** Efficiency and throughput computed at the end of the last window. */
  efficiency?: number;
  throughputPerSecond?: number;
  windowStart: number;
  /** Swarms seen only through the push API are forgotten after a long silence. */
  lastSeen: number;
  /** Agent counts reported by a manager replace the pushed ones while the manager answers. */
  fromManager: boolean;
}

export function newTally(now: number, topology = 'unknown'): SwarmTally {
  return {
    topology,
    agents: new Map(),
    completed: 0,
    failed: 0,
    taskSeconds: 0,
    windowStart: now,
    lastSeen: now,
    fromManager: false,
  };
}

/**
 * Swarm efficiency over a window: the share of tasks that succeeded, discounted by the time the
 * swarm spent coordinating instead of working (latency × tasks against task time):
 * `success × work / (work + coordination)`. 1 means every task succeeded with no coordination
 * cost. Undefined when no task finished in the window.
 */
export function efficiency(
  t: Pick<SwarmTally, 'completed' | 'failed' | 'taskSeconds' | 'latencySeconds'>,
): number | undefined {
  const finished = t.completed + t.failed;
  if (finished === 0) return undefined;
  const success = t.completed / finished;
  const coordination = (t.latencySeconds ?? 0) * finished;
  const work = t.taskSeconds;
  if (work + coordination <= 0) return success;
  return success * (work / (work + coordination));
}

/** Agents counted as busy for utilization: working states. */
export function isBusy(status: string): boolean {
  return status === 'active' || status === 'busy' || status === 'working';
}

export function utilization(agents: Iterable<AgentState>): number | undefined {
  let total = 0;
  let busy = 0;
  for (const a of agents) {
    total++;
    if (isBusy(a.status)) busy++;
  }
  return total === 0 ? undefined : busy / total;
}
