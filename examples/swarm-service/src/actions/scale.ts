import type { ActionDefinition } from '@claude-zen/otel';
import type { Coordinator } from '../swarm/coordinator.js';

/** scale-agents: changes the number of agents; rollback restores the previous count. */
export function scaleAgentsAction(coordinator: Coordinator): ActionDefinition<{ agents: number }> {
  return {
    name: 'scale-agents',
    description: 'Adds or removes agents (removed agents finish their current task first).',
    impact: 'high',
    risk: 'medium',
    parameters: {
      type: 'object',
      properties: { agents: { type: 'integer', minimum: 1, maximum: 64 } },
      required: ['agents'],
      additionalProperties: false,
    },
    async apply({ agents }) {
      const before = await coordinator.resize(agents);
      return {
        before: { agents: before },
        after: { agents },
        rollback: async () => {
          await coordinator.resize(before);
        },
      };
    },
  };
}
