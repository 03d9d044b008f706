import type { SwarmManagerLike } from '@claude-zen/otel';
import type { Coordinator } from './coordinator.js';

/**
 * The swarm as the preload's swarm collector reads it (the seed's swarm manager interface):
 * agents with their status, a ping through the coordinator, completed and failed tasks by time.
 */
export function swarmManager(coordinator: Coordinator): SwarmManagerLike {
  const { swarm, store } = coordinator;
  return {
    getActiveSwarms: () => [
      {
        id: swarm.id,
        topology: swarm.topology,
        agents: swarm.agents.map((a) => ({ id: a.id, status: a.status, role: a.role })),
        ping: () => coordinator.ping(),
        getCompletedTasks: (from: number, to: number) => store.finishedBetween(from, to, 'completed'),
        getFailedTasks: (from: number, to: number) => store.finishedBetween(from, to, 'failed'),
      },
    ],
  };
}
