import type { Topology } from '../config.js';

/** The coordinator's id on the message bus. */
export const COORDINATOR = 'coordinator';

/**
 * Message routes per topology. Mesh: every agent hears about every assignment and result
 * (many messages, one hop). Hierarchical: everything goes through the lead agent (few messages,
 * two hops).
 */
export interface Routes {
  /** Who gets the assignment of a task to `agent`, as hop sequences from the coordinator. */
  assignment(agent: string, agents: readonly string[]): string[][];
  /** Who hears about `agent`'s result, as hop sequences from the agent. */
  result(agent: string, agents: readonly string[]): string[][];
  /** The ping path from the coordinator and back. */
  ping(target: string, agents: readonly string[]): string[];
}

const mesh: Routes = {
  assignment: (_agent, agents) => agents.map((a) => [a]),
  result: (agent, agents) => [...agents.filter((a) => a !== agent).map((a) => [a]), [COORDINATOR]],
  ping: (target) => [target, COORDINATOR],
};

const hierarchical: Routes = {
  assignment: (agent, agents) => (agent === agents[0] ? [[agent]] : [[agents[0], agent]]),
  result: (agent, agents) => (agent === agents[0] ? [[COORDINATOR]] : [[agents[0], COORDINATOR]]),
  ping: (target, agents) =>
    target === agents[0] ? [target, COORDINATOR] : [agents[0], target, agents[0], COORDINATOR],
};

export function routesFor(topology: Topology): Routes {
  return topology === 'mesh' ? mesh : hierarchical;
}
